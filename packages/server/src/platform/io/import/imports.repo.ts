import { sql } from 'kysely'
import type { Tx } from '../../db/tx.ts'

/** SQL of the import tables (migration.ts); every statement runs in a workspace transaction (RLS). */

export interface ImportRow {
  id: string
  object_name: string
  file_id: string
  file_name: string
  file_size: number
  format: string
  encoding: string
  detected_encoding: string | null
  header: string[]
  mapping: { column: number; field: string | null }[]
  policy: string
  status: string
  cursor: number
  bytes_read: number
  total: number | null
  created_count: number
  updated_count: number
  skipped_count: number
  failed_count: number
  run_ms: number
  error: string | null
  created_by: string | null
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
}

const COLS = sql`id, object_name, file_id, file_name, file_size::float8 as file_size, format, encoding,
  detected_encoding, header, mapping, policy, status, cursor::float8 as cursor, bytes_read::float8 as bytes_read,
  total::float8 as total, created_count::float8 as created_count, updated_count::float8 as updated_count,
  skipped_count::float8 as skipped_count, failed_count::float8 as failed_count, run_ms::float8 as run_ms, error,
  created_by, created_at, started_at, finished_at`

export async function insertImport(
  trx: Tx,
  ws: string,
  r: Pick<
    ImportRow,
    | 'id'
    | 'object_name'
    | 'file_id'
    | 'file_name'
    | 'file_size'
    | 'format'
    | 'encoding'
    | 'detected_encoding'
    | 'header'
    | 'mapping'
    | 'policy'
    | 'created_by'
  >,
): Promise<ImportRow> {
  const q = await sql<ImportRow>`insert into import_job (workspace_id, id, object_name, file_id, file_name,
      file_size, format, encoding, detected_encoding, header, mapping, policy, created_by)
    values (${ws}, ${r.id}, ${r.object_name}, ${r.file_id}, ${r.file_name}, ${r.file_size}, ${r.format},
      ${r.encoding}, ${r.detected_encoding}, ${JSON.stringify(r.header)}::jsonb, ${JSON.stringify(r.mapping)}::jsonb,
      ${r.policy}, ${r.created_by})
    returning ${COLS}`.execute(trx)
  return q.rows[0]!
}

export async function getImport(
  trx: Tx,
  ws: string,
  id: string,
  lock = false,
): Promise<ImportRow | undefined> {
  const q = await sql<ImportRow>`select ${COLS} from import_job where workspace_id = ${ws} and id = ${id}
    ${lock ? sql`for update` : sql``}`.execute(trx)
  return q.rows[0]
}

export async function listImports(trx: Tx, ws: string, object: string | null, userId: string | null) {
  const q = await sql<ImportRow>`select ${COLS} from import_job where workspace_id = ${ws}
    ${object ? sql`and object_name = ${object}` : sql``}
    ${userId ? sql`and created_by = ${userId}` : sql``}
    order by created_at desc limit 50`.execute(trx)
  return q.rows
}

export async function setImport(
  trx: Tx,
  ws: string,
  id: string,
  set: Record<string, unknown>,
): Promise<void> {
  const parts = Object.entries(set).map(([k, v]) =>
    k === 'header' || k === 'mapping'
      ? sql`${sql.ref(k)} = ${JSON.stringify(v)}::jsonb`
      : sql`${sql.ref(k)} = ${v as string}`,
  )
  await sql`update import_job set ${sql.join(parts)} where workspace_id = ${ws} and id = ${id}`.execute(trx)
}

export interface BatchBookkeeping {
  seq: number
  firstRow: number
  lastRow: number
  /** the cursor this batch started from: the write only counts if no one else advanced it */
  fromCursor: number
  toCursor: number
  bytesRead: number
  createdIds: string[]
  created: number
  updated: number
  skipped: number
  failed: number
  runMs: number
  rows: {
    row_no: number
    outcome: 'updated' | 'failed'
    record_id: string | null
    before: unknown
    after: unknown
    cells: string[] | null
    problems: unknown
  }[]
}

/**
 * A batch's bookkeeping, in the batch's own transaction: the cursor moves only from where this run found it
 * (compare and set), so a second runner of the same import (a retried job racing a continuation) rolls its
 * batch back instead of writing rows twice. Returns false when the cursor had moved.
 */
export async function recordBatch(trx: Tx, ws: string, id: string, b: BatchBookkeeping): Promise<boolean> {
  const moved = await sql<{
    id: string
  }>`update import_job set cursor = ${b.toCursor}, bytes_read = ${b.bytesRead},
      created_count = created_count + ${b.created}, updated_count = updated_count + ${b.updated},
      skipped_count = skipped_count + ${b.skipped}, failed_count = failed_count + ${b.failed},
      run_ms = run_ms + ${b.runMs}
    where workspace_id = ${ws} and id = ${id} and cursor = ${b.fromCursor} and status = 'running'
    returning id`.execute(trx)
  if (moved.rows.length === 0) return false
  await sql`insert into import_batch (workspace_id, import_id, seq, first_row, last_row, created_ids)
    values (${ws}, ${id}, ${b.seq}, ${b.firstRow}, ${b.lastRow}, ${b.createdIds}::uuid[])`.execute(trx)
  if (b.rows.length) {
    const values = b.rows.map(
      (r) =>
        sql`(${ws}::uuid, ${id}::uuid, ${r.row_no}, ${r.outcome}, ${r.record_id}::uuid,
          ${r.before === null ? null : JSON.stringify(r.before)}::jsonb,
          ${r.after === null ? null : JSON.stringify(r.after)}::jsonb,
          ${r.cells === null ? null : JSON.stringify(r.cells)}::jsonb,
          ${r.problems === null ? null : JSON.stringify(r.problems)}::jsonb)`,
    )
    await sql`insert into import_row (workspace_id, import_id, row_no, outcome, record_id, before, after, cells, problems)
      values ${sql.join(values)}`.execute(trx)
  }
  return true
}

export async function nextBatchSeq(trx: Tx, ws: string, id: string): Promise<number> {
  const q = await sql<{ n: number }>`select coalesce(max(seq), 0)::int + 1 as n from import_batch
    where workspace_id = ${ws} and import_id = ${id}`.execute(trx)
  return q.rows[0]!.n
}

/** Batches not yet undone, newest first (undo goes backwards). */
export async function batchesToUndo(trx: Tx, ws: string, id: string, limit: number) {
  const q = await sql<{ seq: number; first_row: number; last_row: number; created_ids: string[] }>`
    select seq, first_row::float8 as first_row, last_row::float8 as last_row, created_ids from import_batch
    where workspace_id = ${ws} and import_id = ${id} and undone_at is null
    order by seq desc limit ${limit}`.execute(trx)
  return q.rows
}

export async function markBatchUndone(trx: Tx, ws: string, id: string, seq: number): Promise<void> {
  await sql`update import_batch set undone_at = now() where workspace_id = ${ws} and import_id = ${id}
    and seq = ${seq}`.execute(trx)
}

export async function updatedRows(trx: Tx, ws: string, id: string, from: number, to: number) {
  const q = await sql<{
    row_no: number
    record_id: string
    before: Record<string, unknown>
    after: Record<string, unknown>
  }>`
    select row_no::float8 as row_no, record_id, before, after from import_row
    where workspace_id = ${ws} and import_id = ${id} and outcome = 'updated' and row_no between ${from} and ${to}
    order by row_no`.execute(trx)
  return q.rows
}

export async function failedRows(trx: Tx, ws: string, id: string, after: number, limit: number) {
  const q = await sql<{
    row_no: number
    cells: string[] | null
    problems: { field: string; code: string; params?: Record<string, unknown> }[]
  }>`
    select row_no::float8 as row_no, cells, problems from import_row
    where workspace_id = ${ws} and import_id = ${id} and outcome = 'failed' and row_no > ${after}
    order by row_no limit ${limit}`.execute(trx)
  return q.rows
}

export interface TemplateRow {
  id: string
  object_name: string
  name: string
  columns: { header: string; field: string | null }[]
  created_at: Date
}

export async function upsertTemplate(
  trx: Tx,
  ws: string,
  t: { id: string; object: string; name: string; columns: unknown; userId: string | null },
): Promise<TemplateRow> {
  const q =
    await sql<TemplateRow>`insert into import_template (workspace_id, id, object_name, name, columns, created_by)
    values (${ws}, ${t.id}, ${t.object}, ${t.name}, ${JSON.stringify(t.columns)}::jsonb, ${t.userId})
    on conflict (workspace_id, object_name, name) do update set columns = excluded.columns
    returning id, object_name, name, columns, created_at`.execute(trx)
  return q.rows[0]!
}

export async function listTemplates(trx: Tx, ws: string, object: string): Promise<TemplateRow[]> {
  const q = await sql<TemplateRow>`select id, object_name, name, columns, created_at from import_template
    where workspace_id = ${ws} and object_name = ${object} order by name`.execute(trx)
  return q.rows
}

export async function getTemplate(trx: Tx, ws: string, id: string): Promise<TemplateRow | undefined> {
  const q = await sql<TemplateRow>`select id, object_name, name, columns, created_at from import_template
    where workspace_id = ${ws} and id = ${id}`.execute(trx)
  return q.rows[0]
}

export async function deleteTemplate(trx: Tx, ws: string, id: string): Promise<number> {
  const q = await sql`delete from import_template where workspace_id = ${ws} and id = ${id}`.execute(trx)
  return Number(q.numAffectedRows ?? 0)
}

/** Existing records sharing a duplicate key (records/duplicates' key index), at most `cap + 1` per key. */
export async function recordsWithKeys(
  trx: Tx,
  ws: string,
  object: string,
  keys: string[],
  cap: number,
): Promise<{ key: string; record_id: string }[]> {
  if (keys.length === 0) return []
  const r = await sql<{ key: string; record_id: string }>`select q.key, k.record_id
    from unnest(${keys}::text[]) as q(key)
    cross join lateral (
      select d.record_id from dedup_key d
      where d.workspace_id = ${ws} and d.object_name = ${object} and d.key = q.key
      limit ${cap + 1}
    ) k`.execute(trx)
  return r.rows
}
