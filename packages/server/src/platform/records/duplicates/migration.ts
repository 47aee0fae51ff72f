import { sql } from 'kysely'
import type { Migration } from '../../db/migrate.ts'
import { enableRls } from '../../db/migrations/0001-core.ts'

/**
 * The duplicate check on create and edit (duplicates/README.md):
 * - `object.dedup`: whether an object's writes are checked (null: never decided; a module's declaration
 *   fills it once at sync);
 * - `dedup_key`: the blocking keys of every record of such an object, written by the records write path
 *   in the same statement as the row, so a new record's candidates are an index lookup;
 * - `dedup_key_state`: which rules (hash of their blocking part) the keys of an object were built with;
 *   the keys of objects whose rules changed or that were just turned on are rebuilt (since migration 24
 *   by a background job, key-build.ts).
 */
export const m0010DedupKeys: Migration = {
  version: 10,
  name: 'dedup-keys',
  async up(db) {
    await sql
      .raw(`
alter table object add column dedup boolean;
create table dedup_key (
  workspace_id uuid not null references workspace(id) on delete cascade,
  object_name text not null,
  key text not null,
  record_id uuid not null,
  primary key (workspace_id, object_name, key, record_id)
);
create index dedup_key_record on dedup_key (workspace_id, object_name, record_id);
create table dedup_key_state (
  workspace_id uuid not null references workspace(id) on delete cascade,
  object_name text not null,
  rules_hash text not null,
  built_at timestamptz not null default now(),
  primary key (workspace_id, object_name)
);
${enableRls(['dedup_key', 'dedup_key_state'])}
`)
      .execute(db)
  },
}
