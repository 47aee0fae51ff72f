import { sql } from 'kysely'
import type { Migration } from '../../db/migrate.ts'

/**
 * The duplicate check's key index is rebuilt by a background job (key-build.ts) instead of inline at
 * start: `dedup_key_state` also holds the progress of a build, so a crashed one resumes from its cursor.
 * - `rules_hash`: the rules the keys are built with (`ready`) or being built with (`building`/`failed`);
 * - `status`: `building` while the job runs, `ready` when every record has its keys, `failed` when its
 *   retries ran out (the next start or metadata change queues it again, from the cursor);
 * - `cursor`: the last record id whose keys are written; `done` / `total`: records indexed / at the start
 *   (`total` is counted by the first batch, null until then);
 * - `built_at`: when the last build finished (null while one runs).
 * Rows of earlier versions were built inline, so they are `ready`.
 */
export const m0024DedupKeyBuilds: Migration = {
  version: 24,
  name: 'dedup-key-builds',
  async up(db) {
    await sql
      .raw(`
alter table dedup_key_state
  add column status text not null default 'ready' check (status in ('building', 'ready', 'failed')),
  add column cursor uuid,
  add column done bigint not null default 0,
  add column total bigint,
  add column started_at timestamptz,
  add column error text,
  alter column built_at drop not null,
  alter column built_at drop default;
`)
      .execute(db)
  },
}
