import type { EventEnvelope } from '@kemai/shared/api/events.api'
import type PgBoss from 'pg-boss'
import { type Db, type Tx, withPlatform } from '../db/tx.ts'
import {
  claimPending,
  outboxLag,
  releaseSavepoint,
  rollbackToSavepoint,
  savepoint,
  txExecutor,
} from './events.repo.ts'
import { type Listener, listenerAccepts, listenerQueue } from './subscribe.ts'

export interface DispatcherOptions {
  db: Db
  boss: PgBoss
  listeners: readonly Listener[]
  /** events moved per transaction (default 500) */
  batchSize?: number
  /** idle poll interval, ms (default 200); notify() wakes it sooner */
  pollMs?: number
  /** called after a batch committed, with the queues that received jobs */
  onDispatched?: (queues: Set<string>) => void
  onError?: (err: unknown) => void
}

export interface DispatcherStats {
  running: boolean
  dispatchedEvents: number
  enqueuedJobs: number
  /** jobs not queued because the listener did not want the event (`Listener.wants`) */
  skippedJobs: number
  batches: number
  lastBatchAt: string | null
  lastError: string | null
}

export interface OutboxMetrics {
  /** events not yet handed to pg-boss */
  pending: number
  /** age of the oldest of them, seconds (null when none): the dispatch lag */
  oldestPendingAgeSeconds: number | null
}

/**
 * Moves outbox events into one pg-boss queue per listener that wants them (fan-out: the listener's event
 * patterns and objects, then its `wants` over the batch). The claim
 * (`dispatched_at = now()`, seq order, SKIP LOCKED) and the job inserts are one transaction, so an event
 * is either dispatched with all its jobs or not at all: never lost, never dispatched twice. The job id
 * is the event id, so even a re-insert into a queue would be ignored.
 */
export function createDispatcher(opts: DispatcherOptions) {
  const { db, boss, listeners } = opts
  const batchSize = opts.batchSize ?? 500
  const pollMs = opts.pollMs ?? 200
  const stats: DispatcherStats = {
    running: false,
    dispatchedEvents: 0,
    enqueuedJobs: 0,
    skippedJobs: 0,
    batches: 0,
    lastBatchAt: null,
    lastError: null,
  }
  let stopping = false
  let wake: (() => void) | null = null
  let nudged = false
  let loop: Promise<void> | null = null

  /** The events `l` wants of those it subscribes to; all of them when its `wants` fails, one when its check does. */
  async function wantedBy(trx: Tx, l: Listener, events: EventEnvelope[]): Promise<EventEnvelope[]> {
    if (!l.wants || events.length === 0) return events
    let keep: (e: EventEnvelope) => boolean
    await savepoint(trx)
    try {
      keep = await l.wants(trx, events)
      await releaseSavepoint(trx)
    } catch (err) {
      await rollbackToSavepoint(trx)
      opts.onError?.(err)
      return events
    }
    return events.filter((e) => {
      try {
        return keep(e)
      } catch (err) {
        opts.onError?.(err)
        return true
      }
    })
  }

  /** Dispatches one batch; returns how many events it moved. */
  async function dispatchOnce(): Promise<number> {
    const queues = new Set<string>()
    let enqueued = 0
    let skipped = 0
    const moved = await withPlatform(db, async (trx) => {
      const events = await claimPending(trx, batchSize)
      if (events.length === 0) return 0
      const jobs: PgBoss.JobInsert<EventEnvelope>[] = []
      for (const l of listeners) {
        const subscribed = events.filter((e) => listenerAccepts(l, e))
        const wanted = await wantedBy(trx, l, subscribed)
        skipped += subscribed.length - wanted.length
        if (wanted.length === 0) continue
        const name = listenerQueue(l.name)
        for (const event of wanted) jobs.push({ id: event.id, name, data: event })
        queues.add(name)
      }
      if (jobs.length > 0) await boss.insert(jobs, { db: txExecutor(trx) })
      enqueued = jobs.length
      return events.length
    })
    if (moved > 0) {
      stats.dispatchedEvents += moved
      stats.enqueuedJobs += enqueued
      stats.skippedJobs += skipped
      stats.batches++
      stats.lastBatchAt = new Date().toISOString()
      if (queues.size > 0) opts.onDispatched?.(queues)
    }
    return moved
  }

  function sleep(ms: number): Promise<void> {
    if (nudged) {
      nudged = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const t = setTimeout(done, ms)
      function done() {
        clearTimeout(t)
        wake = null
        resolve()
      }
      wake = done
    })
  }

  async function run(): Promise<void> {
    let failures = 0
    while (!stopping) {
      let moved = 0
      try {
        moved = await dispatchOnce()
        failures = 0
      } catch (err) {
        stats.lastError = err instanceof Error ? err.message : String(err)
        opts.onError?.(err)
        failures++
      }
      if (stopping) break
      // a full batch means more is waiting: go again at once (but let other work in between)
      if (moved === batchSize) await new Promise((r) => setImmediate(r))
      else await sleep(failures > 0 ? Math.min(pollMs * 2 ** failures, 10_000) : pollMs)
    }
  }

  return {
    start(): void {
      if (loop) return
      stopping = false
      stats.running = true
      loop = run().finally(() => {
        stats.running = false
      })
    },
    /** Wakes the loop now (after a commit that appended events). Cheap; call it freely. */
    notify(): void {
      if (wake) wake()
      else nudged = true
    },
    /** Finishes the batch in progress, then stops. */
    async stop(): Promise<void> {
      stopping = true
      wake?.()
      await loop
      loop = null
    },
    dispatchOnce,
    stats: (): DispatcherStats => ({ ...stats }),
    async lag(): Promise<OutboxMetrics> {
      const l = await outboxLag(db)
      return { pending: l.pending, oldestPendingAgeSeconds: l.oldestAgeSeconds }
    },
  }
}

export type Dispatcher = ReturnType<typeof createDispatcher>
