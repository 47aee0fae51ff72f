import type { DedupKeyIndex } from '@kemai/shared/api/dedup.api'
import type { ObjectDef } from '@kemai/shared/fields'
import { type RawBuilder, sql } from 'kysely'
import { z } from 'zod'
import { type Db, type Tx, withWorkspace } from '../../db/tx.ts'
import { AppError } from '../../errors.ts'
import { enqueue } from '../../events/boss.ts'
import { pendingJobExists, queueExists } from '../../events/events.repo.ts'
import { rootLogger } from '../../log.ts'
import type { MetadataService, WorkspaceSchema } from '../../metadata/service.ts'
import { table } from '../context.ts'
import { rowToRecord, selectColumns } from '../shape.ts'
import { keysOf, rulesFor } from './rules.ts'

/**
 * The background build of the duplicate check's key index (docs/dedup.md "The key index"). When an
 * object's rules change (their blocking part), its check is turned on, or its records predate the index,
 * the pg-boss job `dedup.keys` derives the keys of every record again, 1,000 records per transaction, its
 * progress in `dedup_key_state`. The write path keeps writing the keys of the records it writes with the
 * current rules meanwhile, so when the build ends every record has the keys of the current rules.
 */

export const KEY_BUILD_QUEUE = 'dedup.keys'
/** records per transaction */
export const KEY_BUILD_BATCH = 1000
/** a job hands over to a fresh one after this long, so a crashed worker's job is retried soon */
const SLICE_MS = 60_000

/** One build: the rules hash it builds, so a job of older rules stops when they change again. */
export const keyBuildDataSchema = z.object({
  workspaceId: z.uuid(),
  object: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
  hash: z.string().regex(/^[0-9a-f]{16}$/),
})
export type KeyBuildData = z.infer<typeof keyBuildDataSchema>

export interface KeyBuildDeps {
  db: Db
  metadata: MetadataService
}

interface StateRow {
  object_name: string
  rules_hash: string
  status: 'building' | 'ready' | 'failed'
  cursor: string | null
  done: number
  total: number | null
  started_at: Date | null
  built_at: Date | null
  error: string | null
}

/**
 * Enqueues a build's job in the caller's transaction, unless one of it waits or runs already. False when no
 * worker has created the queue yet: a worker's start (resumeKeyBuilds) enqueues it then.
 */
async function enqueueBuild(trx: Tx, data: KeyBuildData): Promise<boolean> {
  if (!(await queueExists(trx, KEY_BUILD_QUEUE))) return false
  if (!(await pendingJobExists(trx, KEY_BUILD_QUEUE, data))) await enqueue(trx, KEY_BUILD_QUEUE, data)
  return true
}

/**
 * Brings the key-index state of a workspace's objects up to their rules, in the caller's transaction (a
 * metadata change, a new workspace, the start): an object with the check on whose keys were built with
 * other rules, or never, gets a new build (`building` from its first record, the job enqueued; an object
 * without records is `ready` at once); a build of the current rules without a waiting or running job
 * (crashed, retries spent, asked before a worker had created the queue) is enqueued again and resumes at
 * its cursor. An object whose check is off loses its state (turning it on again rebuilds), a deleted one
 * also its keys. Inactive objects are left as they are. Returns the objects with a build whose job is now
 * waiting (enqueued here or before).
 */
export async function requestKeyBuilds(trx: Tx, schema: WorkspaceSchema): Promise<string[]> {
  const ws = schema.workspaceId
  const rows = await sql<StateRow>`select object_name, rules_hash, status from dedup_key_state
    where workspace_id = ${ws}`.execute(trx)
  const states = new Map(rows.rows.map((r) => [r.object_name, r]))
  const queued: string[] = []
  for (const name of states.keys()) {
    if (schema.objects.has(name)) continue
    await sql`delete from dedup_key where workspace_id = ${ws} and object_name = ${name}`.execute(trx)
    await sql`delete from dedup_key_state where workspace_id = ${ws} and object_name = ${name}`.execute(trx)
  }
  for (const object of schema.objects.values()) {
    if (!object.isActive) continue
    const state = states.get(object.name)
    const rules = rulesFor(object)
    if (!rules) {
      if (state)
        await sql`delete from dedup_key_state where workspace_id = ${ws}
          and object_name = ${object.name}`.execute(trx)
      continue
    }
    const data = { workspaceId: ws, object: object.name, hash: rules.hash }
    if (state?.rules_hash === rules.hash) {
      if (state.status !== 'ready' && (await enqueueBuild(trx, data))) queued.push(object.name)
      continue
    }
    const any = await sql<{ id: string }>`select id from ${table({ schema, object })}
      where workspace_id = ${ws} limit 1`.execute(trx)
    if (any.rows.length === 0) {
      // nothing to index (a new workspace or object): whatever keys are left name no record
      await sql`delete from dedup_key where workspace_id = ${ws} and object_name = ${object.name}`.execute(
        trx,
      )
      await upsertState(trx, data, sql`'ready', null, 0, 0, now(), now()`)
      continue
    }
    await upsertState(trx, data, sql`'building', null, 0, null, now(), null`)
    if (await enqueueBuild(trx, data)) queued.push(object.name)
  }
  return queued
}

/** `values`: status, cursor, done, total, started_at, built_at */
async function upsertState(trx: Tx, data: KeyBuildData, values: RawBuilder<unknown>): Promise<void> {
  await sql`insert into dedup_key_state
      (workspace_id, object_name, rules_hash, status, cursor, done, total, started_at, built_at)
    values (${data.workspaceId}, ${data.object}, ${data.hash}, ${values})
    on conflict (workspace_id, object_name) do update set rules_hash = excluded.rules_hash,
      status = excluded.status, cursor = null, done = excluded.done, total = excluded.total,
      started_at = excluded.started_at, built_at = excluded.built_at, error = null`.execute(trx)
}

export type BuildStep = 'more' | 'done' | 'stopped'

/**
 * One batch of a build, in its own transaction: the state row is locked, the next `batchSize` records
 * after its cursor (deleted ones too: a restored record is found again) are read `FOR SHARE`, so an edit
 * running at the same time rewrites its record's keys before or after this batch and never in between,
 * their keys replaced, and the cursor moved. `stopped`: the build is superseded (the rules changed again,
 * the check was turned off), finished, or its object or workspace is gone.
 */
export async function buildBatch(
  deps: KeyBuildDeps,
  data: KeyBuildData,
  batchSize = KEY_BUILD_BATCH,
): Promise<BuildStep> {
  try {
    return await withWorkspace(deps.db, data.workspaceId, async (trx, ws) => {
      // waits for a lock give up before PostgreSQL's deadlock check (1 s) would pick a victim: this batch
      // is the one to yield (runKeyBuild tries it again), not a user's write or metadata change
      await sql`set local lock_timeout = '500ms'`.execute(trx)
      const schema = await deps.metadata.schemaIn(trx, ws)
      const object = schema.objects.get(data.object)
      const rules = object ? rulesFor(object) : null
      if (!object) return 'stopped'
      const t = table({ schema, object })
      // the table before the state row, in the order a metadata change takes them (its DDL, then
      // requestKeyBuilds), so the two never wait for each other in a circle
      await sql`lock table ${t} in access share mode`.execute(trx)
      const r = await sql<StateRow>`select rules_hash, status, cursor, done, total from dedup_key_state
        where workspace_id = ${data.workspaceId} and object_name = ${data.object} for update`.execute(trx)
      const state = r.rows[0]
      if (!state || state.rules_hash !== data.hash || state.status === 'ready') return 'stopped'
      if (rules?.hash !== data.hash) return 'stopped'
      const total =
        state.total ??
        (
          await sql<{ n: number }>`select count(*)::int as n from ${t}
          where workspace_id = ${data.workspaceId}`.execute(trx)
        ).rows[0]!.n
      const fields = object.fields.filter((f) => f.isActive && rules.keyFields.has(f.name))
      const cols = selectColumns(fields)
      const rows = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
        from ${t} as t where t.workspace_id = ${data.workspaceId}
          ${state.cursor ? sql`and t.id > ${state.cursor}::uuid` : sql``}
        order by t.id limit ${batchSize} for share`.execute(trx)
      const ids: string[] = []
      const keys: string[] = []
      const owners: string[] = []
      for (const row of rows.rows) {
        const rec = rowToRecord(row, fields)
        ids.push(rec.id)
        for (const k of keysOf(rules, rec)) {
          keys.push(k)
          owners.push(rec.id)
        }
      }
      if (ids.length > 0) {
        await sql`delete from dedup_key where workspace_id = ${data.workspaceId}
          and object_name = ${data.object} and record_id = any(${ids}::uuid[])`.execute(trx)
        if (keys.length > 0)
          await sql`insert into dedup_key (workspace_id, object_name, key, record_id)
            select ${data.workspaceId}::uuid, ${data.object}, u.key, u.record_id
            from unnest(${keys}::text[], ${owners}::uuid[]) as u(key, record_id)
            on conflict do nothing`.execute(trx)
      }
      const finished = ids.length < batchSize
      const done = Number(state.done) + ids.length
      await sql`update dedup_key_state set cursor = ${ids.at(-1) ?? state.cursor}::uuid, done = ${done},
          total = ${finished ? Math.max(done, total) : total}, error = null,
          status = ${finished ? 'ready' : 'building'}, built_at = ${finished ? sql`now()` : sql`null`}
        where workspace_id = ${data.workspaceId} and object_name = ${data.object}`.execute(trx)
      return finished ? 'done' : 'more'
    })
  } catch (err) {
    // the workspace was deleted meanwhile (withWorkspace finds no row)
    if (err instanceof AppError && err.code === 'not_found') return 'stopped'
    throw err
  }
}

export interface KeyBuildOptions {
  /** records per transaction (KEY_BUILD_BATCH) */
  batchSize?: number
  /** a run pauses (the job hands over) after this long */
  sliceMs?: number
  /**
   * rest after each batch, as a share of the time it took: PGlite has one connection, and a request that
   * needs several transactions would otherwise wait for a batch before each of them (the kernel sets 1 there)
   */
  restRatio?: number
}

/**
 * Runs a build's batches until it is done or stopped, or `sliceMs` has passed (`paused`: the job hands over
 * to a fresh one). A run after a crash continues from the last committed batch's cursor.
 */
export async function runKeyBuild(
  deps: KeyBuildDeps,
  data: KeyBuildData,
  opts: KeyBuildOptions = {},
): Promise<BuildStep | 'paused'> {
  const until = Date.now() + (opts.sliceMs ?? SLICE_MS)
  let waits = 0
  for (;;) {
    let step: BuildStep
    const began = Date.now()
    try {
      step = await buildBatch(deps, data, opts.batchSize)
    } catch (err) {
      // a lock held by a write or a metadata change: the batch yielded and comes again
      if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE || ++waits > MAX_LOCK_WAITS) throw err
      await new Promise((r) => setTimeout(r, 100 * Math.min(waits, 10)))
      continue
    }
    waits = 0
    if (step !== 'more') return step
    if (Date.now() >= until) return 'paused'
    // PGlite answers within the same turn of the event loop: without a turn between batches no request
    // would even be read until the build ends (the outbox dispatcher yields the same way)
    const rest = Math.min(1000, (Date.now() - began) * (opts.restRatio ?? 0))
    await new Promise((r) => (rest >= 1 ? setTimeout(r, rest) : setImmediate(r)))
  }
}

const LOCK_NOT_AVAILABLE = '55P03'
const MAX_LOCK_WAITS = 50

/** Records a build's failure on its state: `failed` when the job will not be retried (`final`). */
export async function noteBuildError(
  db: Db,
  data: KeyBuildData,
  message: string,
  final: boolean,
): Promise<void> {
  await withWorkspace(db, data.workspaceId, (trx) =>
    sql`update dedup_key_state set error = ${message.slice(0, 500)},
        status = case when ${final} then 'failed' else status end
      where workspace_id = ${data.workspaceId} and object_name = ${data.object}
        and rules_hash = ${data.hash} and status <> 'ready'`.execute(trx),
  ).catch((err: unknown) =>
    rootLogger.error({ err: err instanceof Error ? err.message : err, build: data }, 'dedup key build: note'),
  )
}

/** Hands a paused build over to a fresh job. */
export async function continueBuild(db: Db, data: KeyBuildData): Promise<void> {
  await withWorkspace(db, data.workspaceId, (trx) => enqueue(trx, KEY_BUILD_QUEUE, data))
}

/**
 * A worker's start: every unfinished build (and any object whose state is behind its rules) of every
 * workspace with one gets its job, unless one waits or runs. Returns the builds with a job waiting.
 */
export async function resumeKeyBuilds(deps: KeyBuildDeps): Promise<number> {
  const r = await sql<{ workspace_id: string }>`select distinct workspace_id from dedup_key_state
    where status <> 'ready'`.execute(deps.db)
  let n = 0
  for (const w of r.rows) {
    n += await withWorkspace(deps.db, w.workspace_id, async (trx, ws) => {
      const schema = await deps.metadata.schemaIn(trx, ws)
      return (await requestKeyBuilds(trx, schema)).length
    })
  }
  return n
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/**
 * The key index of an object as the API shows it; null when its check is off. A state behind the rules (not
 * reconciled yet: before the first start of a new version) counts as a build that has not started.
 */
export async function keyIndexOf(
  trx: Tx,
  workspaceId: string,
  object: ObjectDef,
): Promise<DedupKeyIndex | null> {
  const rules = rulesFor(object)
  if (!rules) return null
  const r = await sql<StateRow>`select rules_hash, status, done, total, started_at, built_at, error
    from dedup_key_state where workspace_id = ${workspaceId} and object_name = ${object.name}`.execute(trx)
  const s = r.rows[0]
  if (!s || s.rules_hash !== rules.hash)
    return { status: 'building', done: 0, total: null, startedAt: null, builtAt: null, error: null }
  return {
    status: s.status,
    done: Number(s.done),
    total: s.total === null ? null : Number(s.total),
    startedAt: iso(s.started_at),
    builtAt: iso(s.built_at),
    error: s.error,
  }
}
