import { newId } from '../db/ids.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { invalidateActors, loadActor } from './actor.service.ts'
import type { Actor, Channel } from './actor.ts'
import { insertRole, upsertGrant } from './roles.repo.ts'
import { insertTeam, upsertMember } from './teams.repo.ts'
import { insertUser } from './users.repo.ts'
import { type CreatedWorkspace, createWorkspace } from './workspace.service.ts'

/** Test data for access, built through the services and repositories (never SQL dumps). */

export const OWNER_PASSWORD = 'correct horse battery'

/** scrypt at N=2^10 for this test file (production cost is checked in passwords.test.ts). */
export function useFastPasswordHashing(): void {
  process.env.KEMAI_SCRYPT_LN = '10'
}

export async function makeWorkspace(db: Db, slug: string): Promise<CreatedWorkspace> {
  return createWorkspace(
    db,
    {
      name: `Workspace ${slug}`,
      slug,
      locale: 'en',
      owner: { email: `owner@${slug}.test`, name: 'Owner', password: OWNER_PASSWORD },
    },
    [],
  )
}

/** A user without a password (cannot sign in), in the given role and teams. */
export async function addUser(
  db: Db,
  workspaceId: string,
  opts: { name: string; roleId?: string | null; teamIds?: string[]; passwordHash?: string | null },
): Promise<string> {
  const id = newId()
  await withWorkspace(db, workspaceId, async (trx) => {
    await insertUser(trx, {
      workspace_id: workspaceId,
      id,
      email: `${opts.name.toLowerCase().replace(/\W+/g, '.')}.${id.slice(-6)}@${workspaceId.slice(0, 8)}.test`,
      name: opts.name,
      password_hash: opts.passwordHash ?? null,
      locale: 'en',
      role_id: opts.roleId ?? null,
      is_active: true,
      is_owner: false,
    })
    for (const t of opts.teamIds ?? [])
      await upsertMember(trx, workspaceId, { team_id: t, user_id: id, is_manager: false })
  })
  invalidateActors(workspaceId)
  return id
}

export async function addTeam(
  db: Db,
  workspaceId: string,
  name: string,
  parent: { id: string; path: string } | null,
) {
  const id = newId()
  const path = `${parent?.path ?? '/'}${id}/`
  await withWorkspace(db, workspaceId, (trx) =>
    insertTeam(trx, { workspace_id: workspaceId, id, name, parent_id: parent?.id ?? null, path }),
  )
  invalidateActors(workspaceId)
  return { id, path }
}

/** A role whose `*` grant has full CRUD with these scopes (and optional field rules). */
export async function addRole(
  db: Db,
  workspaceId: string,
  name: string,
  readScope: string,
  writeScope: string,
  fields: Record<string, string> = {},
): Promise<string> {
  const id = newId()
  await withWorkspace(db, workspaceId, async (trx) => {
    await insertRole(trx, { workspace_id: workspaceId, id, name, description: null, is_admin: false })
    await upsertGrant(trx, workspaceId, {
      role_id: id,
      object_name: '*',
      can_create: true,
      can_read: true,
      can_update: true,
      can_delete: true,
      read_scope: readScope,
      write_scope: writeScope,
      field_rules: fields,
    })
  })
  invalidateActors(workspaceId)
  return id
}

export function actorOf(
  db: Db,
  workspaceId: string,
  userId: string,
  channel: Channel = 'ui',
): Promise<Actor> {
  return loadActor(db, { workspaceId, userId, channel, locale: 'en' })
}

/** The error a promise rejects with, as `code` or `code:path:fieldCode` (null when it resolves). */
export async function errorCodeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p
    return null
  } catch (e) {
    if (e instanceof AppError)
      return e.issues[0] ? `${e.code}:${e.issues[0].path}:${e.issues[0].code}` : e.code
    throw e
  }
}
