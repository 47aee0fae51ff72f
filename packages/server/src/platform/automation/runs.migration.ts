import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'
import { enableRls } from '../db/migrations/0001-core.ts'

/**
 * Workflow runs (docs/automation.md, "Executor"): one `workflow_run` per start, pinned to the version it
 * started on, with the state it needs to go on (trigger payload, step outputs, the next step); one
 * `workflow_step_run` per executed step with its input, output, duration and error. A run started by an
 * event is unique per (workflow, event): a redelivered event cannot start it twice. `workflow_rate` counts
 * starts per workflow and minute for the per-workflow rate limit; `workflow_counter` is a round-robin
 * assignment's position.
 */
export const m0017WorkflowRuns: Migration = {
  version: 17,
  name: 'workflow-runs',
  async up(db) {
    await sql
      .raw(`
alter table workflow add column max_runs_per_minute int not null default 10000;
-- the run behind a field change (the timeline names the workflow)
alter table field_history add column run_id uuid;
-- schedule and date-relative triggers: the minutes up to here have been looked at
alter table workflow add column schedule_checked_at timestamptz;

create table workflow_run (
  workspace_id uuid not null,
  id uuid not null,
  workflow_id uuid not null,
  version int not null,
  status text not null check (status in ('running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  trigger_type text not null,
  trigger_event_id uuid,
  object_name text,
  record_id uuid,
  depth int not null default 0,
  next_step text,
  state jsonb not null,
  error jsonb,
  wake_at timestamptz,
  wait_token int not null default 0,
  steps_done int not null default 0,
  started_by uuid,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, workflow_id) references workflow (workspace_id, id) on delete cascade
);
create unique index workflow_run_event on workflow_run (workspace_id, workflow_id, trigger_event_id)
  where trigger_event_id is not null;
create index workflow_run_recent on workflow_run (workspace_id, started_at desc, id desc);
create index workflow_run_by_workflow on workflow_run (workspace_id, workflow_id, started_at desc, id desc);
create index workflow_run_by_record on workflow_run (workspace_id, record_id, started_at desc)
  where record_id is not null;
create index workflow_run_waiting on workflow_run (workspace_id, record_id)
  where status = 'waiting' and record_id is not null;

create table workflow_step_run (
  workspace_id uuid not null,
  run_id uuid not null,
  seq int not null,
  step_id text not null,
  step_type text not null,
  status text not null check (status in ('running', 'succeeded', 'failed', 'waiting')),
  input jsonb,
  output jsonb,
  error jsonb,
  attempt int not null default 1,
  started_at timestamptz not null,
  duration_ms int not null default 0,
  primary key (workspace_id, run_id, seq),
  foreign key (workspace_id, run_id) references workflow_run (workspace_id, id) on delete cascade
);

create table workflow_rate (
  workspace_id uuid not null,
  workflow_id uuid not null,
  minute timestamptz not null,
  n int not null,
  primary key (workspace_id, workflow_id, minute),
  foreign key (workspace_id, workflow_id) references workflow (workspace_id, id) on delete cascade
);

create table workflow_counter (
  workspace_id uuid not null,
  workflow_id uuid not null,
  step_id text not null,
  n bigint not null,
  primary key (workspace_id, workflow_id, step_id),
  foreign key (workspace_id, workflow_id) references workflow (workspace_id, id) on delete cascade
);
${enableRls(['workflow_run', 'workflow_step_run', 'workflow_rate', 'workflow_counter'])}
`)
      .execute(db)
  },
}
