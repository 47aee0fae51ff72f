import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely'
import type pg from 'pg'
import { errors } from '../errors.ts'

// biome-ignore lint/suspicious/noExplicitAny: object tables are defined at run time
export type Db = Kysely<any>
// biome-ignore lint/suspicious/noExplicitAny: see Db
export type Tx = Transaction<any>

export interface WorkspaceInfo {
  id: string
  metadataVersion: number
  timeZone: string
  dbSchema: string
  currency: string
}

/**
 * Runs `fn` in a transaction scoped to one workspace: `app.workspace_id` is set for row-level security
 * and the role drops to kemai_app, so a query that forgot its workspace filter still sees only this
 * workspace (ARCHITECTURE rule 4: the second lock). The same round trip reads the workspace's
 * metadata version, so cached metadata is checked on every transaction at no extra cost.
 */
export async function withWorkspace<T>(
  db: Db,
  workspaceId: string,
  fn: (trx: Tx, ws: WorkspaceInfo) => Promise<T>,
  opts: { ddl?: boolean } = {},
): Promise<T> {
  const pool = pools.get(db)
  if (!pool) return withWorkspaceViaKysely(db, workspaceId, fn, opts)
  if (!isUuid(workspaceId)) throw errors.notFound()
  // BEGIN and the workspace setup travel in one round trip (simple protocol, two statements). The id is
  // inlined, which is safe only because it was just checked to be a UUID.
  const role = opts.ddl ? 'null' : "set_config('role', 'kemai_app', true)"
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    const res = (await client.query(`begin; select
        set_config('app.workspace_id', '${workspaceId}', true) as a, ${role} as b,
        w.metadata_version as v, w.time_zone as tz, w.db_schema as s, w.currency as cur
      from workspace w where w.id = '${workspaceId}'`)) as unknown as pg.QueryResult<WorkspaceRow>[]
    const row = res[res.length - 1]?.rows[0]
    let out: T
    try {
      if (!row) throw errors.notFound()
      out = await fn(boundTo(client), toInfo(workspaceId, row))
    } catch (e) {
      await client.query('rollback').catch((err: Error) => {
        broken = err
      })
      throw e
    }
    await client.query('commit')
    return out
  } finally {
    // a connection whose rollback failed is broken: the pool discards it instead of reusing it
    client.release(broken)
  }
}

interface WorkspaceRow {
  v: number
  tz: string
  s: string
  cur: string
}

const toInfo = (id: string, row: WorkspaceRow): WorkspaceInfo => ({
  id,
  metadataVersion: row.v,
  timeZone: row.tz,
  dbSchema: row.s,
  currency: row.cur,
})

/**
 * The same, through Kysely's own transaction: for Kysely instances derived from a registered one
 * (`db.withPlugin(…)`, used by the events crash test) or opened without registerPool.
 */
async function withWorkspaceViaKysely<T>(
  db: Db,
  workspaceId: string,
  fn: (trx: Tx, ws: WorkspaceInfo) => Promise<T>,
  opts: { ddl?: boolean },
): Promise<T> {
  const role = opts.ddl ? sql`null` : sql`set_config('role', 'kemai_app', true)`
  return db.transaction().execute(async (trx) => {
    const r = await sql<WorkspaceRow>`select
        set_config('app.workspace_id', ${workspaceId}, true) as a,
        ${role} as b,
        w.metadata_version as v, w.time_zone as tz, w.db_schema as s, w.currency as cur
      from workspace w where w.id = ${workspaceId}`.execute(trx)
    const row = r.rows[0]
    if (!row) throw errors.notFound()
    return fn(trx, toInfo(workspaceId, row))
  })
}

const pools = new WeakMap<Db, pg.Pool>()

/** Lets withWorkspace drive the pool's clients itself (connect.ts registers every database it opens). */
export function registerPool(db: Db, pool: pg.Pool): void {
  pools.set(db, pool)
}

const bound = new WeakMap<pg.PoolClient, Tx>()

/** A Kysely instance over one checked-out client, whose release is left to withWorkspace. */
function boundTo(client: pg.PoolClient): Tx {
  let k = bound.get(client)
  if (!k) {
    const handle = {
      query: (...args: Parameters<pg.PoolClient['query']>) =>
        (client.query as (...a: unknown[]) => unknown)(...args),
      release: () => {},
    }
    const pool = { connect: async () => handle, end: async () => {} } as unknown as pg.Pool
    k = new Kysely({ dialect: new PostgresDialect({ pool }) }) as unknown as Tx
    bound.set(client, k)
  }
  return k
}

/** Platform-level work that is not scoped to one workspace (login lookup, migrations, dispatch). */
export async function withPlatform<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s)
