import { defineJob, type JobDefinition } from '../../events/jobs.ts'
import { rootLogger } from '../../log.ts'
import {
  continueBuild,
  KEY_BUILD_QUEUE,
  type KeyBuildDeps,
  type KeyBuildOptions,
  keyBuildDataSchema,
  noteBuildError,
  runKeyBuild,
} from './key-build.ts'

const RETRY_LIMIT = 5

/**
 * The `dedup.keys` queue: one build of one object's key index (key-build.ts). A run hands over to a fresh
 * job every minute, so the time limit only matters for a crashed worker: its job is retried after it and
 * resumes from the cursor. A failed batch is retried the same way; when the retries are spent the build
 * is `failed` until the next start or metadata change queues it again.
 */
export function keyBuildJob(deps: KeyBuildDeps, opts: KeyBuildOptions = {}): JobDefinition {
  return defineJob<object>({
    name: KEY_BUILD_QUEUE,
    concurrency: 1,
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: 10,
    timeoutSeconds: 300,
    async handle(raw, ctx) {
      const parsed = keyBuildDataSchema.safeParse(raw)
      if (!parsed.success) {
        rootLogger.warn({ job: ctx.jobId }, 'dedup key build: malformed job data, dropped')
        return
      }
      const data = parsed.data
      try {
        const step = await runKeyBuild(deps, data, opts)
        if (step === 'paused') await continueBuild(deps.db, data)
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        rootLogger.error({ err: message, build: data, attempt: ctx.attempt }, 'dedup key build failed')
        await noteBuildError(deps.db, data, message, ctx.attempt > RETRY_LIMIT)
        throw err
      }
    },
  })
}
