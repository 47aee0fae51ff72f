import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'

/**
 * `workflow_rate` gets a slot per database connection (`pg_backend_pid()`): every start upserts its own
 * connection's row and adds the others', so two listener workers starting the same workflow no longer wait
 * on one row locked until their batches commit (docs/benchmarks.md, "Where the time goes"). The table stays
 * small: the retention purge deletes minutes older than an hour.
 */
export const m0021WorkflowRateSlots: Migration = {
  version: 21,
  name: 'workflow-rate-slots',
  async up(db) {
    await sql
      .raw(`
alter table workflow_rate add column slot int not null default 0;
alter table workflow_rate drop constraint workflow_rate_pkey;
alter table workflow_rate add primary key (workspace_id, workflow_id, minute, slot);
`)
      .execute(db)
  },
}
