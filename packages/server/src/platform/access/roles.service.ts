import { type GrantDto, OBJECT_NAME_PATTERN, RECORD_SCOPES, type RoleDto } from '@kemai/shared/api/access.api'
import { audit, auditActor } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors, type FieldIssue } from '../errors.ts'
import { toGrantDto, toRoleDto } from './access.mappers.ts'
import { grantFromRow, invalidateActors } from './actor.service.ts'
import type { Actor } from './actor.ts'
import type { RequestMeta } from './auth.service.ts'
import { assertCanAdmin } from './permissions.ts'
import {
  countUsersWithRole,
  deleteAllGrants,
  deleteGrant,
  deleteRole,
  type GrantRow,
  getRole,
  insertRole,
  listGrants,
  listRoles,
  roleNameTaken,
  updateRole,
  upsertGrant,
} from './roles.repo.ts'

export type RolesService = ReturnType<typeof createRolesService>
export interface RoleInput {
  name: string
  description?: string | null | undefined
  grants?: GrantDto[] | undefined
}

const FIELD_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** Checks a grant as the service receives it (routes validate with zod too; other callers may not). */
export function grantIssues(g: GrantDto, path: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (!OBJECT_NAME_PATTERN.test(g.object)) issues.push({ path: `${path}.object`, code: 'invalid_name' })
  for (const k of ['readScope', 'writeScope'] as const) {
    if (!RECORD_SCOPES.includes(g[k]))
      issues.push({ path: `${path}.${k}`, code: 'invalid_option', params: { value: g[k] } })
  }
  for (const [f, rule] of Object.entries(g.fields ?? {})) {
    if (!FIELD_NAME.test(f)) issues.push({ path: `${path}.fields.${f}`, code: 'invalid_name' })
    else if (rule !== 'hidden' && rule !== 'read') {
      issues.push({ path: `${path}.fields.${f}`, code: 'invalid_option', params: { value: rule } })
    }
  }
  return issues
}

function toGrantRow(roleId: string, g: GrantDto): GrantRow {
  return {
    role_id: roleId,
    object_name: g.object,
    can_create: g.create,
    can_read: g.read,
    can_update: g.update,
    can_delete: g.delete,
    read_scope: g.readScope,
    write_scope: g.writeScope,
    field_rules: { ...(g.fields ?? {}) },
  }
}

/**
 * Roles and their grants (object rights, record scopes, field rules). Admin-only. An admin role has
 * every right, so it has no grants to edit and cannot be deleted. Every change drops cached actors.
 */
export function createRolesService({ db }: { db: Db }) {
  function write<T>(actor: Actor, fn: (trx: Db, ws: string) => Promise<T>): Promise<T> {
    assertCanAdmin(actor, 'roles', 'write')
    const ws = actor.workspaceId
    return withWorkspace(db, ws, (trx) => fn(trx, ws)).finally(() => invalidateActors(ws))
  }

  async function list(actor: Actor): Promise<RoleDto[]> {
    assertCanAdmin(actor, 'roles', 'read')
    const ws = actor.workspaceId
    return withWorkspace(db, ws, async (trx) => {
      const roles = await listRoles(trx, ws)
      const grants = await listGrants(trx, ws)
      return roles.map((r) =>
        toRoleDto(
          r,
          grants.filter((g) => g.role_id === r.id).map((g) => toGrantDto(g.object_name, grantFromRow(g))),
        ),
      )
    })
  }

  async function get(actor: Actor, id: string): Promise<RoleDto> {
    const r = (await list(actor)).find((x) => x.id === id)
    if (!r) throw errors.notFound()
    return r
  }

  function checkGrants(grants: GrantDto[] | undefined): void {
    const issues = (grants ?? []).flatMap((g, i) => grantIssues(g, `grants.${i}`))
    const seen = new Set<string>()
    for (const [i, g] of (grants ?? []).entries()) {
      if (seen.has(g.object)) issues.push({ path: `grants.${i}.object`, code: 'not_unique' })
      seen.add(g.object)
    }
    if (issues.length > 0) throw errors.validation(issues)
  }

  async function create(actor: Actor, input: RoleInput, meta: RequestMeta = {}): Promise<RoleDto> {
    checkGrants(input.grants)
    const id = await write(actor, async (trx, ws) => {
      if (await roleNameTaken(trx, ws, input.name.trim()))
        throw errors.conflict([{ path: 'name', code: 'not_unique' }])
      const id = newId()
      await insertRole(trx, {
        workspace_id: ws,
        id,
        name: input.name.trim(),
        description: input.description ?? null,
        is_admin: false,
      })
      for (const g of input.grants ?? []) await upsertGrant(trx, ws, toGrantRow(id, g))
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'role.created',
        targetType: 'role',
        targetId: id,
        detail: { name: input.name.trim(), grants: input.grants ?? [] },
      })
      return id
    })
    return get(actor, id)
  }

  /** Renames, re-describes and/or replaces all grants of a role. */
  async function update(
    actor: Actor,
    id: string,
    input: Partial<RoleInput>,
    meta: RequestMeta = {},
  ): Promise<RoleDto> {
    checkGrants(input.grants)
    await write(actor, async (trx, ws) => {
      const role = await getRole(trx, ws, id)
      if (!role) throw errors.notFound()
      if (input.grants && role.is_admin) throw errors.conflict([{ path: 'grants', code: 'read_only' }])
      if (input.name !== undefined && (await roleNameTaken(trx, ws, input.name.trim(), id))) {
        throw errors.conflict([{ path: 'name', code: 'not_unique' }])
      }
      await updateRole(trx, ws, id, {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      })
      let before: GrantDto[] | undefined
      if (input.grants) {
        before = (await listGrants(trx, ws, [id])).map((g) => toGrantDto(g.object_name, grantFromRow(g)))
        await deleteAllGrants(trx, ws, id)
        for (const g of input.grants) await upsertGrant(trx, ws, toGrantRow(id, g))
      }
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'role.updated',
        targetType: 'role',
        targetId: id,
        detail: {
          changed: Object.keys(input),
          ...(input.name !== undefined ? { name: { from: role.name, to: input.name.trim() } } : {}),
          ...(input.grants ? { grants: { from: before, to: input.grants } } : {}),
        },
      })
    })
    return get(actor, id)
  }

  /** Deletes a role no user has (409 otherwise); admin roles cannot be deleted. */
  async function remove(actor: Actor, id: string, meta: RequestMeta = {}): Promise<void> {
    await write(actor, async (trx, ws) => {
      const role = await getRole(trx, ws, id)
      if (!role) throw errors.notFound()
      if (role.is_admin) throw errors.conflict([{ path: 'isAdmin', code: 'read_only' }])
      if ((await countUsersWithRole(trx, ws, id)) > 0)
        throw errors.conflict([{ path: 'users', code: 'invalid_value' }])
      await deleteRole(trx, ws, id)
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'role.deleted',
        targetType: 'role',
        targetId: id,
        detail: { name: role.name },
      })
    })
  }

  /** Sets (creates or replaces) the grant of one object on a role. */
  async function setGrant(
    actor: Actor,
    roleId: string,
    grant: GrantDto,
    meta: RequestMeta = {},
  ): Promise<RoleDto> {
    const issues = grantIssues(grant, 'grant')
    if (issues.length > 0) throw errors.validation(issues)
    await write(actor, async (trx, ws) => {
      const role = await getRole(trx, ws, roleId)
      if (!role) throw errors.notFound()
      if (role.is_admin) throw errors.conflict([{ path: 'grants', code: 'read_only' }])
      await upsertGrant(trx, ws, toGrantRow(roleId, grant))
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'role.grant_set',
        targetType: 'role',
        targetId: roleId,
        detail: { grant },
      })
    })
    return get(actor, roleId)
  }

  async function removeGrant(
    actor: Actor,
    roleId: string,
    object: string,
    meta: RequestMeta = {},
  ): Promise<void> {
    await write(actor, async (trx, ws) => {
      if (!(await getRole(trx, ws, roleId))) throw errors.notFound()
      if (!(await deleteGrant(trx, ws, roleId, object))) throw errors.notFound()
      await audit(trx, {
        ...auditActor(actor, meta.ip),
        action: 'role.grant_removed',
        targetType: 'role',
        targetId: roleId,
        detail: { object },
      })
    })
  }

  return { list, get, create, update, remove, setGrant, removeGrant }
}
