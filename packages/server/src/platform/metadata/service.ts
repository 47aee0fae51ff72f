import type { FieldDef, FieldOptions, FieldType, Label, Layout, ObjectDef } from '@kemai/shared/fields'
import type { Actor } from '../access/actor.ts'
import { assertCanAdmin } from '../access/permissions.ts'
import { type Db, forgetWorkspaceInfo, type Tx, type WorkspaceInfo, withWorkspace } from '../db/tx.ts'
import { AppError, errors, type FieldIssue } from '../errors.ts'
import {
  addFieldColumns,
  countValues,
  createObjectTable,
  createSchema,
  dropFieldColumns,
  dropObjectTable,
  setUnique,
  tableName,
} from './ddl.ts'
import type { ObjectDeclaration } from './define.ts'
import { countFieldValues, countRecords, fieldOrderIssues, setFieldPositions } from './order.ts'
import * as repo from './repo.ts'
import { checkName, validateOptions } from './validate.ts'

/** A one-to-many list shown on `object` because `fromObject.field` points to it. */
export interface InverseDef {
  name: string
  label: Label
  fromObject: string
  field: string
}

export interface WorkspaceSchema {
  workspaceId: string
  version: number
  dbSchema: string
  timeZone: string
  currency: string
  objects: Map<string, ObjectDef>
  inverses: Map<string, InverseDef[]>
}

export interface MetadataHooks {
  /** called inside the metadata transaction after a change, e.g. to write the audit log */
  onChange?: (trx: Tx, actor: Actor, action: string, detail: Record<string, unknown>) => Promise<void>
  /**
   * called inside the transaction of every change of a workspace's objects or fields (the API, a module's
   * declarations at start, a new workspace) with the schema as changed, e.g. to follow it with derived
   * state such as the duplicate check's key index
   */
  onSchemaChange?: (trx: Tx, schema: WorkspaceSchema) => Promise<void>
}

function toSchema(ws: WorkspaceInfo, objects: ObjectDef[]): WorkspaceSchema {
  const map = new Map(objects.map((o) => [o.name, o]))
  const inverses = new Map<string, InverseDef[]>()
  for (const o of objects) {
    for (const f of o.fields) {
      if (f.type !== 'relation' || !f.isActive || !f.options.target) continue
      const list = inverses.get(f.options.target) ?? []
      list.push({
        name: f.options.inverseName ?? `${o.name}_by_${f.name}`,
        label: f.options.inverseLabel ?? o.pluralLabel,
        fromObject: o.name,
        field: f.name,
      })
      inverses.set(f.options.target, list)
    }
  }
  return {
    workspaceId: ws.id,
    version: ws.metadataVersion,
    dbSchema: ws.dbSchema,
    timeZone: ws.timeZone,
    currency: ws.currency,
    objects: map,
    inverses,
  }
}

export type MetadataService = ReturnType<typeof createMetadataService>

/** A layout may only place existing fields, each once, in sections with distinct keys. */
export function layoutIssues(layout: Layout, o: ObjectDef): FieldIssue[] {
  const issues: FieldIssue[] = []
  const known = new Set(o.fields.map((f) => f.name))
  const placed = new Set<string>()
  const keys = new Set<string>()
  layout.sections.forEach((s, i) => {
    if (keys.has(s.key)) issues.push({ path: `layout.sections.${i}.key`, code: 'not_unique' })
    keys.add(s.key)
    s.fields.forEach((f, j) => {
      const path = `layout.sections.${i}.fields.${j}`
      if (!known.has(f)) issues.push({ path, code: 'unknown_field', params: { field: f } })
      else if (placed.has(f)) issues.push({ path, code: 'not_unique' })
      placed.add(f)
    })
  })
  return issues
}

/**
 * Objects and fields as metadata, each object a real table and each field a real column (ARCHITECTURE §3).
 * Every change runs its DDL and its metadata rows in one transaction and bumps the workspace's
 * metadata version, which invalidates every process's cache on its next transaction.
 */
export function createMetadataService(db: Db, hooks: MetadataHooks = {}) {
  const cache = new Map<string, WorkspaceSchema>()

  /** The workspace's schema as of this transaction (cached by metadata version). */
  async function schemaIn(trx: Tx, ws: WorkspaceInfo): Promise<WorkspaceSchema> {
    const hit = cache.get(ws.id)
    if (hit && hit.version === ws.metadataVersion) return hit
    const s = toSchema(ws, await repo.loadObjects(trx, ws.id))
    cache.set(ws.id, s)
    return s
  }

  /** The schema of this metadata version if this process has it cached (no I/O), else undefined. */
  function cachedSchema(ws: WorkspaceInfo): WorkspaceSchema | undefined {
    const hit = cache.get(ws.id)
    return hit && hit.version === ws.metadataVersion ? hit : undefined
  }

  function objectIn(
    schema: WorkspaceSchema,
    name: string,
    opts: { includeInactive?: boolean } = {},
  ): ObjectDef {
    const o = schema.objects.get(name)
    if (!o || (!o.isActive && !opts.includeInactive)) throw errors.objectNotFound(name)
    return o
  }

  /** The workspace's objects as this transaction changed them, for hooks.onSchemaChange. */
  async function schemaChanged(trx: Tx, ws: WorkspaceInfo): Promise<void> {
    if (hooks.onSchemaChange)
      await hooks.onSchemaChange(trx, toSchema(ws, await repo.loadObjects(trx, ws.id)))
  }

  async function change<T>(
    actor: Actor,
    action: string,
    detail: Record<string, unknown>,
    fn: (trx: Tx, schema: WorkspaceSchema) => Promise<T>,
  ): Promise<T> {
    assertCanAdmin(actor, 'metadata', 'write')
    const out = await withWorkspace(
      db,
      actor.workspaceId,
      async (trx, ws) => {
        const schema = await schemaIn(trx, ws)
        const out = await fn(trx, schema)
        await schemaChanged(trx, ws)
        await repo.bumpVersion(trx, ws.id)
        await hooks.onChange?.(trx, actor, action, detail)
        cache.delete(ws.id)
        return out
      },
      { ddl: true },
    )
    // committed: reads in this process must see the new metadata version at once
    forgetWorkspaceInfo(actor.workspaceId)
    return out
  }

  async function addField(
    trx: Tx,
    schema: WorkspaceSchema,
    object: ObjectDef,
    f: { name: string; type: FieldType; label: Label; options: FieldOptions },
    isSystem: boolean,
  ): Promise<void> {
    const options = { ...f.options }
    if (f.type === 'many_to_many') {
      const junction = options.junction ?? `${object.name}_${f.name}`.slice(0, 48)
      options.junction = junction
      if (!schema.objects.has(junction)) {
        await createObjectIn(trx, schema, {
          name: junction,
          label: {
            'zh-CN': `${object.label['zh-CN']}-${f.label['zh-CN']}`,
            en: `${object.label.en} ${f.label.en}`,
          },
          pluralLabel: {
            'zh-CN': `${object.label['zh-CN']}-${f.label['zh-CN']}`,
            en: `${object.label.en} ${f.label.en}`,
          },
          titleField: 'from_record',
          module: object.module,
          isSystem,
          isJunction: true,
          fields: [
            {
              name: 'from_record',
              type: 'relation',
              label: object.label,
              options: { target: object.name, required: true },
            },
            {
              name: 'to_record',
              type: 'relation',
              label: f.label,
              options: { target: options.target!, required: true },
            },
          ],
        })
      }
    }
    await addFieldColumns(
      trx,
      schema.dbSchema,
      object.name,
      { ...f, options },
      { isTitle: object.titleField === f.name },
    )
    await repo.insertField(trx, schema.workspaceId, object.name, { ...f, options, isSystem })
    object.fields.push({ ...f, options, isSystem, isActive: true })
  }

  async function createObjectIn(
    trx: Tx,
    schema: WorkspaceSchema,
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
      fields: { name: string; type: FieldType; label: Label; options: FieldOptions }[]
    },
  ): Promise<ObjectDef> {
    await createObjectTable(trx, schema.dbSchema, o.name)
    await repo.insertObject(trx, schema.workspaceId, o)
    const def: ObjectDef = {
      name: o.name,
      label: o.label,
      pluralLabel: o.pluralLabel,
      titleField: o.titleField,
      module: o.module,
      isSystem: o.isSystem,
      isActive: true,
      dedup: o.dedup === true,
      fields: [],
    }
    schema.objects.set(o.name, def)
    for (const f of o.fields) await addField(trx, schema, def, f, o.isSystem)
    return def
  }

  return {
    schemaIn,
    cachedSchema,
    objectIn,

    async getSchema(actor: Actor): Promise<WorkspaceSchema> {
      return withWorkspace(db, actor.workspaceId, (trx, ws) => schemaIn(trx, ws), { read: true })
    },

    /** Live records per object (the settings pages); counts span every object, so metadata admins only. */
    async recordCounts(actor: Actor): Promise<Record<string, number>> {
      assertCanAdmin(actor, 'metadata', 'write')
      return withWorkspace(
        db,
        actor.workspaceId,
        async (trx, ws) => {
          const schema = await schemaIn(trx, ws)
          return countRecords(trx, schema.dbSchema, [...schema.objects.keys()])
        },
        { read: true },
      )
    },

    /** One object's live records and, per field, the records with a value (what a delete would destroy). */
    async objectCounts(
      actor: Actor,
      name: string,
    ): Promise<{ records: number; fields: Record<string, number> }> {
      assertCanAdmin(actor, 'metadata', 'write')
      return withWorkspace(
        db,
        actor.workspaceId,
        async (trx, ws) => {
          const schema = await schemaIn(trx, ws)
          const o = objectIn(schema, name, { includeInactive: true })
          const records = await countRecords(trx, schema.dbSchema, [o.name])
          return {
            records: records[o.name] ?? 0,
            fields: await countFieldValues(trx, schema.dbSchema, o),
          }
        },
        { read: true },
      )
    },

    /** Creates the workspace's table schema and the declared system objects (inside the workspace transaction). */
    async initWorkspace(trx: Tx, ws: WorkspaceInfo, declarations: ObjectDeclaration[]): Promise<void> {
      await createSchema(trx, ws.dbSchema)
      await this.syncDeclared(trx, ws, declarations)
    },

    /**
     * Brings a workspace up to the objects modules declare in code: creates missing objects, fields and
     * columns (CONVENTIONS rule 4: a built-in field is one line in objects.ts). Never drops anything.
     */
    async syncDeclared(trx: Tx, ws: WorkspaceInfo, declarations: ObjectDeclaration[]): Promise<boolean> {
      const schema = toSchema(ws, await repo.loadObjects(trx, ws.id))
      let changed = false
      // objects first, so relations between declared objects resolve in any order
      for (const d of declarations) {
        if (schema.objects.has(d.name)) continue
        await createObjectIn(trx, schema, { ...d, isSystem: true, fields: [] })
        changed = true
      }
      for (const d of declarations) {
        const def = schema.objects.get(d.name)!
        // objects made before the option existed get the module's choice once; later a workspace's own
        if (d.dedup !== undefined && (await repo.setDeclaredDedup(trx, ws.id, d.name, d.dedup)))
          changed = true
        for (const f of d.fields) {
          if (def.fields.some((x) => x.name === f.name)) continue
          await addField(trx, schema, def, { ...f, options: f.options ?? {} }, true)
          changed = true
        }
      }
      if (changed) {
        await schemaChanged(trx, ws)
        await repo.bumpVersion(trx, ws.id)
        cache.delete(ws.id)
      }
      return changed
    },

    async createObject(
      actor: Actor,
      input: { name: string; label: Label; pluralLabel?: Label; icon?: string | null },
    ): Promise<ObjectDef> {
      const issue = checkName(input.name, 'name')
      if (issue) throw errors.validation([issue])
      return change(actor, 'metadata.object.create', { object: input.name }, async (trx, schema) => {
        if (schema.objects.has(input.name)) throw errors.conflict([{ path: 'name', code: 'not_unique' }])
        return createObjectIn(trx, schema, {
          name: input.name,
          label: input.label,
          pluralLabel: input.pluralLabel ?? input.label,
          titleField: 'name',
          module: null,
          isSystem: false,
          icon: input.icon ?? null,
          fields: [
            {
              name: 'name',
              type: 'text',
              label: { 'zh-CN': '名称', en: 'Name' },
              options: { required: true },
            },
          ],
        })
      })
    },

    async updateObject(
      actor: Actor,
      name: string,
      patch: {
        label?: Label
        pluralLabel?: Label
        isActive?: boolean
        titleField?: string
        icon?: string | null
        layout?: Layout | null
        dedup?: boolean
        fieldOrder?: string[]
      },
    ): Promise<ObjectDef> {
      return change(actor, 'metadata.object.update', { object: name, patch }, async (trx, schema) => {
        const o = objectIn(schema, name, { includeInactive: true })
        if (patch.layout) {
          const issues = layoutIssues(patch.layout, o)
          if (issues.length) throw errors.validation(issues)
        }
        if (patch.titleField && !o.fields.some((f) => f.name === patch.titleField && f.type === 'text')) {
          throw errors.validation([{ path: 'titleField', code: 'invalid_value' }])
        }
        if (patch.isActive === false && o.isSystem)
          throw errors.validation([{ path: 'isActive', code: 'read_only' }])
        if (patch.fieldOrder) {
          const issues = fieldOrderIssues(patch.fieldOrder, o)
          if (issues.length) throw errors.validation(issues)
          await setFieldPositions(trx, schema.workspaceId, name, patch.fieldOrder)
        }
        await repo.updateObjectRow(trx, schema.workspaceId, name, patch)
        return { ...o, ...patch, icon: undefined } as ObjectDef
      })
    },

    async deleteObject(actor: Actor, name: string, opts: { confirm?: boolean }): Promise<void> {
      await change(actor, 'metadata.object.delete', { object: name }, async (trx, schema) => {
        const o = objectIn(schema, name, { includeInactive: true })
        if (o.isSystem) throw errors.forbidden([{ path: 'object', code: 'read_only' }])
        const pointing = [...schema.objects.values()].flatMap((x) =>
          x.fields
            .filter((f) => x.name !== name && f.options.target === name)
            .map((f) => `${x.name}.${f.name}`),
        )
        if (pointing.length > 0) {
          throw errors.conflict(pointing.map((p) => ({ path: p, code: 'invalid_value' })))
        }
        const n = await countValues(trx, schema.dbSchema, name, { name: 'id', type: 'text' })
        if (n > 0 && !opts.confirm) throw errors.confirmationRequired({ records: n })
        await dropObjectTable(trx, schema.dbSchema, name)
        await repo.deleteObjectRow(trx, schema.workspaceId, name)
      })
    },

    async createField(
      actor: Actor,
      objectName: string,
      input: { name: string; type: FieldType; label: Label; options?: unknown },
    ): Promise<FieldDef> {
      const issue = checkName(input.name, 'name')
      if (issue) throw errors.validation([issue])
      return change(
        actor,
        'metadata.field.create',
        { object: objectName, field: input.name },
        async (trx, schema) => {
          const o = objectIn(schema, objectName, { includeInactive: true })
          const options = validateOptions(input.type, input.options, schema)
          if (o.fields.some((f) => f.name === input.name))
            throw errors.conflict([{ path: 'name', code: 'not_unique' }])
          if (options.required && options.default === undefined) {
            const n = await countValues(trx, schema.dbSchema, objectName, { name: 'id', type: 'text' })
            if (n > 0) throw errors.validation([{ path: 'options.default', code: 'required' }])
          }
          try {
            await addField(
              trx,
              schema,
              o,
              { name: input.name, type: input.type, label: input.label, options },
              false,
            )
          } catch (e) {
            throw mapDdlError(e, input.name)
          }
          return o.fields.find((f) => f.name === input.name)!
        },
      )
    },

    async updateField(
      actor: Actor,
      objectName: string,
      fieldName: string,
      patch: { label?: Label; options?: unknown; isActive?: boolean; position?: number },
    ): Promise<FieldDef> {
      return change(
        actor,
        'metadata.field.update',
        { object: objectName, field: fieldName },
        async (trx, schema) => {
          const o = objectIn(schema, objectName, { includeInactive: true })
          const f = o.fields.find((x) => x.name === fieldName)
          if (!f) throw errors.fieldNotFound(fieldName)
          let options: FieldOptions | undefined
          if (patch.options !== undefined) {
            options = validateOptions(f.type, mergeOptions(f.options, patch.options), schema)
            if (f.isSystem && options.target !== f.options.target) {
              throw errors.validation([{ path: 'options.target', code: 'read_only' }])
            }
            if (options.target !== f.options.target) {
              throw errors.validation([{ path: 'options.target', code: 'read_only' }])
            }
            if (!!options.unique !== !!f.options.unique) {
              try {
                await setUnique(trx, schema.dbSchema, objectName, fieldName, !!options.unique)
              } catch (e) {
                throw mapDdlError(e, fieldName)
              }
            }
          }
          if (patch.isActive === false && (f.isSystem || o.titleField === fieldName)) {
            throw errors.validation([{ path: 'isActive', code: 'read_only' }])
          }
          await repo.updateFieldRow(trx, schema.workspaceId, objectName, fieldName, {
            ...(patch.label ? { label: patch.label } : {}),
            ...(options ? { options } : {}),
            ...(patch.isActive !== undefined ? { isActive: patch.isActive } : {}),
            ...(patch.position !== undefined ? { position: patch.position } : {}),
          })
          return {
            ...f,
            ...(patch.label ? { label: patch.label } : {}),
            ...(options ? { options } : {}),
            isActive: patch.isActive ?? f.isActive,
          }
        },
      )
    },

    async deleteField(
      actor: Actor,
      objectName: string,
      fieldName: string,
      opts: { confirm?: boolean },
    ): Promise<void> {
      await change(
        actor,
        'metadata.field.delete',
        { object: objectName, field: fieldName },
        async (trx, schema) => {
          const o = objectIn(schema, objectName, { includeInactive: true })
          const f = o.fields.find((x) => x.name === fieldName)
          if (!f) throw errors.fieldNotFound(fieldName)
          if (f.isSystem || o.titleField === fieldName)
            throw errors.forbidden([{ path: 'field', code: 'read_only' }])
          const n = await countValues(trx, schema.dbSchema, objectName, f)
          if (n > 0 && !opts.confirm) throw errors.confirmationRequired({ records: n, field: fieldName })
          await dropFieldColumns(trx, schema.dbSchema, objectName, f)
          await repo.deleteFieldRow(trx, schema.workspaceId, objectName, fieldName)
          // the record page layout forgets the field with it
          if (o.layout?.sections.some((sec) => sec.fields.includes(fieldName))) {
            const sections = o.layout.sections.map((sec) => ({
              ...sec,
              fields: sec.fields.filter((x) => x !== fieldName),
            }))
            await repo.updateObjectRow(trx, schema.workspaceId, objectName, { layout: { sections } })
          }
        },
      )
    },

    tableName,
  }
}

/** A JSON merge patch of a field's options: a key set to null is removed (`{"max": null}` drops the limit). */
export function mergeOptions(current: FieldOptions, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch
  const out: Record<string, unknown> = { ...current }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = v
  }
  return out
}

function mapDdlError(e: unknown, field: string): unknown {
  if (e instanceof AppError) return e
  const code = (e as { code?: string }).code
  if (code === '23505') return errors.conflict([{ path: field, code: 'not_unique' }])
  if (code === '54011') return errors.conflict([{ path: field, code: 'too_large' }])
  return e
}

/** A workspace transaction (or read) for `actor` with its metadata schema: the configuration services' way in. */
export function withWorkspaceSchema<T>(
  db: Db,
  metadata: Pick<MetadataService, 'schemaIn'>,
  actor: Pick<Actor, 'workspaceId'>,
  fn: (trx: Tx, schema: WorkspaceSchema) => Promise<T>,
  read = false,
): Promise<T> {
  return withWorkspace(db, actor.workspaceId, async (trx, ws) => fn(trx, await metadata.schemaIn(trx, ws)), {
    read,
  })
}
