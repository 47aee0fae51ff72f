import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import type { Actor } from '../access/actor.ts'
import { canObject, editableFields, readableFields as readableNames } from '../access/permissions.ts'
import { errors } from '../errors.ts'

export { ownerInScope, recordScopeOwners } from '../access/permissions.ts'

export function assertObject(
  actor: Actor,
  object: string,
  op: 'create' | 'read' | 'update' | 'delete',
): void {
  if (!canObject(actor, object, op)) throw errors.forbidden()
}

/** Active fields the actor may read (field rules hide some). */
export function readableFields(actor: Actor, object: ObjectDef): FieldDef[] {
  const active = object.fields.filter((f) => f.isActive)
  const names = new Set(
    readableNames(
      actor,
      object.name,
      active.map((f) => f.name),
    ),
  )
  return active.filter((f) => names.has(f.name))
}

/** Whether the actor may set this field on this object (create or update). */
export function canEditField(
  actor: Actor,
  object: ObjectDef,
  field: string,
  op: 'create' | 'update',
): boolean {
  return editableFields(actor, object.name, [field], op).length === 1
}
