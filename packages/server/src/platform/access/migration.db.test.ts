import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { up } from './migration.ts'

let t: Database
beforeAll(async () => {
  t = await createTestDb()
})
afterAll(async () => {
  await t?.close()
})

describe('access migration', () => {
  it('adds its indexes, and running it twice is harmless', async () => {
    await t.db.transaction().execute((trx) => up(trx))
    await t.db.transaction().execute((trx) => up(trx))
    const r = await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = 'public'
      and indexname in ('audit_log_actor', 'audit_log_action', 'api_key_user', 'app_user_role', 'session_expires')
      order by indexname`.execute(t.db)
    expect(r.rows.map((x) => x.indexname)).toEqual([
      'api_key_user',
      'app_user_role',
      'audit_log_action',
      'audit_log_actor',
      'session_expires',
    ])
  })
})
