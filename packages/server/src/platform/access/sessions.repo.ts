import type { Db } from '../db/tx.ts'

export interface SessionRow {
  token_hash: string
  workspace_id: string
  user_id: string
  created_at: Date
  expires_at: Date
  ip: string | null
  user_agent: string | null
}

/** A session joined with its user's state, for resolving a token (platform transaction: no RLS on session). */
export interface SessionLookup extends SessionRow {
  is_active: boolean
  locale: string
}

export async function insertSession(q: Db, row: Omit<SessionRow, 'created_at'>): Promise<void> {
  await q.insertInto('session').values(row).execute()
}

export async function findSession(q: Db, tokenHash: string): Promise<SessionLookup | undefined> {
  return q
    .selectFrom('session as s')
    .innerJoin('app_user as u', (j) =>
      j.onRef('u.workspace_id', '=', 's.workspace_id').onRef('u.id', '=', 's.user_id'),
    )
    .select([
      's.token_hash',
      's.workspace_id',
      's.user_id',
      's.created_at',
      's.expires_at',
      's.ip',
      's.user_agent',
    ])
    .select(['u.is_active', 'u.locale'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export async function extendSession(q: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await q.updateTable('session').set({ expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute()
}

export async function deleteSession(q: Db, tokenHash: string): Promise<SessionRow | undefined> {
  return q
    .deleteFrom('session')
    .where('token_hash', '=', tokenHash)
    .returningAll()
    .$castTo<SessionRow>()
    .executeTakeFirst()
}

/** Ends every session of a user, optionally keeping one (the caller's own, after a password change). */
export async function deleteUserSessions(
  q: Db,
  workspaceId: string,
  userId: string,
  keepHash?: string,
): Promise<number> {
  let query = q.deleteFrom('session').where('workspace_id', '=', workspaceId).where('user_id', '=', userId)
  if (keepHash) query = query.where('token_hash', '!=', keepHash)
  const r = await query.executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function deleteExpiredSessions(q: Db, now: Date): Promise<number> {
  const r = await q.deleteFrom('session').where('expires_at', '<=', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}
