import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/**
 * Approvals (docs/automation.md, "Approvals"): one `approval_request` per approval step a run reaches, on its
 * record, with the level it is at and what it locks; one `approval_task` per approver and round of a level
 * (a reject back to a level starts a new round), with the decision and comment.
 */
export const m0018Approvals: Migration = {
  version: 18,
  name: 'approvals',
  async up(db) {
    await sql
      .raw(`
create table approval_request (
  workspace_id uuid not null,
  id uuid not null,
  run_id uuid not null,
  step_id text not null,
  workflow_id uuid not null,
  object_name text,
  record_id uuid,
  title text not null,
  status text not null check (status in ('pending', 'approved', 'rejected', 'cancelled')),
  level_index int not null default 0,
  round int not null default 1,
  submitter_id uuid,
  lock jsonb not null,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  primary key (workspace_id, id),
  -- deferred: a run reaching an approval in the event's transaction is inserted after its steps ran
  foreign key (workspace_id, run_id) references workflow_run (workspace_id, id) on delete cascade
    deferrable initially deferred
);
create index approval_request_record on approval_request (workspace_id, record_id) where status = 'pending';
create index approval_request_recent on approval_request (workspace_id, created_at desc, id desc);
create index approval_request_submitter on approval_request (workspace_id, submitter_id, created_at desc);

create table approval_task (
  workspace_id uuid not null,
  request_id uuid not null,
  level_index int not null,
  round int not null,
  approver_id uuid not null,
  status text not null check (status in ('pending', 'approved', 'rejected', 'skipped')),
  comment text,
  escalated boolean not null default false,
  due_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (workspace_id, request_id, level_index, round, approver_id),
  foreign key (workspace_id, request_id) references approval_request (workspace_id, id) on delete cascade
);
create index approval_task_inbox on approval_task (workspace_id, approver_id, status, created_at desc);
${enableRls(['approval_request', 'approval_task'])}
`)
      .execute(db)
  },
}
