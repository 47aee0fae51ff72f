import type {
  DedupClustersPage,
  DedupReviewCluster,
  DedupReviewPair,
  DedupScan,
  DedupScanState,
  DedupSettings,
} from '@kemai/shared/api/dedup-review.api'
import type { ObjectDef } from '@kemai/shared/fields'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { canAdmin, canObject } from '../access/permissions.ts'
import { newId } from '../db/ids.ts'
import { isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import { scopeWhere, table } from '../records/context.ts'
import { keyIndexOf } from '../records/duplicates/key-build.ts'
import { rowToRecord, selectColumns } from '../records/shape.ts'
import { type DedupReviewDeps, enqueueScan, scanRules } from './scan.ts'

/** A scan queued or running for longer than its job's retries could take counts as lost. */
const STALE_MS = 3 * 3_600_000

export type DedupReviewService = ReturnType<typeof createDedupReviewService>

interface ScanRow {
  id: string
  object_name: string
  status: DedupScan['status']
  phase: DedupScan['phase']
  done: number
  total: number
  pairs: number
  clusters: number
  merged: number
  merge_failed: number
  job_queued: boolean
  auto_merge_above: number | null
  error: string | null
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
}

interface ClusterRow {
  id: string
  object_name: string
  status: DedupReviewCluster['status']
  member_ids: string[]
  best_score: number
  min_score: number
  created_at: Date
}

interface PairRow {
  cluster_id: string
  a_id: string
  b_id: string
  score: number
  decision: DedupReviewPair['decision']
  reasons: DedupReviewPair['reasons'] | string
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

function toScan(r: ScanRow): DedupScan {
  return {
    id: r.id,
    object: r.object_name,
    status: r.status,
    phase: r.phase,
    done: r.done,
    total: r.total,
    pairs: r.pairs,
    clusters: r.clusters,
    merged: r.merged,
    mergeFailed: r.merge_failed,
    autoMergeAbove: r.auto_merge_above,
    error: r.error,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  }
}

/** `<best score>~<id>` of the last cluster of a page */
const encodeCursor = (c: ClusterRow) => Buffer.from(`${c.best_score}~${c.id}`).toString('base64url')

function decodeCursor(cursor: string): { score: number; id: string } {
  const [s, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('~')
  const score = Number(s)
  if (!s || !Number.isFinite(score) || !isUuid(id))
    throw errors.validation([{ path: 'query.cursor', code: 'invalid_value' }])
  return { score, id: id.toLowerCase() }
}

/**
 * The review queue of duplicates (docs/dedup.md "Review queue"): starts scans (pg-boss job `dedup.scan`,
 * scan.ts), reports their progress, lists the clusters a caller may see in full, dismisses a cluster
 * (its pairs are never proposed again) and keeps the per-object auto-merge setting.
 */
export function createDedupReviewService(deps: DedupReviewDeps) {
  const { db, metadata } = deps

  /** The object, which the caller must be able to read (404 otherwise, like the records routes). */
  function objectFor(schema: WorkspaceSchema, actor: Actor, name: string): ObjectDef {
    const object = metadata.objectIn(schema, name)
    if (!canObject(actor, object.name, 'read')) throw errors.objectNotFound(name)
    return object
  }

  const canScan = (actor: Actor, object: string) => actor.isAdmin || canObject(actor, object, 'update')
  const canConfigure = (actor: Actor) => canAdmin(actor, 'metadata', 'write')

  async function latestScan(trx: Tx, actor: Actor, object: string): Promise<ScanRow | null> {
    const r = await sql<ScanRow>`select * from dedup_scan where workspace_id = ${actor.workspaceId}
      and object_name = ${object} order by created_at desc, id desc limit 1`.execute(trx)
    return r.rows[0] ?? null
  }

  async function settingsOf(trx: Tx, actor: Actor, object: string): Promise<DedupSettings> {
    const r = await sql<{ auto_merge_above: number | null }>`select auto_merge_above from dedup_setting
      where workspace_id = ${actor.workspaceId} and object_name = ${object}`.execute(trx)
    return { autoMergeAbove: r.rows[0]?.auto_merge_above ?? null }
  }

  async function state(actor: Actor, objectName: string): Promise<DedupScanState> {
    const s = await readState(actor, objectName)
    if (s.scan?.status !== 'queued' || s.jobQueued) return s.state
    // asked for before any worker had created the queue: enqueue it now if one has
    const queued = await withWorkspace(db, actor.workspaceId, (trx) =>
      enqueueScan(trx, { workspaceId: actor.workspaceId, object: s.scan!.object, scanId: s.scan!.id }),
    )
    return queued ? (await readState(actor, objectName)).state : s.state
  }

  async function readState(
    actor: Actor,
    objectName: string,
  ): Promise<{ state: DedupScanState; scan: DedupScan | null; jobQueued: boolean }> {
    return withWorkspace(
      db,
      actor.workspaceId,
      async (trx, ws) => {
        const object = objectFor(await metadata.schemaIn(trx, ws), actor, objectName)
        const row = await latestScan(trx, actor, object.name)
        const scan = row ? toScan(row) : null
        return {
          state: {
            scan,
            settings: await settingsOf(trx, actor, object.name),
            keyIndex: await keyIndexOf(trx, actor.workspaceId, object),
            canScan: canScan(actor, object.name),
            canConfigure: canConfigure(actor),
          },
          scan,
          jobQueued: row?.job_queued ?? false,
        }
      },
      { read: true },
    )
  }

  /**
   * Starts a scan of the object; while one is queued or running, answers that one instead
   * (`started: false`). Admins and users with the update right on the object may start one.
   */
  async function start(actor: Actor, objectName: string): Promise<{ scan: DedupScan; started: boolean }> {
    return withWorkspace(db, actor.workspaceId, async (trx, ws) => {
      const object = objectFor(await metadata.schemaIn(trx, ws), actor, objectName)
      if (!canScan(actor, object.name)) throw errors.forbidden()
      if (!scanRules(object)) throw errors.badRequest([{ path: 'object', code: 'invalid_value' }])
      // one scan per object at a time: the lock makes two concurrent starts queue one scan
      await sql`select pg_advisory_xact_lock(hashtext(${`dedup.scan:${actor.workspaceId}:${object.name}`}))`.execute(
        trx,
      )
      const last = await latestScan(trx, actor, object.name)
      if (last && (last.status === 'queued' || last.status === 'running')) {
        if (Date.now() - new Date(last.created_at).getTime() < STALE_MS)
          return { scan: toScan(last), started: false }
        // its job is long gone (retries exhausted): the scan would block the object forever
        await sql`update dedup_scan set status = 'failed', error = 'stale', finished_at = now()
          where workspace_id = ${actor.workspaceId} and id = ${last.id}`.execute(trx)
      }
      const id = newId()
      await trx
        .insertInto('dedup_scan')
        .values({ workspace_id: actor.workspaceId, id, object_name: object.name, started_by: actor.userId })
        .execute()
      await enqueueScan(trx, { workspaceId: actor.workspaceId, object: object.name, scanId: id })
      return { scan: toScan((await latestScan(trx, actor, object.name))!), started: true }
    })
  }

  /** Whether every member of a cluster is a live record the caller may read (SQL, for a whole page). */
  function allReadable(schema: WorkspaceSchema, actor: Actor, object: ObjectDef) {
    return sql<boolean>`not exists (select 1 from unnest(c.member_ids) as m(id)
      where not exists (select 1 from ${table({ schema, object })} as t
        where t.workspace_id = ${actor.workspaceId} and t.id = m.id and t.deleted_at is null
          and ${scopeWhere({ actor, object }, 'read')}))`
  }

  /** Members with titles and pairs with reasons, values of fields the caller may not read left empty. */
  async function shape(
    trx: Tx,
    schema: WorkspaceSchema,
    actor: Actor,
    object: ObjectDef,
    rows: ClusterRow[],
  ): Promise<DedupReviewCluster[]> {
    if (rows.length === 0) return []
    const fields = readableFields(actor, object)
    const readable = new Set(fields.map((f) => f.name))
    const known = new Set(object.fields.map((f) => f.name))
    const titleField = fields.filter((f) => f.name === object.titleField)
    const ids = [...new Set(rows.flatMap((r) => r.member_ids))]
    const titles = new Map<string, string>()
    if (titleField.length) {
      const cols = selectColumns(titleField)
      const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(c)))}
        from ${table({ schema, object })} where workspace_id = ${actor.workspaceId}
          and id = any(${ids}::uuid[])`.execute(trx)
      for (const row of r.rows) {
        const rec = rowToRecord(row, titleField)
        const v = rec[object.titleField]
        titles.set(
          rec.id,
          v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v),
        )
      }
    }
    const pr = await sql<PairRow>`select cluster_id, a_id, b_id, score, decision, reasons from dedup_pair
      where workspace_id = ${actor.workspaceId} and cluster_id = any(${rows.map((r) => r.id)}::uuid[])
      order by score desc, a_id, b_id`.execute(trx)
    const pairsOf = new Map<string, DedupReviewPair[]>()
    for (const p of pr.rows) {
      const reasons = typeof p.reasons === 'string' ? JSON.parse(p.reasons) : p.reasons
      const list = pairsOf.get(p.cluster_id) ?? []
      list.push({
        a: p.a_id,
        b: p.b_id,
        score: p.score,
        decision: p.decision,
        reasons: (reasons as DedupReviewPair['reasons']).map((x) =>
          x.fields.some((f) => known.has(f) && !readable.has(f)) ? { ...x, left: '', right: '' } : x,
        ),
      })
      pairsOf.set(p.cluster_id, list)
    }
    return rows.map((r) => ({
      id: r.id,
      object: r.object_name,
      status: r.status,
      members: r.member_ids.map((id) => ({ id, title: titles.get(id) ?? '' })),
      pairs: pairsOf.get(r.id) ?? [],
      bestScore: r.best_score,
      minScore: r.min_score,
      createdAt: iso(r.created_at)!,
    }))
  }

  /**
   * The clusters of an object, best first, that the caller may see in full: every member live and in
   * the caller's read scope (a cluster with a merged or deleted member drops out of the queue).
   */
  async function clusters(
    actor: Actor,
    objectName: string,
    q: { status: DedupReviewCluster['status']; cursor?: string; limit: number },
  ): Promise<DedupClustersPage> {
    const after = q.cursor ? decodeCursor(q.cursor) : null
    return withWorkspace(
      db,
      actor.workspaceId,
      async (trx, ws) => {
        const schema = await metadata.schemaIn(trx, ws)
        const object = objectFor(schema, actor, objectName)
        const r = await sql<ClusterRow>`select c.id, c.object_name, c.status, c.member_ids, c.best_score,
            c.min_score, c.created_at
          from dedup_cluster c
          where c.workspace_id = ${actor.workspaceId} and c.object_name = ${object.name}
            and c.status = ${q.status}
            ${after ? sql`and (c.best_score < ${after.score} or (c.best_score = ${after.score} and c.id > ${after.id}))` : sql``}
            and ${allReadable(schema, actor, object)}
          order by c.best_score desc, c.id limit ${q.limit + 1}`.execute(trx)
        const page = r.rows.slice(0, q.limit)
        return {
          data: await shape(trx, schema, actor, object, page),
          nextCursor: r.rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null,
        }
      },
      { read: true },
    )
  }

  /**
   * "Not duplicates": every pair of the cluster goes to `dedup_dismissed`, so later scans leave it out,
   * and the cluster leaves the open queue. Needs the update right on the object and a cluster the caller
   * sees in full (404 otherwise).
   */
  async function dismiss(actor: Actor, clusterId: string): Promise<DedupReviewCluster> {
    if (!isUuid(clusterId)) throw errors.notFound()
    const id = clusterId.toLowerCase()
    return withWorkspace(db, actor.workspaceId, async (trx, ws) => {
      const schema = await metadata.schemaIn(trx, ws)
      const head = await sql<{ object_name: string }>`select object_name from dedup_cluster
        where workspace_id = ${actor.workspaceId} and id = ${id} for update`.execute(trx)
      const objectName = head.rows[0]?.object_name
      const object = objectName ? schema.objects.get(objectName) : undefined
      if (!object?.isActive || !canObject(actor, object.name, 'read')) throw errors.notFound()
      const r = await sql<ClusterRow>`select c.id, c.object_name, c.status, c.member_ids, c.best_score,
          c.min_score, c.created_at from dedup_cluster c
        where c.workspace_id = ${actor.workspaceId} and c.id = ${id}
          and ${allReadable(schema, actor, object)}`.execute(trx)
      const row = r.rows[0]
      if (!row) throw errors.notFound()
      if (!canScan(actor, object.name)) throw errors.forbidden()
      if (row.status === 'open') {
        await sql`insert into dedup_dismissed (workspace_id, object_name, a_id, b_id, dismissed_by)
          select workspace_id, ${object.name}, a_id, b_id, ${actor.userId}::uuid from dedup_pair
          where workspace_id = ${actor.workspaceId} and cluster_id = ${id}
          on conflict do nothing`.execute(trx)
        await sql`update dedup_cluster set status = 'dismissed', resolved_at = now(),
          resolved_by = ${actor.userId}::uuid where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(
          trx,
        )
        row.status = 'dismissed'
      }
      return (await shape(trx, schema, actor, object, [row]))[0]!
    })
  }

  /** Sets the auto-merge score of an object (admins; null turns it off). */
  async function setSettings(actor: Actor, objectName: string, s: DedupSettings): Promise<DedupSettings> {
    if (!canConfigure(actor)) throw errors.forbidden()
    return withWorkspace(db, actor.workspaceId, async (trx, ws) => {
      const object = objectFor(await metadata.schemaIn(trx, ws), actor, objectName)
      await sql`insert into dedup_setting (workspace_id, object_name, auto_merge_above, updated_by, updated_at)
        values (${actor.workspaceId}, ${object.name}, ${s.autoMergeAbove}, ${actor.userId}::uuid, now())
        on conflict (workspace_id, object_name) do update set auto_merge_above = excluded.auto_merge_above,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(trx)
      return settingsOf(trx, actor, object.name)
    })
  }

  return { state, start, clusters, dismiss, setSettings }
}
