import { EVENT_PATTERN, type EventEnvelope, eventTypeMatches } from '@kemai/shared/api/events.api'
import type PgBoss from 'pg-boss'
import { type Actor, systemActor } from '../access/actor.ts'
import { type Db, type Tx, type WorkspaceInfo, withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { completeJobs, DEAD_LETTER_QUEUE, type EnqueueOptions, enqueue } from './boss.ts'
import {
  markProcessed,
  markProcessedMany,
  releaseSavepoint,
  rollbackToSavepoint,
  savepoint,
  txExecutor,
} from './events.repo.ts'
import { batchGuard, groupByWorkspace, Unguarded } from './guard.ts'

export interface ListenerContext {
  /** the handler's transaction, scoped to the event's workspace (RLS). Write only through it. */
  trx: Tx
  workspace: WorkspaceInfo
  /** `systemActor(workspaceId, 'listener:<name>')` */
  actor: Actor
  listener: string
  /** 1 on the first try */
  attempt: number
  /** enqueue a job in this transaction */
  enqueue(queue: string, data: object, opts?: EnqueueOptions): Promise<string>
  /**
   * Does the handler run in a savepoint of its own? The first pass over a batch runs without savepoints (they
   * cost two statements per job and overflow PostgreSQL's subtransaction cache); any error there rolls the
   * whole batch back and it runs again guarded, where a failing handler is rolled back alone. A handler that
   * contains a failure itself (rolls back part of its work and records the failure, as workflow steps do)
   * must do so only when guarded, and throw otherwise.
   */
  guarded: boolean
  /** the events handled in this transaction (this one among them), and a cache that lives as long */
  batch: ListenerBatch
}

export interface ListenerBatch {
  readonly events: readonly EventEnvelope[]
  /**
   * `load()` once per key and transaction: what a handler would otherwise read again for every event (the
   * workspace's workflows, the records of the batch that runs wait on). A failed load is not kept.
   */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>
}

function newBatch(events: readonly EventEnvelope[]): ListenerBatch {
  const memo = new Map<string, Promise<unknown>>()
  return {
    events,
    memo<T>(key: string, load: () => Promise<T>): Promise<T> {
      let p = memo.get(key)
      if (!p) {
        p = load()
        memo.set(key, p)
        p.catch(() => memo.delete(key))
      }
      return p as Promise<T>
    },
  }
}

export interface Listener {
  /** stable, unique: it names the queue and keys processed_event */
  name: string
  /** event type patterns: `record.created`, `record.*`, `*` */
  events: readonly string[]
  /** only events about these objects (events without an object never match) */
  objects?: readonly string[]
  /**
   * Runs at least once per matching event, in a transaction that also records (listener, event id):
   * a retry after a crash or an error never applies twice. Never open another transaction or call
   * pg-boss without `ctx.trx` here: on PGlite the one connection is held by this transaction.
   */
  handle(event: EventEnvelope, ctx: ListenerContext): Promise<void>
  /**
   * Optional: the new events of a batch's first, unguarded pass handled together (in queue order) instead
   * of `handle` on each (`ctx.batch.events` holds the whole batch, those already handled too). Its effects
   * must be those of `handle` on each event in turn. If it throws, the batch is rolled back and redone
   * guarded, through `handle`.
   */
  handleBatch?(events: EventEnvelope[], ctx: ListenerContext): Promise<void>
  /**
   * Optional: which events of a dispatch batch the listener has anything to do with, decided by the
   * dispatcher in its own transaction (across workspaces, as the owner: no RLS) from what exists at dispatch
   * time: no webhook in the workspace, no workflow on the object, nobody following the record. Events it
   * does not want are never queued for it, which saves a job, its fetch, two savepoints and a receipt each.
   * One query per batch at most; when unsure, say yes (`handle` decides again). Something created after the
   * dispatch does not see the events dispatched before it. If it throws, the listener gets every event.
   */
  wants?(trx: Tx, events: readonly EventEnvelope[]): Promise<(event: EventEnvelope) => boolean>
  /** retries after the first failure, with exponential backoff; then the job goes to the dead-letter queue */
  retryLimit?: number
  /** base delay of the backoff, seconds (pg-boss: delay·2ⁿ/2 plus jitter) */
  retryDelaySeconds?: number
  /** a job active for longer counts as crashed: it is failed and retried (also the handler time limit) */
  timeoutSeconds?: number
  /** parallel workers in one process (default 1 on PGlite, 2 on PostgreSQL) */
  concurrency?: number
  /** jobs fetched per poll, handled one transaction each */
  batchSize?: number
}

const LISTENER_NAME = /^[a-z][a-z0-9_-]{0,47}$/

/**
 * Declares an outbox listener (ARCHITECTURE rule 3). Modules list theirs in their manifest; the server
 * passes them all to startEvents.
 *
 * @example defineListener({ name: 'lead-scoring', events: ['record.created', 'record.updated'], objects: ['lead'],
 *   async handle(event, ctx) { … writes through ctx.trx … } })
 */
export function defineListener(listener: Listener): Listener {
  if (!LISTENER_NAME.test(listener.name)) throw new Error(`invalid listener name: ${listener.name}`)
  if (listener.events.length === 0) throw new Error(`listener ${listener.name} subscribes to no events`)
  for (const p of listener.events) {
    if (!EVENT_PATTERN.test(p)) throw new Error(`listener ${listener.name}: invalid event pattern ${p}`)
  }
  return listener
}

/** The listeners of a process, added to by each module. Names are unique. */
export class ListenerRegistry {
  readonly #byName = new Map<string, Listener>()

  add(...listeners: Listener[]): this {
    for (const l of listeners) {
      if (this.#byName.has(l.name)) throw new Error(`listener ${l.name} is registered twice`)
      this.#byName.set(l.name, defineListener(l))
    }
    return this
  }

  list(): Listener[] {
    return [...this.#byName.values()]
  }
}

export const listenerQueue = (name: string): string => `kemai.listener.${name}`

export function listenerAccepts(l: Listener, event: Pick<EventEnvelope, 'type' | 'objectName'>): boolean {
  if (!eventTypeMatches(l.events, event.type)) return false
  if (!l.objects) return true
  return event.objectName !== null && l.objects.includes(event.objectName)
}

export interface ListenerDefaults {
  retryLimit: number
  retryDelaySeconds: number
  timeoutSeconds: number
  concurrency: number
  batchSize: number
}

export function queueOptionsOf(l: Listener, d: ListenerDefaults): PgBoss.Queue {
  return {
    name: listenerQueue(l.name),
    retryLimit: l.retryLimit ?? d.retryLimit,
    retryDelay: l.retryDelaySeconds ?? d.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: l.timeoutSeconds ?? d.timeoutSeconds,
    deadLetter: DEAD_LETTER_QUEUE,
  }
}

export type ErrorReporter = (err: unknown, where: Record<string, unknown>) => void

/**
 * The work() callback of one listener's queue. The batch's jobs run grouped by workspace, one
 * transaction per group (the commit is the costly part: one per batch instead of one per event). For each
 * job the transaction inserts processed_event (listener, event id) and runs the handler unless that key
 * existed; the group's successful jobs are completed in the same transaction, so handler effects,
 * idempotency keys and job completions commit together. The first pass runs without savepoints; if a
 * handler throws, the group's transaction is rolled back and the group runs again guarded (each job in a
 * savepoint, `ctx.guarded`). There a failing handler is rolled back to its savepoint and its job left
 * active; the callback then throws, and pg-boss fails exactly the jobs still active and retries them with
 * backoff. (Savepoints were 6 of 24 statements per event in the automation benchmark once the pg-boss fetch
 * had its index; with up to 50 jobs × their steps, a batch also overflowed the 64 subtransactions PostgreSQL
 * caches per transaction.)
 */
export function listenerWorker(boss: PgBoss, db: Db, l: Listener, report: ErrorReporter) {
  const queue = listenerQueue(l.name)
  type Job = PgBoss.JobWithMetadata<EventEnvelope>

  async function runGroup(
    group: Job[],
    guarded: boolean,
  ): Promise<{ entered: boolean; failed: [Job, unknown][] }> {
    const workspaceId = group[0]!.data.workspaceId
    let entered = false
    const failed: [Job, unknown][] = []
    await withWorkspace(db, workspaceId, async (trx, workspace) => {
      entered = true
      const done: string[] = []
      const batch = newBatch(group.map((j) => j.data))
      // unguarded, the receipts of the whole batch in one statement (a failure rolls them all back)
      const fresh = guarded
        ? null
        : await markProcessedMany(
            trx,
            l.name,
            group.map((j) => j.data.id),
          )
      const context = (attempt: number): ListenerContext => ({
        trx,
        workspace,
        actor: systemActor(workspaceId, `listener:${l.name}`),
        listener: l.name,
        attempt,
        enqueue: (q, data, opts) => enqueue(trx, q, data, opts),
        guarded,
        batch,
      })
      if (fresh && l.handleBatch) {
        // a job repeated within the batch is handled once
        const jobs = group.filter((j) => fresh.delete(j.data.id.toLowerCase()))
        try {
          if (jobs.length > 0)
            await l.handleBatch(
              jobs.map((j) => j.data),
              context(Math.max(...jobs.map((j) => j.retryCount + 1))),
            )
        } catch (err) {
          throw new Unguarded(err)
        }
        done.push(...group.map((j) => j.id))
      }
      for (const job of fresh && l.handleBatch ? [] : group) {
        const event = job.data
        if (guarded) await savepoint(trx)
        try {
          // delete: a job repeated within the batch is handled once
          if (fresh ? fresh.delete(event.id.toLowerCase()) : await markProcessed(trx, l.name, event.id)) {
            await l.handle(event, context(job.retryCount + 1))
          }
          if (guarded) await releaseSavepoint(trx)
          done.push(job.id)
        } catch (err) {
          // unguarded: the whole batch rolls back and runs again guarded
          if (!guarded) throw new Unguarded(err)
          await rollbackToSavepoint(trx)
          failed.push([job, err])
        }
      }
      if (done.length > 0) await completeJobs(boss, queue, done, txExecutor(trx))
    }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found' && !entered) return
      throw err
    })
    return { entered, failed }
  }

  const guard = batchGuard()
  const work = async (jobs: Job[]): Promise<void> => {
    let firstError: unknown
    const fail = (job: Job, err: unknown) => {
      const e = job.data
      report(err, { listener: l.name, eventId: e.id, eventType: e.type, attempt: job.retryCount + 1 })
      firstError ??= err
    }
    for (const group of groupByWorkspace(jobs)) {
      try {
        const r = guard.now
          ? await runGroup(group, true)
          : await runGroup(group, false).catch((err: unknown) => {
              // whatever failed (a handler, the receipts, the completion, the commit): redo it guarded
              guard.failed()
              if (!(err instanceof Unguarded)) report(err, { listener: l.name, where: 'unguarded batch' })
              return runGroup(group, true)
            })
        if (!r.entered) {
          // the workspace is gone: nothing to apply
          await completeJobs(
            boss,
            queue,
            group.map((j) => j.id),
          )
          continue
        }
        for (const [job, err] of r.failed) fail(job, err)
      } catch (err) {
        // the group's transaction failed as a whole (commit, connection): all of it is retried
        for (const job of group) fail(job, err)
      }
    }
    if (firstError !== undefined) throw firstError
  }
  /** batches redone with savepoints after the unguarded pass failed */
  work.guardedReruns = guard.reruns
  return work
}
