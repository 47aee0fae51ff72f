import type { FieldDef, FieldOptions, FieldType, Label, Layout, ObjectDef } from '@kemai/shared/fields'
import { sql } from 'kysely'
import type { Tx } from '../db/tx.ts'

export interface ObjectRow extends Omit<ObjectDef, 'fields'> {
  isJunction: boolean
  icon: string | null
  position: number
}

export async function loadObjects(trx: Tx, workspaceId: string): Promise<ObjectDef[]> {
  const objects = await trx
    .selectFrom('object')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('position')
    .orderBy('name')
    .execute()
  const fields = await trx
    .selectFrom('field')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('object_name')
    .orderBy('position')
    .orderBy('created_at')
    .execute()
  const byObject = new Map<string, FieldDef[]>()
  for (const f of fields) {
    const list = byObject.get(f.object_name) ?? []
    list.push({
      name: f.name,
      type: f.type as FieldType,
      label: f.label as Label,
      options: (f.options ?? {}) as FieldOptions,
      isSystem: f.is_system,
      isActive: f.is_active,
    })
    byObject.set(f.object_name, list)
  }
  return objects.map((o) => ({
    name: o.name,
    label: o.label as Label,
    pluralLabel: o.plural_label as Label,
    titleField: o.title_field,
    layout: (o.layout as Layout | null) ?? null,
    module: o.module,
    isSystem: o.is_system,
    isActive: o.is_active,
    isJunction: o.is_junction,
    icon: o.icon,
    dedup: o.dedup === true,
    fields: byObject.get(o.name) ?? [],
  }))
}

export async function insertObject(
  trx: Tx,
  workspaceId: string,
  o: {
    name: string
    label: Label
    pluralLabel: Label
    titleField: string
    module: string | null
    isSystem: boolean
    isJunction?: boolean
    icon?: string | null
    dedup?: boolean
  },
): Promise<void> {
  const pos = await trx
    .selectFrom('object')
    .select(sql<number>`coalesce(max(position), 0) + 1`.as('p'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst()
  await trx
    .insertInto('object')
    .values({
      workspace_id: workspaceId,
      name: o.name,
      label: JSON.stringify(o.label),
      plural_label: JSON.stringify(o.pluralLabel),
      title_field: o.titleField,
      module: o.module,
      is_system: o.isSystem,
      is_junction: o.isJunction ?? false,
      icon: o.icon ?? null,
      dedup: o.dedup ?? null,
      position: pos?.p ?? 1,
    })
    .execute()
}

export async function insertField(
  trx: Tx,
  workspaceId: string,
  objectName: string,
  f: { name: string; type: FieldType; label: Label; options: FieldOptions; isSystem: boolean },
): Promise<void> {
  const pos = await trx
    .selectFrom('field')
    .select(sql<number>`coalesce(max(position), 0) + 1`.as('p'))
    .where('workspace_id', '=', workspaceId)
    .where('object_name', '=', objectName)
    .executeTakeFirst()
  await trx
    .insertInto('field')
    .values({
      workspace_id: workspaceId,
      object_name: objectName,
      name: f.name,
      type: f.type,
      label: JSON.stringify(f.label),
      options: JSON.stringify(f.options),
      is_system: f.isSystem,
      position: pos?.p ?? 1,
    })
    .execute()
}

export async function updateObjectRow(
  trx: Tx,
  workspaceId: string,
  name: string,
  patch: Partial<{
    label: Label
    pluralLabel: Label
    isActive: boolean
    titleField: string
    icon: string | null
    layout: Layout | null
    dedup: boolean
  }>,
): Promise<void> {
  await trx
    .updateTable('object')
    .set({
      ...(patch.label ? { label: JSON.stringify(patch.label) } : {}),
      ...(patch.pluralLabel ? { plural_label: JSON.stringify(patch.pluralLabel) } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
      ...(patch.titleField ? { title_field: patch.titleField } : {}),
      ...(patch.icon !== undefined ? { icon: patch.icon } : {}),
      ...(patch.dedup !== undefined ? { dedup: patch.dedup } : {}),
      ...(patch.layout !== undefined
        ? { layout: patch.layout === null ? null : JSON.stringify(patch.layout) }
        : {}),
      updated_at: sql`now()`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', name)
    .execute()
}

export async function updateFieldRow(
  trx: Tx,
  workspaceId: string,
  objectName: string,
  name: string,
  patch: Partial<{ label: Label; options: FieldOptions; isActive: boolean; position: number }>,
): Promise<void> {
  await trx
    .updateTable('field')
    .set({
      ...(patch.label ? { label: JSON.stringify(patch.label) } : {}),
      ...(patch.options ? { options: JSON.stringify(patch.options) } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
      updated_at: sql`now()`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('object_name', '=', objectName)
    .where('name', '=', name)
    .execute()
}

export async function deleteFieldRow(trx: Tx, workspaceId: string, objectName: string, name: string) {
  await trx
    .deleteFrom('field')
    .where('workspace_id', '=', workspaceId)
    .where('object_name', '=', objectName)
    .where('name', '=', name)
    .execute()
}

export async function deleteObjectRow(trx: Tx, workspaceId: string, name: string) {
  await trx.deleteFrom('object').where('workspace_id', '=', workspaceId).where('name', '=', name).execute()
}

export async function bumpVersion(trx: Tx, workspaceId: string): Promise<number> {
  const r = await sql<{ v: number }>`update workspace set metadata_version = metadata_version + 1
    where id = ${workspaceId} returning metadata_version as v`.execute(trx)
  return r.rows[0]?.v ?? 0
}

/**
 * A declared object's duplicate check, for objects that never had one decided (null: created before
 * migration 10, or by a module that did not say): true when a row was set.
 */
export async function setDeclaredDedup(
  trx: Tx,
  workspaceId: string,
  name: string,
  dedup: boolean,
): Promise<boolean> {
  const r = await sql`update object set dedup = ${dedup}
    where workspace_id = ${workspaceId} and name = ${name} and dedup is null`.execute(trx)
  return Number(r.numAffectedRows ?? 0) > 0
}
