import type { Filter } from '@kemai/shared/query/ast'
import { OPERATORS_BY_FIELD_TYPE } from '@kemai/shared/query/operators'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'

/**
 * The quick filter of a list (a search box and one picker per select field) as a filter-language AST
 * (ARCHITECTURE rule 2). The URL keeps the AST itself (`?filter=<json>&sort=a,-b`), exactly what the
 * records API takes, so a reload, back/forward or a shared link lists the same records; the toolbar
 * reads its state back from the AST, and an AST it did not build shows as a "custom filter".
 */
export interface QuickFilter {
  q: string
  /** select field → chosen values */
  selects: Record<string, string[]>
}

export const EMPTY_QUICK_FILTER: QuickFilter = { q: '', selects: {} }

/** Paths the search box looks in: every active field that supports `contains`, and address text. */
export function searchPaths(object: ObjectMeta): string[] {
  const paths: string[] = []
  for (const f of object.fields) {
    if (!f.isActive) continue
    if (OPERATORS_BY_FIELD_TYPE[f.type].includes('contains')) paths.push(f.name)
    else if (f.type === 'address') paths.push(`${f.name}.text`)
  }
  return paths
}

/** Select fields offered as pickers in the toolbar. */
export function quickSelectFields(object: ObjectMeta): FieldMeta[] {
  return object.fields.filter((f) => f.isActive && f.type === 'select')
}

export function buildQuickFilter(object: ObjectMeta, state: QuickFilter): Filter | null {
  const parts: Filter[] = []
  const q = state.q.trim()
  if (q) {
    const paths = searchPaths(object)
    if (paths.length) parts.push({ or: paths.map((field) => ({ field, op: 'contains' as const, value: q })) })
  }
  for (const f of quickSelectFields(object)) {
    const values = state.selects[f.name]
    if (values?.length) parts.push({ field: f.name, op: 'in', value: values })
  }
  return parts.length ? { and: parts } : null
}

/** The quick-filter state an AST stands for, or null when the toolbar could not have built it. */
export function parseQuickFilter(object: ObjectMeta, filter: Filter | null): QuickFilter | null {
  if (!filter) return EMPTY_QUICK_FILTER
  const parts = 'and' in filter ? filter.and : [filter]
  const searchable = new Set(searchPaths(object))
  const selectable = new Set(quickSelectFields(object).map((f) => f.name))
  const state: QuickFilter = { q: '', selects: {} }
  for (const p of parts) {
    if ('or' in p) {
      if (state.q || p.or.length === 0) return null
      let q: string | null = null
      for (const c of p.or) {
        if (!('field' in c) || c.op !== 'contains' || typeof c.value !== 'string') return null
        if (!searchable.has(c.field) || (q !== null && c.value !== q)) return null
        q = c.value
      }
      state.q = q ?? ''
    } else if ('field' in p && p.op === 'in' && selectable.has(p.field) && Array.isArray(p.value)) {
      if (state.selects[p.field]) return null
      state.selects[p.field] = p.value.map(String)
    } else {
      return null
    }
  }
  return state
}

/** `?filter=` text → AST; a value that is not JSON is passed on as-is for the server to reject. */
export function readFilterParam(raw: string | null): { filter: Filter | null; bad: boolean } {
  if (!raw) return { filter: null, bad: false }
  try {
    const v = JSON.parse(raw) as unknown
    if (v && typeof v === 'object' && !Array.isArray(v)) return { filter: v as Filter, bad: false }
  } catch {
    // falls through
  }
  return { filter: null, bad: true }
}

/** Header click: unsorted → ascending → descending → unsorted (the server's default order). */
export function nextSort(current: string | null, field: string): string | null {
  if (current === field) return `-${field}`
  if (current === `-${field}`) return null
  return field
}
