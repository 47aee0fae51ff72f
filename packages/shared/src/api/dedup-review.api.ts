import { z } from 'zod'
import { dedupKeyIndexSchema, dedupReasonSchema } from './dedup.api.ts'

/**
 * The duplicate review queue (docs/dedup.md "Review queue"): a background scan of one object's records
 * stores clusters of likely duplicates with the score and reasons of each pair; a person merges a cluster
 * or marks it "not duplicates"; an optional per-object setting merges clusters at or above a score at
 * the end of each scan.
 */

/** `queued` → `running` → `done` | `failed` */
export const dedupScanStatusSchema = z.enum(['queued', 'running', 'done', 'failed'])
export type DedupScanStatus = z.infer<typeof dedupScanStatusSchema>

/** what the scan is doing: reading records, scoring pairs, storing clusters, auto-merging */
export const dedupScanPhaseSchema = z.enum(['queued', 'read', 'score', 'store', 'merge', 'done'])
export type DedupScanPhase = z.infer<typeof dedupScanPhaseSchema>

export const dedupScanSchema = z
  .object({
    id: z.string(),
    object: z.string(),
    status: dedupScanStatusSchema,
    phase: dedupScanPhaseSchema,
    /** records read so far / live records of the object when the scan started */
    done: z.number().int(),
    total: z.number().int(),
    /** pairs kept (duplicate or possible, dismissed pairs left out) and the clusters they form */
    pairs: z.number().int(),
    clusters: z.number().int(),
    /** clusters merged by the auto-merge setting, and those it could not merge (with why, in `error`) */
    merged: z.number().int(),
    mergeFailed: z.number().int(),
    /** the auto-merge score this scan applied (null: off) */
    autoMergeAbove: z.number().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'DedupScan' })
export type DedupScan = z.infer<typeof dedupScanSchema>

/** one reason of a pair, with the record fields its comparison read (a client labels it in its language) */
export const dedupReviewReasonSchema = dedupReasonSchema.extend({ fields: z.array(z.string()) })
export type DedupReviewReason = z.infer<typeof dedupReviewReasonSchema>

export const dedupReviewPairSchema = z.object({
  a: z.string(),
  b: z.string(),
  score: z.number(),
  decision: z.enum(['duplicate', 'possible']),
  reasons: z.array(dedupReviewReasonSchema),
})
export type DedupReviewPair = z.infer<typeof dedupReviewPairSchema>

export const dedupClusterStatusSchema = z.enum(['open', 'dismissed'])

export const dedupReviewClusterSchema = z
  .object({
    id: z.string(),
    object: z.string(),
    status: dedupClusterStatusSchema,
    /** the records, oldest first; `title` is empty when the caller may not read the title field */
    members: z.array(z.object({ id: z.string(), title: z.string() })),
    pairs: z.array(dedupReviewPairSchema),
    /** the highest and the lowest score of the cluster's pairs (the weakest link) */
    bestScore: z.number(),
    minScore: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'DedupReviewCluster' })
export type DedupReviewCluster = z.infer<typeof dedupReviewClusterSchema>

/** `GET /api/v1/dedup/{object}/clusters` */
export const dedupClustersQuerySchema = z.object({
  status: dedupClusterStatusSchema.default('open'),
  /** from the previous answer's `nextCursor` */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const dedupClustersPageSchema = z
  .object({ data: z.array(dedupReviewClusterSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'DedupClustersPage' })
export type DedupClustersPage = z.infer<typeof dedupClustersPageSchema>

/** the largest score a rule set can give is far below this; it only keeps nonsense out */
export const AUTO_MERGE_MAX = 1000

/** `PUT /api/v1/dedup/{object}/settings` */
export const dedupSettingsSchema = z
  .object({
    /** clusters whose every pair scores at or above this are merged at the end of a scan; null: never */
    autoMergeAbove: z.number().min(0).max(AUTO_MERGE_MAX).nullable(),
  })
  .strict()
  .meta({ id: 'DedupSettings' })
export type DedupSettings = z.infer<typeof dedupSettingsSchema>

/** `POST /api/v1/dedup/clusters/{id}/dismiss` answers the cluster, now `dismissed` */
export const dedupDismissResponseSchema = z.object({ cluster: dedupReviewClusterSchema })

/** `GET /api/v1/dedup/{object}/scan`: the latest scan (null: never scanned) and the object's setting */
export const dedupScanStateSchema = z
  .object({
    scan: dedupScanSchema.nullable(),
    settings: dedupSettingsSchema,
    /** the key index of the check on create (progress while it is rebuilt); null: the check is off */
    keyIndex: dedupKeyIndexSchema.nullable(),
    /** whether the caller may start a scan and change the setting */
    canScan: z.boolean(),
    canConfigure: z.boolean(),
  })
  .meta({ id: 'DedupScanState' })
export type DedupScanState = z.infer<typeof dedupScanStateSchema>
