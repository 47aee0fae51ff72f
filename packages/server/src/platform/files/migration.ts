import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'

/** Files know the record (and file field) they belong to, which decides who may read them (files.service.ts). */
export const m0007FileOwners: Migration = {
  version: 7,
  name: 'file-owners',
  async up(db) {
    await sql
      .raw(`
alter table file add column object_name text;
alter table file add column record_id uuid;
alter table file add column field_name text;
create index file_record on file (workspace_id, object_name, record_id);
create index file_storage_key on file (workspace_id, storage_key);
`)
      .execute(db)
  },
}
