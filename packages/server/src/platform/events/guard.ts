/**
 * Batches that run first without savepoints (one transaction, one round trip per statement fewer per job)
 * and, when anything in that pass fails, again with a savepoint per job, where a job's failure is its own.
 * After a failure the worker stays guarded for a while: a job that keeps failing would otherwise cost every
 * batch it is in twice. Used by the listener workers (subscribe.ts) and batch jobs such as `automation.run`.
 */
export interface BatchGuard {
  /** whether the next batch should run guarded right away */
  readonly now: boolean
  /** the unguarded pass failed: stay guarded for a while */
  failed(): void
  /** batches redone with savepoints after the unguarded pass failed */
  reruns(): number
}

/** How long a worker runs guarded after its unguarded pass failed. */
export const STAY_GUARDED_MS = 60_000

export function batchGuard(stayMs = STAY_GUARDED_MS): BatchGuard {
  let until = 0
  let reruns = 0
  return {
    get now() {
      return Date.now() < until
    },
    failed() {
      until = Date.now() + stayMs
      reruns++
    },
    reruns: () => reruns,
  }
}

/** A job failed in the unguarded pass: its batch is rolled back and runs again with savepoints. */
export class Unguarded extends Error {
  constructor(cause: unknown) {
    super('batch failed without savepoints', { cause })
  }
}

/** Jobs grouped by their workspace, in order: each group is one transaction. */
export function groupByWorkspace<T extends { data: { workspaceId: string } }>(jobs: T[]): T[][] {
  const groups = new Map<string, T[]>()
  for (const j of jobs) {
    const g = groups.get(j.data.workspaceId)
    if (g) g.push(j)
    else groups.set(j.data.workspaceId, [j])
  }
  return [...groups.values()]
}
