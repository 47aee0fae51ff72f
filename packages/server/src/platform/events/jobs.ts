import type PgBoss from 'pg-boss'

export interface JobContext {
  jobId: string
  /** 1 on the first try */
  attempt: number
}

/**
 * A plain queue (not fed by the outbox), worked by startEvents: e.g. webhook deliveries. Enqueue with
 * `enqueue(trx, name, data)` so the job exists exactly when the caller's transaction commits.
 * `handle` runs outside any transaction; it opens its own where it writes.
 */
export interface JobDefinition<T extends object = object> {
  name: string
  handle(data: T, ctx: JobContext): Promise<void>
  /** pg-boss retries after a throw or a crash (default 2), delay in seconds, backoff */
  retryLimit?: number
  retryDelaySeconds?: number
  retryBackoff?: boolean
  /** time limit of one run; a job active for longer counts as crashed and is retried (default 300) */
  timeoutSeconds?: number
  /** parallel runs in one process (default 2) */
  concurrency?: number
}

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
