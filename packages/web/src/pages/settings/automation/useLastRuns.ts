import { useEffect, useState } from 'react'
import { runsApi, type Workflow, type WorkflowRun } from '../../../platform/Automation/automation-api.ts'

const RECENT = 100
const PARALLEL = 4

/**
 * The latest run of each workflow: one page of the newest runs covers the busy ones, then one small call
 * per published workflow not in it (never-published workflows have no runs). `undefined` while loading,
 * `null` for none. A failure leaves the column empty: the list works without it.
 */
export function useLastRuns(
  workflows: Workflow[] | undefined,
  refreshKey: number,
): Map<string, WorkflowRun | null> | undefined {
  const [last, setLast] = useState<Map<string, WorkflowRun | null> | undefined>(undefined)
  const ids = (workflows ?? [])
    .filter((w) => w.publishedVersion !== null)
    .map((w) => w.id)
    .join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: the published ids (as text) and the key decide
  useEffect(() => {
    if (workflows === undefined) return
    const ctl = new AbortController()
    const wanted = ids ? ids.split(',') : []
    ;(async () => {
      const found = new Map<string, WorkflowRun | null>()
      if (wanted.length) {
        const recent = await runsApi.list({ limit: RECENT }, ctl.signal)
        for (const r of recent.data) if (!found.has(r.workflowId)) found.set(r.workflowId, r)
        const rest = recent.nextCursor ? wanted.filter((id) => !found.has(id)) : []
        for (let i = 0; i < rest.length; i += PARALLEL)
          await Promise.all(
            rest.slice(i, i + PARALLEL).map(async (id) => {
              const page = await runsApi.list({ workflowId: id, limit: 1 }, ctl.signal)
              found.set(id, page.data[0] ?? null)
            }),
          )
      }
      for (const w of workflows) if (!found.has(w.id)) found.set(w.id, null)
      if (!ctl.signal.aborted) setLast(found)
    })().catch(() => {
      if (!ctl.signal.aborted) setLast(new Map())
    })
    return () => ctl.abort()
  }, [ids, refreshKey, workflows === undefined])
  return last
}
