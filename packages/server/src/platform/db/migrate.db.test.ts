import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseUrlFor } from '../../test/pg-url.ts'
import { createTestDb } from '../../test/test-db.ts'
import { type Database, openDatabase } from './connect.ts'
import { migrate } from './migrate.ts'
import { MIGRATIONS } from './migrations/index.ts'

describe('migrations', () => {
  let t: Database
  beforeAll(async () => {
    t = await createTestDb()
  })
  afterAll(async () => {
    await t.close()
  })

  it('the template database has every migration applied, in order', async () => {
    const r = await sql<{ version: number }>`select version from kemai_migration order by version`.execute(
      t.db,
    )
    expect(r.rows.map((x) => x.version)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b))
  })

  it('running them again is a no-op (forward-only, idempotent by version)', async () => {
    expect(await migrate(t.db)).toEqual([])
  })

  it('runs from an empty database', async () => {
    const url = process.env.DATABASE_URL
    const name = `kemai_empty_${process.pid}`
    let admin: Database | undefined
    if (url) {
      admin = await openDatabase({ url, poolSize: 1 })
      await sql.raw(`drop database if exists ${name}`).execute(admin.db)
      await sql.raw(`create database ${name}`).execute(admin.db)
    }
    const empty = await openDatabase(url ? { url: databaseUrlFor(url, name) } : { dataDir: 'memory://' })
    try {
      expect(await migrate(empty.db)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b))
      const r = await sql<{
        n: number
      }>`select count(*)::int n from information_schema.tables where table_name = 'outbox_event'`.execute(
        empty.db,
      )
      expect(r.rows[0]?.n).toBe(1)
    } finally {
      await empty.close()
      if (admin) {
        await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db)
        await admin.close()
      }
    }
  }, 60_000)

  it('numeric and array comparisons are leakproof, so indexes serve filters under RLS', async () => {
    const r = await sql<{ proname: string; proleakproof: boolean }>`select proname, proleakproof from pg_proc
      where proname in ('numeric_ge', 'numeric_lt', 'arrayoverlap', 'arraycontains')`.execute(t.db)
    expect(r.rows.every((x) => x.proleakproof)).toBe(true)
  })

  it('every workspace table has row-level security enabled', async () => {
    const r = await sql<{
      relname: string
    }>`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id'
      where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity and c.relname not in ('session', 'search_doc') -- search_doc: decision 0002`.execute(
      t.db,
    )
    expect(r.rows).toEqual([])
  })
})
