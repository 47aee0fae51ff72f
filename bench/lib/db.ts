import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type Database, openDatabase } from '../../packages/server/src/platform/db/connect.ts'

export interface BenchDatabase {
  database: Database
  kind: 'pglite' | 'postgres'
  /** a plain `pg.Pool` for the hand-written SQL: its own pool on PostgreSQL, the product's one on PGlite */
  rawPool: pg.Pool
  /** where the data lives, for the report */
  where: string
  close(): Promise<void>
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/**
 * `DATABASE_URL` set: a fresh PostgreSQL database `kemai_bench_<pid>` created through that (admin) URL
 * and dropped on close. Otherwise PGlite in a temporary folder (like `kemai serve` without DATABASE_URL),
 * removed on close.
 */
export async function openBenchDatabase(opts: { poolSize: number }): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL?.trim()
  if (url) {
    const name = `kemai_bench_${process.pid}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.query(`create database ${name}`)
    } finally {
      await admin.end()
    }
    const dbUrl = withDatabase(url, name)
    const database = await openDatabase({ url: dbUrl, poolSize: opts.poolSize })
    const rawPool = new pg.Pool({ connectionString: dbUrl, max: opts.poolSize })
    // dropping the database at the end terminates whatever is still connected: not an error here
    rawPool.on('error', () => {})
    const u = new URL(dbUrl)
    return {
      database,
      kind: 'postgres',
      rawPool,
      where: `${u.host}${u.pathname}`,
      async close() {
        await rawPool.end().catch(() => {})
        await database.close().catch(() => {})
        const a = new pg.Client({ connectionString: url })
        await a.connect()
        try {
          await a.query(`drop database if exists ${name} with (force)`)
        } finally {
          await a.end()
        }
      },
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'kemai-bench-'))
  const database = await openDatabase({ dataDir: dir })
  return {
    database,
    kind: 'pglite',
    rawPool: database.pool,
    where: dir,
    async close() {
      await database.close().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
