import { useEffect, useState } from 'react'
import { useMe } from '../../app/session.tsx'
import { canAutomation } from '../permissions.ts'
import { type Workflow, workflowsApi } from './automation-api.ts'

/** A workflow a person can start on records of an object (enabled, published with a manual trigger). */
export interface ManualWorkflow {
  id: string
  name: string
  /** may also start on a list selection (the published trigger's `bulk`) */
  bulk: boolean
}

/**
 * The workflows list, kept for a short while per signed-in user: the record page and the list both ask,
 * and each record opened would otherwise ask again. The settings pages forget it after a change.
 */
const TTL_MS = 30_000
let cached: { key: string; at: number; list: Promise<Workflow[]> } | null = null

export function forgetWorkflows(): void {
  cached = null
}

function workflowsOf(key: string): Promise<Workflow[]> {
  if (cached && cached.key === key && Date.now() - cached.at < TTL_MS) return cached.list
  const list = workflowsApi.list().then((r) => r.data)
  cached = { key, at: Date.now(), list }
  // a failed load is not kept: the next page asks again
  list.catch(() => {
    if (cached?.list === list) cached = null
  })
  return list
}

/** Is the published trigger's `bulk` set? The draft says so when it has no unpublished changes. */
async function publishedBulk(w: Workflow): Promise<boolean> {
  if (!w.hasChanges || w.publishedVersion === null)
    return Boolean((w.draft.trigger as { bulk?: unknown })?.bulk)
  const v = await workflowsApi.version(w.id, w.publishedVersion)
  return Boolean((v.definition.trigger as { bulk?: unknown } | undefined)?.bulk)
}

/**
 * The enabled manual-trigger workflows of an object, for "Run workflow" on its record page and list.
 * Empty for people without the automation right (they cannot list workflows) and while loading; a failed
 * load shows no action rather than an error (the action is an extra, the page works without it).
 */
export function useManualWorkflows(object: string): ManualWorkflow[] {
  const me = useMe()
  const allowed = canAutomation(me, 'read')
  const key = `${me.workspace.id}:${me.user.id}`
  const [list, setList] = useState<ManualWorkflow[]>([])
  useEffect(() => {
    setList([])
    if (!allowed) return
    let live = true
    workflowsOf(key)
      .then((all) =>
        Promise.all(
          all
            .filter((w) => w.triggerType === 'manual' && w.triggerObject === object && w.enabled)
            .map(async (w) => ({
              id: w.id,
              name: w.name,
              bulk: await publishedBulk(w).catch(() => false),
            })),
        ),
      )
      .then((found) => {
        if (live) setList(found.sort((a, b) => a.name.localeCompare(b.name)))
      })
      .catch(() => {
        // no action without the list (see above)
      })
    return () => {
      live = false
    }
  }, [allowed, key, object])
  return list
}
