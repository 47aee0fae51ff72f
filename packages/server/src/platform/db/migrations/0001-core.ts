import { sql } from 'kysely'
import type { Migration } from '../migrate.ts'

/** Tables with a workspace_id that row-level security scopes (ARCHITECTURE rule 4). */
export const RLS_TABLES = [
  'app_user',
  'team',
  'team_member',
  'role',
  'role_grant',
  'api_key',
  'object',
  'field',
  'view',
  'field_history',
  'activity',
  'activity_link',
  'outbox_event',
  'job',
  'file',
  'webhook',
  'webhook_delivery',
  'audit_log',
] as const

const DDL = `
create extension if not exists pg_trgm;
create extension if not exists fuzzystrmatch;

do $$ begin
  if not exists (select from pg_roles where rolname = 'kemai_app') then create role kemai_app nologin; end if;
end $$;

create table workspace (
  id uuid primary key,
  name text not null,
  slug text not null unique,
  time_zone text not null default 'Asia/Shanghai',
  currency text not null default 'CNY',
  locale text not null default 'zh-CN',
  db_schema text not null unique,
  metadata_version int not null default 1,
  created_at timestamptz not null default now()
);

create table app_user (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  email text not null,
  name text not null,
  password_hash text,
  locale text not null default 'zh-CN',
  role_id uuid,
  is_active boolean not null default true,
  is_owner boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index app_user_email on app_user (lower(email));

create table team (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  name text not null,
  parent_id uuid,
  path text not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index team_path on team (workspace_id, path text_pattern_ops);

create table team_member (
  workspace_id uuid not null,
  team_id uuid not null,
  user_id uuid not null,
  is_manager boolean not null default false,
  primary key (workspace_id, team_id, user_id)
);
create index team_member_user on team_member (workspace_id, user_id);

create table role (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  name text not null,
  description text,
  is_admin boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);

create table role_grant (
  workspace_id uuid not null,
  role_id uuid not null,
  object_name text not null,
  can_create boolean not null default false,
  can_read boolean not null default false,
  can_update boolean not null default false,
  can_delete boolean not null default false,
  read_scope text not null default 'own',
  write_scope text not null default 'own',
  field_rules jsonb not null default '{}',
  primary key (workspace_id, role_id, object_name)
);

create table session (
  token_hash text primary key,
  workspace_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index session_by_user on session (workspace_id, user_id);

create table api_key (
  workspace_id uuid not null,
  id uuid not null,
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  scopes jsonb not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (workspace_id, id)
);

create table object (
  workspace_id uuid not null references workspace(id) on delete cascade,
  name text not null,
  label jsonb not null,
  plural_label jsonb not null,
  title_field text not null default 'name',
  module text,
  is_system boolean not null default false,
  is_active boolean not null default true,
  is_junction boolean not null default false,
  icon text,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, name)
);

create table field (
  workspace_id uuid not null,
  object_name text not null,
  name text not null,
  type text not null,
  label jsonb not null,
  options jsonb not null default '{}',
  is_system boolean not null default false,
  is_active boolean not null default true,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, object_name, name),
  foreign key (workspace_id, object_name) references object(workspace_id, name) on delete cascade
);

create table view (
  workspace_id uuid not null,
  id uuid not null,
  object_name text not null,
  name text not null,
  kind text not null default 'list',
  columns jsonb not null default '[]',
  sort jsonb not null default '[]',
  filter jsonb,
  group_by text,
  aggregate jsonb not null default '[]',
  kanban_field text,
  visibility text not null default 'private',
  owner_id uuid not null,
  is_default boolean not null default false,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index view_object on view (workspace_id, object_name);

create table field_history (
  workspace_id uuid not null,
  id uuid not null,
  object_name text not null,
  record_id uuid not null,
  field_name text not null,
  old_value jsonb,
  new_value jsonb,
  actor_id uuid,
  channel text not null,
  at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index field_history_record on field_history (workspace_id, record_id, at desc);

create table activity (
  workspace_id uuid not null,
  id uuid not null,
  type text not null,
  subject text,
  body text,
  data jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  due_at timestamptz,
  done_at timestamptz,
  owner_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (workspace_id, id)
);

create table activity_link (
  workspace_id uuid not null,
  activity_id uuid not null,
  object_name text not null,
  record_id uuid not null,
  primary key (workspace_id, activity_id, object_name, record_id)
);
create index activity_link_record on activity_link (workspace_id, record_id);

create table outbox_event (
  workspace_id uuid not null,
  id uuid not null,
  seq bigserial not null,
  type text not null,
  object_name text,
  record_id uuid,
  actor_id uuid,
  channel text,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  dispatched_at timestamptz,
  primary key (workspace_id, id)
);
create index outbox_pending on outbox_event (seq) where dispatched_at is null;

create table job (
  workspace_id uuid not null,
  id uuid not null,
  kind text not null,
  status text not null default 'queued',
  total bigint,
  done bigint not null default 0,
  params jsonb not null default '{}',
  result jsonb,
  error text,
  created_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id)
);

create table file (
  workspace_id uuid not null,
  id uuid not null,
  name text not null,
  mime text,
  size bigint not null,
  sha256 text not null,
  storage_key text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);

create table webhook (
  workspace_id uuid not null,
  id uuid not null,
  url text not null,
  secret text not null,
  event_types text[] not null,
  object_names text[],
  is_active boolean not null default true,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);

create table webhook_delivery (
  workspace_id uuid not null,
  id uuid not null,
  webhook_id uuid not null,
  event_id uuid not null,
  event_type text not null,
  attempt int not null default 0,
  status text not null default 'pending',
  response_status int,
  response_body text,
  error text,
  duration_ms int,
  next_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index webhook_delivery_once on webhook_delivery (workspace_id, webhook_id, event_id);

create table audit_log (
  workspace_id uuid not null,
  id uuid not null,
  action text not null,
  actor_id uuid,
  api_key_id uuid,
  ip text,
  target_type text,
  target_id text,
  detail jsonb not null default '{}',
  at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index audit_log_at on audit_log (workspace_id, at desc);

create table processed_event (
  listener text not null,
  event_id uuid not null,
  processed_at timestamptz not null default now(),
  primary key (listener, event_id)
);
`

export const m0001Core: Migration = {
  version: 1,
  name: 'core',
  async up(db) {
    await sql.raw(DDL).execute(db)
    await sql.raw(enableRls(RLS_TABLES)).execute(db)
    await sql
      .raw(`grant select on workspace to kemai_app;
      grant select, insert, delete on processed_event to kemai_app;
      grant usage on all sequences in schema public to kemai_app;`)
      .execute(db)
  },
}

/** RLS policy: the transaction's app.workspace_id must match (second lock; the services filter too). */
export function enableRls(tables: readonly string[], schema = 'public'): string {
  return tables
    .map(
      (t) => `
alter table "${schema}"."${t}" enable row level security;
create policy workspace_isolation on "${schema}"."${t}"
  using (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
  with check (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
grant select, insert, update, delete on "${schema}"."${t}" to kemai_app;`,
    )
    .join('\n')
}
