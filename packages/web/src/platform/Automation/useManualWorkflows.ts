import { useEffect, useState } from 'react'
import { useMe } from '../../app/session.tsx'
import { canObject } from '../permissions.ts'
import { type ManualWorkflow, workflowsApi } from './automation-api.ts'

export type { ManualWorkflow } from './automation-api.ts'

/**
 * The manual workflows per object, kept for a short while per signed-in user: the record page and the
 * list both ask, and each record opened would otherwise ask again. The settings pages forget them after a
 * change.
 */
const TTL_MS = 30_000
const cache = new Map<string, { at: number; list: Promise<ManualWorkflow[]> }>()

export function forgetWorkflows(): void {
  cache.clear()
}

function manualOf(key: string, object: string): Promise<ManualWorkflow[]> {
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.list
  const list = workflowsApi.manual(object).then((r) => r.data)
  cache.set(key, { at: Date.now(), list })
  // a failed load is not kept: the next page asks again
  list.catch(() => {
    if (cache.get(key)?.list === list) cache.delete(key)
  })
  return list
}

/**
 * The enabled manual-trigger workflows of an object (`GET /api/v1/workflows/manual`), for "Run workflow"
 * on its record page and list. Anyone who may read the object's records may start them, so anyone who may
 * read it sees them (no automation right needed). Empty while loading; a failed load shows no action
 * rather than an error (the action is an extra, the page works without it).
 */
export function useManualWorkflows(object: string): ManualWorkflow[] {
  const me = useMe()
  const allowed = canObject(me, object, 'read')
  const key = `${me.workspace.id}:${me.user.id}:${object}`
  const [list, setList] = useState<ManualWorkflow[]>([])
  useEffect(() => {
    setList([])
    if (!allowed) return
    let live = true
    manualOf(key, object)
      .then((found) => {
        if (live) setList(found)
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
