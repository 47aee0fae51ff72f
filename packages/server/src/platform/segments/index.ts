import type { Db } from '../db/tx.ts'
import type { JobDefinition } from '../events/jobs.ts'
import type { Listener } from '../events/subscribe.ts'
import type { MetadataService } from '../metadata/service.ts'
import type { FilterCompiler } from '../records/ports.ts'
import { recomputeJob, startSweeper } from './jobs.ts'
import { segmentsListener } from './listener.ts'
import { createListsService, type ListsService } from './lists.service.ts'
import { setOutboxNotify } from './membership.ts'
import { createSegmentsService, type SegmentsService } from './segments.service.ts'

export interface SegmentsPlatform {
  segments: SegmentsService
  lists: ListsService
  /** the `segments` listener (membership computed on change) */
  listener: Listener
  /** the `segments.recompute` queue */
  jobs: JobDefinition[]
  /** the hourly sweep in a worker process: daily drift recomputes and recomputes without a job */
  startSweeper(): { stop(): Promise<void> }
}

/** Segments and static lists (docs/segments.md), wired by the kernel. */
export function createSegmentsPlatform(deps: {
  db: Db
  metadata: MetadataService
  compileFilter: FilterCompiler
  /** PostgreSQL: appended segment events also wake dispatchers in other processes */
  notifyOutbox: boolean
}): SegmentsPlatform {
  setOutboxNotify(deps.notifyOutbox)
  return {
    segments: createSegmentsService(deps),
    lists: createListsService(deps),
    listener: segmentsListener(deps.metadata),
    jobs: [recomputeJob(deps) as JobDefinition],
    startSweeper: () => startSweeper(deps.db),
  }
}
