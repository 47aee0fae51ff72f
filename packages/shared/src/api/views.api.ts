import { z } from 'zod'

/** A saved view as written: list or kanban, columns, sort, filter (the filter language AST), group-by. */
export const viewInputSchema = z.object({
  objectName: z.string().max(48),
  name: z.string().min(1).max(100),
  kind: z.enum(['list', 'kanban']).default('list'),
  columns: z
    .array(z.object({ field: z.string().max(48), width: z.number().int().min(40).max(2000).optional() }))
    .max(100)
    .default([]),
  sort: z
    .array(z.object({ field: z.string().max(48), desc: z.boolean().default(false) }))
    .max(5)
    .default([]),
  filter: z.unknown().nullable().optional(),
  groupBy: z.string().max(48).nullable().optional(),
  aggregate: z
    .array(z.object({ field: z.string().max(48), fn: z.enum(['sum', 'count']) }))
    .max(10)
    .default([]),
  kanbanField: z.string().max(48).nullable().optional(),
  visibility: z.enum(['private', 'shared']).default('private'),
  isDefault: z.boolean().default(false),
})
export type ViewInput = z.input<typeof viewInputSchema>

/** A saved view as read. */
export const viewSchema = z.object({
  id: z.string(),
  objectName: z.string(),
  name: z.string(),
  kind: z.enum(['list', 'kanban']),
  columns: z.array(z.object({ field: z.string(), width: z.number().optional() })),
  sort: z.array(z.object({ field: z.string(), desc: z.boolean() })),
  filter: z.unknown(),
  groupBy: z.string().nullable(),
  aggregate: z.array(z.object({ field: z.string(), fn: z.enum(['sum', 'count']) })),
  kanbanField: z.string().nullable(),
  visibility: z.enum(['private', 'shared']),
  ownerId: z.string(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type View = z.infer<typeof viewSchema>

/** One group of `GET /api/v1/records/{object}/groups`: the value, its count, and sums (currency: per code). */
export const groupSchema = z.object({
  key: z.unknown(),
  count: z.number().int(),
  sums: z.record(z.string(), z.unknown()),
})

/**
 * `GET /api/v1/records/{object}/groups`: `groupBy` (a field or `owner_id`) gives one group per value;
 * `totals=true` adds `total`, the count and sums of the whole filtered list (the list's totals row). At
 * least one of the two is needed. `sum` is a comma list of up to 5 number/percent/rating/currency fields.
 */
export const groupsQuerySchema = z.object({
  groupBy: z.string().max(64).optional(),
  sum: z.string().max(500).optional(),
  filter: z.string().max(65_536).optional(),
  totals: z.enum(['true', 'false']).optional(),
})
export const groupsResponseSchema = z.object({
  data: z.array(groupSchema),
  total: groupSchema.optional(),
})
