import { defineJob } from '../../events/jobs.ts'
import {
  EXPORT_QUEUE,
  EXPORT_RETRY_LIMIT,
  type ExportJobData,
  type ExportRunnerDeps,
  runExport,
} from './runner.ts'

/**
 * The export queue: one run of one export. One at a time per process (an export is a long read that
 * competes with the users' own queries); a run may take long, so the time limit is generous.
 */
export const exportJob = (deps: ExportRunnerDeps) =>
  defineJob<ExportJobData>({
    name: EXPORT_QUEUE,
    concurrency: 1,
    retryLimit: EXPORT_RETRY_LIMIT,
    retryDelaySeconds: 10,
    timeoutSeconds: 3 * 3600,
    handle: (data, ctx) => runExport(deps, data, ctx),
  })
