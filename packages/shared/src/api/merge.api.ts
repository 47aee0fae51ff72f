import { z } from 'zod'
import { MERGE_MAX_RECORDS, MERGE_MIN_RECORDS } from './merge.limits.ts'
import { recordSchema } from './records.api.ts'

/** Merge and unmerge of records (docs/merge.md). */

export { MERGE_MAX_RECORDS, MERGE_MIN_RECORDS, UNMERGE_DAYS } from './merge.limits.ts'

/** The survivor's owner is chosen like a field, under this name. */
export const OWNER_FIELD = 'owner_id'

const fieldName = z.string().min(1).max(64)

/** `POST /api/v1/records/{object}/merge` */
export const mergeRequestSchema = z
  .object({
    /** 2–5 distinct records of the object, the survivor among them */
    ids: z.array(z.uuid()).min(MERGE_MIN_RECORDS).max(MERGE_MAX_RECORDS),
    survivorId: z.uuid(),
    /** field name → id of the record whose value the survivor takes; fields left out take the default */
    fields: z.record(fieldName, z.uuid()).optional(),
    /** record id → the version the caller saw (from the preview): a record changed since answers 409 */
    versions: z.record(z.uuid(), z.number().int().min(1)).optional(),
  })
  .meta({ id: 'MergeRequest' })
export type MergeRequest = z.infer<typeof mergeRequestSchema>

export const mergePreviewQuerySchema = z.object({
  /** comma-separated record ids, 2–5 */
  ids: z.string().min(1).max(400),
})

export const mergeFieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  /** the record whose value the survivor gets by default (the newest non-empty value); null: no record has one */
  default: z.uuid().nullable(),
  /** the records do not all hold the same value */
  differs: z.boolean(),
  /** the caller may choose it (field rules may make it read-only: the survivor keeps its own value) */
  editable: z.boolean(),
})
export type MergeField = z.infer<typeof mergeFieldSchema>

export const relatedCountSchema = z.object({
  kind: z.enum(['relation', 'activity', 'file', 'follow']),
  /** for `relation`: the object and relation field that point at the record */
  object: z.string().optional(),
  field: z.string().optional(),
  count: z.number().int(),
})
export type RelatedCount = z.infer<typeof relatedCountSchema>

export const mergePreviewSchema = z
  .object({
    object: z.string(),
    /** in the order of `ids` */
    records: z.array(recordSchema),
    /** the suggested survivor: the oldest record */
    survivorId: z.uuid(),
    fields: z.array(mergeFieldSchema),
    /** per record: what points at it and would move to the survivor if it is merged away */
    related: z.record(z.string(), z.array(relatedCountSchema)),
    /** record id → version, to send back with the merge */
    versions: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'MergePreview' })
export type MergePreview = z.infer<typeof mergePreviewSchema>

export const mergeCountsSchema = z.object({
  /** rows of any object whose relation field pointed at a merged-away record */
  relations: z.number().int(),
  /** many-to-many rows removed because the survivor already had the same link */
  droppedLinks: z.number().int(),
  activities: z.number().int(),
  files: z.number().int(),
  follows: z.number().int(),
  notifications: z.number().int(),
})

export const unmergeConflictSchema = z.object({
  kind: z.enum(['field', 'relation', 'record']),
  object: z.string(),
  id: z.uuid(),
  field: z.string().optional(),
})
export type UnmergeConflict = z.infer<typeof unmergeConflictSchema>

export const mergeSummarySchema = z
  .object({
    id: z.uuid(),
    object: z.string(),
    survivorId: z.uuid(),
    loserIds: z.array(z.uuid()),
    /** the merged-away records' titles as they were at the merge (they are in the recycle bin now) */
    loserTitles: z.record(z.string(), z.string()),
    /** the survivor's fields the merge changed */
    changed: z.array(z.string()),
    counts: mergeCountsSchema,
    createdAt: z.string(),
    createdBy: z.uuid().nullable(),
    expiresAt: z.string(),
    undoneAt: z.string().nullable(),
    undoneBy: z.uuid().nullable(),
    /** what an unmerge with `force` left as it was */
    undoConflicts: z.array(unmergeConflictSchema),
    /** not undone and not expired */
    undoable: z.boolean(),
  })
  .meta({ id: 'MergeSummary' })
export type MergeSummary = z.infer<typeof mergeSummarySchema>

export const mergeResponseSchema = z.object({ merge: mergeSummarySchema, record: recordSchema })
export type MergeResponse = z.infer<typeof mergeResponseSchema>

export const mergeHistorySchema = z.object({ data: z.array(mergeSummarySchema) })
export type MergeHistory = z.infer<typeof mergeHistorySchema>

/** `POST /api/v1/merges/{mergeId}/undo` */
export const unmergeRequestSchema = z.object({
  /** restore what can be restored and keep the current value where it changed since the merge */
  force: z.boolean().optional(),
})

export const unmergeResponseSchema = z.object({
  merge: mergeSummarySchema,
  /** the records back from the merge (the losers) */
  restored: z.array(z.uuid()),
  /** left as they are (only with `force`) */
  conflicts: z.array(unmergeConflictSchema),
})
export type UnmergeResponse = z.infer<typeof unmergeResponseSchema>
