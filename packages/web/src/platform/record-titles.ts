import { useEffect, useSyncExternalStore } from 'react'
import { recordsApi } from './endpoints.ts'

/**
 * Titles of related records (a person's company shows as its name, not its id). Cells ask for the
 * title of `target:id`; the ids asked for in one tick are fetched together, one list call per target
 * object with an `id in […]` filter, and kept for the session. `null` = not readable / not found.
 */

type Key = `${string}:${string}`
const titles = new Map<Key, string | null>()
const inflight = new Set<Key>()
const queued = new Map<string, { titleField: string; ids: Set<string> }>()
const listeners = new Set<() => void>()
let scheduled = false
let version = 0

const CHUNK = 200

function notify(): void {
  version++
  for (const l of listeners) l()
}

async function fetchTarget(target: string, titleField: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    try {
      const r = await recordsApi.list(target, {
        filter: { field: 'id', op: 'in', value: chunk },
        limit: chunk.length,
      })
      for (const rec of r.data) {
        const t = rec[titleField]
        titles.set(`${target}:${rec.id}`, typeof t === 'string' && t ? t : String(t ?? ''))
      }
    } catch {
      // no read right on the target (or it went away): those ids stay unnamed
    }
    for (const id of chunk) {
      const key: Key = `${target}:${id}`
      inflight.delete(key)
      if (!titles.has(key)) titles.set(key, null)
    }
    notify()
  }
}

function flush(): void {
  scheduled = false
  const batch = [...queued.entries()]
  queued.clear()
  for (const [target, { titleField, ids }] of batch) void fetchTarget(target, titleField, [...ids])
}

/** Asks for titles without rendering them (a page of rows asks for all its relation values at once). */
export function requestTitles(target: string, titleField: string, ids: Iterable<string>): void {
  for (const id of ids) {
    const key: Key = `${target}:${id}`
    if (titles.has(key) || inflight.has(key)) continue
    inflight.add(key)
    let q = queued.get(target)
    if (!q) {
      q = { titleField, ids: new Set() }
      queued.set(target, q)
    }
    q.ids.add(id)
  }
  if (!scheduled && queued.size > 0) {
    scheduled = true
    queueMicrotask(flush)
  }
}

/** Remembers a title the app already knows (a record it just created or opened). */
export function rememberTitle(target: string, id: string, title: string): void {
  titles.set(`${target}:${id}`, title)
  notify()
}

/** For tests: forget everything. */
export function clearTitles(): void {
  titles.clear()
  inflight.clear()
  queued.clear()
  notify()
}

function subscribe(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

/** `undefined` while loading, `null` when it cannot be named. */
export function useRecordTitle(target: string, titleField: string, id: string): string | null | undefined {
  useSyncExternalStore(subscribe, () => version)
  useEffect(() => {
    if (id) requestTitles(target, titleField, [id])
  }, [target, titleField, id])
  return titles.get(`${target}:${id}`)
}

/** A title already known (no request): filter chips name the records they test. */
export function knownTitle(target: string, id: string): string | undefined {
  return titles.get(`${target}:${id}`) ?? undefined
}
