import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/**
 * The duplicate review queue (docs/dedup.md "Review queue"):
 * - `dedup_scan`: one background scan of an object, its progress and outcome;
 * - `dedup_cluster` + `dedup_pair`: what the latest scan found (open clusters are replaced by the next
 *   scan), each pair with its score, decision and reasons;
 * - `dedup_dismissed`: record pairs a person marked "not duplicates" (`a_id < b_id`), left out of every
 *   later scan;
 * - `dedup_setting`: per object, the score from which a scan merges clusters by itself.
 */
export const m0014DedupReview: Migration = {
  version: 14,
  name: 'dedup-review',
  async up(db) {
    await sql
      .raw(`
create table dedup_scan (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  phase text not null default 'queued',
  done integer not null default 0,
  total integer not null default 0,
  pairs integer not null default 0,
  clusters integer not null default 0,
  merged integer not null default 0,
  merge_failed integer not null default 0,
  auto_merge_above double precision,
  error text,
  -- false while no worker had created the queue yet: the next status read enqueues it
  job_queued boolean not null default false,
  started_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id)
);
create index dedup_scan_object on dedup_scan (workspace_id, object_name, created_at desc);

create table dedup_cluster (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  object_name text not null,
  scan_id uuid not null,
  status text not null default 'open' check (status in ('open', 'dismissed')),
  member_ids uuid[] not null,
  best_score double precision not null,
  min_score double precision not null,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid,
  primary key (workspace_id, id)
);
create index dedup_cluster_queue on dedup_cluster (workspace_id, object_name, status, best_score desc, id);

create table dedup_pair (
  workspace_id uuid not null,
  cluster_id uuid not null,
  a_id uuid not null,
  b_id uuid not null,
  score double precision not null,
  decision text not null check (decision in ('duplicate', 'possible')),
  reasons jsonb not null default '[]',
  primary key (workspace_id, cluster_id, a_id, b_id),
  foreign key (workspace_id, cluster_id) references dedup_cluster (workspace_id, id) on delete cascade
);

create table dedup_dismissed (
  workspace_id uuid not null references workspace(id) on delete cascade,
  object_name text not null,
  a_id uuid not null,
  b_id uuid not null,
  dismissed_by uuid,
  dismissed_at timestamptz not null default now(),
  primary key (workspace_id, object_name, a_id, b_id),
  check (a_id < b_id)
);

create table dedup_setting (
  workspace_id uuid not null references workspace(id) on delete cascade,
  object_name text not null,
  auto_merge_above double precision,
  updated_by uuid,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, object_name)
);
${enableRls(['dedup_scan', 'dedup_cluster', 'dedup_pair', 'dedup_dismissed', 'dedup_setting'])}
`)
      .execute(db)
  },
}
