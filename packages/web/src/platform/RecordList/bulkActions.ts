import type { Filter } from '@kemai/shared/query/ast'
import { ApiError } from '../api-client.ts'
import { type BatchRequest, type RecordDto, recordsApi } from '../endpoints.ts'

/**
 * Bulk work on a list's selection through `POST /records/{object}/batch` in `partial` mode: each row
 * succeeds or fails on its own (the one write path: permissions, validation, If-Match, history, events per
 * row), so a refused row is reported by name and the others are done.
 */

/** Which records are selected: some ids of the loaded rows, or every record the filter matches. */
export type Selection = { all: false; ids: ReadonlySet<string> } | { all: true }
export const NO_SELECTION: Selection = { all: false, ids: new Set() }

/** The most a bulk action touches at once from the browser; more is an export/import job's work. */
export const MAX_BULK = 5000
const CHUNK = 200
const ID_PAGE = 500

export interface Target {
  id: string
  version: number
  title: string
}

export interface BulkFailure {
  id: string
  title: string
  message: string
}

export interface BulkOutcome {
  done: string[]
  failed: BulkFailure[]
}

export class TooManyError extends Error {
  constructor(readonly max: number) {
    super(`more than ${max} records`)
  }
}

export function selectedCount(selection: Selection, total: number | undefined): number {
  return selection.all ? (total ?? 0) : selection.ids.size
}

const titleOf = (row: RecordDto, titleField: string) => String(row[titleField] ?? row.id)

/** The records a selection stands for, with the version each was read at (so a stale row gets a 409). */
export async function resolveTargets(
  object: string,
  titleField: string,
  selection: Selection,
  rows: RecordDto[],
  filter: string | null,
): Promise<Target[]> {
  if (!selection.all)
    return rows
      .filter((r) => selection.ids.has(r.id))
      .map((r) => ({ id: r.id, version: r.version, title: titleOf(r, titleField) }))
  const out: Target[] = []
  let cursor: string | null = null
  do {
    const page = await recordsApi.list(object, { filter, limit: ID_PAGE, cursor, count: cursor === null })
    if ((page.total ?? 0) > MAX_BULK) throw new TooManyError(MAX_BULK)
    for (const r of page.data) out.push({ id: r.id, version: r.version, title: titleOf(r, titleField) })
    cursor = page.nextCursor
  } while (cursor)
  return out
}

type Op = BatchRequest['operations'][number]

/** Sends the operations in chunks (partial mode), reporting progress; a refused chunk fails its rows. */
export async function runBulk(
  object: string,
  targets: Target[],
  opOf: (t: Target) => Op,
  onProgress: (done: number, total: number) => void,
  problemTitle: (e: unknown) => string,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: [], failed: [] }
  for (let i = 0; i < targets.length; i += CHUNK) {
    const chunk = targets.slice(i, i + CHUNK)
    try {
      const r = await recordsApi.batch(object, { operations: chunk.map(opOf), partial: true })
      for (const res of r.results) {
        const t = chunk[res.index]
        if (!t) continue
        if (res.ok) outcome.done.push(t.id)
        else outcome.failed.push({ id: t.id, title: t.title, message: rowMessage(res.error) })
      }
    } catch (e) {
      const message = problemTitle(e)
      for (const t of chunk) outcome.failed.push({ id: t.id, title: t.title, message })
      if (e instanceof ApiError && (e.status === 0 || e.status === 401)) break
    }
    onProgress(Math.min(i + CHUNK, targets.length), targets.length)
  }
  return outcome
}

function rowMessage(error: { title: string; errors?: unknown[] } | undefined): string {
  if (!error) return ''
  const details = (error.errors ?? [])
    .map((x) =>
      x && typeof x === 'object' && 'message' in x ? String((x as { message: unknown }).message) : '',
    )
    .filter(Boolean)
  return details.length ? `${error.title}: ${details.join('；')}` : error.title
}

/** Puts deleted records back (the undo of a bulk delete), a few at a time. */
export async function restoreAll(object: string, ids: string[]): Promise<number> {
  let restored = 0
  for (let i = 0; i < ids.length; i += 6) {
    const results = await Promise.allSettled(ids.slice(i, i + 6).map((id) => recordsApi.restore(object, id)))
    restored += results.filter((r) => r.status === 'fulfilled').length
  }
  return restored
}

/** The filter an export of a selection sends: the selected ids, or the list's own filter. */
export function exportFilter(selection: Selection, filter: string | null): string | null {
  if (!selection.all && selection.ids.size)
    return JSON.stringify({ field: 'id', op: 'in', value: [...selection.ids] } satisfies Filter)
  return filter
}
