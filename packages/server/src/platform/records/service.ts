import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { isUuid, type Tx, type WorkspaceInfo, withWorkspace } from '../db/tx.ts'
import { AppError, errors } from '../errors.ts'
import { assertObject } from './access.ts'
import type { Ctx, RecordsDeps } from './context.ts'
import type { WriteOptions } from './duplicates/stage.ts'
import { HookRegistry } from './hooks.ts'
import {
  groupsIn,
  type ListOptions,
  type ListResult,
  listIn,
  selectMany,
  selectOne,
  selectOneQuery,
  totalsIn,
  visible,
} from './read.ts'
import { type RecordData, rowToRecord } from './shape.ts'
import { createMany, pointAt, setDeleted, type UpdateItem, updateMany, updateOne } from './write.ts'

export type { RecordsDeps } from './context.ts'
export type { WriteOptions } from './duplicates/stage.ts'
export type { GroupResult, ListOptions, ListResult } from './read.ts'
export { MAX_LIMIT } from './read.ts'
export type { UpdateItem } from './write.ts'

export const MAX_BATCH = 1000

export type BatchOp =
  | { op: 'create'; data: Record<string, unknown> }
  | { op: 'update'; id: string; version?: number; data: Record<string, unknown> }
  | { op: 'delete'; id: string; version?: number }

export type BatchResult =
  | { index: number; ok: true; record?: RecordData; id: string }
  | { index: number; ok: false; error: AppError }

export type RecordsService = ReturnType<typeof createRecordsService>

/**
 * THE one read/write path (ARCHITECTURE rule 1). Every operation runs in one workspace transaction;
 * writes go through the pipeline in write.ts: access → normalise → validate → before hooks →
 * row + field history + search document + outbox → after hooks. Reads are in read.ts.
 */
export function createRecordsService(input: RecordsDeps) {
  const deps = { ...input, hooks: input.hooks ?? new HookRegistry() }
  const { db, metadata, hooks } = deps

  const run = <T>(
    actor: Actor,
    objectName: string,
    fn: (ctx: Ctx) => Promise<T>,
    read: boolean,
    lock?: { id: string; deleted: boolean },
  ) =>
    withWorkspace(
      db,
      actor.workspaceId,
      async (trx, ws, lead) => {
        const schema = await metadata.schemaIn(trx, ws)
        const object = metadata.objectIn(schema, objectName)
        return fn({
          trx,
          actor,
          schema,
          object,
          deps,
          ...(lead && lock ? { lead: { ...lock, rows: lead } } : {}),
        })
      },
      { read, ...(lock && { lead: (ws: WorkspaceInfo) => lockQuery(actor, objectName, ws, lock) }) },
    )

  /**
   * The SELECT … FOR UPDATE of a single-record write, for withWorkspace to send along with BEGIN (one
   * round trip fewer). Only from cached metadata and only when the actor may write the object at all.
   */
  function lockQuery(
    actor: Actor,
    objectName: string,
    ws: WorkspaceInfo,
    lock: { id: string; deleted: boolean },
  ) {
    const schema = metadata.cachedSchema(ws)
    const object = schema?.objects.get(objectName)
    if (!schema || !object?.isActive || !isUuid(lock.id)) return undefined
    return selectOneQuery({ actor, schema, object, deps }, lock.id, {
      forUpdate: true,
      deleted: lock.deleted,
      mode: 'write',
    }).compile(db)
  }

  async function inWorkspace<T>(
    actor: Actor,
    objectName: string,
    fn: (ctx: Ctx) => Promise<T>,
    lock?: { id: string; deleted: boolean },
  ): Promise<T> {
    const out = await run(actor, objectName, fn, false, lock)
    // the transaction committed: wake the outbox dispatcher
    deps.events.notify()
    return out
  }

  /** Reads: no transaction of their own on PostgreSQL (withWorkspace `read`). */
  const reading = <T>(actor: Actor, objectName: string, fn: (ctx: Ctx) => Promise<T>) =>
    run(actor, objectName, fn, true)

  /** The records pipeline inside a transaction someone else holds (a listener's, a workflow step's). */
  async function within(trx: Tx, ws: WorkspaceInfo, actor: Actor) {
    const schema = await metadata.schemaIn(trx, ws)
    const ctx = (objectName: string): Ctx => ({
      trx,
      actor,
      schema,
      object: metadata.objectIn(schema, objectName),
      deps,
    })
    return {
      schema,
      get: (objectName: string, id: string) => getIn(ctx(objectName), id),
      list: (objectName: string, opts: ListOptions = {}) => listIn(ctx(objectName), opts),
      async create(objectName: string, input: unknown, opts: WriteOptions = {}): Promise<RecordData> {
        return (await createMany(ctx(objectName), [input], () => '', opts))[0]!
      },
      update: (objectName: string, id: string, input: unknown, opts: WriteOptions = {}) =>
        updateOne(ctx(objectName), id, input, opts),
      /** several records of one object at once (UpdateItem: each may carry its own actor) */
      updateMany: (objectName: string, items: readonly UpdateItem[], opts: WriteOptions = {}) =>
        updateMany(ctx(objectName), items, opts),
      /** the readable ones of these records, by lower-case id (one query) */
      getMany: (objectName: string, ids: readonly string[]) => getManyIn(ctx(objectName), ids),
    }
  }

  return {
    hooks,
    within,

    async groups(
      actor: Actor,
      objectName: string,
      opts: { filter?: unknown; groupBy: string; sums?: string[] },
    ) {
      return reading(actor, objectName, (ctx) => groupsIn(ctx, opts))
    },

    /** Count and sums of the whole (filtered) list, within the actor's read scope: a list's totals row. */
    async totals(actor: Actor, objectName: string, opts: { filter?: unknown; sums?: string[] }) {
      return reading(actor, objectName, (ctx) => totalsIn(ctx, opts))
    },

    async create(
      actor: Actor,
      objectName: string,
      input: unknown,
      opts: WriteOptions = {},
    ): Promise<RecordData> {
      return inWorkspace(
        actor,
        objectName,
        async (ctx) => (await createMany(ctx, [input], () => '', opts))[0]!,
      )
    },

    async get(actor: Actor, objectName: string, id: string): Promise<RecordData> {
      return reading(actor, objectName, (ctx) => getIn(ctx, id))
    },

    async list(actor: Actor, objectName: string, opts: ListOptions = {}): Promise<ListResult> {
      return reading(actor, objectName, (ctx) => listIn(ctx, opts))
    },

    /** The inverse one-to-many list: records of another object whose relation points at this record. */
    async related(actor: Actor, objectName: string, id: string, inverseName: string, opts: ListOptions = {}) {
      const schema = await metadata.getSchema(actor)
      const inv = (schema.inverses.get(objectName) ?? []).find((x) => x.name === inverseName)
      if (!inv) throw errors.notFound()
      await this.get(actor, objectName, id)
      const filter = opts.filter
        ? { and: [{ field: inv.field, op: 'eq', value: id }, opts.filter] }
        : { field: inv.field, op: 'eq', value: id }
      return this.list(actor, inv.fromObject, { ...opts, filter })
    },

    async update(
      actor: Actor,
      objectName: string,
      id: string,
      input: unknown,
      opts: { ifVersion?: number } & WriteOptions = {},
    ) {
      return inWorkspace(actor, objectName, (ctx) => updateOne(ctx, id, input, opts), { id, deleted: false })
    },

    async delete(actor: Actor, objectName: string, id: string, opts: { ifVersion?: number } = {}) {
      return inWorkspace(actor, objectName, (ctx) => setDeleted(ctx, id, true, opts.ifVersion), {
        id,
        deleted: false,
      })
    },

    async restore(actor: Actor, objectName: string, id: string) {
      return inWorkspace(actor, objectName, (ctx) => setDeleted(ctx, id, false), { id, deleted: true })
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
      opts: {
        partial?: boolean
        /**
         * Runs last inside the batch's own transaction with its results: the caller's bookkeeping commits
         * or rolls back with the batch (an import stores its cursor this way); throwing rolls back everything.
         */
        within?: (trx: Tx, results: BatchResult[]) => Promise<void>
      } & WriteOptions = {},
    ): Promise<BatchResult[]> {
      const dup: WriteOptions = { allowDuplicate: opts.allowDuplicate }
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
              const [rec] = await createMany(ctx, [op.data], () => path(i), dup)
              return { index: i, ok: true, id: rec!.id, record: rec! }
            }
            case 'update': {
              const rec = await updateOne(ctx, op.id, op.data, {
                ifVersion: op.version,
                pathPrefix: path(i),
                ...dup,
              })
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
                dup,
              )
              for (const [k, rec] of recs.entries())
                results.push({ index: i + k, ok: true, id: rec.id, record: rec })
              i = j
              continue
            }
            // a run of updates goes through updateMany (one locking read, one write statement)
            j = i
            while (j < ops.length && ops[j]!.op === 'update') j++
            if (j - i > 1) {
              const run = ops.slice(i, j) as Extract<BatchOp, { op: 'update' }>[]
              const recs = await updateMany(
                ctx,
                run.map((o, k) => ({
                  id: o.id,
                  input: o.data,
                  pathPrefix: path(i + k),
                  errorPath: `operations.${i + k}`,
                  ...(o.version !== undefined ? { ifVersion: o.version } : {}),
                })),
                dup,
              ).catch((e: unknown) => {
                // a problem of the whole run (the object's access): at its first operation
                throw withIndex(e, i)
              })
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
          await opts.within?.(ctx.trx, results)
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
        await opts.within?.(ctx.trx, results)
        return results
      })
    },
  }
}

async function getIn(ctx: Ctx, id: string): Promise<RecordData> {
  assertObject(ctx.actor, ctx.object.name, 'read')
  if (!isUuid(id)) throw errors.recordNotFound()
  const row = await selectOne(ctx, id, { mode: 'read' })
  if (!row) throw errors.recordNotFound()
  return visible(ctx, rowToRecord(row, ctx.object.fields))
}

async function getManyIn(ctx: Ctx, ids: readonly string[]): Promise<Map<string, RecordData>> {
  assertObject(ctx.actor, ctx.object.name, 'read')
  const valid = ids.filter(isUuid)
  const out = new Map<string, RecordData>()
  if (valid.length === 0) return out
  for (const [id, row] of await selectMany(ctx, valid, { mode: 'read' }))
    out.set(id, visible(ctx, rowToRecord(row, ctx.object.fields)))
  return out
}

function withIndex(e: unknown, index: number): unknown {
  return pointAt(e, `operations.${index}`)
}
