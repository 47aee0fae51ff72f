import type { FieldDef } from '@kemai/shared/fields'
import { sql } from 'kysely'
import type { FieldIssue } from '../../errors.ts'
import { type Ctx, table } from '../context.ts'

/** Relation and user values must point at live records / users of this workspace. */
export async function referenceIssues(ctx: Ctx, rows: { values: Record<string, unknown>; prefix: string }[]) {
  const issues: FieldIssue[] = []
  const refFields: FieldDef[] = ctx.object.fields.filter((f) => f.type === 'relation' || f.type === 'user')
  const checks: { target: string | null; column: string; prefix: string; id: string }[] = []
  for (const { values, prefix } of rows) {
    if (typeof values.owner_id === 'string')
      checks.push({ target: null, column: 'owner_id', prefix, id: values.owner_id })
    for (const f of refFields) {
      const v = values[f.name]
      if (typeof v === 'string')
        checks.push({ target: f.type === 'user' ? null : f.options.target!, column: f.name, prefix, id: v })
    }
  }
  if (checks.length === 0) return issues
  const byTarget = new Map<string | null, Set<string>>()
  for (const c of checks) byTarget.set(c.target, (byTarget.get(c.target) ?? new Set()).add(c.id))
  const found = new Map<string | null, Set<string>>()
  for (const [target, ids] of byTarget) {
    const list = [...ids]
    const r =
      target === null
        ? await sql<{ id: string }>`select id from app_user where workspace_id = ${ctx.actor.workspaceId}
            and id = any(${list}::uuid[]) and is_active`.execute(ctx.trx)
        : await sql<{
            id: string
          }>`select id from ${table(ctx, target)} where workspace_id = ${ctx.actor.workspaceId}
            and id = any(${list}::uuid[]) and deleted_at is null`.execute(ctx.trx)
    found.set(target, new Set(r.rows.map((x) => x.id)))
  }
  for (const c of checks)
    if (!found.get(c.target)?.has(c.id)) issues.push({ path: c.prefix + c.column, code: 'not_found' })
  return issues
}
