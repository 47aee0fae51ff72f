import { errors } from '../errors.ts'
import type { Actor, ObjectGrant, RecordScope } from './actor.ts'

export type ObjectOp = 'create' | 'read' | 'update' | 'delete'
export type ScopeOp = 'read' | 'write'
/** Owner ids a query may see or change: every record, records of these owners, or nothing. */
export type ScopeOwners = 'all' | string[] | 'none'

/** Object name of the default grant: applies to every object that has no grant of its own. */
export const ANY_OBJECT = '*'

/** The grant that applies to `object` for a non-admin actor (its own, else the `*` default). */
export function grantFor(actor: Actor, object: string): ObjectGrant | undefined {
  return actor.grants[object] ?? actor.grants[ANY_OBJECT]
}

/** Does the API key (if any) allow `op` on `object`? Keys narrow a user's rights, never widen them. */
export function keyAllows(actor: Actor, object: string, op: ObjectOp | ScopeOp): boolean {
  if (!actor.keyScopes) return true
  const scope = actor.keyScopes[object] ?? actor.keyScopes[ANY_OBJECT]
  if (!scope) return false
  return op === 'read' ? true : scope === 'write'
}

/**
 * Object-level check: may the actor do `op` on `object` at all?
 * @example if (!canObject(actor, 'person', 'create')) throw errors.forbidden()
 */
export function canObject(actor: Actor, object: string, op: ObjectOp): boolean {
  if (actor.isSystem) return true
  if (!keyAllows(actor, object, op)) return false
  if (actor.isAdmin) return true
  const g = grantFor(actor, object)
  if (!g) return false
  if (op === 'read') return g.read && g.readScope !== 'none'
  if (op === 'create') return g.create
  return g[op] && g.writeScope !== 'none'
}

/** The subset of `fieldNames` the actor may see on `object` (none when the object is not readable). */
export function readableFields(actor: Actor, object: string, fieldNames: readonly string[]): string[] {
  if (!canObject(actor, object, 'read')) return []
  if (actor.isSystem || actor.isAdmin) return [...fieldNames]
  const rules = grantFor(actor, object)?.fields ?? {}
  return fieldNames.filter((f) => rules[f] !== 'hidden')
}

/** The subset of `fieldNames` the actor may write on `object` when doing `op` (none without the right). */
export function editableFields(
  actor: Actor,
  object: string,
  fieldNames: readonly string[],
  op: 'create' | 'update' = 'update',
): string[] {
  if (!canObject(actor, object, op)) return []
  if (actor.isSystem || actor.isAdmin) return [...fieldNames]
  const rules = grantFor(actor, object)?.fields ?? {}
  return fieldNames.filter((f) => rules[f] === undefined)
}

/**
 * Record-level rule as data for queries: `'all'`, the owner ids whose records are in scope
 * (`owner_id = any($1)`; unowned records are only in the `'all'` scope), or `'none'`.
 * `write` covers create (the owner a new record gets), update and delete.
 * @example const owners = recordScopeOwners(actor, 'lead', 'read') // ['u1', 'u2'] for a team scope
 */
export function recordScopeOwners(actor: Actor, object: string, op: ScopeOp): ScopeOwners {
  if (actor.isSystem) return 'all'
  if (op === 'read' && !canObject(actor, object, 'read')) return 'none'
  if (op === 'write' && !(['create', 'update', 'delete'] as const).some((o) => canObject(actor, object, o)))
    return 'none'
  if (actor.isAdmin) return 'all'
  const g = grantFor(actor, object)
  if (!g) return 'none'
  return ownersOf(actor, op === 'read' ? g.readScope : g.writeScope)
}

function ownersOf(actor: Actor, scope: RecordScope): ScopeOwners {
  if (scope === 'all') return 'all'
  if (scope === 'none' || actor.userId === null) return 'none'
  if (scope === 'own') return [actor.userId]
  const ids = scope === 'team' ? actor.teamUserIds : actor.subtreeUserIds
  return ids.includes(actor.userId) ? [...ids] : [actor.userId, ...ids]
}

/** Is a record owned by `ownerId` inside `owners`? */
export function ownerInScope(owners: ScopeOwners, ownerId: string | null): boolean {
  if (owners === 'all') return true
  if (owners === 'none' || ownerId === null) return false
  return owners.includes(ownerId)
}

/**
 * Throws unless the actor may do `op` on one record of `object` owned by `ownerId`. No right on the object
 * at all answers `forbidden` (object rights are not secret); a record outside the read scope answers
 * `record_not_found` (its existence is not revealed); a readable record outside the write scope answers
 * `forbidden`. For `create` (and for a change of owner) pass the owner the
 * record will have: it must be inside the write scope.
 */
export function assertCanRecord(actor: Actor, object: string, op: ObjectOp, ownerId: string | null): void {
  if (!canObject(actor, object, op)) throw errors.forbidden()
  if (op === 'read') {
    if (!ownerInScope(recordScopeOwners(actor, object, 'read'), ownerId)) throw errors.recordNotFound()
    return
  }
  if (ownerInScope(recordScopeOwners(actor, object, 'write'), ownerId)) return
  if (op !== 'create' && !ownerInScope(recordScopeOwners(actor, object, 'read'), ownerId)) {
    throw errors.recordNotFound()
  }
  throw errors.forbidden()
}

/** Workspace administration areas (see docs/access.md); `metadata` = objects, fields and shared settings. */
export type AdminArea = 'users' | 'teams' | 'roles' | 'api_keys' | 'audit_log' | 'metadata' | 'webhooks'

/**
 * Who may manage the workspace itself. Reading users, teams and metadata is open to every signed-in user
 * (owner pickers, team views, forms); everything else needs the admin role. An API key needs the `*` scope (read or
 * write) on top; API keys can never create or revoke API keys (only an interactive session can).
 */
export function canAdmin(actor: Actor, area: AdminArea, op: ScopeOp): boolean {
  if (actor.isSystem) return true
  if (actor.keyScopes) {
    if (area === 'api_keys' && op === 'write') return false
    const scope = actor.keyScopes[ANY_OBJECT]
    if (!scope || (op === 'write' && scope !== 'write')) return false
  }
  if (op === 'read' && (area === 'users' || area === 'teams' || area === 'metadata')) return true
  return actor.isAdmin
}

/** Throws `forbidden` unless `canAdmin(actor, area, op)`. */
export function assertCanAdmin(actor: Actor, area: AdminArea, op: ScopeOp): void {
  if (!canAdmin(actor, area, op)) throw errors.forbidden()
}
