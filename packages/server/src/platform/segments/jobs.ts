import { createHash } from 'node:crypto'
import { localDay } from '@kemai/shared/query/time'
import { sql } from 'kysely'
import { type Db, type Tx, withWorkspace } from '../db/tx.ts'
import { enqueue } from '../events/boss.ts'
import { queueExists } from '../events/events.repo.ts'
import { defineJob, type JobDefinition } from '../events/jobs.ts'
import { rootLogger } from '../log.ts'
import type { MetadataService } from '../metadata/service.ts'
import {
  type Cause,
  compileSegment,
  objectTable,
  reconcileSql,
  type SegmentRow,
  segmentEnv,
} from './membership.ts'

export const RECOMPUTE_QUEUE = 'segments.recompute'
export const RECOMPUTE_BATCH = 1000

export interface RecomputeData {
  workspaceId: string
  segmentId: string
  generation: number
  cause: Extract<Cause, 'recompute' | 'drift'>
}

/** One job id per (segment, generation): asking twice for the same recompute enqueues it once. */
function jobId(segmentId: string, generation: number): string {
  const h = createHash('sha256').update(`${segmentId}:${generation}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Enqueues the recompute of a segment's generation in the caller's transaction. */
export async function requestRecompute(trx: Tx, data: RecomputeData): Promise<void> {
  // no queue yet (no worker has started): the worker's sweep enqueues it
  if (!(await queueExists(trx, RECOMPUTE_QUEUE))) return
  await enqueue(trx, RECOMPUTE_QUEUE, data, { id: jobId(data.segmentId, data.generation) })
}

export type RecomputeOutcome = 'done' | 'superseded' | 'gone'

/**
 * Recomputes a segment set-based, one transaction per batch of `batchSize` record ids (in id order): each
 * batch reconciles members and writes entered/left history and events, and moves the segment's cursor, so
 * a crash resumes after the last committed batch. The segment row is locked per batch; a filter change
 * meanwhile bumps its generation and this job stops (the newer job starts over).
 */
export async function recompute(
  deps: { db: Db; metadata: MetadataService },
  data: RecomputeData,
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<RecomputeOutcome | 'paused'> {
  const size = opts.batchSize ?? RECOMPUTE_BATCH
  for (let batch = 0; ; batch++) {
    if (opts.maxBatches !== undefined && batch >= opts.maxBatches) return 'paused'
    const state = await withWorkspace(deps.db, data.workspaceId, async (trx, ws) => {
      const r = await sql<SegmentRow>`select * from segment where workspace_id = ${data.workspaceId}
        and id = ${data.segmentId} for update`.execute(trx)
      const row = r.rows[0]
      if (!row) return 'gone' as const
      if (row.generation !== data.generation) return 'superseded' as const
      if (row.computed_generation >= row.generation) return 'done' as const
      const schema = await deps.metadata.schemaIn(trx, ws)
      const now = new Date()
      const env = await segmentEnv(trx, schema, row, now)
      const seg = env ? compileSegment(row, env) : null
      if (!seg?.bound) {
        await sql`update segment set is_invalid = true, computed_generation = generation, cursor = null
          where workspace_id = ${data.workspaceId} and id = ${row.id}`.execute(trx)
        return 'done' as const
      }
      const next = await sql<{ id: string }>`select id from ${objectTable(schema, row.object_name)}
        where workspace_id = ${data.workspaceId} ${row.cursor ? sql`and id > ${row.cursor}` : sql``}
        order by id offset ${size - 1} limit 1`.execute(trx)
      const upto = next.rows[0]?.id ?? null
      await reconcileSql(
        trx,
        seg,
        { kind: 'range', after: row.cursor, upto },
        {
          cause: data.cause,
          eventId: null,
          actorId: null,
        },
      )
      if (upto === null) {
        await sql`update segment set cursor = null, computed_generation = generation, computed_at = ${now},
          is_invalid = false where workspace_id = ${data.workspaceId} and id = ${row.id}`.execute(trx)
        return 'done' as const
      }
      await sql`update segment set cursor = ${upto} where workspace_id = ${data.workspaceId} and id = ${row.id}`.execute(
        trx,
      )
      return 'more' as const
    })
    if (state !== 'more') return state
  }
}

export function recomputeJob(deps: { db: Db; metadata: MetadataService }): JobDefinition<RecomputeData> {
  return defineJob<RecomputeData>({
    name: RECOMPUTE_QUEUE,
    retryLimit: 5,
    retryDelaySeconds: 5,
    timeoutSeconds: 900,
    concurrency: 1,
    async handle(data) {
      await recompute(deps, data)
    },
  })
}

/**
 * The daily rule for filters with relative dates (docs/segments.md): once per workspace-local day, every
 * such segment gets a new generation and a recompute with cause `drift`. Claimed with one UPDATE, so
 * several workers never recompute the same day twice. It also re-enqueues recomputes that are due but
 * have no job (a segment saved while no worker had created the queue yet). Returns the segments enqueued.
 */
export async function sweep(db: Db, now = new Date()): Promise<number> {
  const spaces = await sql<{
    workspace_id: string
    time_zone: string
  }>`select distinct s.workspace_id, w.time_zone
    from segment s join workspace w on w.id = s.workspace_id
    where (s.is_relative and not s.is_invalid) or s.computed_generation < s.generation`.execute(db)
  let n = 0
  for (const w of spaces.rows) {
    const today = localDay(now.getTime(), w.time_zone)
    n += await withWorkspace(db, w.workspace_id, async (trx) => {
      const drift = await sql<{ id: string; generation: number }>`update segment
        set generation = generation + 1, cursor = null, relative_day = ${today}
        where workspace_id = ${w.workspace_id} and is_relative and not is_invalid
          and computed_generation = generation and (relative_day is null or relative_day < ${today})
        returning id, generation`.execute(trx)
      const pending = await sql<{ id: string; generation: number }>`select id, generation from segment
        where workspace_id = ${w.workspace_id} and computed_generation < generation
          and not (id = any(${drift.rows.map((d) => d.id)}::uuid[]))`.execute(trx)
      for (const d of drift.rows) {
        await requestRecompute(trx, {
          workspaceId: w.workspace_id,
          segmentId: d.id,
          generation: d.generation,
          cause: 'drift',
        })
      }
      for (const p of pending.rows) {
        await requestRecompute(trx, {
          workspaceId: w.workspace_id,
          segmentId: p.id,
          generation: p.generation,
          cause: 'recompute',
        })
      }
      return drift.rows.length + pending.rows.length
    })
  }
  return n
}

/** Runs sweep() now and every `intervalMs` (hourly) in a worker process. */
export function startSweeper(db: Db, intervalMs = 3_600_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve()
  const tick = () => {
    running = sweep(db).catch((err: unknown) =>
      rootLogger.error({ err: err instanceof Error ? err.message : err }, 'segments sweep'),
    )
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
