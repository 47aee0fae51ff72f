import { defineJob, type JobDefinition } from '../events/jobs.ts'
import { type DedupReviewDeps, runScan, SCAN_QUEUE, type ScanJobData } from './scan.ts'

/**
 * The `dedup.scan` queue: one scan of one object (scan.ts). A scan that crashed is retried by pg-boss
 * and starts over; one that failed on its own is marked `failed` and not retried.
 */
export function dedupScanJob(deps: DedupReviewDeps): JobDefinition {
  return defineJob<ScanJobData>({
    name: SCAN_QUEUE,
    concurrency: 1,
    retryLimit: 3,
    retryDelaySeconds: 10,
    timeoutSeconds: 1800,
    async handle(data) {
      await runScan(deps, data)
    },
  }) as JobDefinition
}
