import { type Kysely, sql, type Transaction } from 'kysely'
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
  // DDL (metadata changes) needs the owning role; RLS still sees the workspace id.
  const role = opts.ddl ? sql`null` : sql`set_config('role', 'kemai_app', true)`
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ v: number; tz: string; s: string; cur: string }>`select
        set_config('app.workspace_id', ${workspaceId}, true) as a,
        ${role} as b,
        w.metadata_version as v, w.time_zone as tz, w.db_schema as s, w.currency as cur
      from workspace w where w.id = ${workspaceId}`.execute(trx)
    const row = r.rows[0]
    if (!row) throw errors.notFound()
    return fn(trx, {
      id: workspaceId,
      metadataVersion: row.v,
      timeZone: row.tz,
      dbSchema: row.s,
      currency: row.cur,
    })
  })
}

/** Platform-level work that is not scoped to one workspace (login lookup, migrations, dispatch). */
export async function withPlatform<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s)
