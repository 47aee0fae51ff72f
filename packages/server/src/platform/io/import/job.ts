import { defineJob } from '../../events/jobs.ts'
import { IMPORT_QUEUE, type ImportJobData, type RunnerDeps, runImport, undoImport } from './runner.ts'

/**
 * The import queue: a run or an undo of one import. A run hands over to a fresh job every minute, so the
 * time limit only matters for a crashed worker: its job is retried after it and resumes from the cursor.
 */
export const importJob = (deps: RunnerDeps) =>
  defineJob<ImportJobData>({
    name: IMPORT_QUEUE,
    concurrency: 1,
    retryLimit: 10,
    retryDelaySeconds: 5,
    timeoutSeconds: 300,
    async handle(data) {
      if (data.action === 'undo') await undoImport(deps, data)
      else await runImport(deps, data)
    },
  })
