import type { CreateUserBody, UpdateUserBody } from '@kemai/shared/api/access.api'
import { audit, auditActor } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, withPlatform, withWorkspace } from '../db/tx.ts'
import { errors, type FieldIssue } from '../errors.ts'
import { invalidateActors } from './actor.service.ts'
import type { Actor } from './actor.ts'
import type { RequestMeta } from './auth.service.ts'
import { forgetSessions } from './auth.service.ts'
import { checkPasswordPolicy, hashPassword } from './passwords.ts'
import { assertCanAdmin } from './permissions.ts'
import { getRole } from './roles.repo.ts'
import { deleteUserSessions } from './sessions.repo.ts'
import { getTeam, upsertMember } from './teams.repo.ts'
import {
  countActiveAdmins,
  emailTaken,
  getUser,
  insertUser,
  isEmailUniqueViolation,
  listUsers,
  lockAdmins,
  type UserPatch,
  type UserRow,
  updateUser,
} from './users.repo.ts'
import { getWorkspace, type WorkspaceRow } from './workspaces.repo.ts'

export type UsersService = ReturnType<typeof createUsersService>

/** Users of a workspace. Reading is open to every signed-in user; changes need the admin role. */
export function createUsersService({ db }: { db: Db }) {
  async function list(
    actor: Actor,
    opts: { includeInactive?: boolean; roleId?: string } = {},
  ): Promise<UserRow[]> {
    assertCanAdmin(actor, 'users', 'read')
    return withWorkspace(db, actor.workspaceId, (trx) => listUsers(trx, actor.workspaceId, opts))
  }

  async function get(actor: Actor, id: string): Promise<UserRow> {
    assertCanAdmin(actor, 'users', 'read')
    const u = await withWorkspace(db, actor.workspaceId, (trx) => getUser(trx, actor.workspaceId, id))
    if (!u) throw errors.notFound()
    return u
  }

  async function create(actor: Actor, input: CreateUserBody, meta: RequestMeta = {}): Promise<UserRow> {
    assertCanAdmin(actor, 'users', 'write')
    const issues = checkPasswordPolicy(input.password, { email: input.email })
    if (issues.length > 0) throw errors.validation(issues)
    await assertEmailFree(input.email)
    const hash = await hashPassword(input.password)
    const user = await withEmailConflict(() =>
      withWorkspace(db, actor.workspaceId, async (trx) => {
        const ws = actor.workspaceId
        const bad: FieldIssue[] = []
        if (input.roleId && !(await getRole(trx, ws, input.roleId)))
          bad.push({ path: 'roleId', code: 'not_found' })
        for (const [i, teamId] of (input.teamIds ?? []).entries()) {
          if (!(await getTeam(trx, ws, teamId))) bad.push({ path: `teamIds.${i}`, code: 'not_found' })
        }
        if (bad.length > 0) throw errors.validation(bad)
        const row = await insertUser(trx, {
          workspace_id: ws,
          id: newId(),
          email: input.email.trim(),
          name: input.name.trim(),
          password_hash: hash,
          locale: input.locale ?? actor.locale,
          role_id: input.roleId ?? null,
          is_active: true,
          is_owner: false,
        })
        for (const teamId of new Set(input.teamIds ?? [])) {
          await upsertMember(trx, ws, { team_id: teamId, user_id: row.id, is_manager: false })
        }
        await audit(trx, {
          ...auditActor(actor, meta.ip),
          action: 'user.created',
          targetType: 'user',
          targetId: row.id,
          detail: { email: row.email, name: row.name, roleId: row.role_id, teamIds: input.teamIds ?? [] },
        })
        return row
      }),
    )
    invalidateActors(actor.workspaceId)
    return user
  }

  /**
   * Changes a user. Admins change anything; a user may change their own name and locale. The last
   * active admin cannot lose the admin role or be deactivated, nobody deactivates themselves, and the
   * workspace owner cannot be deactivated. A new password or deactivation ends the user's sessions.
   */
  async function update(
    actor: Actor,
    id: string,
    input: UpdateUserBody,
    meta: RequestMeta = {},
  ): Promise<UserRow> {
    const selfService =
      actor.userId === id &&
      !actor.apiKeyId &&
      Object.keys(input).every((k) => k === 'name' || k === 'locale')
    if (!selfService) assertCanAdmin(actor, 'users', 'write')
    const patch: UserPatch = {}
    if (input.name !== undefined) patch.name = input.name.trim()
    if (input.locale !== undefined) patch.locale = input.locale
    if (input.email !== undefined) patch.email = input.email.trim()
    if (input.isActive !== undefined) patch.is_active = input.isActive
    if (input.roleId !== undefined) patch.role_id = input.roleId
    const ws = actor.workspaceId
    const current = await withWorkspace(db, ws, (trx) => getUser(trx, ws, id))
    if (!current) throw errors.notFound()
    if (input.password !== undefined) {
      const issues = checkPasswordPolicy(input.password, { email: input.email ?? current.email })
      if (issues.length > 0) throw errors.validation(issues)
      patch.password_hash = await hashPassword(input.password)
    }
    if (patch.email !== undefined && patch.email.toLowerCase() !== current.email.toLowerCase()) {
      await assertEmailFree(patch.email, id)
    }
    const user = await withEmailConflict(() =>
      withWorkspace(db, ws, async (trx) => {
        const adminChange = patch.role_id !== undefined || patch.is_active !== undefined
        if (adminChange) await lockAdmins(trx, ws)
        const current = await getUser(trx, ws, id)
        if (!current) throw errors.notFound()
        if (patch.role_id && !(await getRole(trx, ws, patch.role_id))) {
          throw errors.validation([{ path: 'roleId', code: 'not_found' }])
        }
        if (patch.is_active === false && current.is_active) {
          if (actor.userId === id) throw errors.conflict([{ path: 'isActive', code: 'invalid_value' }])
          if (current.is_owner) throw errors.conflict([{ path: 'isActive', code: 'invalid_value' }])
        }
        const row = await updateUser(trx, ws, id, patch)
        if (!row) throw errors.notFound()
        // checked after the write, under the admins lock: concurrent demotions cannot both pass
        if (adminChange && current.is_active && (await countActiveAdmins(trx, ws)) === 0) {
          throw errors.conflict([
            { path: patch.is_active === false ? 'isActive' : 'roleId', code: 'invalid_value' },
          ])
        }
        const changed = Object.keys(input).filter((k) => k !== 'password')
        if (input.password !== undefined) changed.push('password')
        const deactivated = patch.is_active === false && current.is_active
        await audit(trx, {
          ...auditActor(actor, meta.ip),
          action: deactivated ? 'user.deactivated' : 'user.updated',
          targetType: 'user',
          targetId: id,
          detail: {
            changed,
            ...(patch.role_id !== undefined ? { roleId: { from: current.role_id, to: patch.role_id } } : {}),
            ...(patch.email !== undefined ? { email: { from: current.email, to: patch.email } } : {}),
          },
        })
        return row
      }),
    )
    if (patch.password_hash || patch.is_active === false) {
      forgetSessions()
      await withPlatform(db, (trx) => deleteUserSessions(trx, ws, id))
    }
    invalidateActors(ws, id)
    return user
  }

  /** DELETE /users/{id}: users are deactivated, never removed (their records keep their owner). */
  async function deactivate(actor: Actor, id: string, meta: RequestMeta = {}): Promise<UserRow> {
    return update(actor, id, { isActive: false }, meta)
  }

  // Emails are unique across workspaces (login needs no workspace), so the check is platform-wide. It runs
  // before the workspace transaction (never nest transactions: PGlite has one connection); the unique
  // index catches a concurrent insert, which `withEmailConflict` turns into the same answer.
  async function assertEmailFree(email: string, exceptUserId?: string): Promise<void> {
    const taken = await withPlatform(db, (trx) => emailTaken(trx, email, exceptUserId))
    if (taken) throw errors.conflict([{ path: 'email', code: 'not_unique' }])
  }

  /** The signed-in user, their workspace and what they may do (for the web app to show and hide). */
  async function me(actor: Actor): Promise<{ user: UserRow; workspace: WorkspaceRow }> {
    const userId = actor.userId
    if (!userId) throw errors.unauthenticated()
    const ws = actor.workspaceId
    const [user, workspace] = await withWorkspace(db, ws, async (trx) => [
      await getUser(trx, ws, userId),
      await getWorkspace(trx, ws),
    ])
    if (!user || !workspace) throw errors.unauthenticated()
    return { user, workspace }
  }

  return { list, get, create, update, deactivate, me }
}

async function withEmailConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (isEmailUniqueViolation(e)) throw errors.conflict([{ path: 'email', code: 'not_unique' }])
    throw e
  }
}
