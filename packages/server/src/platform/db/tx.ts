import {
  type CompiledQuery,
  Kysely,
  type OperationNodeSource,
  PostgresDialect,
  type RawBuilder,
  sql,
  type Transaction,
} from 'kysely'
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

export interface WorkspaceOptions {
  /** keep the owner role (DDL of the metadata engine) */
  ddl?: boolean
  /**
   * A read to send in the same round trip as BEGIN and the workspace setup (the write path's
   * `SELECT … FOR UPDATE`), built from the cached workspace row. It is used only when every parameter can
   * be written as a safe literal (inlineLiterals) and the workspace's metadata version is the cached one;
   * `fn` then receives its rows as `lead`, otherwise `lead` is undefined and `fn` runs the read itself.
   */
  lead?: (ws: WorkspaceInfo) => CompiledQuery | undefined
  /**
   * `fn` only reads. On PostgreSQL it then runs on the read pool without a transaction of its own (one
   * round trip instead of three; see withWorkspaceRead). Elsewhere it changes nothing.
   */
  read?: boolean
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
  fn: (trx: Tx, ws: WorkspaceInfo, lead?: LeadRows) => Promise<T>,
  opts: WorkspaceOptions = {},
): Promise<T> {
  const pool = pools.get(db)
  if (!pool) return withWorkspaceViaKysely(db, workspaceId, fn, opts)
  if (!isUuid(workspaceId)) throw errors.notFound()
  if (opts.read) {
    const readPool = readPools.get(db)
    if (readPool) return withWorkspaceRead(db, readPool, workspaceId, fn)
  }
  // BEGIN and the workspace setup travel in one round trip (simple protocol, two statements). The id is
  // inlined, which is safe only because it was just checked to be a UUID.
  const role = opts.ddl ? 'null' : "set_config('role', 'kemai_app', true)"
  const setup = `begin; select
        set_config('app.workspace_id', '${workspaceId}', true) as a, ${role} as b,
        w.metadata_version as v, w.time_zone as tz, w.db_schema as s, w.currency as cur
      from workspace w where w.id = '${workspaceId}'`
  // the lead read, built from the cached workspace row, rides along when it can be inlined safely
  const cached = opts.lead ? cachedInfo(workspaceId) : undefined
  const leadQuery = cached && opts.lead ? opts.lead(cached) : undefined
  const leadText = leadQuery ? inlineLiterals(leadQuery) : null
  const client = await pool.connect()
  const generation = generations.get(workspaceId) ?? 0
  let broken: Error | undefined
  try {
    let res: pg.QueryResult[]
    try {
      res = (await client.query(leadText ? `${setup};\n${leadText}` : setup)) as unknown as pg.QueryResult[]
    } catch (e) {
      if (!leadText) throw e
      // the lead failed (metadata changed under the cache): start over without it
      await client.query('rollback')
      res = (await client.query(setup)) as unknown as pg.QueryResult[]
    }
    const row = res[1]?.rows[0] as WorkspaceRow | undefined
    const leadRows =
      leadText && row && cached && row.v === cached.metadataVersion ? (res[2]?.rows ?? []) : undefined
    let out: T
    try {
      if (!row) throw errors.notFound()
      out = await fn(boundTo(client, true), toInfo(workspaceId, row), leadRows)
    } catch (e) {
      await client.query('rollback').catch((err: Error) => {
        broken = err
      })
      throw e
    }
    await client.query('commit')
    // the workspace row as this transaction began; a metadata change calls forgetWorkspaceInfo after commit
    if (!opts.ddl && generation === (generations.get(workspaceId) ?? 0))
      infoCache.set(workspaceId, { info: toInfo(workspaceId, row), at: Date.now() })
    return out
  } finally {
    // a connection whose rollback failed is broken: the pool discards it instead of reusing it
    client.release(broken)
  }
}

/** Rows of the lead read (WorkspaceOptions.lead). */
export type LeadRows = readonly Record<string, unknown>[]

/**
 * The query with its parameters written as literals, or null when one of them is not certainly safe to
 * inline: only UUIDs, safe integers, booleans, null and arrays of UUIDs qualify, none of which can hold a
 * quote. (The simple protocol that lets BEGIN share a round trip takes no parameters.)
 */
export function inlineLiterals(q: CompiledQuery): string | null {
  const literals: string[] = []
  for (const p of q.parameters) {
    if (p === null) literals.push('null')
    else if (typeof p === 'boolean') literals.push(p ? 'true' : 'false')
    else if (typeof p === 'number' && Number.isSafeInteger(p)) literals.push(String(p))
    else if (isUuid(p)) literals.push(`'${p}'`)
    else if (Array.isArray(p) && p.every(isUuid)) literals.push(`'{${p.join(',')}}'`)
    else return null
  }
  let bad = false
  const text = q.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const lit = literals[Number(n) - 1]
    if (lit === undefined) bad = true
    return lit ?? ''
  })
  return bad || text.includes(';') ? null : text
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
  opts: WorkspaceOptions,
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
const readPools = new WeakMap<Db, pg.Pool>()

/**
 * Lets withWorkspace drive the pool's clients itself (connect.ts registers every database it opens). A
 * read pool (PostgreSQL only) serves `{ read: true }` work; its sessions are prepared by withWorkspaceRead.
 */
export function registerPool(db: Db, pool: pg.Pool, readPool?: pg.Pool): void {
  pools.set(db, pool)
  if (readPool) readPools.set(db, readPool)
}

/**
 * Workspace rows (metadata version, time zone, currency) as last seen by this process. Reads trust an
 * entry for INFO_TTL_MS; every workspace transaction refreshes it, and the metadata engine forgets it when
 * its change commits, so this process always sees its own changes at once. Another process sees a
 * metadata change within INFO_TTL_MS; a read that meets a column or table that no longer exists meanwhile
 * is retried once with fresh metadata (docs/decisions/0006).
 */
const infoCache = new Map<string, { info: WorkspaceInfo; at: number }>()
export const INFO_TTL_MS = 2000

/** Bumped by every forget, so a transaction that began before a change cannot put its older row back. */
const generations = new Map<string, number>()

export function forgetWorkspaceInfo(workspaceId: string): void {
  infoCache.delete(workspaceId)
  generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1)
}

function cachedInfo(workspaceId: string): WorkspaceInfo | undefined {
  const hit = infoCache.get(workspaceId)
  return hit && Date.now() - hit.at < INFO_TTL_MS ? hit.info : undefined
}

/** The workspace each read-pool session is set to (session-level app.workspace_id). */
const sessionWorkspace = new WeakMap<pg.PoolClient, string>()

/**
 * Read-only work on the read pool, without BEGIN/COMMIT: the session itself carries the second lock. Its
 * role is kemai_app and `app.workspace_id` is set at session level, in one statement that also makes every
 * later transaction of the session read-only; the statement runs again only when the session last served
 * another workspace or the cached workspace row is too old. Each statement of `fn` is then its own
 * transaction under row-level security, exactly as inside withWorkspace, but a get or a list is a single
 * round trip. A session whose setup did not complete is never marked, so it is set up again before use.
 */
async function withWorkspaceRead<T>(
  db: Db,
  pool: pg.Pool,
  workspaceId: string,
  fn: (trx: Tx, ws: WorkspaceInfo) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  const generation = generations.get(workspaceId) ?? 0
  let broken: Error | undefined
  try {
    let info = cachedInfo(workspaceId)
    if (!info || sessionWorkspace.get(client) !== workspaceId) {
      sessionWorkspace.delete(client)
      const r = await client.query<WorkspaceRow>(`select
          set_config('role', 'kemai_app', false) as b,
          set_config('app.workspace_id', '${workspaceId}', false) as a,
          set_config('default_transaction_read_only', 'on', false) as r,
          w.metadata_version as v, w.time_zone as tz, w.db_schema as s, w.currency as cur
        from workspace w where w.id = '${workspaceId}'`)
      const row = r.rows[0]
      if (!row) throw errors.notFound()
      info = toInfo(workspaceId, row)
      if (generation === (generations.get(workspaceId) ?? 0))
        infoCache.set(workspaceId, { info, at: Date.now() })
      sessionWorkspace.set(client, workspaceId)
    }
    try {
      return await fn(boundTo(client, false), info)
    } catch (e) {
      const code = (e as { code?: unknown }).code
      if (typeof code !== 'string' || !('severity' in (e as object))) throw e
      // a database error: end a transaction fn may have left open, and drop the session if that fails
      await client.query('rollback').catch((err: Error) => {
        broken = err
      })
      if (!STALE_METADATA.has(code)) throw e
      // another process changed this workspace's metadata within INFO_TTL_MS: once more, freshly
      forgetWorkspaceInfo(workspaceId)
      return withWorkspace(db, workspaceId, fn)
    }
  } finally {
    client.release(broken)
  }
}

/** undefined_column, undefined_table */
const STALE_METADATA = new Set(['42703', '42P01'])

const bound = new WeakMap<pg.PoolClient, Tx>()
const boundInTx = new WeakMap<pg.PoolClient, Tx>()

/**
 * A Kysely instance over one checked-out client, whose release is left to withWorkspace. `inTransaction`
 * makes it report `isTransaction`, so code that needs its own transaction (search's SET LOCAL) uses a
 * savepoint instead of a nested BEGIN, which PostgreSQL would ignore and whose COMMIT would end ours.
 */
function boundTo(client: pg.PoolClient, inTransaction: boolean): Tx {
  const cache = inTransaction ? boundInTx : bound
  let k = cache.get(client)
  if (!k) {
    const handle = {
      query: (...args: Parameters<pg.PoolClient['query']>) =>
        (client.query as (...a: unknown[]) => unknown)(...args),
      release: () => {},
    }
    const pool = { connect: async () => handle, end: async () => {} } as unknown as pg.Pool
    k = new Kysely({ dialect: new PostgresDialect({ pool }) }) as unknown as Tx
    if (inTransaction) Object.defineProperty(k, 'isTransaction', { value: true })
    cache.set(client, k)
  }
  return k
}

/** Platform-level work that is not scoped to one workspace (login lookup, migrations, dispatch). */
export async function withPlatform<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s)

/**
 * Runs several writes as ONE statement of data-modifying CTEs: one round trip instead of one each.
 * PostgreSQL runs each of them exactly once and to completion, all on the same snapshot, so they must not
 * read each other's effects (inserts into different tables, a child row referencing a parent inserted beside
 * it, are fine: foreign keys are checked at the end of the statement). `select` is selected last (e.g. the
 * outbox's pg_notify). Used by the records service's single writes and by timeline activities.
 */
export async function executeTogether(
  trx: Tx,
  statements: readonly OperationNodeSource[],
  select: RawBuilder<unknown> | null = null,
): Promise<void> {
  const ctes = statements.map((s, i) => sql`${sql.id(`w${i}`)} as (${s})`)
  await sql`with ${sql.join(ctes)} select ${select ?? sql`null`} as n`.execute(trx)
}
