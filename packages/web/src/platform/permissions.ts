import type { GrantDto, MeResponse } from '@kemai/shared/api/access.api'

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
