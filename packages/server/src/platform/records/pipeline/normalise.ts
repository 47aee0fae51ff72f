import { isUuid } from '../../db/tx.ts'
import type { FieldIssue } from '../../errors.ts'
import { canEditField } from '../access.ts'
import type { Ctx } from '../context.ts'
import { normaliseValue } from '../values.ts'

/** Pipeline stage "normalise → validate": input values to API shape, defaults, required fields. */

export const SYSTEM_WRITABLE = new Set(['owner_id'])
export const SYSTEM_IGNORED = new Set([
  'id',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
])

export function normaliseInput(
  ctx: Ctx,
  input: unknown,
  mode: 'create' | 'update',
  pathPrefix = '',
): { values: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = []
  const values: Record<string, unknown> = {}
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      values,
      issues: [{ path: pathPrefix || 'body', code: 'invalid_type', params: { expected: 'object' } }],
    }
  }
  const fields = new Map(ctx.object.fields.filter((f) => f.isActive).map((f) => [f.name, f]))
  for (const [key, raw] of Object.entries(input)) {
    const path = pathPrefix + key
    if (SYSTEM_IGNORED.has(key)) {
      if (key === 'id' && mode === 'create' && isUuid(raw)) values.id = raw.toLowerCase()
      else if (key === 'id' && mode === 'create' && raw !== undefined)
        issues.push({ path, code: 'invalid_type', params: { expected: 'uuid' } })
      continue
    }
    if (SYSTEM_WRITABLE.has(key)) {
      if (raw !== null && !isUuid(raw))
        issues.push({ path, code: 'invalid_type', params: { expected: 'uuid' } })
      else values[key] = raw === null ? null : (raw as string).toLowerCase()
      continue
    }
    const field = fields.get(key)
    if (!field) {
      issues.push({ path, code: 'unknown_field' })
      continue
    }
    if (!canEditField(ctx.actor, ctx.object, key, mode)) {
      issues.push({ path, code: 'forbidden_field' })
      continue
    }
    const r = normaliseValue(field, raw, ctx.schema.currency)
    if (!r.ok) issues.push({ ...r.issue, path: pathPrefix + r.issue.path })
    else if (field.type !== 'many_to_many') values[key] = r.value
  }
  return { values, issues }
}

export function applyDefaults(ctx: Ctx, values: Record<string, unknown>): void {
  for (const f of ctx.object.fields) {
    if (!f.isActive || f.options.default === undefined || values[f.name] !== undefined) continue
    const r = normaliseValue(f, f.options.default, ctx.schema.currency)
    if (r.ok) values[f.name] = r.value
  }
}

export function requiredIssues(ctx: Ctx, record: Record<string, unknown>, pathPrefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = []
  for (const f of ctx.object.fields) {
    if (!f.isActive || !f.options.required) continue
    const v = record[f.name]
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) {
      issues.push({ path: pathPrefix + f.name, code: 'required' })
    }
  }
  return issues
}
