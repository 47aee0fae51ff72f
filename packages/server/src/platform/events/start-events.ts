import type pg from 'pg'
import type PgBoss from 'pg-boss'
import type { DbKind } from '../db/connect.ts'
import type { Db, Tx } from '../db/tx.ts'
import { rootLogger } from '../log.ts'
import { BOSS_SCHEMA, type BossTuning, completeJobs, createBoss, DEAD_LETTER_QUEUE } from './boss.ts'
import { createDispatcher, type DispatcherStats, type OutboxMetrics } from './dispatcher.ts'
import {
  activeJobs,
  ensureFetchIndex,
  grantBossAccess,
  jobCounts,
  listenOutbox,
  txExecutor,
} from './events.repo.ts'
import { type JobDefinition, jobQueueOptions } from './jobs.ts'
import {
  type ErrorReporter,
  type Listener,
  type ListenerDefaults,
  type ListenerRegistry,
  listenerQueue,
  listenerWorker,
  queueOptionsOf,
} from './subscribe.ts'

export interface StartEventsOptions {
  db: Db
  pool: pg.Pool
  kind: DbKind
  listeners: readonly Listener[] | ListenerRegistry
  /** plain queues worked here too (e.g. webhook deliveries) */
  jobs?: readonly JobDefinition[]
  /** run the outbox dispatcher (default true) */
  dispatch?: boolean
  /** run listener and job workers (default true); an API-only process may turn it off */
  work?: boolean
  dispatcher?: { batchSize?: number; pollMs?: number }
  listenerDefaults?: Partial<ListenerDefaults>
  boss?: Partial<BossTuning>
  /** where errors go (default: console.error); handler errors are retried, this is for the log */
  onError?: ErrorReporter
}

export interface EventsMetrics {
  outbox: OutboxMetrics
  dispatcher: DispatcherStats
  /** jobs by queue: waiting (created), waiting for a retry, running, and failed (until archived) */
  queues: Record<string, { created: number; retry: number; active: number; failed: number }>
  /** jobs whose listener gave up; they wait in the dead-letter queue */
  deadLetters: number
}

export interface EventsRuntime {
  /** Stops dispatching and polling, waits for in-flight jobs to finish (up to timeoutMs), then returns. */
  stop(opts?: { timeoutMs?: number }): Promise<void>
  /** Wakes the dispatcher now; call after a transaction that appended events has committed. */
  notify(): void
  metrics(): Promise<EventsMetrics>
  /** for tests and tools: dispatch one batch now */
  dispatchOnce(): Promise<number>
  boss: PgBoss
}

const defaultReporter: ErrorReporter = (err, where) =>
  rootLogger.error(
    { ...where, err: err instanceof Error ? { message: err.message, stack: err.stack } : err },
    'events',
  )

/**
 * Starts the event machinery on the app's own pool (both `kemai serve`, in-process, and `kemai worker`):
 * pg-boss (installing its schema on first start), one queue per listener and job, the workers, and the
 * outbox dispatcher with its wake-ups (200 ms poll, notify(), and LISTEN kemai_outbox on PostgreSQL).
 */
export async function startEvents(opts: StartEventsOptions): Promise<EventsRuntime> {
  const { db, pool, kind } = opts
  const report = opts.onError ?? defaultReporter
  const listeners = Array.isArray(opts.listeners)
    ? [...opts.listeners]
    : (opts.listeners as ListenerRegistry).list()
  const jobs = opts.jobs ?? []
  const defaults: ListenerDefaults = {
    retryLimit: 5,
    retryDelaySeconds: 5,
    timeoutSeconds: 300,
    concurrency: kind === 'pglite' ? 1 : 2,
    batchSize: 50,
    ...opts.listenerDefaults,
  }
  const { boss, drain } = createBoss(pool, kind, opts.boss ?? {}, (e) => report(e, { where: 'pg-boss' }))
  const workerIds = new Map<string, string[]>()
  /**
   * pg-boss 10 sleeps out the polling interval after every batch, which caps a worker at batchSize per
   * interval. A full batch means more is waiting, so the worker is woken to fetch again at once.
   */
  async function work<T>(
    queue: string,
    batchSize: number,
    fn: (jobs: PgBoss.JobWithMetadata<T>[]) => Promise<void>,
    pollingIntervalSeconds?: number,
  ): Promise<void> {
    let id = ''
    const polling =
      pollingIntervalSeconds !== undefined && kind === 'postgres'
        ? { pollingIntervalSeconds: Math.max(0.5, pollingIntervalSeconds) }
        : {}
    id = await boss.work<T>(queue, { batchSize, includeMetadata: true, ...polling }, async (jobs) => {
      try {
        await fn(jobs)
      } finally {
        if (jobs.length === batchSize) boss.notifyWorker(id)
      }
    })
    workerIds.set(queue, [...(workerIds.get(queue) ?? []), id])
  }

  await boss.start()
  try {
    await grantBossAccess(pool, BOSS_SCHEMA)

    await ensureQueue(boss, { name: DEAD_LETTER_QUEUE, retentionMinutes: 30 * 24 * 60 })
    for (const l of listeners) await ensureQueue(boss, queueOptionsOf(l, defaults), pool)
    for (const j of jobs) await ensureQueue(boss, jobQueueOptions(j), pool)

    if (kind === 'pglite') {
      // The data-folder lock makes this the only process, so an active job belongs to a process that died:
      // fail it now (it is retried) instead of waiting for its expiry.
      for (const j of await activeJobs(pool, BOSS_SCHEMA)) {
        await boss.fail(j.name, j.id, { message: 'process restarted while active' })
      }
    }

    if (opts.work ?? true) {
      for (const l of listeners) {
        const run = listenerWorker(boss, db, l, report)
        for (let i = 0; i < (l.concurrency ?? defaults.concurrency); i++) {
          await work(listenerQueue(l.name), l.batchSize ?? defaults.batchSize, run)
        }
      }
      for (const j of jobs) {
        const handler =
          'handleBatch' in j
            ? async (batch: PgBoss.JobWithMetadata<object>[]) => {
                const complete = (trx: Tx, ids: string[]) => completeJobs(boss, j.name, ids, txExecutor(trx))
                const queued = batch.map((x) => ({ id: x.id, data: x.data, attempt: x.retryCount + 1 }))
                await j.handleBatch(queued, { complete })
              }
            : async ([job]: PgBoss.JobWithMetadata<object>[]) => {
                if (job) await j.handle(job.data, { jobId: job.id, attempt: job.retryCount + 1 })
              }
        for (let i = 0; i < (j.concurrency ?? 2); i++)
          await work<object>(j.name, j.batchSize ?? 1, handler, j.pollingIntervalSeconds)
      }
    }
  } catch (err) {
    await boss.stop({ graceful: false, close: false })
    await drain()
    throw err
  }

  const dispatcher = createDispatcher({
    db,
    boss,
    listeners,
    ...opts.dispatcher,
    onDispatched: (queues) => {
      for (const q of queues) for (const id of workerIds.get(q) ?? []) boss.notifyWorker(id)
    },
    onError: (err) => report(err, { where: 'dispatcher' }),
  })

  let unlisten: (() => Promise<void>) | null = null
  let stopped = false
  async function listen(): Promise<void> {
    try {
      unlisten = await listenOutbox(
        pool,
        () => dispatcher.notify(),
        (err) => {
          report(err, { where: 'listen kemai_outbox' })
          unlisten = null
          if (!stopped) setTimeout(() => void listen(), 1000)
        },
      )
    } catch (err) {
      report(err, { where: 'listen kemai_outbox' })
      if (!stopped) setTimeout(() => void listen(), 1000)
    }
  }
  if (opts.dispatch ?? true) {
    // PGlite has one connection: holding it for LISTEN would block everything else.
    if (kind === 'postgres') await listen()
    dispatcher.start()
  }

  return {
    boss,
    notify: () => dispatcher.notify(),
    dispatchOnce: () => dispatcher.dispatchOnce(),
    async stop({ timeoutMs = 30_000 } = {}) {
      if (stopped) return
      stopped = true
      await dispatcher.stop()
      await unlisten?.()
      await boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs })
      await drain()
    },
    async metrics() {
      const outbox = await dispatcher.lag()
      const queues: EventsMetrics['queues'] = {}
      for (const r of await jobCounts(pool, BOSS_SCHEMA)) {
        queues[r.name] ??= { created: 0, retry: 0, active: 0, failed: 0 }
        const q = queues[r.name]!
        if (r.state in q) q[r.state as keyof typeof q] = r.n
      }
      const dead = queues[DEAD_LETTER_QUEUE]
      return {
        outbox,
        dispatcher: dispatcher.stats(),
        queues,
        deadLetters: dead ? dead.created + dead.retry + dead.active : 0,
      }
    },
  }
}

/**
 * createQueue ignores an existing queue, so updateQueue applies changed retry/expiry settings. Queues that are
 * worked get an index in fetch order (ensureFetchIndex).
 */
async function ensureQueue(boss: PgBoss, q: PgBoss.Queue, pool?: pg.Pool): Promise<void> {
  await boss.createQueue(q.name, q)
  await boss.updateQueue(q.name, q)
  if (pool) await ensureFetchIndex(pool, BOSS_SCHEMA, q.name)
}
