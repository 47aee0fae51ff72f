import type { Grant, RecordScope, Role } from './api.ts'

/**
 * The permission matrix of a role as data: per object its own grant, or `null` when it falls back to
 * the default grant `*` (docs/access.md §2). Edits make a copy; `diffMatrix` says which grants to PUT
 * and which to DELETE through `/roles/{id}/grants/{object}`.
 */

export type GrantDraft = Omit<Grant, 'object'>
export type Matrix = Readonly<Record<string, GrantDraft | null>>
export type FieldRule = 'edit' | 'read' | 'hidden'
export type Right = 'create' | 'read' | 'update' | 'delete'

export const DEFAULT_OBJECT = '*'
export const RIGHTS: readonly Right[] = ['create', 'read', 'update', 'delete']
/** In the order of widening reach; `none` only matters with the right switched off. */
export const SCOPES = [
  'none',
  'own',
  'team',
  'team_and_below',
  'all',
] as const satisfies readonly RecordScope[]
// every scope the server knows is offered (a new one fails to compile here)
const _allScopes: Exclude<RecordScope, (typeof SCOPES)[number]> extends never ? true : never = true
void _allScopes

export const NO_ACCESS: GrantDraft = {
  create: false,
  read: false,
  update: false,
  delete: false,
  readScope: 'none',
  writeScope: 'none',
  fields: {},
}

function draftOf(g: Grant): GrantDraft {
  const { object: _object, ...rest } = g
  return { ...rest, fields: { ...rest.fields } }
}

/** The role's grants by object, plus a `null` row for every listed object without its own grant. */
export function matrixFromRole(role: Pick<Role, 'grants'>, objects: readonly string[]): Matrix {
  const m: Record<string, GrantDraft | null> = { [DEFAULT_OBJECT]: null }
  for (const o of objects) m[o] = null
  for (const g of role.grants) m[g.object] = draftOf(g)
  return m
}

/** What applies to the object: its own grant, else the default, else nothing. */
export function effective(m: Matrix, object: string): GrantDraft {
  return m[object] ?? (object === DEFAULT_OBJECT ? null : m[DEFAULT_OBJECT]) ?? NO_ACCESS
}

export function isInherited(m: Matrix, object: string): boolean {
  return object !== DEFAULT_OBJECT && !m[object]
}

/**
 * Changes rights or scopes of one object; an object that inherited the default gets its own grant,
 * starting from the default's values. Granting create/update/delete also grants read (writing records
 * one cannot see is never what an admin means).
 */
export function setGrant(m: Matrix, object: string, patch: Partial<GrantDraft>): Matrix {
  const base = effective(m, object)
  const next: GrantDraft = { ...base, ...patch, fields: { ...(patch.fields ?? base.fields) } }
  if ((patch.create || patch.update || patch.delete) && !next.read) next.read = true
  if (next.read && next.readScope === 'none') next.readScope = 'own'
  if ((next.create || next.update || next.delete) && next.writeScope === 'none') next.writeScope = 'own'
  return { ...m, [object]: next }
}

/** One field's rule: editable (unlisted), read-only or hidden. */
export function setFieldRule(m: Matrix, object: string, field: string, rule: FieldRule): Matrix {
  const fields = { ...effective(m, object).fields }
  if (rule === 'edit') delete fields[field]
  else fields[field] = rule
  return setGrant(m, object, { fields })
}

export function fieldRule(g: GrantDraft, field: string): FieldRule {
  return g.fields[field] ?? 'edit'
}

/** Drops the object's own grant: it follows the default again. */
export function resetToDefault(m: Matrix, object: string): Matrix {
  if (object === DEFAULT_OBJECT) return m
  return { ...m, [object]: null }
}

function sameGrant(a: GrantDraft, b: GrantDraft): boolean {
  const fa = Object.entries(a.fields).sort(([x], [y]) => x.localeCompare(y))
  const fb = Object.entries(b.fields).sort(([x], [y]) => x.localeCompare(y))
  return (
    RIGHTS.every((r) => a[r] === b[r]) &&
    a.readScope === b.readScope &&
    a.writeScope === b.writeScope &&
    JSON.stringify(fa) === JSON.stringify(fb)
  )
}

/** What to send: grants to set (`PUT …/grants/{object}`) and grants to remove (`DELETE`). */
export function diffMatrix(before: Matrix, after: Matrix): { put: Grant[]; remove: string[] } {
  const put: Grant[] = []
  const remove: string[] = []
  for (const object of Object.keys(after)) {
    const a = after[object] ?? null
    const b = before[object] ?? null
    if (a && (!b || !sameGrant(a, b))) put.push({ object, ...a })
    else if (!a && b) remove.push(object)
  }
  // the default first: objects saved after it are compared against the new default on the server too
  put.sort((x, y) => Number(y.object === DEFAULT_OBJECT) - Number(x.object === DEFAULT_OBJECT))
  return { put, remove }
}

/** "3 hidden · 1 read-only" counts for the field rules button. */
export function fieldRuleCounts(g: GrantDraft): { hidden: number; read: number } {
  const values = Object.values(g.fields)
  return {
    hidden: values.filter((v) => v === 'hidden').length,
    read: values.filter((v) => v === 'read').length,
  }
}
