import type { ListColumn } from './columns.ts'

/**
 * Which columns a list shows, in which order and how wide: `?cols=name,email:230,company` in the URL (a
 * reload or a shared link keeps it) and `columns: [{field, width?}]` in a saved view (views.api.ts). A width
 * is written only when the user changed it. The title column is always shown and always first.
 */
export interface ColumnChoice {
  key: string
  width?: number
}

export const MIN_WIDTH = 60
export const MAX_WIDTH = 2000
const KEY = /^[a-z_][a-z0-9_]{0,62}$/

export function clampWidth(w: number): number {
  return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(w)))
}

/** `name,email:230` → choices; null when there is no (usable) parameter. Unknown shapes are skipped. */
export function parseColumnsParam(raw: string | null): ColumnChoice[] | null {
  if (!raw) return null
  const out: ColumnChoice[] = []
  for (const part of raw.split(',').slice(0, 100)) {
    const [key = '', w] = part.split(':')
    if (!KEY.test(key) || out.some((c) => c.key === key)) continue
    const width = w === undefined ? undefined : Number(w)
    out.push(width !== undefined && Number.isFinite(width) ? { key, width: clampWidth(width) } : { key })
  }
  return out.length ? out : null
}

export function columnsParam(choices: ColumnChoice[]): string {
  return choices.map((c) => (c.width === undefined ? c.key : `${c.key}:${c.width}`)).join(',')
}

/**
 * The columns to show: the choices' order and widths over the available columns (unknown keys — a field
 * since removed, or one the user may no longer read — are dropped); no choices → the defaults.
 */
export function applyColumns(
  available: ListColumn[],
  choices: ColumnChoice[] | null,
  defaults: string[],
): ListColumn[] {
  const byKey = new Map(available.map((c) => [c.key, c]))
  const title = available[0]
  const picked = (choices ?? defaults.map((key): ColumnChoice => ({ key })))
    .map((ch) => {
      const col = byKey.get(ch.key)
      return col && { ...col, width: ch.width ?? col.width }
    })
    .filter((c): c is ListColumn => c !== undefined)
  if (!title) return picked
  const own = picked.find((c) => c.key === title.key)
  return [own ?? title, ...picked.filter((c) => c.key !== title.key)]
}

/** The shown columns as choices, each width only when it differs from the column's default. */
export function choicesOf(shown: ListColumn[], available: ListColumn[]): ColumnChoice[] {
  const base = new Map(available.map((c) => [c.key, c.width]))
  return shown.map((c) => (base.get(c.key) === c.width ? { key: c.key } : { key: c.key, width: c.width }))
}

/** A saved view's columns ⇄ choices. */
export function choicesFromView(columns: { field: string; width?: number }[]): ColumnChoice[] | null {
  return columns.length
    ? columns.map((c) => (c.width ? { key: c.field, width: c.width } : { key: c.field }))
    : null
}
export function viewColumns(choices: ColumnChoice[]): { field: string; width?: number }[] {
  return choices.map((c) => (c.width === undefined ? { field: c.key } : { field: c.key, width: c.width }))
}

/** A column dragged onto another's place (the picker's drop); the fixed title column neither moves nor is passed. */
export function moveColumn<T extends { key: string }>(
  list: T[],
  active: string,
  over: string,
  fixed?: string,
): T[] {
  const from = list.findIndex((c) => c.key === active)
  const to = list.findIndex((c) => c.key === over)
  if (from < 0 || to < 0 || from === to || active === fixed || over === fixed) return list
  const next = [...list]
  const [moved] = next.splice(from, 1)
  next.splice(to, 0, moved as T)
  return next
}
