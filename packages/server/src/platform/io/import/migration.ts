import { sql } from 'kysely'
import type { Migration } from '../../db/migrate.ts'
import { enableRls } from '../../db/migrations/0001-core.ts'

/**
 * Imports (docs/import.md):
 * - `import_job`: one import: its file, object, mapping, duplicate policy, status and progress. `cursor` is
 *   the number of data rows consumed, written in the same transaction as the batch that consumed them, so
 *   a run resumes after a crash exactly where the last committed batch ended;
 * - `import_batch`: one row per committed batch: the rows it covered and the ids it created (for undo);
 *   `undone_at` marks the batches an undo has already reverted (an undo resumes too);
 * - `import_row`: the rows that need more than a count: updated ones (the fields before and after, for
 *   undo) and failed ones (the cells and the problems, for the error report);
 * - `import_template`: saved mappings per object, by header text.
 */
export const m0012Imports: Migration = {
  version: 12,
  name: 'imports',
  async up(db) {
    await sql
      .raw(`
create table import_job (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  file_id uuid not null,
  file_name text not null,
  file_size bigint not null,
  format text not null,
  encoding text not null default 'auto',
  detected_encoding text,
  header jsonb not null default '[]',
  mapping jsonb not null default '[]',
  policy text not null default 'create',
  status text not null default 'draft',
  cursor bigint not null default 0,
  bytes_read bigint not null default 0,
  total bigint,
  created_count bigint not null default 0,
  updated_count bigint not null default 0,
  skipped_count bigint not null default 0,
  failed_count bigint not null default 0,
  run_ms bigint not null default 0,
  error text,
  created_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id)
);
create index import_job_recent on import_job (workspace_id, created_at desc);
create table import_batch (
  workspace_id uuid not null,
  import_id uuid not null,
  seq int not null,
  first_row bigint not null,
  last_row bigint not null,
  created_ids uuid[] not null default '{}',
  undone_at timestamptz,
  primary key (workspace_id, import_id, seq)
);
create table import_row (
  workspace_id uuid not null,
  import_id uuid not null,
  row_no bigint not null,
  outcome text not null,
  record_id uuid,
  before jsonb,
  after jsonb,
  cells jsonb,
  problems jsonb,
  primary key (workspace_id, import_id, row_no)
);
create table import_template (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  name text not null,
  columns jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index import_template_name on import_template (workspace_id, object_name, name);
${enableRls(['import_job', 'import_batch', 'import_row', 'import_template'])}
`)
      .execute(db)
  },
}
