import type { FileRef } from '@kemai/shared/fields'
import { sql } from 'kysely'
import type { FieldIssue } from '../../errors.ts'
import type { Ctx } from '../context.ts'

interface FileRow {
  id: string
  name: string
  size: number
  mime: string | null
  object_name: string | null
  record_id: string | null
  created_by: string | null
}

/**
 * Pipeline stage for `file` fields: every referenced file must exist in the workspace and be either waiting
 * to be attached (uploaded by this actor, or any upload for an admin) or already this record's. The
 * references are rewritten from the stored file (name, size and type are not the client's to choose).
 * `recordIdOf(i)` is null for a create (its files can only be fresh uploads).
 */
export async function fileIssues(
  ctx: Ctx,
  rows: { values: Record<string, unknown>; prefix: string; recordId: string | null }[],
): Promise<FieldIssue[]> {
  const fields = ctx.object.fields.filter((f) => f.type === 'file')
  if (fields.length === 0) return []
  const ids = new Set<string>()
  for (const { values } of rows)
    for (const f of fields) for (const ref of refsOf(values[f.name])) ids.add(ref.id.toLowerCase())
  if (ids.size === 0) return []
  const r = await sql<FileRow>`select id, name, size, mime, object_name, record_id, created_by from file
    where workspace_id = ${ctx.actor.workspaceId} and id = any(${[...ids]}::uuid[])`.execute(ctx.trx)
  const byId = new Map(r.rows.map((x) => [x.id, x]))
  const issues: FieldIssue[] = []
  for (const { values, prefix, recordId } of rows) {
    for (const f of fields) {
      const v = values[f.name]
      if (v === null || v === undefined) continue
      values[f.name] = refsOf(v).map((ref, i) => {
        const row = byId.get(ref.id.toLowerCase())
        const usable =
          row &&
          ((row.record_id === null && (ctx.actor.isAdmin || row.created_by === ctx.actor.userId)) ||
            (recordId !== null && row.object_name === ctx.object.name && row.record_id === recordId))
        if (!row || !usable) {
          issues.push({ path: `${prefix}${f.name}.${i}`, code: 'not_found' })
          return ref
        }
        return {
          id: row.id,
          name: row.name,
          size: Number(row.size),
          mime: row.mime ?? 'application/octet-stream',
        }
      })
    }
  }
  return issues
}

/**
 * After the write: the record's file-field files belong to it (and to the field), and files a field no
 * longer refers to stay as plain attachments of the record. One statement, to add to writeTogether.
 */
export function attachFilesSql(ctx: Ctx, recordId: string, values: Record<string, unknown>) {
  const fields = ctx.object.fields.filter((f) => f.type === 'file' && f.name in values)
  if (fields.length === 0) return null
  const pairs = fields.flatMap((f) => refsOf(values[f.name]).map((r) => ({ id: r.id, field: f.name })))
  const names = fields.map((f) => f.name)
  return sql`update file set
      object_name = ${ctx.object.name},
      record_id = ${recordId},
      field_name = ${
        pairs.length
          ? sql`case ${sql.join(
              pairs.map((p) => sql`when id = ${p.id}::uuid then ${p.field}`),
              sql` `,
            )} else null end`
          : sql`null`
      }
    where workspace_id = ${ctx.actor.workspaceId}
      and (${pairs.length ? sql`id = any(${pairs.map((p) => p.id)}::uuid[])` : sql`false`}
        or (object_name = ${ctx.object.name} and record_id = ${recordId} and field_name = any(${names}::text[])))`
}

function refsOf(v: unknown): FileRef[] {
  if (v === null || v === undefined) return []
  return (Array.isArray(v) ? v : [v]) as FileRef[]
}
