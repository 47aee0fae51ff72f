import { sql } from 'kysely'
import type { Migration } from '../../db/migrate.ts'
import { enableRls } from '../../db/migrations/0001-core.ts'

/**
 * Export jobs (docs/export.md): one row per background export. `params` holds what was asked after the
 * saved view was applied (filter, sort, columns, locale, ip), so the job exports what the list showed when
 * it was started. The file's bytes are in file storage under `storage_key`; row and bytes go after 7 days
 * (events/retention.ts).
 */
export const m0022ExportJobs: Migration = {
  version: 22,
  name: 'export-jobs',
  async up(db) {
    await sql
      .raw(`
create table export_job (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  format text not null,
  params jsonb not null default '{}',
  status text not null default 'queued',
  rows_done bigint not null default 0,
  total bigint,
  error text,
  file_name text,
  storage_key text,
  size bigint,
  sha256 text,
  created_by uuid not null,
  api_key_id uuid,
  channel text not null default 'ui',
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id)
);
create index export_job_mine on export_job (workspace_id, created_by, created_at desc);
create index export_job_storage_key on export_job (workspace_id, storage_key);
${enableRls(['export_job'])}
`)
      .execute(db)
  },
}
