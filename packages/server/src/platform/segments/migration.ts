import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/**
 * Segments (saved filters with membership kept by the `segments` listener and recompute jobs), their
 * members and entered/left history, and static lists with their members (docs/segments.md).
 *
 * `generation` counts filter changes and drift recomputes; the recompute job works on one generation in
 * batches of record ids after `cursor` and sets `computed_generation` when done, so a crashed job resumes
 * from its last committed batch and a superseded one stops. `relative_day` is the workspace-local day of
 * the last drift recompute of a filter with relative dates.
 */
export const m0013Segments: Migration = {
  version: 13,
  name: 'segments-lists',
  async up(db) {
    await sql
      .raw(`
create table segment (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  name jsonb not null,
  description text,
  filter jsonb not null,
  visibility text not null default 'private' check (visibility in ('private', 'shared')),
  owner_id uuid not null,
  generation int not null default 1,
  computed_generation int not null default 0,
  cursor uuid,
  is_invalid boolean not null default false,
  is_relative boolean not null default false,
  relative_day date,
  computed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index segment_object on segment (workspace_id, object_name, created_at);
create index segment_relative on segment (workspace_id, relative_day) where is_relative;

create table segment_member (
  workspace_id uuid not null,
  segment_id uuid not null,
  record_id uuid not null,
  entered_at timestamptz not null default now(),
  primary key (workspace_id, segment_id, record_id)
);
create index segment_member_record on segment_member (workspace_id, record_id);

create table segment_history (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  seq bigserial not null,
  segment_id uuid not null,
  record_id uuid not null,
  change text not null check (change in ('entered', 'left')),
  cause text not null check (cause in ('record', 'recompute', 'drift')),
  event_id uuid,
  at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index segment_history_segment on segment_history (workspace_id, segment_id, seq desc);
create index segment_history_record on segment_history (workspace_id, record_id, seq desc);

create table static_list (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  name jsonb not null,
  description text,
  visibility text not null default 'private' check (visibility in ('private', 'shared')),
  owner_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index static_list_object on static_list (workspace_id, object_name, created_at);

create table list_member (
  workspace_id uuid not null,
  list_id uuid not null,
  record_id uuid not null,
  added_at timestamptz not null default now(),
  added_by uuid,
  primary key (workspace_id, list_id, record_id)
);
create index list_member_record on list_member (workspace_id, record_id);
${enableRls(['segment', 'segment_member', 'segment_history', 'static_list', 'list_member'])}
grant usage on all sequences in schema public to kemai_app;
`)
      .execute(db)
  },
}
