import type { ObjectDef } from '@kemai/shared/fields'
import { sql } from 'kysely'
import type { Tx } from '../db/tx.ts'
import type { FieldIssue } from '../errors.ts'
import { columnsOf, tableName } from './ddl.ts'

/**
 * Field order and record counts for the settings pages: a new order names every field of the object
 * exactly once, and is written in one statement (no half-reordered object).
 */
export function fieldOrderIssues(order: string[], o: ObjectDef): FieldIssue[] {
  const issues: FieldIssue[] = []
  const known = new Set(o.fields.map((f) => f.name))
  const seen = new Set<string>()
  order.forEach((name, i) => {
    if (!known.has(name))
      issues.push({ path: `fieldOrder.${i}`, code: 'unknown_field', params: { field: name } })
    else if (seen.has(name)) issues.push({ path: `fieldOrder.${i}`, code: 'not_unique' })
    seen.add(name)
  })
  for (const f of o.fields) {
    if (!seen.has(f.name)) issues.push({ path: 'fieldOrder', code: 'required', params: { field: f.name } })
  }
  return issues
}

export async function setFieldPositions(
  trx: Tx,
  workspaceId: string,
  objectName: string,
  order: string[],
): Promise<void> {
  await sql`update field set position = array_position(${order}::text[], name), updated_at = now()
    where workspace_id = ${workspaceId} and object_name = ${objectName}`.execute(trx)
}

/** Live records (not in the recycle bin) of each object, one `count(*)` per table in one statement. */
export async function countRecords(
  trx: Tx,
  dbSchema: string,
  objects: string[],
): Promise<Record<string, number>> {
  if (objects.length === 0) return {}
  const parts = objects.map(
    (name) =>
      sql`select ${name}::text as object, count(*)::int as n from ${sql.id(dbSchema)}.${sql.id(tableName(name))}
        where deleted_at is null`,
  )
  const r = await sql<{ object: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(trx)
  return Object.fromEntries(r.rows.map((x) => [x.object, Number(x.n)]))
}

/**
 * Per field, the records holding a value in it — the recycle bin included, as a field delete destroys
 * those too (the same count as its 409 `confirmation_required`). One scan of the table.
 */
export async function countFieldValues(
  trx: Tx,
  dbSchema: string,
  o: ObjectDef,
): Promise<Record<string, number>> {
  const cols = o.fields.flatMap((f) => {
    const c = columnsOf(f)[0]
    return c ? [{ field: f.name, column: c.name }] : []
  })
  const out: Record<string, number> = Object.fromEntries(o.fields.map((f) => [f.name, 0]))
  if (cols.length === 0) return out
  const r = await sql<Record<string, number>>`select ${sql.join(
    cols.map((c, i) => sql`count(${sql.ref(c.column)})::int as ${sql.id(`c${i}`)}`),
  )} from ${sql.id(dbSchema)}.${sql.id(tableName(o.name))}`.execute(trx)
  const row = r.rows[0] ?? {}
  cols.forEach((c, i) => {
    out[c.field] = Number(row[`c${i}`] ?? 0)
  })
  return out
}
