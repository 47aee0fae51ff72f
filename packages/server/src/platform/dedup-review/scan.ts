import type { DedupReviewReason } from '@kemai/shared/api/dedup-review.api'
import type { ObjectDef } from '@kemai/shared/fields'
import { sql } from 'kysely'
import { systemActor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import { type Db, type Tx, withWorkspace } from '../db/tx.ts'
import { findDuplicates } from '../dedup/matcher.ts'
import type { RecordLike } from '../dedup/rules.ts'
import { UnionFind } from '../dedup/union-find.ts'
import { AppError } from '../errors.ts'
import { enqueue } from '../events/boss.ts'
import { queueExists } from '../events/events.repo.ts'
import { rootLogger } from '../log.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import { table } from '../records/context.ts'
import { type ObjectRules, rulesFor } from '../records/duplicates/rules.ts'
import type { MergeService } from '../records/merge/service.ts'
import { rowToRecord, selectColumns } from '../records/shape.ts'

export const SCAN_QUEUE = 'dedup.scan'
/** records read per transaction; progress moves once per batch */
export const SCAN_BATCH = 1000
/** the merge service merges 2–5 records at once: a larger cluster is left to a person */
const MERGE_MAX = 5

export interface ScanJobData {
  workspaceId: string
  object: string
  scanId: string
}

export interface DedupReviewDeps {
  db: Db
  metadata: MetadataService
  merges: MergeService
}

/**
 * The rules a scan uses: the object's duplicate rules (records/duplicates/rules.ts), also when the check
 * on create is turned off for it (the scan is asked for on purpose). Null: nothing to match on.
 */
export const scanRules = (object: ObjectDef): ObjectRules | null => rulesFor({ ...object, dedup: true })

interface StoredPair {
  a: string
  b: string
  score: number
  decision: 'duplicate' | 'possible'
  reasons: DedupReviewReason[]
}

interface NewCluster {
  id: string
  members: string[]
  pairs: StoredPair[]
  best: number
  min: number
}

/** Enqueues a scan's job in the caller's transaction if the queue exists (one job per scan id). */
export async function enqueueScan(trx: Tx, data: ScanJobData): Promise<boolean> {
  if (!(await queueExists(trx, SCAN_QUEUE))) return false
  await enqueue(trx, SCAN_QUEUE, data, { id: data.scanId })
  await trx
    .updateTable('dedup_scan')
    .set({ job_queued: true })
    .where('workspace_id', '=', data.workspaceId)
    .where('id', '=', data.scanId)
    .execute()
  return true
}

/** A pair of record ids in stored order (`a < b`), as `dedup_dismissed` keys it. */
export const pairKey = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x])

async function setScan(db: Db, data: ScanJobData, patch: Record<string, unknown>): Promise<void> {
  await withWorkspace(db, data.workspaceId, async (trx) => {
    await trx
      .updateTable('dedup_scan')
      .set(patch)
      .where('workspace_id', '=', data.workspaceId)
      .where('id', '=', data.scanId)
      .execute()
  })
}

/**
 * Runs one scan (docs/dedup.md "Review queue"): reads the object's live records in batches as the system
 * actor, scores them with the object's rules, leaves dismissed pairs out, joins the remaining pairs into
 * clusters, replaces the object's open clusters with them in one transaction, and then merges the
 * clusters at or above the object's auto-merge score. A scan that crashed starts over when pg-boss
 * retries it (nothing of it was stored before its last step).
 */
export async function runScan(
  deps: DedupReviewDeps,
  data: ScanJobData,
  opts: { batchSize?: number } = {},
): Promise<void> {
  const batch = opts.batchSize ?? SCAN_BATCH
  const start = await withWorkspace(deps.db, data.workspaceId, async (trx, ws) => {
    const r = await sql<{ status: string; auto_merge_above: number | null }>`select status, auto_merge_above
      from dedup_scan where workspace_id = ${data.workspaceId} and id = ${data.scanId} for update`.execute(
      trx,
    )
    const row = r.rows[0]
    if (!row || row.status === 'done' || row.status === 'failed') return null
    const schema = await deps.metadata.schemaIn(trx, ws)
    const object = schema.objects.get(data.object)
    if (!object?.isActive) return { error: 'object_not_found' as const }
    const total = await sql<{ n: number }>`select count(*)::int as n from ${table({ schema, object })}
      where workspace_id = ${data.workspaceId} and deleted_at is null`.execute(trx)
    const setting = await sql<{ auto_merge_above: number | null }>`select auto_merge_above from dedup_setting
      where workspace_id = ${data.workspaceId} and object_name = ${data.object}`.execute(trx)
    const autoMergeAbove = setting.rows[0]?.auto_merge_above ?? null
    await trx
      .updateTable('dedup_scan')
      .set({
        status: 'running',
        phase: 'read',
        done: 0,
        total: total.rows[0]!.n,
        auto_merge_above: autoMergeAbove,
        started_at: new Date(),
      })
      .where('workspace_id', '=', data.workspaceId)
      .where('id', '=', data.scanId)
      .execute()
    return { schema, object, autoMergeAbove }
  })
  if (!start) return
  try {
    if ('error' in start) throw new AppError('object_not_found', 404, { object: data.object })
    const { schema, object, autoMergeAbove } = start
    const rules = scanRules(object)
    const records = rules ? await readAll(deps.db, data, schema, object, batch) : []
    await setScan(deps.db, data, { phase: 'score' })
    const clusters = rules ? await clustersOf(deps.db, data, records, rules) : []
    await setScan(deps.db, data, { phase: 'store' })
    await store(deps.db, data, clusters)
    await setScan(deps.db, data, {
      phase: autoMergeAbove === null ? 'done' : 'merge',
      pairs: clusters.reduce((n, c) => n + c.pairs.length, 0),
      clusters: clusters.length,
    })
    const merged = autoMergeAbove === null ? null : await autoMerge(deps, data, clusters, autoMergeAbove)
    await setScan(deps.db, data, {
      status: 'done',
      phase: 'done',
      merged: merged?.merged ?? 0,
      merge_failed: merged?.failed ?? 0,
      error: merged?.error ?? null,
      finished_at: new Date(),
    })
  } catch (err) {
    rootLogger.error({ err: err instanceof Error ? err.message : err, scan: data }, 'dedup scan failed')
    await setScan(deps.db, data, {
      status: 'failed',
      error: err instanceof Error ? err.message.slice(0, 500) : 'failed',
      finished_at: new Date(),
    })
  }
}

/** Every live record of the object, in id order, one transaction per batch; progress after each. */
async function readAll(
  db: Db,
  data: ScanJobData,
  schema: WorkspaceSchema,
  object: ObjectDef,
  batch: number,
): Promise<RecordLike[]> {
  const fields = readableFields(systemActor(data.workspaceId, 'dedup.scan'), object)
  const cols = selectColumns(fields)
  const out: RecordLike[] = []
  let after: string | null = null
  for (;;) {
    const cursor: string | null = after
    const rows: Record<string, unknown>[] = await withWorkspace(db, data.workspaceId, async (trx) => {
      const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
        from ${table({ schema, object })} as t
        where t.workspace_id = ${data.workspaceId} and t.deleted_at is null
          ${cursor ? sql`and t.id > ${cursor}` : sql``}
        order by t.id limit ${batch}`.execute(trx)
      await trx
        .updateTable('dedup_scan')
        .set({ done: sql`done + ${r.rows.length}` })
        .where('workspace_id', '=', data.workspaceId)
        .where('id', '=', data.scanId)
        .execute()
      return r.rows
    })
    for (const row of rows) out.push(rowToRecord(row, fields))
    if (rows.length < batch) return out
    after = String(rows[rows.length - 1]!.id)
  }
}

/** Scored pairs without the dismissed ones, joined into clusters (union-find), best first. */
async function clustersOf(
  db: Db,
  data: ScanJobData,
  records: RecordLike[],
  rules: ObjectRules,
): Promise<NewCluster[]> {
  const { pairs } = findDuplicates(records, rules.compiled)
  if (pairs.length === 0) return []
  const dismissed = await withWorkspace(
    db,
    data.workspaceId,
    async (trx) =>
      (
        await sql<{ a_id: string; b_id: string }>`select a_id, b_id from dedup_dismissed
          where workspace_id = ${data.workspaceId} and object_name = ${data.object}`.execute(trx)
      ).rows,
    { read: true },
  )
  const gone = new Set(dismissed.map((d) => `${d.a_id}|${d.b_id}`))
  const kept: StoredPair[] = []
  for (const p of pairs) {
    const [a, b] = pairKey(p.a, p.b)
    if (gone.has(`${a}|${b}`)) continue
    kept.push({
      a,
      b,
      score: p.score,
      decision: p.decision,
      reasons: p.reasons.map((r) => ({ ...r, fields: rules.fieldsOf.get(r.comparison) ?? [] })),
    })
  }
  const index = new Map<string, number>()
  const ids: string[] = []
  const at = (id: string) => {
    let i = index.get(id)
    if (i === undefined) {
      i = ids.length
      ids.push(id)
      index.set(id, i)
    }
    return i
  }
  for (const p of kept) {
    at(p.a)
    at(p.b)
  }
  const uf = new UnionFind(ids.length)
  for (const p of kept) uf.union(index.get(p.a)!, index.get(p.b)!)
  const byRoot = new Map<number, NewCluster>()
  for (const p of kept) {
    const root = uf.find(index.get(p.a)!)
    let c = byRoot.get(root)
    if (!c) {
      c = { id: newId(), members: [], pairs: [], best: p.score, min: p.score }
      byRoot.set(root, c)
    }
    c.pairs.push(p)
    c.best = Math.max(c.best, p.score)
    c.min = Math.min(c.min, p.score)
  }
  for (const c of byRoot.values()) {
    c.members = [...new Set(c.pairs.flatMap((p) => [p.a, p.b]))].sort()
    c.pairs.sort((x, y) => y.score - x.score)
  }
  return [...byRoot.values()].sort((x, y) => y.best - x.best)
}

/** Replaces the object's open clusters with the new ones, in one transaction. */
async function store(db: Db, data: ScanJobData, clusters: NewCluster[]): Promise<void> {
  await withWorkspace(db, data.workspaceId, async (trx: Tx) => {
    await sql`delete from dedup_cluster where workspace_id = ${data.workspaceId}
      and object_name = ${data.object} and status = 'open'`.execute(trx)
    for (let i = 0; i < clusters.length; i += 500) {
      const chunk = clusters.slice(i, i + 500)
      await trx
        .insertInto('dedup_cluster')
        .values(
          chunk.map((c) => ({
            workspace_id: data.workspaceId,
            id: c.id,
            object_name: data.object,
            scan_id: data.scanId,
            member_ids: sql`${c.members}::uuid[]`,
            best_score: c.best,
            min_score: c.min,
          })),
        )
        .execute()
      const pairs = chunk.flatMap((c) =>
        c.pairs.map((p) => ({
          workspace_id: data.workspaceId,
          cluster_id: c.id,
          a_id: p.a,
          b_id: p.b,
          score: p.score,
          decision: p.decision,
          reasons: JSON.stringify(p.reasons),
        })),
      )
      for (let j = 0; j < pairs.length; j += 1000)
        await trx
          .insertInto('dedup_pair')
          .values(pairs.slice(j, j + 1000))
          .execute()
    }
  })
}

/**
 * Merges, through the merge service (audited there, undoable for 30 days), each cluster whose every pair
 * scores at or above `above` and that has at most five records, with the default choices (the suggested
 * survivor, the newest non-empty value per field). A merged cluster leaves the queue.
 */
async function autoMerge(
  deps: DedupReviewDeps,
  data: ScanJobData,
  clusters: NewCluster[],
  above: number,
): Promise<{ merged: number; failed: number; error: string | null }> {
  const actor = systemActor(data.workspaceId, 'dedup.auto-merge')
  let merged = 0
  let failed = 0
  let error: string | null = null
  for (const c of clusters) {
    if (c.min < above || c.members.length > MERGE_MAX) continue
    try {
      const p = await deps.merges.preview(actor, data.object, c.members)
      await deps.merges.merge(actor, data.object, {
        ids: c.members,
        survivorId: p.survivorId,
        versions: p.versions,
      })
      await withWorkspace(deps.db, data.workspaceId, (trx) =>
        sql`delete from dedup_cluster where workspace_id = ${data.workspaceId} and id = ${c.id}`.execute(trx),
      )
      merged++
    } catch (err) {
      failed++
      error ??=
        err instanceof AppError ? err.code : err instanceof Error ? err.message.slice(0, 200) : 'failed'
    }
    await setScan(deps.db, data, { merged, merge_failed: failed })
  }
  return { merged, failed, error }
}
