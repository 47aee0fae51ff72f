import { sql } from 'kysely'
import type { Db } from '../db/tx.ts'

export interface UserRow {
  workspace_id: string
  id: string
  email: string
  name: string
  locale: string
  role_id: string | null
  is_active: boolean
  is_owner: boolean
  created_at: Date
}

export interface UserWithHash extends UserRow {
  password_hash: string | null
}

const COLUMNS = [
  'workspace_id',
  'id',
  'email',
  'name',
  'locale',
  'role_id',
  'is_active',
  'is_owner',
  'created_at',
] as const

/** Login lookup across workspaces (emails are unique in the whole installation). Platform transaction. */
export async function findUserByEmail(q: Db, email: string): Promise<UserWithHash | undefined> {
  return q
    .selectFrom('app_user')
    .select([...COLUMNS, 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst()
}

export async function emailTaken(q: Db, email: string, exceptUserId?: string): Promise<boolean> {
  let query = q
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
  if (exceptUserId) query = query.where('id', '!=', exceptUserId)
  return (await query.executeTakeFirst()) !== undefined
}

export async function getUser(q: Db, workspaceId: string, id: string): Promise<UserRow | undefined> {
  return q
    .selectFrom('app_user')
    .select(COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function getPasswordHash(q: Db, workspaceId: string, id: string): Promise<string | null> {
  const r = await q
    .selectFrom('app_user')
    .select('password_hash')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return r?.password_hash ?? null
}

export async function listUsers(
  q: Db,
  workspaceId: string,
  opts: { includeInactive?: boolean; roleId?: string } = {},
): Promise<UserRow[]> {
  let query = q.selectFrom('app_user').select(COLUMNS).where('workspace_id', '=', workspaceId)
  if (!opts.includeInactive) query = query.where('is_active', '=', true)
  if (opts.roleId) query = query.where('role_id', '=', opts.roleId)
  return query.orderBy('name').orderBy('id').execute()
}

export async function insertUser(q: Db, row: Omit<UserWithHash, 'created_at'>): Promise<UserRow> {
  return q.insertInto('app_user').values(row).returning(COLUMNS).executeTakeFirstOrThrow()
}

export type UserPatch = Partial<
  Pick<UserWithHash, 'email' | 'name' | 'locale' | 'role_id' | 'is_active' | 'password_hash'>
>

export async function updateUser(
  q: Db,
  workspaceId: string,
  id: string,
  patch: UserPatch,
): Promise<UserRow | undefined> {
  if (Object.keys(patch).length === 0) return getUser(q, workspaceId, id)
  return q
    .updateTable('app_user')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst()
}

/** Active users whose role is an admin role, optionally not counting one user. */
export async function countActiveAdmins(q: Db, workspaceId: string, exceptUserId?: string): Promise<number> {
  let query = q
    .selectFrom('app_user as u')
    .innerJoin('role as r', (j) =>
      j.onRef('r.workspace_id', '=', 'u.workspace_id').onRef('r.id', '=', 'u.role_id'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('u.workspace_id', '=', workspaceId)
    .where('u.is_active', '=', true)
    .where('r.is_admin', '=', true)
  if (exceptUserId) query = query.where('u.id', '!=', exceptUserId)
  const r = await query.executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The error of an insert or update that hit the unique index on lower(email). */
export function isEmailUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string } | null
  return err?.code === '23505' && err.constraint === 'app_user_email'
}

/**
 * Serialises changes to who is an active admin in one workspace: under READ COMMITTED two concurrent
 * demotions would each still count the other as admin, and both commit.
 */
export async function lockAdmins(q: Db, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`kemai.admins:${workspaceId}`}))`.execute(q)
}
