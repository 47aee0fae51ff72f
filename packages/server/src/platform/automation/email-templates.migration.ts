import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/** E-mail templates of workflow `send_email` steps: a subject and a plain-text body with merge fields. */
export const m0020EmailTemplates: Migration = {
  version: 20,
  name: 'email-templates',
  async up(db) {
    await sql
      .raw(`
create table email_template (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  name text not null,
  subject text not null,
  body text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
${enableRls(['email_template'])}
`)
      .execute(db)
  },
}
