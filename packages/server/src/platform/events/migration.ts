import { type Kysely, sql } from 'kysely'

/**
 * Events and webhooks additions to 0001-core. Idempotent (`if not exists`, guarded policy), so tests
 * can apply it to a database that may already have it.
 *
 * - webhook: a description and updated_at.
 * - webhook_delivery: the exact body that was signed (re-sent unchanged by retries and redeliveries, and
 *   independent of outbox retention), and an index for the delivery log.
 * - webhook_delivery_attempt: one row per HTTP attempt (the delivery log).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations work on tables that are not typed
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
alter table webhook add column if not exists description text;
alter table webhook add column if not exists updated_at timestamptz not null default now();
alter table webhook_delivery add column if not exists body text;
create index if not exists webhook_delivery_log on webhook_delivery (workspace_id, webhook_id, id desc);

create table if not exists webhook_delivery_attempt (
  workspace_id uuid not null,
  id uuid not null,
  delivery_id uuid not null,
  attempt int not null,
  manual boolean not null default false,
  requested_at timestamptz not null default now(),
  response_status int,
  response_body text,
  error text,
  duration_ms int not null,
  primary key (workspace_id, id)
);
create unique index if not exists webhook_delivery_attempt_once
  on webhook_delivery_attempt (workspace_id, delivery_id, attempt);

alter table webhook_delivery_attempt enable row level security;
do $$ begin
  if not exists (select from pg_policies where tablename = 'webhook_delivery_attempt' and policyname = 'workspace_isolation') then
    create policy workspace_isolation on webhook_delivery_attempt
      using (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
      with check (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
  end if;
end $$;
grant select, insert, update, delete on webhook_delivery_attempt to kemai_app;
`)
    .execute(db)
}
