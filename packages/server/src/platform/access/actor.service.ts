import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { Actor, Channel, ObjectGrant, RecordScope } from './actor.ts'
import { getApiKey } from './api-keys.repo.ts'
import { type GrantRow, getRole, listGrants } from './roles.repo.ts'
import { memberIdsOfSubtrees, memberIdsOfTeams, teamsOfUser } from './teams.repo.ts'
import { getUser } from './users.repo.ts'

/** The part of an Actor that depends only on the user (what the cache holds). */
interface UserAccess {
  isAdmin: boolean
  grants: Record<string, ObjectGrant>
  teamUserIds: string[]
  subtreeUserIds: string[]
}

export interface LoadActorInput {
  workspaceId: string
  userId: string
  /** set when the request authenticated with an API key: its scopes narrow the user's rights */
  apiKeyId?: string | null | undefined
  /** the key's scopes, when the caller has them already (resolveApiKey); read from the key otherwise */
  keyScopes?: Record<string, 'read' | 'write'> | undefined
  channel: Channel
  locale: 'zh-CN' | 'en'
}

/**
 * Cache of user access per (workspace, user), short-lived because other API processes may change roles
 * and teams: a change made in this process calls `invalidateActors`, a change made elsewhere is seen
 * after at most `ACTOR_TTL_MS`.
 */
export const ACTOR_TTL_MS = 10_000
const MAX_CACHED = 10_000
const cache = new Map<string, { at: number; generation: number; access: UserAccess }>()
const generations = new Map<string, number>()

/** Forget cached access: of one user, or of the whole workspace (role, grant and team changes). */
export function invalidateActors(workspaceId: string, userId?: string): void {
  if (userId) {
    cache.delete(`${workspaceId}:${userId}`)
    return
  }
  generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1)
}

const SCOPES: readonly RecordScope[] = ['none', 'own', 'team', 'team_and_below', 'all']
const asScope = (s: string): RecordScope => (SCOPES.includes(s as RecordScope) ? (s as RecordScope) : 'none')

export function grantFromRow(g: GrantRow): ObjectGrant {
  const fields: Record<string, 'hidden' | 'read'> = {}
  for (const [f, rule] of Object.entries(g.field_rules ?? {})) {
    if (rule === 'hidden' || rule === 'read') fields[f] = rule
  }
  return {
    create: g.can_create,
    read: g.can_read,
    update: g.can_update,
    delete: g.can_delete,
    readScope: asScope(g.read_scope),
    writeScope: asScope(g.write_scope),
    fields,
  }
}

async function readAccess(db: Db, workspaceId: string, userId: string): Promise<UserAccess> {
  return withWorkspace(db, workspaceId, async (trx) => {
    const user = await getUser(trx, workspaceId, userId)
    if (!user?.is_active) throw errors.unauthenticated()
    const role = user.role_id ? await getRole(trx, workspaceId, user.role_id) : undefined
    const grants: Record<string, ObjectGrant> = {}
    if (role && !role.is_admin) {
      for (const g of await listGrants(trx, workspaceId, [role.id])) grants[g.object_name] = grantFromRow(g)
    }
    const teams = await teamsOfUser(trx, workspaceId, userId)
    const teamUserIds = await memberIdsOfTeams(
      trx,
      workspaceId,
      teams.map((t) => t.id),
    )
    const subtreeUserIds = await memberIdsOfSubtrees(
      trx,
      workspaceId,
      minimalPrefixes(teams.map((t) => t.path)),
    )
    return {
      isAdmin: role?.is_admin ?? false,
      grants,
      teamUserIds: teamUserIds.sort(),
      subtreeUserIds: subtreeUserIds.sort(),
    }
  })
}

/** Drops paths that lie under another path of the list (their subtree is already included). */
export function minimalPrefixes(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort()
  const out: string[] = []
  for (const p of sorted) if (!out.some((q) => p.startsWith(q))) out.push(p)
  return out
}

/**
 * Builds the Actor for a user (and API key) of a workspace. Admin role = every right; otherwise the
 * role's grants. Team user ids are the members of the user's teams; subtree user ids add the members of
 * every team below them (by `team.path` prefix). Throws `unauthenticated` for a missing or inactive user.
 */
export async function loadActor(db: Db, input: LoadActorInput, now: number = Date.now()): Promise<Actor> {
  const { workspaceId, userId } = input
  const key = `${workspaceId}:${userId}`
  const generation = generations.get(workspaceId) ?? 0
  let hit = cache.get(key)
  if (!hit || hit.generation !== generation || now - hit.at > ACTOR_TTL_MS) {
    const access = await readAccess(db, workspaceId, userId)
    hit = { at: now, generation, access }
    cache.delete(key)
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string)
    cache.set(key, hit)
  }
  let keyScopes = input.keyScopes ?? null
  if (input.apiKeyId && !keyScopes) keyScopes = await readKeyScopes(db, workspaceId, input.apiKeyId, userId)
  const a = hit.access
  return {
    workspaceId,
    userId,
    apiKeyId: input.apiKeyId ?? null,
    channel: input.channel,
    locale: input.locale,
    isAdmin: a.isAdmin,
    isSystem: false,
    // copies: a caller that mutates its actor must not change the cache
    grants: structuredClone(a.grants),
    keyScopes: input.apiKeyId ? (keyScopes ?? {}) : null,
    teamUserIds: [...a.teamUserIds],
    subtreeUserIds: [...a.subtreeUserIds],
  }
}

async function readKeyScopes(db: Db, workspaceId: string, apiKeyId: string, userId: string) {
  const k = await withWorkspace(db, workspaceId, (trx) => getApiKey(trx, workspaceId, apiKeyId))
  if (!k || k.revoked_at || k.user_id !== userId) throw errors.unauthenticated()
  return k.scopes
}
