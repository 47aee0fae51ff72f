import { newId } from '../db/ids.ts'
import { isUuid } from '../db/tx.ts'
import { errors, type FieldIssue } from '../errors.ts'
import { tableName } from '../metadata/ddl.ts'
import { assertObject, ownerInScope, recordScopeOwners } from './access.ts'
import type { Ctx } from './context.ts'
import { duplicatesOnCreate, duplicatesOnUpdate, type WriteOptions } from './duplicates/stage.ts'
import {
  completeRecord,
  event,
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
import { selectOne, visible } from './read.ts'
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
  const fileProblems = await fileIssues(ctx, [{ values, prefix, recordId: id.toLowerCase() }])
  if (fileProblems.length) throw errors.validation(fileProblems)
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
  if (ctx.deps.hooks.has('before', ctx.object.name, 'update')) {
    await ctx.deps.hooks.run('before', { ...ctx, operation: 'update', record: after, previous: before })
    for (const k of Object.keys(after))
      if (!sameValue(before[k], after[k]) && !changed.includes(k) && !SYSTEM_IGNORED.has(k)) changed.push(k)
  }
  if (changed.length === 0) return visible(ctx, before)
  const keys = await duplicatesOnUpdate(ctx, id, after, changed, opts)
  const now = new Date()
  const set = {
    ...rowFor(ctx, Object.fromEntries(changed.map((k) => [k, after[k]]))),
    version: before.version + 1,
    updated_at: now,
    updated_by: ctx.actor.userId,
  }
  const rec = completeRecord(ctx, {
    ...after,
    version: before.version + 1,
    updated_at: now.toISOString(),
    updated_by: ctx.actor.userId,
  })
  const ev = ctx.deps.events.appendSql([
    event(ctx, 'record.updated', id, {
      changed,
      before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
      after: Object.fromEntries(changed.map((k) => [k, rec[k] ?? null])),
      version: rec.version,
    }),
  ])
  try {
    await writeTogether(
      ctx,
      [
        updateRow(ctx, id, set),
        historyInsert(
          ctx,
          changed.map((k) => ({ recordId: id, field: k, old: before[k], new: rec[k], at: now })),
        ),
        ...(searchRelevant(ctx, changed) ? [ctx.deps.search.upsertSql([searchDoc(ctx, rec)])] : []),
        ev.statement,
        ...[
          attachFilesSql(ctx, id.toLowerCase(), Object.fromEntries(changed.map((k) => [k, after[k]]))),
        ].filter((x) => x !== null),
        ...keys,
      ],
      ev.notify,
    )
  } catch (e) {
    throw mapWriteError(e, ctx, prefix)
  }
  if (ctx.deps.hooks.has('after', ctx.object.name, 'update'))
    await ctx.deps.hooks.run('after', { ...ctx, operation: 'update', record: rec, previous: before })
  return visible(ctx, rec)
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
