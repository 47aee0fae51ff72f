import { sql } from 'kysely'
import type { Migration } from '../migrate.ts'

/** The record page's sections per object (metadata, `layoutSchema` in packages/shared/src/fields.ts). */
export const m0008ObjectLayout: Migration = {
  version: 8,
  name: 'object-layout',
  async up(db) {
    await sql`alter table object add column layout jsonb`.execute(db)
  },
}
