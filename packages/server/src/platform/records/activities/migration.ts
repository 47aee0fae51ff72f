import { sql } from 'kysely'
import type { Migration } from '../../db/migrate.ts'

/**
 * Editing timeline activities (docs/api.md): who ticked a task off (`done_at` was there from the start),
 * who changed the activity last, and when its content was last edited (a done toggle is not an edit).
 * Deleting keeps using `deleted_at`, which every reader already filters on.
 */
export const m0016ActivityEdits: Migration = {
  version: 16,
  name: 'activity-edits',
  async up(db) {
    await sql`alter table activity
      add column done_by uuid,
      add column updated_by uuid,
      add column edited_at timestamptz`.execute(db)
  },
}
