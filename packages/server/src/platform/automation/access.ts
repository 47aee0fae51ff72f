import type { Actor } from '../access/actor.ts'
import { errors } from '../errors.ts'

/**
 * The `automation` permission: a role grant on the pseudo-object `_automation` (object names start with a
 * letter, so no real object can take the name). `read` lets a user see workflows and test-run them,
 * `update` lets them change, publish, enable and delete them. Admins have both; the `*` default grant
 * does not count. An API key needs an `_automation` or `*` scope (write for changes).
 */
export const AUTOMATION_GRANT = '_automation'

export function canAutomation(actor: Actor, op: 'read' | 'write'): boolean {
  if (actor.isSystem) return true
  if (actor.keyScopes) {
    const scope = actor.keyScopes[AUTOMATION_GRANT] ?? actor.keyScopes['*']
    if (!scope || (op === 'write' && scope !== 'write')) return false
  }
  if (actor.isAdmin) return true
  const g = actor.grants[AUTOMATION_GRANT]
  if (!g) return false
  return op === 'read' ? g.read || g.update : g.update
}

export function assertAutomation(actor: Actor, op: 'read' | 'write'): void {
  if (!canAutomation(actor, op)) throw errors.forbidden()
}
