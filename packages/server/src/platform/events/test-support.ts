import { sql } from 'kysely'
import { newId } from '../db/ids.ts'
import type { Db } from '../db/tx.ts'

/** Test helper: a bare workspace row (withWorkspace needs one). Replace with test/factories when it exists. */
export async function insertWorkspace(db: Db): Promise<string> {
  const id = newId()
  const key = id.replaceAll('-', '')
  await sql`insert into workspace (id, name, slug, db_schema) values (${id}, 'test', ${key}, ${`ws_${key}`})`.execute(
    db,
  )
  return id
}

/** Test helper: polls `fn` until `ok` holds or `ms` pass; returns the last value. */
export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 50))
  }
}
