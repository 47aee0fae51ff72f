import type { Step } from './definition.ts'

/**
 * Merge fields in workflow texts: `{{trigger.record.<field>}}` (relations may be followed:
 * `{{trigger.record.company.name}}`), `{{trigger.payload.<path>}}` (webhook and form triggers),
 * `{{steps.<id>.output.<path>}}`, `{{now}}` and `{{today}}`.
 */

export const MERGE_FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/

export type MergeRef =
  | { kind: 'record'; raw: string; path: string[] }
  | { kind: 'payload'; raw: string; path: string[] }
  | { kind: 'step'; raw: string; step: string; path: string[] }
  | { kind: 'now' | 'today'; raw: string }
  | { kind: 'invalid'; raw: string }

export function parseRef(expr: string): MergeRef {
  const raw = expr.trim()
  if (raw === 'now' || raw === 'today') return { kind: raw, raw }
  const parts = raw.split('.')
  if (parts.length > 12 || !parts.every((p) => SEGMENT.test(p))) return { kind: 'invalid', raw }
  if (parts[0] === 'trigger' && parts[1] === 'record' && parts.length >= 3)
    return { kind: 'record', raw, path: parts.slice(2) }
  if (parts[0] === 'trigger' && parts[1] === 'payload' && parts.length >= 3)
    return { kind: 'payload', raw, path: parts.slice(2) }
  if (parts[0] === 'steps' && parts[2] === 'output' && parts.length >= 4)
    return { kind: 'step', raw, step: parts[1]!, path: parts.slice(3) }
  return { kind: 'invalid', raw }
}

/** The merge fields of a text, in order. */
export function mergeRefs(text: string): MergeRef[] {
  return [...text.matchAll(MERGE_FIELD)].map((m) => parseRef(m[1]!))
}

/** A text that is exactly one merge field keeps the value's type (a number stays a number). */
export function singleRef(text: string): MergeRef | null {
  const m = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(text)
  return m ? parseRef(m[1]!) : null
}

/** Keys of a step that hold texts with merge fields. */
const TEMPLATE_KEYS = ['values', 'title', 'description', 'body', 'url', 'headers', 'to', 'cc'] as const

/** Every text of a step that may hold merge fields, with its path inside the step. */
export function stepTemplates(step: Step): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = []
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 20) return
    if (typeof v === 'string') out.push({ path, text: v })
    else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${path}.${i}`, depth + 1)
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1)
  }
  const s = step as unknown as Record<string, unknown>
  for (const key of TEMPLATE_KEYS) if (s[key] !== undefined) walk(s[key], key, 0)
  return out
}

/** What merge fields read at run time (or in a test run). */
export interface MergeScope {
  record: Readonly<Record<string, unknown>> | null
  payload?: unknown
  /** outputs of the steps done so far; a step missing here is not known (yet) */
  steps: Readonly<Record<string, unknown>>
  now: Date
  timeZone: string
}

const MISSING = Symbol('missing')

function dig(v: unknown, path: readonly string[]): unknown {
  let cur = v
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, p)) return MISSING
    cur = (cur as Record<string, unknown>)[p]
  }
  return cur
}

function localDay(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

/** One merge field's value, or `unresolved` when the data it reads is not there. */
export function resolveRef(ref: MergeRef, scope: MergeScope): { ok: true; value: unknown } | { ok: false } {
  let v: unknown
  switch (ref.kind) {
    case 'now':
      return { ok: true, value: scope.now.toISOString() }
    case 'today':
      return { ok: true, value: localDay(scope.now, scope.timeZone) }
    case 'record':
      v = dig(scope.record, ref.path)
      break
    case 'payload':
      v = dig(scope.payload, ref.path)
      break
    case 'step':
      v = Object.hasOwn(scope.steps, ref.step) ? dig(scope.steps[ref.step], ref.path) : MISSING
      break
    case 'invalid':
      return { ok: false }
  }
  return v === MISSING ? { ok: false } : { ok: true, value: v ?? null }
}

const asText = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)

/**
 * Fills a text's merge fields. A text that is one merge field keeps the value's type; otherwise values are
 * written into the text. `unresolved` lists merge fields whose data is not known.
 */
export function renderTemplate(text: string, scope: MergeScope): { value: unknown; unresolved: string[] } {
  const unresolved: string[] = []
  const single = singleRef(text)
  if (single) {
    const r = resolveRef(single, scope)
    if (!r.ok) return { value: null, unresolved: [single.raw] }
    return { value: r.value, unresolved }
  }
  const value = text.replace(MERGE_FIELD, (_, expr: string) => {
    const ref = parseRef(expr)
    const r = resolveRef(ref, scope)
    if (!r.ok) {
      unresolved.push(ref.raw)
      return ''
    }
    return asText(r.value)
  })
  return { value, unresolved }
}

/** Renders every string inside a JSON value (update/create payloads, headers). */
export function renderDeep(v: unknown, scope: MergeScope, unresolved: string[], depth = 0): unknown {
  if (depth > 20) return v
  if (typeof v === 'string') {
    const r = renderTemplate(v, scope)
    unresolved.push(...r.unresolved)
    return r.value
  }
  if (Array.isArray(v)) return v.map((x) => renderDeep(x, scope, unresolved, depth + 1))
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, renderDeep(x, scope, unresolved, depth + 1)]),
    )
  return v
}
