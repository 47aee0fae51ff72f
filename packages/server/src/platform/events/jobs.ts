import type PgBoss from 'pg-boss'
import type { Tx } from '../db/tx.ts'

export interface JobContext {
  jobId: string
  /** 1 on the first try */
  attempt: number
}

interface JobOptions {
  name: string
  /** pg-boss retries after a throw or a crash (default 2), delay in seconds, backoff */
  retryLimit?: number
  retryDelaySeconds?: number
  retryBackoff?: boolean
  /**
   * time limit of one run (for a batch: of the whole batch); a job active for longer counts as crashed and
   * is retried (default 300)
   */
  timeoutSeconds?: number
  /** parallel runs in one process (default 2) */
  concurrency?: number
  /**
   * How often an idle worker looks for jobs, on PostgreSQL (default: the process's, 1 s). Jobs enqueued in this
   * process wake a worker at once, but delayed jobs (a workflow's due wait) are found only by polling, so a
   * queue whose jobs must start soon after their time polls more often (at least 0.5, pg-boss's minimum).
   * On PGlite every poll takes the one connection, and the process's interval (2 s) holds for all queues.
   */
  pollingIntervalSeconds?: number
}

/**
 * A plain queue (not fed by the outbox), worked by startEvents: e.g. webhook deliveries. Enqueue with
 * `enqueue(trx, name, data)` so the job exists exactly when the caller's transaction commits.
 * `handle` runs outside any transaction; it opens its own where it writes.
 */
export interface SingleJobDefinition<T extends object = object> extends JobOptions {
  handle(data: T, ctx: JobContext): Promise<void>
  batchSize?: undefined
}

/** A job as a batch handler gets it. */
export interface QueuedJob<T extends object = object> {
  id: string
  data: T
  /** 1 on the first try */
  attempt: number
}

export interface BatchContext {
  /** Marks jobs done in the handler's transaction: they count as done exactly when it commits. */
  complete(trx: Tx, ids: string[]): Promise<void>
}

/**
 * A queue whose jobs are fetched up to `batchSize` at a time and handled together, e.g. so that one
 * transaction does the work of many (and completes them with `ctx.complete`). When `handleBatch` returns,
 * the jobs it did not complete are completed; when it throws, they are failed and retried.
 */
export interface BatchJobDefinition<T extends object = object> extends JobOptions {
  batchSize: number
  handleBatch(jobs: QueuedJob<T>[], ctx: BatchContext): Promise<void>
}

export type JobDefinition<T extends object = object> = SingleJobDefinition<T> | BatchJobDefinition<T>

const JOB_NAME = /^[a-z][a-z0-9_.-]{0,62}$/

/** @example defineJob({ name: 'webhook.deliver', concurrency: 4, async handle(data) { … } }) */
export function defineJob<T extends object>(job: JobDefinition<T>): JobDefinition<T> {
  if (!JOB_NAME.test(job.name)) throw new Error(`invalid job name: ${job.name}`)
  return job
}

export function jobQueueOptions(job: JobDefinition): PgBoss.Queue {
  return {
    name: job.name,
    retryLimit: job.retryLimit ?? 2,
    retryDelay: job.retryDelaySeconds ?? 10,
    retryBackoff: job.retryBackoff ?? true,
    expireInSeconds: job.timeoutSeconds ?? 300,
  }
}
