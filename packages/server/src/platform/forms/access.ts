import type { Actor } from '../access/actor.ts'
import { canAdmin } from '../access/permissions.ts'
import { canAutomation } from '../automation/access.ts'
import { errors } from '../errors.ts'

/**
 * Who may manage forms: they are workspace configuration that opens a public door into an object, so
 * changing them is for those who may change metadata (admins; an API key needs the `*` write scope).
 * Reading them (names, fields, links, submissions log) is also open to those who may read workflows, whose
 * form trigger picks a form.
 */
export function canForms(actor: Actor, op: 'read' | 'write'): boolean {
  if (canAdmin(actor, 'metadata', 'write')) return true
  return op === 'read' && canAutomation(actor, 'read')
}

export function assertForms(actor: Actor, op: 'read' | 'write'): void {
  if (!canForms(actor, op)) throw errors.forbidden()
}
