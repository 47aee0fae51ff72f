/**
 * Prev / next on the record page walk the list the user came from. The list saves the ordered ids it
 * has loaded under its URL (`/o/person?filter=…&sort=…`) in sessionStorage when a row is opened, and
 * passes that URL as `state.from` of the navigation (it already does, for the back link). The record
 * page finds its id in that list. sessionStorage: per tab, kept across a reload, gone with the tab.
 */

const PREFIX = 'kemai.list:'
/** a loaded list is at most a few thousand rows; more would only bloat the tab's storage */
export const MAX_IDS = 5000
/** lists remembered per tab; the oldest goes first */
const MAX_LISTS = 20

export interface Neighbours {
  prev: string | null
  next: string | null
  /** 0-based position of the record in the list */
  index: number
  /** ids the list had loaded (not the list's total) */
  loaded: number
}

function session(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

/** Called by the list when a row is opened: `saveListContext(from, rows.map((r) => r.id))`. */
export function saveListContext(listUrl: string, ids: readonly string[]): void {
  const store = session()
  if (!store) return
  const key = PREFIX + listUrl
  const value = JSON.stringify({ at: Date.now(), ids: ids.slice(0, MAX_IDS) })
  try {
    store.removeItem(key)
    prune(store)
    store.setItem(key, value)
  } catch {
    // storage full or disabled: no prev / next, nothing else breaks
  }
}

/** The ids saved for a list URL, or null when that list saved none (or they are unreadable). */
export function loadListContext(listUrl: string): string[] | null {
  const raw = session()?.getItem(PREFIX + listUrl)
  if (!raw) return null
  try {
    const parsed: unknown = JSON.parse(raw)
    const ids = (parsed as { ids?: unknown }).ids
    return Array.isArray(ids) && ids.every((x) => typeof x === 'string') ? ids : null
  } catch {
    return null
  }
}

/** The records before and after `id` in the list it was opened from; null when it is not in it. */
export function neighboursIn(listUrl: string | null | undefined, id: string): Neighbours | null {
  if (!listUrl) return null
  const ids = loadListContext(listUrl)
  const index = ids?.indexOf(id) ?? -1
  if (!ids || index < 0) return null
  return {
    prev: index > 0 ? (ids[index - 1] ?? null) : null,
    next: ids[index + 1] ?? null,
    index,
    loaded: ids.length,
  }
}

function prune(store: Storage): void {
  const saved: { key: string; at: number }[] = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (!key?.startsWith(PREFIX)) continue
    let at = 0
    try {
      at = Number((JSON.parse(store.getItem(key) ?? '{}') as { at?: unknown }).at) || 0
    } catch {
      // unreadable: oldest
    }
    saved.push({ key, at })
  }
  saved.sort((a, b) => a.at - b.at)
  for (const s of saved.slice(0, Math.max(0, saved.length - (MAX_LISTS - 1)))) store.removeItem(s.key)
}
