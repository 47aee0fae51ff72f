import { sql } from 'kysely'
import type { Migration } from '../db/migrate.ts'

/** A webhook-triggered workflow's secret (its URL is `/api/v1/hooks/workflows/{id}/{secret}`). */
export const m0019WorkflowWebhooks: Migration = {
  version: 19,
  name: 'workflow-webhooks',
  async up(db) {
    await sql`alter table workflow add column webhook_secret text`.execute(db)
  },
}
