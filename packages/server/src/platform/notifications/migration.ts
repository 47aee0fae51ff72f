import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/**
 * In-app notifications (assignments, @mentions, finished jobs): one row per recipient. `seq` orders them
 * for the SSE stream's polling (notifications/hub.ts); the partial index serves the unread count.
 */
export const m0006Notifications: Migration = {
  version: 6,
  name: 'notifications',
  async up(db) {
    await sql
      .raw(`
create table notification (
  workspace_id uuid not null references workspace(id) on delete cascade,
  id uuid not null,
  seq bigserial not null,
  user_id uuid not null,
  kind text not null,
  object_name text,
  record_id uuid,
  title text not null default '',
  actor_id uuid,
  data jsonb not null default '{}',
  read_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index notification_inbox on notification (workspace_id, user_id, seq desc);
create index notification_unread on notification (workspace_id, user_id) where read_at is null;
create index notification_seq on notification (seq);
alter table activity add column mentions uuid[] not null default '{}';
${enableRls(['notification'])}
grant usage on all sequences in schema public to kemai_app;
`)
      .execute(db)
  },
}
