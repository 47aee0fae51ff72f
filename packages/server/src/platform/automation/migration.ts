import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/**
 * Workflows as data (docs/automation.md): `workflow` holds the draft being edited and points at its
 * current published version; `workflow_version` rows are the published definitions and never change
 * (the app role may insert and delete them, not update them). Runs come with the executor.
 */
export const m0015Workflows: Migration = {
  version: 15,
  name: 'workflows',
  async up(db) {
    await sql
      .raw(`
create table workflow (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  name text not null,
  description text,
  template_key text,
  enabled boolean not null default false,
  draft jsonb not null,
  draft_changed boolean not null default true,
  published_version int,
  trigger_type text,
  trigger_object text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index workflow_created on workflow (workspace_id, created_at);
create index workflow_trigger on workflow (workspace_id, trigger_object, trigger_type) where enabled;

create table workflow_version (
  workspace_id uuid not null,
  workflow_id uuid not null,
  version int not null,
  definition jsonb not null,
  published_by uuid,
  published_at timestamptz not null default now(),
  primary key (workspace_id, workflow_id, version),
  foreign key (workspace_id, workflow_id) references workflow (workspace_id, id) on delete cascade
);
${enableRls(['workflow', 'workflow_version'])}
revoke update on workflow_version from kemai_app;
`)
      .execute(db)
  },
}
