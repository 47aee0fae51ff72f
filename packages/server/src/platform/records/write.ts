import { type OperationNodeSource, sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import { isUuid } from '../db/tx.ts'
import { AppError, errors, type FieldIssue } from '../errors.ts'
import { tableName } from '../metadata/ddl.ts'
import { assertObject, ownerInScope, recordScopeOwners } from './access.ts'
import type { Ctx } from './context.ts'
import { rulesFor } from './duplicates/rules.ts'
import { duplicatesOnCreate, duplicatesOnUpdate, type WriteOptions } from './duplicates/stage.ts'
import {
  completeRecord,
  event,
  type HistoryRow,
  historyInsert,
  mapWriteError,
  rowFor,
  searchDoc,
  searchRelevant,
  writeTogether,
} from './pipeline/effects.ts'
import { attachFilesSql, fileIssues } from './pipeline/files.ts'
import { applyDefaults, normaliseInput, requiredIssues, SYSTEM_IGNORED } from './pipeline/normalise.ts'
import { referenceIssues } from './pipeline/references.ts'
import type { OutboxEventInput, SearchDocInput } from './ports.ts'
import { selectMany, selectOne, visible } from './read.ts'
import { type RecordData, rowToRecord } from './shape.ts'
import { sameValue } from './values.ts'

/**
 * The write operations, each one pass through the pipeline (CONVENTIONS rule 8): access → normalise →
 * validate → before hooks → duplicates → row + history + search document + keys + outbox → after hooks.
 */

export async function createMany(
  ctx: Ctx,
  inputs: unknown[],
  pathOf: (i: number) => string,
  opts: WriteOptions = {},
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
    ...(await fileIssues(
      ctx,
      prepared.map((values, i) => ({ values, prefix: pathOf(i), recordId: null })),
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
    if (ctx.deps.hooks.has('before', ctx.object.name, 'create')) {
      await ctx.deps.hooks.run('before', { ...ctx, operation: 'create', record: rec, previous: null })
    }
    records.push(rec)
  }
  const keys = await duplicatesOnCreate(ctx, records, opts, pathOf)
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
  const insert = ctx.trx.withSchema(ctx.schema.dbSchema).insertInto(tableName(ctx.object.name)).values(rows)
  const out = records.map((rec) => completeRecord(ctx, rec))
  const docs = out.map((r) => searchDoc(ctx, r))
  const events = out.map((r) => event(ctx, 'record.created', r.id, { record: r }))
  const attach = records.flatMap((rec) => attachFilesSql(ctx, String(rec.id), rec) ?? [])
  if (rows.length <= TOGETHER_MAX) {
    // a single create (the API's and the UI's): row, search document and event in one round trip
    const ev = ctx.deps.events.appendSql(events)
    try {
      await writeTogether(
        ctx,
        [insert, ctx.deps.search.upsertSql(docs), ev.statement, ...attach, ...(keys ? [keys] : [])],
        ev.notify,
      )
    } catch (e) {
      throw mapWriteError(e, ctx)
    }
  } else {
    // bulk: separate statements keep each one far below the bind-parameter limit
    try {
      await insert.execute()
    } catch (e) {
      throw mapWriteError(e, ctx)
    }
    await ctx.deps.search.upsert(ctx.trx, docs)
    await ctx.deps.events.append(ctx.trx, events)
    for (const statement of attach) await statement.execute(ctx.trx)
    if (keys) await keys.execute(ctx.trx)
  }
  ctx.deps.onWritten?.(ctx.schema.dbSchema, tableName(ctx.object.name), rows.length)
  if (ctx.deps.hooks.has('after', ctx.object.name, 'create')) {
    for (const r of out)
      await ctx.deps.hooks.run('after', { ...ctx, operation: 'create', record: r, previous: null })
  }
  return out.map((r) => visible(ctx, r))
}

/** Writes of up to this many records go out as one statement (writeTogether). */
const TOGETHER_MAX = 100

function updateRow(ctx: Ctx, id: string, set: Record<string, unknown>) {
  return ctx.trx
    .withSchema(ctx.schema.dbSchema)
    .updateTable(tableName(ctx.object.name))
    .set(set)
    .where('workspace_id', '=', ctx.actor.workspaceId)
    .where('id', '=', id)
}

export async function updateOne(
  ctx: Ctx,
  id: string,
  input: unknown,
  opts: { ifVersion?: number; pathPrefix?: string } & WriteOptions,
): Promise<RecordData> {
  const item: UpdateItem = { id, input }
  if (opts.ifVersion !== undefined) item.ifVersion = opts.ifVersion
  if (opts.pathPrefix !== undefined) item.pathPrefix = opts.pathPrefix
  return (await updateMany(ctx, [item], opts))[0]!
}

/** One record's update in updateMany. */
export interface UpdateItem {
  id: string
  input: unknown
  ifVersion?: number
  /** where its field problems point (`operations.3.data.`) */
  pathPrefix?: string
  /** where its problems without a field point (not found, a version conflict): a batch's `operations.3` */
  errorPath?: string
  /**
   * Who writes it, when not the operation's actor: a workflow run's actor carries the run (`cause`) into
   * the event and the field history. Must be of the same workspace and may read and write what ctx.actor may.
   */
  actor?: Actor
}

interface PreparedUpdate {
  it: UpdateItem
  ctx: Ctx
  id: string
  prefix: string
  values: Record<string, unknown>
  before: RecordData
  after: Record<string, unknown>
  changed: string[]
}

/**
 * Updates several records of one object in one pass: one locking read for all of them, each checked as
 * updateOne checks one (the first problem throws, nothing is written), then their rows, field history,
 * search documents, events and keys as ONE statement (writeTogether). A record given twice is written
 * twice, one after the other (a statement cannot change a row twice).
 */
export async function updateMany(
  ctx: Ctx,
  items: readonly UpdateItem[],
  opts: WriteOptions = {},
): Promise<RecordData[]> {
  assertObject(ctx.actor, ctx.object.name, 'update')
  const oneByOne = async () => {
    const out: RecordData[] = []
    for (const it of items) out.push(...(await updateMany(ctx, [it], opts)))
    return out
  }
  const ids = new Set(items.map((it) => it.id.toLowerCase()))
  if (ids.size < items.length) return oneByOne()
  if (items.length > TOGETHER_MAX) {
    const out: RecordData[] = []
    for (let i = 0; i < items.length; i += TOGETHER_MAX)
      out.push(...(await updateMany(ctx, items.slice(i, i + TOGETHER_MAX), opts)))
    return out
  }
  const prepared: PreparedUpdate[] = []
  const at = (it: UpdateItem, e: unknown) => (it.errorPath === undefined ? e : pointAt(e, it.errorPath))
  const inputs = items.map((it) => {
    const prefix = it.pathPrefix ?? ''
    if (!isUuid(it.id)) throw at(it, errors.recordNotFound())
    const itemCtx = it.actor ? { ...ctx, actor: it.actor } : ctx
    const { values, issues } = normaliseInput(itemCtx, it.input, 'update', prefix)
    if (issues.length) throw errors.validation(issues)
    return { it, prefix, ctx: itemCtx, values }
  })
  // checks that depend on the other records of this write go one record after the other: a hook that
  // reads other records, a duplicate check, a file upload (its one owner)
  if (inputs.length > 1 && !togetherSafe(ctx, inputs, opts)) return oneByOne()
  const rows =
    inputs.length === 1
      ? new Map([[inputs[0]!.it.id.toLowerCase(), await selectOne(ctx, inputs[0]!.it.id, LOCK)]])
      : await selectMany(
          ctx,
          inputs.map((x) => x.it.id),
          LOCK,
        )
  for (const { it } of inputs) {
    if (rows.get(it.id.toLowerCase())) continue
    if (await selectOne(ctx, it.id, { mode: 'read' })) throw at(it, errors.forbidden())
    throw at(it, errors.recordNotFound())
  }
  const befores = inputs.map(({ it }) => rowToRecord(rows.get(it.id.toLowerCase())!, ctx.object.fields))
  inputs.forEach(({ it }, i) => {
    if (it.ifVersion !== undefined && befores[i]!.version !== it.ifVersion)
      throw at(it, errors.versionConflict(visible(ctx, befores[i]!)))
  })
  const fileProblems = await fileIssues(
    ctx,
    inputs.map(({ it, values, prefix }) => ({ values, prefix, recordId: it.id.toLowerCase() })),
  )
  if (fileProblems.length) throw errors.validation(fileProblems)
  inputs.forEach(({ it, values, prefix, ctx: itemCtx }, i) => {
    const before = befores[i]!
    const after: Record<string, unknown> = { ...before, ...values }
    const req = requiredIssues(ctx, after, prefix).filter((x) => x.path.slice(prefix.length) in values)
    if (req.length) throw errors.validation(req)
    const changed = Object.keys(values).filter((k) => !sameValue(before[k], values[k]))
    if (
      changed.includes('owner_id') &&
      !ownerInScope(
        recordScopeOwners(itemCtx.actor, ctx.object.name, 'write'),
        (values.owner_id as string | null) ?? null,
      )
    ) {
      throw errors.validation([{ path: `${prefix}owner_id`, code: 'forbidden_field' }])
    }
    prepared.push({ it, ctx: itemCtx, id: it.id, prefix, values, before, after, changed })
  })
  const refs = await referenceIssues(
    ctx,
    prepared.map((p) => ({
      values: Object.fromEntries(p.changed.map((k) => [k, p.values[k]])),
      prefix: p.prefix,
    })),
  )
  if (refs.length) throw errors.validation(refs)
  if (ctx.deps.hooks.has('before', ctx.object.name, 'update')) {
    for (const p of prepared) {
      await ctx.deps.hooks
        .run('before', { ...p.ctx, operation: 'update', record: p.after, previous: p.before })
        .catch((e: unknown) => {
          throw at(p.it, e)
        })
      for (const k of Object.keys(p.after))
        if (!sameValue(p.before[k], p.after[k]) && !p.changed.includes(k) && !SYSTEM_IGNORED.has(k))
          p.changed.push(k)
    }
  }
  const now = new Date()
  const statements: OperationNodeSource[] = []
  const history: HistoryRow[] = []
  const docs: SearchDocInput[] = []
  const events: OutboxEventInput[] = []
  const out = new Map<PreparedUpdate, RecordData>()
  for (const p of prepared) {
    const { before, after, changed, id } = p
    if (changed.length === 0) {
      out.set(p, before)
      continue
    }
    statements.push(
      ...(await duplicatesOnUpdate(p.ctx, id, after, changed, opts).catch((e: unknown) => {
        throw at(p.it, e)
      })),
    )
    const set = {
      ...rowFor(ctx, Object.fromEntries(changed.map((k) => [k, after[k]]))),
      version: before.version + 1,
      updated_at: now,
      updated_by: p.ctx.actor.userId,
    }
    const rec = completeRecord(ctx, {
      ...after,
      version: before.version + 1,
      updated_at: now.toISOString(),
      updated_by: p.ctx.actor.userId,
    })
    out.set(p, rec)
    statements.push(updateRow(ctx, id, set))
    const attach = attachFilesSql(
      ctx,
      id.toLowerCase(),
      Object.fromEntries(changed.map((k) => [k, after[k]])),
    )
    if (attach) statements.push(attach)
    for (const k of changed)
      history.push({ recordId: id, field: k, old: before[k], new: rec[k], at: now, actor: p.ctx.actor })
    if (searchRelevant(ctx, changed)) docs.push(searchDoc(ctx, rec))
    events.push(
      event(p.ctx, 'record.updated', id, {
        changed,
        before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, rec[k] ?? null])),
        version: rec.version,
      }),
    )
  }
  if (events.length > 0) {
    const ev = ctx.deps.events.appendSql(events)
    statements.push(historyInsert(ctx, history), ev.statement)
    if (docs.length > 0) statements.push(ctx.deps.search.upsertSql(docs))
    if (prepared.length === 1) {
      try {
        await writeTogether(ctx, statements, ev.notify)
      } catch (e) {
        throw mapWriteError(e, ctx, prepared[0]!.prefix)
      }
    } else {
      // in a savepoint: a unique value taken is found again one record at a time, for its path
      await sql`savepoint update_many`.execute(ctx.trx)
      try {
        await writeTogether(ctx, statements, ev.notify)
        await sql`release savepoint update_many`.execute(ctx.trx)
      } catch (e) {
        await sql`rollback to savepoint update_many`.execute(ctx.trx)
        if ((e as { code?: string })?.code !== '23505') throw e
        return oneByOne()
      }
    }
  }
  if (ctx.deps.hooks.has('after', ctx.object.name, 'update')) {
    for (const p of prepared) {
      if (p.changed.length === 0) continue
      await ctx.deps.hooks.run('after', {
        ...p.ctx,
        operation: 'update',
        record: out.get(p)!,
        previous: p.before,
      })
    }
  }
  return prepared.map((p) => visible(p.ctx, out.get(p)!))
}

const LOCK = { forUpdate: true, mode: 'write' } as const

/** May these updates be checked together, each against the records as they were before all of them? */
function togetherSafe(ctx: Ctx, inputs: { values: Record<string, unknown> }[], opts: WriteOptions): boolean {
  if (!ctx.deps.hooks.perRecord('before', ctx.object.name, 'update')) return false
  const rules = rulesFor(ctx.object)
  const files = ctx.object.fields.filter((f) => f.type === 'file').map((f) => f.name)
  return inputs.every(
    ({ values }) =>
      !files.some((f) => values[f] !== undefined) &&
      (opts.allowDuplicate || !rules || !Object.keys(values).some((f) => rules.matchFields.has(f))),
  )
}

export async function setDeleted(
  ctx: Ctx,
  id: string,
  deleted: boolean,
  ifVersion?: number,
): Promise<RecordData> {
  assertObject(ctx.actor, ctx.object.name, deleted ? 'delete' : 'update')
  if (!isUuid(id)) throw errors.recordNotFound()
  const row = await selectOne(ctx, id, { forUpdate: true, deleted: !deleted, mode: 'write' })
  if (!row) throw errors.recordNotFound()
  const before = rowToRecord(row, ctx.object.fields)
  if (ifVersion !== undefined && before.version !== ifVersion)
    throw errors.versionConflict(visible(ctx, before))
  const op = deleted ? 'delete' : 'restore'
  if (ctx.deps.hooks.has('before', ctx.object.name, op))
    await ctx.deps.hooks.run('before', { ...ctx, operation: op, record: before, previous: before })
  const now = new Date()
  const rec = {
    ...before,
    version: before.version + 1,
    updated_at: now.toISOString(),
    updated_by: ctx.actor.userId,
  }
  const ev = ctx.deps.events.appendSql([
    event(ctx, deleted ? 'record.deleted' : 'record.restored', id, { record: rec }),
  ])
  const set = {
    deleted_at: deleted ? now : null,
    version: before.version + 1,
    updated_at: now,
    updated_by: ctx.actor.userId,
  }
  try {
    await writeTogether(
      ctx,
      [
        updateRow(ctx, id, set),
        historyInsert(ctx, [
          {
            recordId: id,
            field: 'deleted_at',
            old: deleted ? null : before.deleted_at,
            new: deleted ? now.toISOString() : null,
            at: now,
          },
        ]),
        deleted
          ? ctx.deps.search.removeSql(ctx.actor.workspaceId, ctx.object.name, [id])
          : ctx.deps.search.upsertSql([searchDoc(ctx, rec)]),
        ev.statement,
      ],
      ev.notify,
    )
  } catch (e) {
    // restoring a record whose unique value was taken meanwhile
    throw mapWriteError(e, ctx)
  }
  if (ctx.deps.hooks.has('after', ctx.object.name, op))
    await ctx.deps.hooks.run('after', { ...ctx, operation: op, record: rec, previous: before })
  return visible(ctx, rec as RecordData)
}

/** An error without field issues pointed at `path` (a batch operation), so the caller knows which failed. */
export function pointAt(e: unknown, path: string): unknown {
  if (e instanceof AppError && e.issues.length === 0)
    return new AppError(e.code, e.status, e.params, [{ path, code: 'invalid_value' }], e.extra)
  return e
}
