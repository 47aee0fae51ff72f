import type pg from 'pg'
import PgBoss from 'pg-boss'
import type { DbKind } from '../db/connect.ts'
import type { Tx } from '../db/tx.ts'
import { type SqlExecutor, txExecutor } from './events.repo.ts'

export const BOSS_SCHEMA = 'pgboss'
/** Where a listener's job goes after its last retry fails. Nothing works this queue; it is kept for inspection. */
export const DEAD_LETTER_QUEUE = 'kemai.dead-letter'

export interface BossTuning {
  /** how often an idle worker polls its queue; dispatches in this process wake workers at once */
  pollingIntervalSeconds: number
  /** how often pg-boss fails expired active jobs (a crashed worker's) and archives old ones */
  maintenanceIntervalSeconds: number
}

export const DEFAULT_TUNING: Record<DbKind, BossTuning> = {
  // PGlite: one process owns the database, so every dispatch is in-process and wakes the worker directly;
  // polling only picks up delayed jobs and retries, and each poll takes the single connection.
  pglite: { pollingIntervalSeconds: 2, maintenanceIntervalSeconds: 30 },
  postgres: { pollingIntervalSeconds: 1, maintenanceIntervalSeconds: 30 },
}

// pg-boss 10 calls complete() and fail() after a work() callback without awaiting them, so a failure
// there (pool closed during shutdown, connection lost) would be an unhandled rejection that ends the
// process. For us both are safe to lose: listeners complete their job inside their own transaction, and
// a job left active expires and is retried (processed_event keeps the retry from applying twice).
const UNAWAITED = [
  /SET completed_on = now\(\),\s+state = 'completed'/,
  /WITH deleted_jobs AS \(\s+DELETE FROM/,
]

/** pg-boss on the app's own pool, with in-flight statements tracked so stop() can wait for them. */
export interface Boss {
  boss: PgBoss
  /** resolves when no pg-boss statement is running */
  drain(): Promise<void>
}

export function createBoss(
  pool: pg.Pool,
  kind: DbKind,
  tuning: Partial<BossTuning>,
  onError: (e: Error) => void,
) {
  const t = { ...DEFAULT_TUNING[kind], ...tuning }
  const inFlight = new Set<Promise<unknown>>()
  const executor: SqlExecutor = {
    executeSql: (text, values) => {
      const p = pool.query(text, values as unknown[]).then(
        (r) => r as { rows: unknown[] },
        (err: Error) => {
          if (!UNAWAITED.some((re) => re.test(text))) throw err
          onError(err)
          return { rows: [{ count: 0 }] }
        },
      )
      inFlight.add(p)
      void p.finally(() => inFlight.delete(p)).catch(() => {})
      return p
    },
  }
  const boss = new PgBoss({
    db: executor,
    schema: BOSS_SCHEMA,
    // cron is not used; it would add a polling timekeeper
    schedule: false,
    pollingIntervalSeconds: t.pollingIntervalSeconds,
    maintenanceIntervalSeconds: t.maintenanceIntervalSeconds,
    // completed jobs move to the archive after an hour (default 12 h): keeps the job table, its fetch
    // and the metrics query small; the archive is dropped after 7 days
    archiveCompletedAfterSeconds: 3600,
  })
  boss.on('error', onError)
  return {
    boss,
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
  } satisfies Boss
}

// Used only with an explicit `db` (a transaction), so it never touches a pool and needs no start().
const sender = new PgBoss({
  db: {
    executeSql: () => {
      throw new Error('enqueue needs a transaction')
    },
  },
  schema: BOSS_SCHEMA,
})

export interface EnqueueOptions {
  /** seconds from now, or a Date */
  startAfter?: number | Date
  /** job id (uuid); a second insert with the same id in the same queue is ignored */
  id?: string
  priority?: number
}

/**
 * Enqueues a job in the caller's transaction: it exists exactly when the transaction commits
 * (CONVENTIONS rule 9). The queue must have been created (startEvents creates its listeners' and jobs').
 */
export async function enqueue(
  trx: Tx,
  queue: string,
  data: object,
  opts: EnqueueOptions = {},
): Promise<string> {
  const id = await sender.send(queue, data, { ...opts, db: txExecutor(trx) } as PgBoss.SendOptions)
  // insertJob joins the queue table: a missing queue inserts nothing and returns null
  if (!id && !opts.id) throw new Error(`pg-boss queue "${queue}" does not exist`)
  return id ?? opts.id!
}

/**
 * Enqueues several jobs (of any queues) in one statement, in the caller's transaction, as enqueue does
 * one. A job of a queue that does not exist is not inserted (the queues of the engine always exist).
 */
export async function enqueueMany(
  trx: Tx,
  jobs: readonly { queue: string; data: object; opts?: EnqueueOptions }[],
): Promise<void> {
  if (jobs.length === 0) return
  await sender.insert(
    jobs.map(({ queue, data, opts = {} }) => ({
      name: queue,
      data,
      ...(opts.id !== undefined ? { id: opts.id } : {}),
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
      ...(opts.startAfter !== undefined
        ? {
            startAfter:
              opts.startAfter instanceof Date ? opts.startAfter.toISOString() : String(opts.startAfter),
          }
        : {}),
    })),
    { db: txExecutor(trx) },
  )
}

/**
 * Completes jobs, in the caller's transaction when `db` is given. The call is (name, ids, data, options):
 * pg-boss 10 reads a third argument as output data, not options.
 */
export function completeJobs(boss: PgBoss, queue: string, ids: string[], db?: PgBoss.Db): Promise<void> {
  const complete = boss.complete as (
    name: string,
    ids: string[],
    data: object,
    o?: PgBoss.ConnectionOptions,
  ) => Promise<void>
  return complete.call(boss, queue, ids, {}, db ? { db } : {})
}
