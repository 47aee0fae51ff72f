import { type Kysely, sql } from 'kysely'
import { MIGRATIONS } from './migrations/index.ts'

export interface Migration {
  version: number
  name: string
  // biome-ignore lint/suspicious/noExplicitAny: migrations work on tables that are not typed
  up(db: Kysely<any>): Promise<void>
}

/**
 * Forward-only migrations: each runs once, in its own transaction, in version order.
 * An advisory lock keeps two starting processes from running the same migration.
 */
// biome-ignore lint/suspicious/noExplicitAny: see Migration
export async function migrate(db: Kysely<any>, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = []
  await sql`create table if not exists kemai_migration (
    version int primary key, name text not null, applied_at timestamptz not null default now())`.execute(db)
  const sorted = [...migrations].sort((a, b) => a.version - b.version)
  for (const m of sorted) {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(4242001)`.execute(trx)
      const done = await sql<{
        version: number
      }>`select version from kemai_migration where version = ${m.version}`.execute(trx)
      if (done.rows.length > 0) return
      await m.up(trx)
      await sql`insert into kemai_migration (version, name) values (${m.version}, ${m.name})`.execute(trx)
      applied.push(m.version)
    })
  }
  return applied
}
