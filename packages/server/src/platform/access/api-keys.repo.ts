import type { Db } from '../db/tx.ts'

export type KeyScopes = Record<string, 'read' | 'write'>

export interface ApiKeyRow {
  workspace_id: string
  id: string
  name: string
  prefix: string
  scopes: KeyScopes
  user_id: string
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
}

export interface ApiKeyLookup extends ApiKeyRow {
  user_is_active: boolean
  user_locale: string
}

const COLUMNS = [
  'workspace_id',
  'id',
  'name',
  'prefix',
  'scopes',
  'user_id',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const

export async function insertApiKey(
  q: Db,
  row: Omit<ApiKeyRow, 'created_at' | 'last_used_at' | 'revoked_at'> & { key_hash: string },
): Promise<ApiKeyRow> {
  return q
    .insertInto('api_key')
    .values({ ...row, scopes: JSON.stringify(row.scopes) })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
}

/** Key lookup across workspaces by its hash (platform transaction). */
export async function findApiKeyByHash(q: Db, keyHash: string): Promise<ApiKeyLookup | undefined> {
  return q
    .selectFrom('api_key as k')
    .innerJoin('app_user as u', (j) =>
      j.onRef('u.workspace_id', '=', 'k.workspace_id').onRef('u.id', '=', 'k.user_id'),
    )
    .select(COLUMNS.map((c) => `k.${c}` as const))
    .select(['u.is_active as user_is_active', 'u.locale as user_locale'])
    .where('k.key_hash', '=', keyHash)
    .executeTakeFirst()
}

export async function getApiKey(q: Db, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
  return q
    .selectFrom('api_key')
    .select(COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listApiKeys(q: Db, workspaceId: string, userId?: string): Promise<ApiKeyRow[]> {
  let query = q.selectFrom('api_key').select(COLUMNS).where('workspace_id', '=', workspaceId)
  if (userId) query = query.where('user_id', '=', userId)
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
}

export async function revokeApiKey(q: Db, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const r = await q
    .updateTable('api_key')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function revokeApiKeysOfUser(
  q: Db,
  workspaceId: string,
  userId: string,
  at: Date,
): Promise<number> {
  const r = await q
    .updateTable('api_key')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/**
 * Sets last_used_at unless it was set less than `minIntervalMs` ago. True when this call wrote it:
 * at most one write (and one audit entry) per key per interval, however many requests arrive.
 */
export async function touchApiKey(
  q: Db,
  workspaceId: string,
  id: string,
  now: Date,
  minIntervalMs: number,
): Promise<boolean> {
  const r = await q
    .updateTable('api_key')
    .set({ last_used_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<=', new Date(now.getTime() - minIntervalMs)),
      ]),
    )
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}
