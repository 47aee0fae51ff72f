import { PGlite } from '@electric-sql/pglite'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { lockDataDir } from './lock.ts'
import { registerPool } from './tx.ts'

export type DbKind = 'pglite' | 'postgres'

// int8 (count(*), bigserial) as number, date as its 'YYYY-MM-DD' text: same on both back ends (STACK.md §2.1, §4.6).
pg.types.setTypeParser(20, Number)
pg.types.setTypeParser(1082, (v: string) => v)

export interface Database {
  // biome-ignore lint/suspicious/noExplicitAny: object tables are defined at run time by metadata
  db: Kysely<any>
  pool: pg.Pool
  /** PostgreSQL: the pool for read-only work (withWorkspace `{ read: true }`) */
  readPool?: pg.Pool
  kind: DbKind
  close(): Promise<void>
}

export interface OpenOptions {
  /** postgres://… : use PostgreSQL; otherwise embedded PGlite */
  url?: string | undefined
  /** PGlite data folder; `memory://` for an in-memory database */
  dataDir?: string
  /** PGlite: start from a dumped data folder (tests) */
  loadDataDir?: Blob | File
  poolSize?: number
}

export const PGLITE_EXTENSIONS = { pg_trgm, fuzzystrmatch, unaccent }

export async function openPglite(dataDir: string, loadDataDir?: Blob | File): Promise<PGlite> {
  return PGlite.create(dataDir, {
    extensions: PGLITE_EXTENSIONS,
    parsers: { 20: Number, 1082: (v: string) => v },
    ...(loadDataDir ? { loadDataDir } : {}),
  })
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 })
    // read-only work (gets, lists, search) runs here without BEGIN/COMMIT: withWorkspaceRead in tx.ts
    const readPool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 })
    for (const p of [pool, readPool]) {
      p.on('error', () => {
        // an idle client lost its connection; the pool replaces it
      })
      p.on('connect', queueQueries)
    }
    const db = new Kysely({ dialect: new PostgresDialect({ pool }) })
    registerPool(db, pool, readPool)
    return {
      db,
      pool,
      readPool,
      kind: 'postgres',
      close: async () => {
        await db.destroy()
        await readPool.end()
      },
    }
  }
  const dir = opts.dataDir ?? './data'
  const inMemory = dir.startsWith('memory://')
  const unlock = inMemory ? () => {} : lockDataDir(dir)
  try {
    const pglite = await openPglite(inMemory ? dir : `${dir}/pg`, opts.loadDataDir)
    return wrapPglite(pglite, unlock)
  } catch (e) {
    unlock()
    throw e
  }
}

/** A Database over an open PGlite; closing it closes PGlite too. */
export function wrapPglite(pglite: PGlite, onClose: () => void = () => {}): Database {
  // One connection: PGlite is a single session, so the pool of 1 serialises transactions (STACK.md §4.1).
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), max: 1 })
  pool.on('connect', queueQueries)
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) })
  registerPool(db, pool)
  return {
    db,
    pool,
    kind: 'pglite',
    close: async () => {
      await db.destroy()
      await pglite.close()
      onClose()
    },
  }
}

/**
 * Queries sent on one client while it is busy wait their turn here. node-postgres queues them itself, but
 * that is deprecated (a warning now, an error in pg 9), and the runs of a workflow batch do send statements
 * side by side on their transaction (decision 0008). Only the promise form `query(text, values?)` — Kysely's —
 * is queued; streams (a cursor object) and callback calls (the pool's own `query`) go through as they are.
 */
export function queueQueries(client: pg.PoolClient): void {
  // the prototype's method, looked up at each call (a test or the benchmark's tracer may wrap it)
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown }
  const query = (...args: unknown[]) => proto.query.apply(client, args)
  let tail: Promise<unknown> = Promise.resolve()
  client.query = ((...args: unknown[]) => {
    if (typeof args[0] !== 'string' || typeof args[args.length - 1] === 'function') return query(...args)
    const run = tail.then(() => query(...args))
    tail = run.catch(() => undefined)
    return run
  }) as typeof client.query
}
