import { z } from 'zod'
import { dedupKeyIndexSchema, duplicateCandidateSchema } from './dedup.api.ts'

/** A record in API shape: system columns plus one member per readable field. */
export const recordSchema = z
  .object({
    id: z.string().uuid(),
    version: z.number().int(),
    owner_id: z.string().uuid().nullable(),
    created_at: z.string(),
    created_by: z.string().uuid().nullable(),
    updated_at: z.string(),
    updated_by: z.string().uuid().nullable(),
  })
  .catchall(z.unknown())
export type RecordDto = z.infer<typeof recordSchema>

export const recordInputSchema = z.record(z.string(), z.unknown())

export const listQuerySchema = z.object({
  filter: z.string().max(65_536).optional(),
  sort: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(4096).optional(),
  count: z.enum(['true', 'false']).optional(),
  view: z.string().uuid().optional(),
})

export const listResponseSchema = z.object({
  data: z.array(recordSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().optional(),
})

export const batchOperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), data: recordInputSchema }),
  z.object({
    op: z.literal('update'),
    id: z.string(),
    version: z.number().int().optional(),
    data: recordInputSchema,
  }),
  z.object({ op: z.literal('delete'), id: z.string(), version: z.number().int().optional() }),
])
export const batchRequestSchema = z.object({
  operations: z.array(batchOperationSchema).min(1).max(1000),
  partial: z.boolean().optional(),
  /** skip the duplicate check of objects that have one (creates and edits that would 409 `duplicate_candidates`) */
  allowDuplicate: z.boolean().optional(),
})
export const batchResponseSchema = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      ok: z.boolean(),
      id: z.string().optional(),
      record: recordSchema.optional(),
      error: z
        .object({
          code: z.string(),
          title: z.string(),
          status: z.number().int(),
          errors: z.array(z.unknown()).optional(),
          /** `duplicate_candidates`: the existing records this operation may duplicate */
          candidates: z.array(duplicateCandidateSchema).optional(),
          /** `duplicate_candidates` while the key index is being rebuilt: `candidates` may miss records */
          keyIndex: dedupKeyIndexSchema.optional(),
        })
        .optional(),
    }),
  ),
})

export const ACTIVITY_TYPES = ['note', 'task', 'call', 'meeting', 'email', 'system'] as const
export const activityInputSchema = z.object({
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string().max(500).optional(),
  body: z.string().max(100_000).optional(),
  occurred_at: z.string().datetime({ offset: true }).optional(),
  due_at: z.string().datetime({ offset: true }).optional(),
  done: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  /** further records this activity belongs to (a call with a person is also on their company) */
  links: z
    .array(z.object({ object: z.string().max(48), id: z.string().uuid() }))
    .max(20)
    .optional(),
  /** users @mentioned in the body: each gets a notification (they must be users of the workspace) */
  mentions: z.array(z.uuid()).max(20).optional(),
})
export type ActivityInput = z.infer<typeof activityInputSchema>

export const timelineItemSchema = z.object({
  kind: z.enum(['activity', 'change', 'created']),
  id: z.string(),
  at: z.string(),
  actor_id: z.string().nullable(),
  activity: z
    .object({
      type: z.enum(ACTIVITY_TYPES),
      subject: z.string().nullable(),
      body: z.string().nullable(),
      due_at: z.string().nullable(),
      done_at: z.string().nullable(),
      /** who ticked the task off */
      done_by: z.string().nullable().optional(),
      /** when its subject, text or times were last edited (null: as written) */
      edited_at: z.string().nullable().optional(),
      data: z.record(z.string(), z.unknown()),
      links: z.array(z.object({ object: z.string(), id: z.string() })),
      mentions: z.array(z.string()).optional(),
    })
    .optional(),
  change: z
    .object({
      field: z.string(),
      old: z.unknown(),
      new: z.unknown(),
      channel: z.string(),
      /** the workflow (and its run) that made the change */
      workflow: z.object({ id: z.string(), name: z.string(), runId: z.string() }).optional(),
    })
    .optional(),
})
export const timelineResponseSchema = z.object({
  data: z.array(timelineItemSchema),
  nextCursor: z.string().nullable(),
})
export type TimelineItem = z.infer<typeof timelineItemSchema>
