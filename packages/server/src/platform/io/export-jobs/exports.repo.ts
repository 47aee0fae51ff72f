import { sql } from 'kysely'
import type { Tx } from '../../db/tx.ts'

/** SQL of `export_job` (migration.ts); every statement runs in a workspace transaction (RLS). */

export interface ExportParams {
  filter: unknown
  sort: string | null
  columns: string[] | null
  locale: 'zh-CN' | 'en'
  ip: string | null
}

export interface ExportRow {
  id: string
  object_name: string
  format: 'csv' | 'xlsx' | 'vcf'
  params: ExportParams
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  rows_done: number
  total: number | null
  error: string | null
  file_name: string | null
  storage_key: string | null
  size: number | null
  created_by: string
  api_key_id: string | null
  channel: string
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
}

const COLS = sql`id, object_name, format, params, status, rows_done::float8 as rows_done, total::float8 as total,
  error, file_name, storage_key, size::float8 as size, created_by, api_key_id, channel, created_at, started_at,
  finished_at`

export async function insertExport(
  trx: Tx,
  ws: string,
  r: Pick<
    ExportRow,
    'id' | 'object_name' | 'format' | 'params' | 'total' | 'created_by' | 'api_key_id' | 'channel'
  >,
): Promise<ExportRow> {
  const q = await sql<ExportRow>`insert into export_job
      (workspace_id, id, object_name, format, params, total, created_by, api_key_id, channel)
    values (${ws}, ${r.id}, ${r.object_name}, ${r.format}, ${JSON.stringify(r.params)}::jsonb, ${r.total},
      ${r.created_by}, ${r.api_key_id}, ${r.channel})
    returning ${COLS}`.execute(trx)
  return q.rows[0]!
}

export async function getExport(trx: Tx, ws: string, id: string, lock = false) {
  const q = await sql<ExportRow>`select ${COLS} from export_job where workspace_id = ${ws} and id = ${id}
    ${lock ? sql`for update` : sql``}`.execute(trx)
  return q.rows[0]
}

export async function listExports(trx: Tx, ws: string, userId: string, limit: number) {
  const q = await sql<ExportRow>`select ${COLS} from export_job
    where workspace_id = ${ws} and created_by = ${userId}
    order by created_at desc, id desc limit ${limit}`.execute(trx)
  return q.rows
}

/** A (re)started run: progress from zero, the previous attempt's failure forgotten. */
export async function startRun(trx: Tx, ws: string, id: string): Promise<void> {
  await sql`update export_job set status = 'running', rows_done = 0, error = null,
      started_at = coalesce(started_at, now())
    where workspace_id = ${ws} and id = ${id}`.execute(trx)
}

/** Writes a running export's progress; false when it is no longer running (cancelled meanwhile). */
export async function setProgress(
  trx: Tx,
  ws: string,
  id: string,
  rows: number,
  total: number,
): Promise<boolean> {
  const q = await sql`update export_job set rows_done = ${rows}, total = ${total}
    where workspace_id = ${ws} and id = ${id} and status = 'running' returning id`.execute(trx)
  return q.rows.length > 0
}

/** Whether the export is still running (the runner asks at every page: a cancel stops it there). */
export async function isRunning(trx: Tx, ws: string, id: string): Promise<boolean> {
  const q = await sql`select 1 from export_job
    where workspace_id = ${ws} and id = ${id} and status = 'running'`.execute(trx)
  return q.rows.length > 0
}

/** A queued or running export ends as cancelled, at once (a running one stops at its next page). */
export async function cancelExport(trx: Tx, ws: string, id: string): Promise<ExportRow> {
  const q = await sql<ExportRow>`update export_job set status = 'cancelled', finished_at = now()
    where workspace_id = ${ws} and id = ${id}
    returning ${COLS}`.execute(trx)
  return q.rows[0]!
}

/** Marks a running export done; false when it was cancelled meanwhile (the status stays `cancelled`). */
export async function finishDone(
  trx: Tx,
  ws: string,
  id: string,
  f: { rows: number; fileName: string; storageKey: string; size: number; sha256: string },
): Promise<boolean> {
  const q = await sql`update export_job set status = 'done', rows_done = ${f.rows}, total = ${f.rows},
      file_name = ${f.fileName}, storage_key = ${f.storageKey}, size = ${f.size}, sha256 = ${f.sha256},
      finished_at = now()
    where workspace_id = ${ws} and id = ${id} and status = 'running' returning id`.execute(trx)
  return q.rows.length > 0
}

/** Marks a running export failed; false when it had ended meanwhile (cancelled), which stays as it is. */
export async function finishFailed(trx: Tx, ws: string, id: string, error: string): Promise<boolean> {
  const q = await sql`update export_job set status = 'failed', error = ${error}, finished_at = now()
    where workspace_id = ${ws} and id = ${id} and status = 'running' returning id`.execute(trx)
  return q.rows.length > 0
}
