import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import { type RawBuilder, sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { AppError, errors, type FieldIssue } from '../errors.ts'
import { tableName } from '../metadata/ddl.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import { assertObject, canEditField, ownerInScope, readableFields, recordScopeOwners } from './access.ts'
import { HookRegistry } from './hooks.ts'
import type { EventSink, FilterCompiler, OutboxEventInput, SearchDocInput, SearchIndexer } from './ports.ts'
import {
  afterCursor,
  decodeCursor,
  encodeCursor,
  orderBy,
  parseSort,
  type RecordData,
  rowToRecord,
  selectColumns,
  sortValue,
} from './shape.ts'
import { normaliseValue, sameValue, toColumns } from './values.ts'

export const MAX_BATCH = 1000
export const MAX_LIMIT = 500

export interface ListOptions {
  filter?: unknown
  sort?: string
  limit?: number
  cursor?: string
  count?: boolean
  /** recycle bin: only deleted records */
  deleted?: boolean
}

export interface ListResult {
  data: RecordData[]
  nextCursor: string | null
  total?: number
}

export type BatchOp =
  | { op: 'create'; data: Record<string, unknown> }
  | { op: 'update'; id: string; version?: number; data: Record<string, unknown> }
  | { op: 'delete'; id: string; version?: number }

export type BatchResult =
  | { index: number; ok: true; record?: RecordData; id: string }
  | { index: number; ok: false; error: AppError }

export interface RecordsDeps {
  db: Db
  metadata: MetadataService
  search: SearchIndexer
  events: EventSink
  compileFilter: FilterCompiler
  hooks?: HookRegistry
}

interface Ctx {
  trx: Tx
  actor: Actor
  schema: WorkspaceSchema
  object: ObjectDef
}

const SYSTEM_WRITABLE = new Set(['owner_id'])
const SYSTEM_IGNORED = new Set([
  'id',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
])

export interface GroupResult {
  key: unknown
  count: number
  /** number fields: the sum; currency fields: amount per currency code */
  sums: Record<string, number | null | Record<string, string>>
}

const GROUPABLE = new Set([
  'select',
  'user',
  'relation',
  'boolean',
  'text',
  'date',
  'email',
  'phone',
  'rating',
])

export type RecordsService = ReturnType<typeof createRecordsService>

/**
 * THE one read/write path (ARCHITECTURE rule 1). Each write, in one transaction:
 * access → normalise → validate → before hooks → row + field history + search document + outbox → after hooks.
 */
export function createRecordsService(deps: RecordsDeps) {
  const { db, metadata } = deps
  const hooks = deps.hooks ?? new HookRegistry()

  async function inWorkspace<T>(actor: Actor, objectName: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    let appended = false
    const out = await withWorkspace(db, actor.workspaceId, async (trx, ws) => {
      const schema = await metadata.schemaIn(trx, ws)
      const object = metadata.objectIn(schema, objectName)
      const ctx = { trx, actor, schema, object }
      const r = await fn(ctx)
      appended = true
      return r
    })
    if (appended) deps.events.notify()
    return out
  }

  const table = (ctx: Ctx, name = ctx.object.name) =>
    sql`${sql.id(ctx.schema.dbSchema)}.${sql.id(tableName(name))}`

  function scopeWhere(ctx: Ctx, mode: 'read' | 'write', alias = 't'): RawBuilder<boolean> {
    const owners = recordScopeOwners(ctx.actor, ctx.object.name, mode)
    if (owners === 'all') return sql<boolean>`true`
    if (owners === 'none') return sql<boolean>`false`
    return sql<boolean>`${sql.ref(`${alias}.owner_id`)} = any(${owners}::uuid[])`
  }

  // ---- normalise and validate -------------------------------------------------------------------

  function normaliseInput(
    ctx: Ctx,
    input: unknown,
    mode: 'create' | 'update',
    pathPrefix = '',
  ): { values: Record<string, unknown>; issues: FieldIssue[] } {
    const issues: FieldIssue[] = []
    const values: Record<string, unknown> = {}
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return {
        values,
        issues: [{ path: pathPrefix || 'body', code: 'invalid_type', params: { expected: 'object' } }],
      }
    }
    const fields = new Map(ctx.object.fields.filter((f) => f.isActive).map((f) => [f.name, f]))
    for (const [key, raw] of Object.entries(input)) {
      const path = pathPrefix + key
      if (SYSTEM_IGNORED.has(key)) {
        if (key === 'id' && mode === 'create' && isUuid(raw)) values.id = raw.toLowerCase()
        else if (key === 'id' && mode === 'create' && raw !== undefined)
          issues.push({ path, code: 'invalid_type', params: { expected: 'uuid' } })
        continue
      }
      if (SYSTEM_WRITABLE.has(key)) {
        if (raw !== null && !isUuid(raw))
          issues.push({ path, code: 'invalid_type', params: { expected: 'uuid' } })
        else values[key] = raw === null ? null : (raw as string).toLowerCase()
        continue
      }
      const field = fields.get(key)
      if (!field) {
        issues.push({ path, code: 'unknown_field' })
        continue
      }
      if (!canEditField(ctx.actor, ctx.object, key, mode)) {
        issues.push({ path, code: 'forbidden_field' })
        continue
      }
      const r = normaliseValue(field, raw, ctx.schema.currency)
      if (!r.ok) issues.push({ ...r.issue, path: pathPrefix + r.issue.path })
      else if (field.type !== 'many_to_many') values[key] = r.value
    }
    return { values, issues }
  }

  function applyDefaults(ctx: Ctx, values: Record<string, unknown>): void {
    for (const f of ctx.object.fields) {
      if (!f.isActive || f.options.default === undefined || values[f.name] !== undefined) continue
      const r = normaliseValue(f, f.options.default, ctx.schema.currency)
      if (r.ok) values[f.name] = r.value
    }
  }

  function requiredIssues(ctx: Ctx, record: Record<string, unknown>, pathPrefix = ''): FieldIssue[] {
    const issues: FieldIssue[] = []
    for (const f of ctx.object.fields) {
      if (!f.isActive || !f.options.required) continue
      const v = record[f.name]
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) {
        issues.push({ path: pathPrefix + f.name, code: 'required' })
      }
    }
    return issues
  }

  /** Relation and user values must point at live records / users of this workspace. */
  async function referenceIssues(ctx: Ctx, rows: { values: Record<string, unknown>; prefix: string }[]) {
    const issues: FieldIssue[] = []
    const refFields: FieldDef[] = ctx.object.fields.filter((f) => f.type === 'relation' || f.type === 'user')
    const checks: { target: string | null; column: string; prefix: string; id: string }[] = []
    for (const { values, prefix } of rows) {
      if (typeof values.owner_id === 'string')
        checks.push({ target: null, column: 'owner_id', prefix, id: values.owner_id })
      for (const f of refFields) {
        const v = values[f.name]
        if (typeof v === 'string')
          checks.push({ target: f.type === 'user' ? null : f.options.target!, column: f.name, prefix, id: v })
      }
    }
    if (checks.length === 0) return issues
    const byTarget = new Map<string | null, Set<string>>()
    for (const c of checks) byTarget.set(c.target, (byTarget.get(c.target) ?? new Set()).add(c.id))
    const found = new Map<string | null, Set<string>>()
    for (const [target, ids] of byTarget) {
      const list = [...ids]
      const r =
        target === null
          ? await sql<{ id: string }>`select id from app_user where workspace_id = ${ctx.actor.workspaceId}
              and id = any(${list}::uuid[]) and is_active`.execute(ctx.trx)
          : await sql<{
              id: string
            }>`select id from ${table(ctx, target)} where workspace_id = ${ctx.actor.workspaceId}
              and id = any(${list}::uuid[]) and deleted_at is null`.execute(ctx.trx)
      found.set(target, new Set(r.rows.map((x) => x.id)))
    }
    for (const c of checks)
      if (!found.get(c.target)?.has(c.id)) issues.push({ path: c.prefix + c.column, code: 'not_found' })
    return issues
  }

  // ---- write helpers ----------------------------------------------------------------------------

  function rowFor(ctx: Ctx, values: Record<string, unknown>): Record<string, unknown> {
    const row: Record<string, unknown> = {}
    const fields = new Map(ctx.object.fields.map((f) => [f.name, f]))
    for (const [k, v] of Object.entries(values)) {
      const f = fields.get(k)
      if (f) Object.assign(row, toColumns(f, v))
      else if (k === 'owner_id') row.owner_id = v
    }
    return row
  }

  function searchDoc(ctx: Ctx, rec: Record<string, unknown>): SearchDocInput {
    const texts: string[] = []
    const personNameTexts: string[] = []
    let subtitle = ''
    for (const f of ctx.object.fields) {
      if (!f.isActive) continue
      const isTitle = f.name === ctx.object.titleField
      const searchable = f.options.searchable ?? (isTitle || f.type === 'email' || f.type === 'phone')
      const v = rec[f.name]
      if (!searchable || v === null || v === undefined) continue
      const text = Array.isArray(v)
        ? v.join(' ')
        : typeof v === 'object'
          ? String((v as { text?: string }).text ?? '')
          : String(v)
      if (!text) continue
      ;(f.options.personName ? personNameTexts : texts).push(text)
      if (!isTitle && !subtitle) subtitle = text
    }
    return {
      workspaceId: ctx.actor.workspaceId,
      objectName: ctx.object.name,
      recordId: String(rec.id),
      title: String(rec[ctx.object.titleField] ?? ''),
      subtitle,
      texts,
      personNameTexts,
      ownerId: (rec.owner_id as string | null) ?? null,
    }
  }

  function searchRelevant(ctx: Ctx, changed: string[]): boolean {
    return changed.some((name) => {
      if (name === 'owner_id') return true
      const f = ctx.object.fields.find((x) => x.name === name)
      return (
        !!f &&
        (f.name === ctx.object.titleField ||
          (f.options.searchable ?? (f.type === 'email' || f.type === 'phone')))
      )
    })
  }

  function event(
    ctx: Ctx,
    type: string,
    recordId: string,
    payload: Record<string, unknown>,
  ): OutboxEventInput {
    return {
      workspaceId: ctx.actor.workspaceId,
      type,
      objectName: ctx.object.name,
      recordId,
      actorId: ctx.actor.userId,
      channel: ctx.actor.channel,
      payload,
    }
  }

  function mapWriteError(e: unknown, ctx: Ctx, prefix = ''): unknown {
    const err = e as { code?: string; constraint?: string; detail?: string }
    if (err?.code === '23505') {
      const t = tableName(ctx.object.name)
      const field = err.constraint?.startsWith(`${t}_`)
        ? err.constraint.slice(t.length + 1).replace(/_unique$/, '')
        : undefined
      if (field === undefined && err.constraint === `${t}_pkey`)
        return errors.conflict([{ path: `${prefix}id`, code: 'not_unique' }])
      return errors.conflict([{ path: prefix + (field ?? 'id'), code: 'not_unique' }])
    }
    return e
  }

  async function selectOne(
    ctx: Ctx,
    id: string,
    opts: { forUpdate?: boolean; deleted?: boolean; mode: 'read' | 'write' },
  ) {
    const cols = selectColumns(ctx.object.fields, true)
    const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
      from ${table(ctx)} as t
      where t.workspace_id = ${ctx.actor.workspaceId} and t.id = ${id}
        and ${opts.deleted ? sql`t.deleted_at is not null` : sql`t.deleted_at is null`}
        and ${scopeWhere(ctx, opts.mode)}
      ${opts.forUpdate ? sql`for update` : sql``}`.execute(ctx.trx)
    return r.rows[0]
  }

  // ---- operations -------------------------------------------------------------------------------

  async function createMany(
    ctx: Ctx,
    inputs: unknown[],
    pathOf: (i: number) => string,
  ): Promise<RecordData[]> {
    assertObject(ctx.actor, ctx.object.name, 'create')
    const now = new Date()
    const prepared: Record<string, unknown>[] = []
    const issues: FieldIssue[] = []
    inputs.forEach((input, i) => {
      const { values, issues: own } = normaliseInput(ctx, input, 'create', pathOf(i))
      applyDefaults(ctx, values)
      if (values.owner_id === undefined) values.owner_id = ctx.actor.userId
      const bad = new Set(own.map((x) => x.path))
      issues.push(...own, ...requiredIssues(ctx, values, pathOf(i)).filter((x) => !bad.has(x.path)))
      prepared.push(values)
    })
    if (issues.length) throw errors.validation(issues)
    const owners = recordScopeOwners(ctx.actor, ctx.object.name, 'write')
    prepared.forEach((v, i) => {
      if (!ownerInScope(owners, (v.owner_id as string | null) ?? null))
        issues.push({ path: `${pathOf(i)}owner_id`, code: 'forbidden_field' })
    })
    issues.push(
      ...(await referenceIssues(
        ctx,
        prepared.map((values, i) => ({ values, prefix: pathOf(i) })),
      )),
    )
    if (issues.length) throw errors.validation(issues)

    const records: Record<string, unknown>[] = []
    for (const values of prepared) {
      const id = (values.id as string | undefined) ?? newId()
      const rec: Record<string, unknown> = {
        ...values,
        id,
        version: 1,
        created_at: now.toISOString(),
        created_by: ctx.actor.userId,
        updated_at: now.toISOString(),
        updated_by: ctx.actor.userId,
      }
      if (hooks.has('before', ctx.object.name, 'create')) {
        await hooks.run('before', { ...ctx, operation: 'create', record: rec, previous: null })
      }
      records.push(rec)
    }
    const rows = records.map((rec) => ({
      ...rowFor(ctx, rec),
      workspace_id: ctx.actor.workspaceId,
      id: rec.id,
      version: 1,
      owner_id: rec.owner_id ?? null,
      created_at: now,
      created_by: ctx.actor.userId,
      updated_at: now,
      updated_by: ctx.actor.userId,
    }))
    try {
      await ctx.trx
        .withSchema(ctx.schema.dbSchema)
        .insertInto(tableName(ctx.object.name))
        .values(rows)
        .execute()
    } catch (e) {
      throw mapWriteError(e, ctx, inputs.length === 1 ? '' : '')
    }
    const out = records.map((rec) => completeRecord(ctx, rec))
    await deps.search.upsert(
      ctx.trx,
      out.map((r) => searchDoc(ctx, r)),
    )
    await deps.events.append(
      ctx.trx,
      out.map((r) => event(ctx, 'record.created', r.id, { record: r })),
    )
    if (hooks.has('after', ctx.object.name, 'create')) {
      for (const r of out)
        await hooks.run('after', { ...ctx, operation: 'create', record: r, previous: null })
    }
    return out.map((r) => visible(ctx, r))
  }

  /** Fills every active field (null when absent) so the stored and returned shapes agree. */
  function completeRecord(ctx: Ctx, rec: Record<string, unknown>): RecordData {
    const out: Record<string, unknown> = {
      id: rec.id,
      version: rec.version,
      owner_id: rec.owner_id ?? null,
      created_at: rec.created_at,
      created_by: rec.created_by ?? null,
      updated_at: rec.updated_at,
      updated_by: rec.updated_by ?? null,
    }
    for (const f of ctx.object.fields)
      if (f.isActive && f.type !== 'many_to_many') out[f.name] = rec[f.name] ?? null
    return out as RecordData
  }

  /** Drops the fields the actor may not read. */
  function visible(ctx: Ctx, rec: RecordData): RecordData {
    if (ctx.actor.isAdmin || ctx.actor.isSystem) return rec
    const readable = new Set(readableFields(ctx.actor, ctx.object).map((f) => f.name))
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rec)) {
      if (readable.has(k) || !ctx.object.fields.some((f) => f.name === k)) out[k] = v
    }
    return out as RecordData
  }

  async function updateOne(
    ctx: Ctx,
    id: string,
    input: unknown,
    opts: { ifVersion?: number; pathPrefix?: string },
  ): Promise<RecordData> {
    assertObject(ctx.actor, ctx.object.name, 'update')
    const prefix = opts.pathPrefix ?? ''
    if (!isUuid(id)) throw errors.recordNotFound()
    const { values, issues } = normaliseInput(ctx, input, 'update', prefix)
    if (issues.length) throw errors.validation(issues)
    const row = await selectOne(ctx, id, { forUpdate: true, mode: 'write' })
    if (!row) {
      if (await selectOne(ctx, id, { mode: 'read' })) throw errors.forbidden()
      throw errors.recordNotFound()
    }
    const before = rowToRecord(row, ctx.object.fields)
    if (opts.ifVersion !== undefined && before.version !== opts.ifVersion)
      throw errors.versionConflict(visible(ctx, before))
    const after: Record<string, unknown> = { ...before, ...values }
    const req = requiredIssues(ctx, after, prefix).filter((i) => i.path.slice(prefix.length) in values)
    if (req.length) throw errors.validation(req)
    const changed = Object.keys(values).filter((k) => !sameValue(before[k], values[k]))
    if (
      changed.includes('owner_id') &&
      !ownerInScope(
        recordScopeOwners(ctx.actor, ctx.object.name, 'write'),
        (values.owner_id as string | null) ?? null,
      )
    ) {
      throw errors.validation([{ path: `${prefix}owner_id`, code: 'forbidden_field' }])
    }
    const refs = await referenceIssues(ctx, [
      { values: Object.fromEntries(changed.map((k) => [k, values[k]])), prefix },
    ])
    if (refs.length) throw errors.validation(refs)
    if (hooks.has('before', ctx.object.name, 'update')) {
      await hooks.run('before', { ...ctx, operation: 'update', record: after, previous: before })
      for (const k of Object.keys(after))
        if (!sameValue(before[k], after[k]) && !changed.includes(k) && !SYSTEM_IGNORED.has(k)) changed.push(k)
    }
    if (changed.length === 0) return visible(ctx, before)
    const now = new Date()
    const set = {
      ...rowFor(ctx, Object.fromEntries(changed.map((k) => [k, after[k]]))),
      version: before.version + 1,
      updated_at: now,
      updated_by: ctx.actor.userId,
    }
    try {
      await ctx.trx
        .withSchema(ctx.schema.dbSchema)
        .updateTable(tableName(ctx.object.name))
        .set(set)
        .where('workspace_id', '=', ctx.actor.workspaceId)
        .where('id', '=', id)
        .execute()
    } catch (e) {
      throw mapWriteError(e, ctx, prefix)
    }
    const rec = completeRecord(ctx, {
      ...after,
      version: before.version + 1,
      updated_at: now.toISOString(),
      updated_by: ctx.actor.userId,
    })
    await ctx.trx
      .insertInto('field_history')
      .values(
        changed.map((k) => ({
          workspace_id: ctx.actor.workspaceId,
          id: newId(),
          object_name: ctx.object.name,
          record_id: id,
          field_name: k,
          old_value: JSON.stringify(before[k] ?? null),
          new_value: JSON.stringify(rec[k] ?? null),
          actor_id: ctx.actor.userId,
          channel: ctx.actor.channel,
          at: now,
        })),
      )
      .execute()
    if (searchRelevant(ctx, changed)) await deps.search.upsert(ctx.trx, [searchDoc(ctx, rec)])
    await deps.events.append(ctx.trx, [
      event(ctx, 'record.updated', id, {
        changed,
        before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, rec[k] ?? null])),
        version: rec.version,
      }),
    ])
    if (hooks.has('after', ctx.object.name, 'update'))
      await hooks.run('after', { ...ctx, operation: 'update', record: rec, previous: before })
    return visible(ctx, rec)
  }

  async function setDeleted(ctx: Ctx, id: string, deleted: boolean, ifVersion?: number): Promise<RecordData> {
    assertObject(ctx.actor, ctx.object.name, deleted ? 'delete' : 'update')
    if (!isUuid(id)) throw errors.recordNotFound()
    const row = await selectOne(ctx, id, { forUpdate: true, deleted: !deleted, mode: 'write' })
    if (!row) throw errors.recordNotFound()
    const before = rowToRecord(row, ctx.object.fields)
    if (ifVersion !== undefined && before.version !== ifVersion)
      throw errors.versionConflict(visible(ctx, before))
    const op = deleted ? 'delete' : 'restore'
    if (hooks.has('before', ctx.object.name, op))
      await hooks.run('before', { ...ctx, operation: op, record: before, previous: before })
    const now = new Date()
    try {
      await ctx.trx
        .withSchema(ctx.schema.dbSchema)
        .updateTable(tableName(ctx.object.name))
        .set({
          deleted_at: deleted ? now : null,
          version: before.version + 1,
          updated_at: now,
          updated_by: ctx.actor.userId,
        })
        .where('workspace_id', '=', ctx.actor.workspaceId)
        .where('id', '=', id)
        .execute()
    } catch (e) {
      // restoring a record whose unique value was taken meanwhile
      throw mapWriteError(e, ctx)
    }
    const rec = {
      ...before,
      version: before.version + 1,
      updated_at: now.toISOString(),
      updated_by: ctx.actor.userId,
    }
    await ctx.trx
      .insertInto('field_history')
      .values({
        workspace_id: ctx.actor.workspaceId,
        id: newId(),
        object_name: ctx.object.name,
        record_id: id,
        field_name: 'deleted_at',
        old_value: JSON.stringify(deleted ? null : (before.deleted_at ?? null)),
        new_value: JSON.stringify(deleted ? now.toISOString() : null),
        actor_id: ctx.actor.userId,
        channel: ctx.actor.channel,
        at: now,
      })
      .execute()
    if (deleted) await deps.search.remove(ctx.trx, ctx.actor.workspaceId, ctx.object.name, [id])
    else await deps.search.upsert(ctx.trx, [searchDoc(ctx, rec)])
    await deps.events.append(ctx.trx, [
      event(ctx, deleted ? 'record.deleted' : 'record.restored', id, { record: rec }),
    ])
    if (hooks.has('after', ctx.object.name, op))
      await hooks.run('after', { ...ctx, operation: op, record: rec, previous: before })
    return visible(ctx, rec as RecordData)
  }

  async function listIn(ctx: Ctx, opts: ListOptions): Promise<ListResult> {
    assertObject(ctx.actor, ctx.object.name, 'read')
    const limit = opts.limit ?? 50
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw errors.badRequest([{ path: 'limit', code: 'too_big', params: { max: MAX_LIMIT } }])
    }
    const readable = readableFields(ctx.actor, ctx.object)
    const keys = parseSort(opts.sort, ctx.object, readable)
    const where: RawBuilder<boolean>[] = [
      sql<boolean>`t.workspace_id = ${ctx.actor.workspaceId}`,
      opts.deleted ? sql<boolean>`t.deleted_at is not null` : sql<boolean>`t.deleted_at is null`,
      scopeWhere(ctx, 'read'),
    ]
    if (opts.filter !== undefined && opts.filter !== null) {
      where.push(deps.compileFilter(opts.filter, { ...ctx, alias: 't', path: 'filter' }))
    }
    const base = sql.join(where, sql` and `)
    const page = opts.cursor
      ? sql<boolean>`${base} and ${afterCursor('t', keys, decodeCursor(opts.cursor, keys))}`
      : base
    const cols = selectColumns(readable, !!opts.deleted)
    const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
      from ${table(ctx)} as t where ${page} order by ${orderBy('t', keys)} limit ${limit + 1}`.execute(
      ctx.trx,
    )
    const rows = r.rows.slice(0, limit)
    const last = rows[rows.length - 1]
    const result: ListResult = {
      data: rows.map((row) => rowToRecord(row, readable, !!opts.deleted)),
      nextCursor:
        r.rows.length > limit && last ? encodeCursor(keys.map((k) => sortValue(last, k.column))) : null,
    }
    if (opts.count) {
      const c = await sql<{
        n: number
      }>`select count(*)::int as n from ${table(ctx)} as t where ${base}`.execute(ctx.trx)
      result.total = c.rows[0]?.n ?? 0
    }
    return result
  }

  /** Count and sums per value of one field (list group-by, kanban columns), within the actor's scope. */
  async function groupsIn(
    ctx: Ctx,
    opts: { filter?: unknown; groupBy: string; sums?: string[] },
  ): Promise<GroupResult[]> {
    assertObject(ctx.actor, ctx.object.name, 'read')
    const readable = readableFields(ctx.actor, ctx.object)
    const gf = readable.find((f) => f.name === opts.groupBy)
    const groupable = opts.groupBy === 'owner_id' || (gf && GROUPABLE.has(gf.type))
    if (!groupable) throw errors.badRequest([{ path: 'groupBy', code: 'invalid_value' }])
    const sums = (opts.sums ?? []).map((name, i) => {
      const f = readable.find((x) => x.name === name)
      if (!f || !['number', 'percent', 'currency', 'rating'].includes(f.type)) {
        throw errors.badRequest([{ path: `sum.${i}`, code: 'invalid_value' }])
      }
      return f
    })
    if (sums.length > 5) throw errors.badRequest([{ path: 'sum', code: 'too_large' }])
    const where: RawBuilder<boolean>[] = [
      sql<boolean>`t.workspace_id = ${ctx.actor.workspaceId}`,
      sql<boolean>`t.deleted_at is null`,
      scopeWhere(ctx, 'read'),
    ]
    if (opts.filter !== undefined && opts.filter !== null) {
      where.push(deps.compileFilter(opts.filter, { ...ctx, alias: 't', path: 'filter' }))
    }
    const g = sql.ref(`t.${opts.groupBy}`)
    const sumCols = sums.map((f, i) =>
      f.type === 'currency'
        ? sql`null as ${sql.id(`s${i}`)}` // summed per currency below
        : sql`sum(${sql.ref(`t.${f.name}`)}) as ${sql.id(`s${i}`)}`,
    )
    const r = await sql<Record<string, unknown>>`select ${g} as key, count(*)::int as n
        ${sumCols.length ? sql`, ${sql.join(sumCols)}` : sql``}
      from ${table(ctx)} as t where ${sql.join(where, sql` and `)}
      group by ${g} order by count(*) desc, ${g} asc nulls last limit 1000`.execute(ctx.trx)
    const currencySums = new Map<string, Map<string, Record<string, string>>>()
    for (const f of sums.filter((x) => x.type === 'currency')) {
      const cr = await sql<{
        key: unknown
        cur: string
        amount: string
      }>`select ${g} as key, ${sql.ref(`t.${f.name}__cur`)} as cur,
          sum(${sql.ref(`t.${f.name}`)})::text as amount
        from ${table(ctx)} as t where ${sql.join(where, sql` and `)} and ${sql.ref(`t.${f.name}`)} is not null
        group by 1, 2`.execute(ctx.trx)
      const byKey = new Map<string, Record<string, string>>()
      for (const row of cr.rows) {
        const k = JSON.stringify(row.key ?? null)
        byKey.set(k, { ...(byKey.get(k) ?? {}), [row.cur]: row.amount })
      }
      currencySums.set(f.name, byKey)
    }
    return r.rows.map((row) => {
      const key = row.key instanceof Date ? row.key.toISOString() : (row.key ?? null)
      const out: GroupResult = { key, count: Number(row.n), sums: {} }
      sums.forEach((f, i) => {
        out.sums[f.name] =
          f.type === 'currency'
            ? (currencySums.get(f.name)?.get(JSON.stringify(key)) ?? {})
            : row[`s${i}`] === null || row[`s${i}`] === undefined
              ? null
              : Number(row[`s${i}`])
      })
      return out
    })
  }

  return {
    hooks,

    async groups(
      actor: Actor,
      objectName: string,
      opts: { filter?: unknown; groupBy: string; sums?: string[] },
    ) {
      return inWorkspace(actor, objectName, (ctx) => groupsIn(ctx, opts))
    },

    async create(actor: Actor, objectName: string, input: unknown): Promise<RecordData> {
      return inWorkspace(actor, objectName, async (ctx) => (await createMany(ctx, [input], () => ''))[0]!)
    },

    async get(actor: Actor, objectName: string, id: string): Promise<RecordData> {
      return inWorkspace(actor, objectName, async (ctx) => {
        assertObject(actor, objectName, 'read')
        if (!isUuid(id)) throw errors.recordNotFound()
        const row = await selectOne(ctx, id, { mode: 'read' })
        if (!row) throw errors.recordNotFound()
        return visible(ctx, rowToRecord(row, ctx.object.fields))
      })
    },

    async list(actor: Actor, objectName: string, opts: ListOptions = {}): Promise<ListResult> {
      return inWorkspace(actor, objectName, (ctx) => listIn(ctx, opts))
    },

    /** The inverse one-to-many list: records of another object whose relation points at this record. */
    async related(actor: Actor, objectName: string, id: string, inverseName: string, opts: ListOptions = {}) {
      const schema = await metadata.getSchema(actor)
      const inv = (schema.inverses.get(objectName) ?? []).find((x) => x.name === inverseName)
      if (!inv) throw errors.notFound()
      await this.get(actor, objectName, id)
      const scoped = { [inv.field]: id }
      const filter = opts.filter
        ? { and: [{ field: inv.field, op: 'eq', value: id }, opts.filter] }
        : { field: inv.field, op: 'eq', value: id }
      void scoped
      return this.list(actor, inv.fromObject, { ...opts, filter })
    },

    async update(
      actor: Actor,
      objectName: string,
      id: string,
      input: unknown,
      opts: { ifVersion?: number } = {},
    ) {
      return inWorkspace(actor, objectName, (ctx) => updateOne(ctx, id, input, opts))
    },

    async delete(actor: Actor, objectName: string, id: string, opts: { ifVersion?: number } = {}) {
      return inWorkspace(actor, objectName, (ctx) => setDeleted(ctx, id, true, opts.ifVersion))
    },

    async restore(actor: Actor, objectName: string, id: string) {
      return inWorkspace(actor, objectName, (ctx) => setDeleted(ctx, id, false))
    },

    /**
     * Up to 1000 operations. All-or-nothing by default (the first error rolls everything back and is
     * reported with its index); with `partial`, each operation runs in a savepoint and gets its own result.
     * Consecutive creates are written with one multi-row insert.
     */
    async batch(
      actor: Actor,
      objectName: string,
      ops: BatchOp[],
      opts: { partial?: boolean } = {},
    ): Promise<BatchResult[]> {
      if (!Array.isArray(ops) || ops.length === 0)
        throw errors.validation([{ path: 'operations', code: 'required' }])
      if (ops.length > MAX_BATCH)
        throw errors.validation([{ path: 'operations', code: 'too_large', params: { max: MAX_BATCH } }])
      return inWorkspace(actor, objectName, async (ctx) => {
        const results: BatchResult[] = []
        const path = (i: number) => `operations.${i}.data.`
        const runOne = async (op: BatchOp, i: number): Promise<BatchResult> => {
          switch (op.op) {
            case 'create': {
              const [rec] = await createMany(ctx, [op.data], () => path(i))
              return { index: i, ok: true, id: rec!.id, record: rec! }
            }
            case 'update': {
              const rec = await updateOne(ctx, op.id, op.data, { ifVersion: op.version, pathPrefix: path(i) })
              return { index: i, ok: true, id: rec.id, record: rec }
            }
            case 'delete': {
              const rec = await setDeleted(ctx, op.id, true, op.version)
              return { index: i, ok: true, id: rec.id }
            }
            default:
              throw errors.validation([{ path: `operations.${i}.op`, code: 'invalid_option' }])
          }
        }
        if (!opts.partial) {
          let i = 0
          while (i < ops.length) {
            // a run of creates goes in one insert
            let j = i
            while (j < ops.length && ops[j]!.op === 'create') j++
            if (j - i > 1) {
              const run = ops.slice(i, j) as { op: 'create'; data: unknown }[]
              const recs = await createMany(
                ctx,
                run.map((o) => o.data),
                (k) => path(i + k),
              )
              for (const [k, rec] of recs.entries())
                results.push({ index: i + k, ok: true, id: rec.id, record: rec })
              i = j
              continue
            }
            try {
              results.push(await runOne(ops[i]!, i))
            } catch (e) {
              throw withIndex(e, i)
            }
            i++
          }
          return results
        }
        for (let i = 0; i < ops.length; i++) {
          await sql`savepoint batch_op`.execute(ctx.trx)
          try {
            results.push(await runOne(ops[i]!, i))
            await sql`release savepoint batch_op`.execute(ctx.trx)
          } catch (e) {
            await sql`rollback to savepoint batch_op`.execute(ctx.trx)
            if (!(e instanceof AppError)) throw e
            results.push({ index: i, ok: false, error: e })
          }
        }
        return results
      })
    },
  }
}

function withIndex(e: unknown, index: number): unknown {
  if (e instanceof AppError && e.issues.length === 0) {
    return new AppError(
      e.code,
      e.status,
      e.params,
      [{ path: `operations.${index}`, code: 'invalid_value' }],
      e.extra,
    )
  }
  return e
}
