import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/**
 * Web forms (docs/forms.md): `form` holds what a visitor sees and which object it fills; `form_submission`
 * logs each accepted submission (the record it created, or spam). `public_key` is looked up across
 * workspaces by the public endpoints, before the workspace is known, hence its own unique index — the one
 * index here not led by workspace_id, like `api_key.key_hash` (a lookup table keyed by the key would be the
 * reference-table form of it when workspaces are distributed, ARCHITECTURE §5).
 */
export const m0023Forms: Migration = {
  version: 23,
  name: 'forms',
  async up(db) {
    await sql
      .raw(`
create table form (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  name text not null,
  object_name text not null,
  enabled boolean not null default false,
  fields jsonb not null,
  texts jsonb not null default '{}',
  redirect_url text,
  owner_id uuid,
  public_key text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index form_public_key on form (public_key);
create index form_object on form (workspace_id, object_name, created_at);

create table form_submission (
  workspace_id uuid not null,
  id uuid not null,
  form_id uuid not null,
  outcome text not null check (outcome in ('created', 'spam')),
  record_id uuid,
  at timestamptz not null default now(),
  referrer text,
  user_agent text,
  ip_hash text,
  locale text,
  primary key (workspace_id, id),
  foreign key (workspace_id, form_id) references form (workspace_id, id) on delete cascade
);
create index form_submission_form on form_submission (workspace_id, form_id, id desc);
${enableRls(['form', 'form_submission'])}
`)
      .execute(db)
  },
}
