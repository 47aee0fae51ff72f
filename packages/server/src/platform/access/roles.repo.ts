import type { Db } from '../db/tx.ts'

export interface RoleRow {
  workspace_id: string
  id: string
  name: string
  description: string | null
  is_admin: boolean
  created_at: Date
}

export interface GrantRow {
  role_id: string
  object_name: string
  can_create: boolean
  can_read: boolean
  can_update: boolean
  can_delete: boolean
  read_scope: string
  write_scope: string
  field_rules: Record<string, string>
}

const COLUMNS = ['workspace_id', 'id', 'name', 'description', 'is_admin', 'created_at'] as const
const GRANT_COLUMNS = [
  'role_id',
  'object_name',
  'can_create',
  'can_read',
  'can_update',
  'can_delete',
  'read_scope',
  'write_scope',
  'field_rules',
] as const

export async function getRole(q: Db, workspaceId: string, id: string): Promise<RoleRow | undefined> {
  return q
    .selectFrom('role')
    .select(COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listRoles(q: Db, workspaceId: string): Promise<(RoleRow & { user_count: number })[]> {
  return q
    .selectFrom('role as r')
    .select(COLUMNS.map((c) => `r.${c}` as const))
    .select((eb) =>
      eb
        .selectFrom('app_user as u')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('u.workspace_id', '=', 'r.workspace_id')
        .whereRef('u.role_id', '=', 'r.id')
        .where('u.is_active', '=', true)
        .as('user_count'),
    )
    .where('r.workspace_id', '=', workspaceId)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .$castTo<RoleRow & { user_count: number }>()
    .execute()
}

export async function roleNameTaken(
  q: Db,
  workspaceId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  let query = q
    .selectFrom('role')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
  if (exceptId) query = query.where('id', '!=', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export async function insertRole(q: Db, row: Omit<RoleRow, 'created_at'>): Promise<RoleRow> {
  return q.insertInto('role').values(row).returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function updateRole(
  q: Db,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<RoleRow, 'name' | 'description'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return
  await q
    .updateTable('role')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute()
}

export async function deleteRole(q: Db, workspaceId: string, id: string): Promise<void> {
  await q.deleteFrom('role_grant').where('workspace_id', '=', workspaceId).where('role_id', '=', id).execute()
  await q.deleteFrom('role').where('workspace_id', '=', workspaceId).where('id', '=', id).execute()
}

/** Users (active or not) that still have the role. */
export async function countUsersWithRole(q: Db, workspaceId: string, roleId: string): Promise<number> {
  const r = await q
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role_id', '=', roleId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function listGrants(q: Db, workspaceId: string, roleIds?: string[]): Promise<GrantRow[]> {
  if (roleIds?.length === 0) return []
  let query = q.selectFrom('role_grant').select(GRANT_COLUMNS).where('workspace_id', '=', workspaceId)
  if (roleIds) query = query.where('role_id', 'in', roleIds)
  return query.orderBy('role_id').orderBy('object_name').execute()
}

export async function upsertGrant(q: Db, workspaceId: string, g: GrantRow): Promise<void> {
  const { role_id: _r, object_name: _o, ...rest } = g
  const values = { ...g, workspace_id: workspaceId, field_rules: JSON.stringify(g.field_rules) }
  await q
    .insertInto('role_grant')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'role_id', 'object_name'])
        .doUpdateSet({ ...rest, field_rules: JSON.stringify(g.field_rules) }),
    )
    .execute()
}

export async function deleteGrant(
  q: Db,
  workspaceId: string,
  roleId: string,
  objectName: string,
): Promise<boolean> {
  const r = await q
    .deleteFrom('role_grant')
    .where('workspace_id', '=', workspaceId)
    .where('role_id', '=', roleId)
    .where('object_name', '=', objectName)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function deleteAllGrants(q: Db, workspaceId: string, roleId: string): Promise<void> {
  await q
    .deleteFrom('role_grant')
    .where('workspace_id', '=', workspaceId)
    .where('role_id', '=', roleId)
    .execute()
}
