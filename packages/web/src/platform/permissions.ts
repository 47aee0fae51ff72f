import type { GrantDto, MeResponse } from '@kemai/shared/api/access.api'
import { ApiError } from './api-client.ts'

/**
 * What the signed-in user may do, read from `me` (`/auth/me`) with the server's rules
 * (packages/server/src/platform/access/permissions.ts, docs/access.md §2), so the UI offers only what
 * the server would allow. The server checks again; these only decide what to show.
 */

export type ObjectOp = 'create' | 'read' | 'update' | 'delete'

/** Object name of the default grant: it applies to every object without a grant of its own. */
const ANY_OBJECT = '*'

/** The grant that applies to `object` (its own, else the `*` default); none for admins, who need none. */
export function grantOf(me: MeResponse, object: string): GrantDto | undefined {
  return me.grants.find((g) => g.object === object) ?? me.grants.find((g) => g.object === ANY_OBJECT)
}

/**
 * May the user do `op` on records of `object` at all? An API-key session is narrowed to its scopes;
 * admins may do everything; others need the grant's right (and, beyond create, a scope other than none).
 * @example canObject(me, 'person', 'create') // shows the "New" button
 */
export function canObject(me: MeResponse, object: string, op: ObjectOp): boolean {
  if (me.keyScopes) {
    const scope = me.keyScopes[object] ?? me.keyScopes[ANY_OBJECT]
    if (!scope || (op !== 'read' && scope !== 'write')) return false
  }
  if (me.isAdmin) return true
  const g = grantOf(me, object)
  if (!g) return false
  if (op === 'read') return g.read && g.readScope !== 'none'
  if (op === 'create') return g.create
  return g[op] && g.writeScope !== 'none'
}

/** The rule on one field: `hidden`, `read` (shown, not editable) or undefined (editable with the right). */
export function fieldRule(me: MeResponse, object: string, field: string): 'hidden' | 'read' | undefined {
  if (me.isAdmin) return undefined
  return grantOf(me, object)?.fields[field]
}

/**
 * Did the server refuse a page's first call for the object as a whole: 403 (no right on it), or 404
 * naming the object (gone, deactivated, or not readable where the endpoint does not say which)? The
 * metadata said the object was there, so the role or the object changed since it loaded.
 * @example if (refusedObject(error)) return <ObjectUnavailable object={name} refusal={error} />
 */
export function refusedObject(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    (error.status === 403 || (error.status === 404 && error.problem.code === 'object_not_found'))
  )
}

/** The pseudo-object of the automation right (server: platform/automation/access.ts). */
export const AUTOMATION_GRANT = '_automation'

/**
 * May the user see (`read`) or change (`write`) workflows and their runs? Admins may; others need a grant
 * on `_automation` (`read` or `update` to see, `update` to change); the `*` default grant does not count.
 * An API-key session also needs an `_automation` or `*` scope.
 * @example canAutomation(me, 'read') // shows the Automation settings and "Run workflow"
 */
export function canAutomation(me: MeResponse, op: 'read' | 'write'): boolean {
  if (me.keyScopes) {
    const scope = me.keyScopes[AUTOMATION_GRANT] ?? me.keyScopes[ANY_OBJECT]
    if (!scope || (op === 'write' && scope !== 'write')) return false
  }
  if (me.isAdmin) return true
  const g = me.grants.find((x) => x.object === AUTOMATION_GRANT)
  if (!g) return false
  return op === 'read' ? g.read || g.update : g.update
}
