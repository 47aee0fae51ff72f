import type { EventEnvelope } from '@kemai/shared/api/events.api'
import { CompiledQuery, type RawBuilder, sql } from 'kysely'
import type pg from 'pg'
import type { Db, Tx } from '../db/tx.ts'

/** pg-boss's `db` option: run its SQL on this transaction's connection (STACK.md §6). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

export function txExecutor(trx: Tx): SqlExecutor {
  return {
    executeSql: async (text, values) => {
      const r = await trx.executeQuery(CompiledQuery.raw(text, values ?? []))
      return { rows: r.rows as unknown[] }
    },
  }
}

export interface OutboxRow {
  workspaceId: string
  id: string
  type: string
  objectName: string | null
  recordId: string | null
  actorId: string | null
  channel: string | null
  payload: Record<string, unknown>
}

/**
 * Appends one event. The same statement calls pg_notify: PostgreSQL delivers it at commit (and drops it
 * on rollback), which wakes dispatchers in other processes that LISTEN kemai_outbox.
 */
export async function insertOutboxEvent(trx: Tx, row: OutboxRow, notify: boolean): Promise<number> {
  const r = await sql<{ seq: number }>`with ins as (
      insert into outbox_event (workspace_id, id, type, object_name, record_id, actor_id, channel, payload)
      values (${row.workspaceId}, ${row.id}, ${row.type}, ${row.objectName}, ${row.recordId}, ${row.actorId},
        ${row.channel}, ${JSON.stringify(row.payload)}::jsonb)
      returning seq)
    select seq, ${notify ? sql`pg_notify('kemai_outbox', '')` : sql`null`} as n from ins`.execute(trx)
  return r.rows[0]!.seq
}

/** Appends many events with one statement (bulk writes: one round trip per batch, not per record). */
export async function insertOutboxEvents(
  trx: Tx,
  rows: readonly OutboxRow[],
  notify: boolean,
): Promise<void> {
  if (rows.length === 0) return
  await sql`with ins as (${outboxInsertSql(rows)} returning 1)
    select count(*) as n, ${notify ? OUTBOX_NOTIFY : sql`null`} as notified from ins`.execute(trx)
}

/** pg_notify for the outbox channel, as an expression (delivered at commit, dropped on rollback). */
export const OUTBOX_NOTIFY = sql`pg_notify('kemai_outbox', '')`

/** The INSERT of outbox rows as a statement to embed (a data-modifying CTE of a larger write). */
export function outboxInsertSql(rows: readonly OutboxRow[]): RawBuilder<unknown> {
  const values = rows.map(
    (
      row,
    ) => sql`(${row.workspaceId}, ${row.id}, ${row.type}, ${row.objectName}, ${row.recordId}, ${row.actorId},
      ${row.channel}, ${JSON.stringify(row.payload)}::jsonb)`,
  )
  return sql`insert into outbox_event (workspace_id, id, type, object_name, record_id, actor_id, channel, payload)
      values ${sql.join(values)}`
}

interface ClaimedRow {
  workspace_id: string
  id: string
  seq: number
  type: string
  object_name: string | null
  record_id: string | null
  actor_id: string | null
  channel: string | null
  payload: Record<string, unknown>
  created_at: Date
}

/**
 * Marks the oldest undispatched events as dispatched and returns them, in seq order. SKIP LOCKED lets
 * several dispatchers share the outbox; the caller enqueues the jobs in the same transaction, so a
 * rollback un-marks them and a commit publishes both at once.
 */
export async function claimPending(trx: Tx, limit: number): Promise<EventEnvelope[]> {
  const r = await sql<ClaimedRow>`update outbox_event o set dispatched_at = now()
    from (select workspace_id, id from outbox_event where dispatched_at is null
          order by seq limit ${limit} for update skip locked) p
    where o.workspace_id = p.workspace_id and o.id = p.id
    returning o.workspace_id, o.id, o.seq, o.type, o.object_name, o.record_id, o.actor_id, o.channel,
      o.payload, o.created_at`.execute(trx)
  return r.rows.sort((a, b) => a.seq - b.seq).map(toEnvelope)
}

function toEnvelope(r: ClaimedRow): EventEnvelope {
  return {
    id: r.id,
    seq: r.seq,
    type: r.type,
    workspaceId: r.workspace_id,
    objectName: r.object_name,
    recordId: r.record_id,
    actorId: r.actor_id,
    channel: r.channel as EventEnvelope['channel'],
    occurredAt: r.created_at.toISOString(),
    payload: r.payload,
  }
}

export async function outboxLag(db: Db): Promise<{ pending: number; oldestAgeSeconds: number | null }> {
  const r = await sql<{ n: number; age: number | null }>`select count(*)::int as n,
      extract(epoch from now() - min(created_at))::float8 as age
    from outbox_event where dispatched_at is null`.execute(db)
  const row = r.rows[0]
  return { pending: row?.n ?? 0, oldestAgeSeconds: row?.age ?? null }
}

/**
 * Records that `listener` handled `eventId`, in the handler's transaction. False when it already had:
 * the key then exists (or a concurrent attempt holds it, and this waits for that one to commit).
 */
export async function markProcessed(trx: Tx, listener: string, eventId: string): Promise<boolean> {
  const r = await sql`insert into processed_event (listener, event_id) values (${listener}, ${eventId})
    on conflict do nothing returning 1 as x`.execute(trx)
  return r.rows.length === 1
}

/** markProcessed for a whole batch in one statement: the ids not seen before. */
export async function markProcessedMany(
  trx: Tx,
  listener: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set()
  const r = await sql<{ event_id: string }>`insert into processed_event (listener, event_id)
    select ${listener}, unnest(${[...eventIds]}::uuid[])
    on conflict do nothing returning event_id`.execute(trx)
  return new Set(r.rows.map((x) => String(x.event_id).toLowerCase()))
}

// One savepoint per listener job inside the batch transaction: a failing handler undoes only its own work.
export async function savepoint(trx: Tx): Promise<void> {
  await sql`savepoint kemai_job`.execute(trx)
}
export async function releaseSavepoint(trx: Tx): Promise<void> {
  await sql`release savepoint kemai_job`.execute(trx)
}
export async function rollbackToSavepoint(trx: Tx): Promise<void> {
  await sql`rollback to savepoint kemai_job`.execute(trx)
}

/**
 * Listeners' transactions run as kemai_app (withWorkspace) and enqueue or complete jobs in that same
 * transaction, so that role needs the job tables. Permissions on a partitioned table cover inserts
 * through it into the per-queue partitions pg-boss creates later.
 */
export async function grantBossAccess(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`grant usage on schema ${schema} to kemai_app;
      grant select, insert, update, delete on all tables in schema ${schema} to kemai_app;`)
  } catch (err) {
    // two processes starting at once can collide on the catalog ("tuple concurrently updated"); fine if
    // the other one granted
    const r = await pool.query<{ ok: boolean }>(
      `select has_table_privilege('kemai_app', '${schema}.job', 'insert, update') as ok`,
    )
    if (!r.rows[0]?.ok) throw err
  }
}

/**
 * An index in the order pg-boss 10 fetches a queue's jobs (`priority desc, created_on, id` among those not yet
 * active), on the queue's partition. pg-boss's own fetch index (`name, start_after`) cannot give that order,
 * so every fetch read and sorted all ready jobs of the queue: 110 ms per fetch with 20,000 waiting
 * (docs/benchmarks.md, automation). With this one a fetch reads about as many entries as it takes (plus
 * delayed jobs not yet due, skipped in the index by `start_after`).
 */
export async function ensureFetchIndex(pool: pg.Pool, schema: string, queue: string): Promise<void> {
  const r = await pool.query<{ partition_name: string | null }>(
    `select partition_name from ${schema}.queue where name = $1`,
    [queue],
  )
  const table = r.rows[0]?.partition_name
  if (!table) return
  const id = (s: string) => `"${s.replaceAll('"', '""')}"`
  // already there (every start but the first): no statement that would lock the queue's table
  const exists = await pool.query<{ r: string | null }>(`select to_regclass($1) as r`, [
    `${schema}.${id(`${table}_fetch`)}`,
  ])
  if (exists.rows[0]?.r) return
  try {
    await pool.query(`create index if not exists ${id(`${table}_fetch`)} on ${schema}.${id(table)}
      (priority desc, created_on, id) include (start_after) where state < 'active'`)
  } catch (err) {
    // two processes starting at once: the other one created it ("already exists" / catalog unique index)
    const code = (err as { code?: string }).code
    if (code !== '42P07' && code !== '23505') throw err
  }
}

/** Jobs left `active` by a process that died (PGlite only: one process owns the folder). */
export async function activeJobs(pool: pg.Pool, schema: string): Promise<{ name: string; id: string }[]> {
  const r = await pool.query<{ name: string; id: string }>(
    `select name, id from ${schema}.job where state = 'active'`,
  )
  return r.rows
}

/**
 * Whether a worker has created `queue` yet (pg-boss installs its schema and the queues on a worker's start);
 * `enqueue` into a missing queue fails, so a caller that may run first leaves the job to a later sweep.
 */
export async function queueExists(trx: Tx, queue: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select case when to_regnamespace('pgboss') is null then false
      else has_schema_privilege('pgboss', 'usage') end as ok`.execute(trx)
  if (!r.rows[0]?.ok) return false
  const q = await sql<{
    ok: boolean
  }>`select exists (select 1 from pgboss.queue where name = ${queue}) as ok`.execute(trx)
  return q.rows[0]?.ok ?? false
}

/** Whether a job of `queue` whose data contains `data` waits, waits for a retry or runs. */
export async function pendingJobExists(trx: Tx, queue: string, data: object): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select exists (select 1 from pgboss.job where name = ${queue}
      and state < 'completed' and data @> ${JSON.stringify(data)}::jsonb) as ok`.execute(trx)
  return r.rows[0]?.ok ?? false
}

/**
 * Job counts by queue and state, for metrics. Completed jobs are left out: they are most of the table
 * until pg-boss archives them, and counting them would scan it on every scrape.
 */
export async function jobCounts(
  pool: pg.Pool,
  schema: string,
): Promise<{ name: string; state: string; n: number }[]> {
  const r = await pool.query<{ name: string; state: string; n: number }>(
    `select name, state::text as state, count(*)::int as n from ${schema}.job where state <> 'completed' group by 1, 2`,
  )
  return r.rows
}

/** Holds a connection that LISTENs on kemai_outbox (PostgreSQL only). Returns a function that releases it. */
export async function listenOutbox(
  pool: pg.Pool,
  onNotify: () => void,
  onError: (err: Error) => void,
): Promise<() => Promise<void>> {
  const client = await pool.connect()
  let released = false
  const fail = (err: Error) => {
    if (released) return
    released = true
    client.release(err)
    onError(err)
  }
  client.on('notification', onNotify)
  client.on('error', fail)
  await client.query('listen kemai_outbox')
  return async () => {
    if (released) return
    released = true
    client.off('notification', onNotify)
    client.off('error', fail)
    try {
      await client.query('unlisten kemai_outbox')
      client.release()
    } catch (err) {
      client.release(err as Error)
    }
  }
}
