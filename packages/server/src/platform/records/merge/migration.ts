import { sql } from 'kysely'
import type { Migration } from '../../db/migrate.ts'
import { enableRls } from '../../db/migrations/0001-core.ts'

/**
 * Merges and what an unmerge needs to put everything back (docs/merge.md): `record_merge` holds the
 * snapshot (the losers' full rows, the survivor's values before and after, the exact list of moved rows);
 * `record_merge_member` finds the merges of a record, survivor or loser, and where a loser went.
 */
export const m0011RecordMerge: Migration = {
  version: 11,
  name: 'record-merge',
  async up(db) {
    await sql
      .raw(`
create table record_merge (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  survivor_id uuid not null,
  loser_ids uuid[] not null,
  choices jsonb not null default '{}',
  changed text[] not null default '{}',
  survivor_before jsonb not null,
  survivor_after jsonb not null,
  losers jsonb not null,
  moves jsonb not null,
  counts jsonb not null default '{}',
  actor_id uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  undone_at timestamptz,
  undone_by uuid,
  undo_conflicts jsonb not null default '[]',
  primary key (workspace_id, id)
);

create table record_merge_member (
  workspace_id uuid not null references workspace(id) on delete cascade,
  object_name text not null,
  record_id uuid not null,
  merge_id uuid not null,
  role text not null check (role in ('survivor', 'loser')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, object_name, record_id, merge_id)
);
create index record_merge_member_merge on record_merge_member (workspace_id, merge_id);
${enableRls(['record_merge', 'record_merge_member'])}
`)
      .execute(db)
  },
}
