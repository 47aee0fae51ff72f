import { z } from 'zod'

/**
 * Segments (saved filter-language queries with live membership) and static lists (named sets of record
 * ids) of one object. docs/segments.md says how membership is kept up to date.
 */

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // control characters (NUL above all) cannot be stored or shown
    .refine((s) => !/\p{Cc}/u.test(s), { message: 'invalid_format' })

/** One name for every language, or a name per language (at least one). */
export const segmentNameSchema = z.union([
  text(100),
  z
    .object({ 'zh-CN': text(100).optional(), en: text(100).optional() })
    .strict()
    .refine((n) => n['zh-CN'] !== undefined || n.en !== undefined, { message: 'required' }),
])
export type SegmentName = z.infer<typeof segmentNameSchema>

export const visibilitySchema = z.enum(['private', 'shared'])

/** `POST /api/v1/segments` */
export const segmentInputSchema = z
  .object({
    objectName: z.string().max(48),
    name: segmentNameSchema,
    description: z.string().max(2000).nullable().optional(),
    /** the filter language AST (packages/shared/src/query/ast.ts) */
    filter: z.unknown(),
    visibility: visibilitySchema.default('private'),
  })
  .strict()
export type SegmentInput = z.input<typeof segmentInputSchema>

/** `PATCH /api/v1/segments/{id}`: a changed filter recomputes the membership in the background. */
export const segmentPatchSchema = z
  .object({
    name: segmentNameSchema.optional(),
    description: z.string().max(2000).nullable().optional(),
    filter: z.unknown().optional(),
    visibility: visibilitySchema.optional(),
  })
  .strict()

/** `ready`: membership is up to date; `computing`: the background recompute is running; `invalid`: the filter no longer fits the object's fields. */
export const segmentStatusSchema = z.enum(['ready', 'computing', 'invalid'])

export const segmentSchema = z.object({
  id: z.string(),
  objectName: z.string(),
  name: segmentNameSchema,
  description: z.string().nullable(),
  filter: z.unknown(),
  visibility: visibilitySchema,
  ownerId: z.string(),
  status: segmentStatusSchema,
  /** members the caller may read (record read scope applied) */
  count: z.number().int(),
  /** when the last full recompute finished */
  computedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Segment = z.infer<typeof segmentSchema>

/** One entered/left transition of a record. */
export const segmentHistoryEntrySchema = z.object({
  recordId: z.string(),
  change: z.enum(['entered', 'left']),
  /** `record`: a change of the record (or of a related record); `recompute`: the filter was set; `drift`: the daily recompute of relative dates */
  cause: z.enum(['record', 'recompute', 'drift']),
  at: z.string(),
  /** the record's title, when the caller may read the record */
  title: z.string().nullable(),
})
export type SegmentHistoryEntry = z.infer<typeof segmentHistoryEntrySchema>

export const segmentHistorySchema = z.object({
  data: z.array(segmentHistoryEntrySchema),
  nextCursor: z.string().nullable(),
})

/** `POST /api/v1/lists` */
export const staticListInputSchema = z
  .object({
    objectName: z.string().max(48),
    name: segmentNameSchema,
    description: z.string().max(2000).nullable().optional(),
    visibility: visibilitySchema.default('private'),
  })
  .strict()

export const staticListPatchSchema = z
  .object({
    name: segmentNameSchema.optional(),
    description: z.string().max(2000).nullable().optional(),
    visibility: visibilitySchema.optional(),
  })
  .strict()

export const staticListSchema = z.object({
  id: z.string(),
  objectName: z.string(),
  name: segmentNameSchema,
  description: z.string().nullable(),
  visibility: visibilitySchema,
  ownerId: z.string(),
  /** members the caller may read */
  count: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type StaticList = z.infer<typeof staticListSchema>

export const MAX_LIST_IDS = 1000

/**
 * `POST /api/v1/lists/{id}/members`: add the given records (a list selection) or every record the caller
 * can read that matches a filter (`filter`, at most MAX_FILTER_ADD records). Exactly one of the two.
 */
export const listMembersAddSchema = z.union([
  z.object({ recordIds: z.array(z.string().max(64)).min(1).max(MAX_LIST_IDS) }).strict(),
  z.object({ filter: z.unknown() }).strict(),
])
export const MAX_FILTER_ADD = 100_000

/** `POST /api/v1/lists/{id}/members/remove` */
export const listMembersRemoveSchema = z
  .object({ recordIds: z.array(z.string().max(64)).min(1).max(MAX_LIST_IDS) })
  .strict()

export const listMembersChangeSchema = z.object({
  /** how many records changed membership */
  changed: z.number().int(),
  count: z.number().int(),
})

/** Members of a segment or list: records as `GET /api/v1/records/{object}` returns them. */
export const membersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(2000).optional(),
  sort: z.string().max(500).optional(),
})

export const membersSchema = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
})

/** The label of a segment or list name in a language (falls back to the other language). */
export function segmentLabel(name: SegmentName, locale: string): string {
  if (typeof name === 'string') return name
  const zh = locale.startsWith('zh')
  return (zh ? (name['zh-CN'] ?? name.en) : (name.en ?? name['zh-CN'])) ?? ''
}
