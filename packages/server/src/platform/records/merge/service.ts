import {
  type MergePreview,
  type MergeRequest,
  type MergeResponse,
  type MergeSummary,
  OWNER_FIELD,
  UNMERGE_DAYS,
  type UnmergeResponse,
} from '@kemai/shared/api/merge.api'
import type { RecordDto } from '@kemai/shared/api/records.api'
import { sql } from 'kysely'
import type { Actor } from '../../access/actor.ts'
import { audit, auditActor } from '../../audit/audit.ts'
import { newId } from '../../db/ids.ts'
import { isUuid, withWorkspace } from '../../db/tx.ts'
import { AppError, errors, type FieldIssue } from '../../errors.ts'
import { assertObject, canEditField } from '../access.ts'
import type { Ctx, RecordsDeps } from '../context.ts'
import { HookRegistry } from '../hooks.ts'
import { event } from '../pipeline/effects.ts'
import { visible } from '../read.ts'
import type { RecordData } from '../shape.ts'
import { sameValue } from '../values.ts'
import { setDeleted, updateOne } from '../write.ts'
import { defaultChoice, suggestedSurvivor } from './defaults.ts'
import {
  candidates,
  DUPLICATES_OK,
  type Loaded,
  loadRecords,
  mergeableFields,
  relatedCounts,
} from './load.ts'
import { type Moves, moveToSurvivor } from './moves.ts'
import { type MergeRow, readMerge, toSummary } from './summary.ts'
import { unmergeIn } from './unmerge.ts'

export type MergeService = ReturnType<typeof createMergeService>

const DAY_MS = 86_400_000

/**
 * Merge and unmerge (docs/merge.md). A merge runs in one workspace transaction through the records
 * pipeline: the survivor is updated (updateOne), the losers are soft-deleted (setDeleted), and every row
 * that pointed at a loser is moved to the survivor with its own history and events (moves.ts). The
 * snapshot in record_merge lets an unmerge put each of them back.
 */
export function createMergeService(input: RecordsDeps) {
  const deps = { ...input, hooks: input.hooks ?? new HookRegistry() }
  const { db, metadata } = deps

  /** A transaction of the workspace with a Ctx for any object; changes are made on the `merge` channel. */
  function inTx<T>(
    actor: Actor,
    objectName: string,
    fn: (ctx: Ctx, ctxOf: (name: string) => Ctx) => Promise<T>,
    read = false,
  ): Promise<T> {
    const mergeActor: Actor = { ...actor, channel: 'merge' }
    return withWorkspace(
      db,
      actor.workspaceId,
      async (trx, ws) => {
        const schema = await metadata.schemaIn(trx, ws)
        const ctxOf = (name: string): Ctx => ({
          trx,
          actor: mergeActor,
          schema,
          object: metadata.objectIn(schema, name, { includeInactive: true }),
          deps,
        })
        const ctx = { ...ctxOf(objectName), object: metadata.objectIn(schema, objectName) }
        return fn(ctx, ctxOf)
      },
      { read },
    )
  }

  /** The ids as records the actor may merge, or the problem with every bad id's path. */
  async function mergeable(ctx: Ctx, ids: readonly string[], lock: boolean): Promise<Loaded[]> {
    assertObject(ctx.actor, ctx.object.name, 'update')
    assertObject(ctx.actor, ctx.object.name, 'delete')
    const issues: FieldIssue[] = []
    ids.forEach((id, i) => {
      if (!isUuid(id)) issues.push({ path: `ids.${i}`, code: 'invalid_type', params: { expected: 'uuid' } })
      else if (ids.findIndex((x) => x.toLowerCase() === id.toLowerCase()) !== i)
        issues.push({ path: `ids.${i}`, code: 'not_unique' })
    })
    if (ids.length < 2) issues.push({ path: 'ids', code: 'too_short', params: { min: 2 } })
    if (ids.length > 5) issues.push({ path: 'ids', code: 'too_large', params: { max: 5 } })
    if (issues.length) throw errors.validation(issues)
    if (junction(ctx)) throw errors.badRequest([{ path: 'object', code: 'invalid_value' }])
    const lower = ids.map((id) => id.toLowerCase())
    const found = await loadRecords(ctx, lower, { lock })
    const missing: FieldIssue[] = []
    lower.forEach((id, i) => {
      const l = found.get(id)
      if (!l || l.record.deleted_at !== null) missing.push({ path: `ids.${i}`, code: 'not_found' })
    })
    if (missing.length) throw new AppError('record_not_found', 404, {}, missing)
    const list = lower.map((id) => found.get(id)!)
    const forbidden = lower.flatMap((id, i) =>
      found.get(id)!.writable ? [] : [{ path: `ids.${i}`, code: 'forbidden' }],
    )
    if (forbidden.length) throw errors.forbidden(forbidden)
    return list
  }

  const junction = (ctx: Ctx) =>
    (ctx.object as { isJunction?: boolean }).isJunction === true ||
    [...ctx.schema.objects.values()].some((o) =>
      o.fields.some((f) => f.type === 'many_to_many' && f.options.junction === ctx.object.name),
    )

  const editable = (ctx: Ctx, field: string) =>
    field === OWNER_FIELD ? true : canEditField(ctx.actor, ctx.object, field, 'update')

  async function preview(actor: Actor, objectName: string, ids: string[]): Promise<MergePreview> {
    return inTx(actor, objectName, async (ctx) => {
      const loaded = await mergeable(ctx, ids, false)
      const cands = await candidates(ctx, loaded)
      const readable = new Set([...Object.keys(visible(ctx, loaded[0]!.record)), OWNER_FIELD])
      const fields = mergeableFields(ctx)
        .filter((name) => readable.has(name))
        .map((name) => {
          const values = loaded.map((l) => l.record[name] ?? null)
          const def = ctx.object.fields.find((f) => f.name === name)
          return {
            name,
            type: def?.type ?? 'user',
            default: name === OWNER_FIELD ? null : defaultChoice(cands, name),
            differs: values.some((v) => !sameValue(v, values[0])),
            editable: editable(ctx, name),
          }
        })
      return {
        object: objectName,
        records: loaded.map((l) => stripDeleted(visible(ctx, l.record)) as RecordDto),
        survivorId: suggestedSurvivor(cands),
        fields,
        related: await relatedCounts(
          ctx,
          loaded.map((l) => l.record.id),
        ),
        versions: Object.fromEntries(loaded.map((l) => [l.record.id, l.record.version])),
      }
    })
  }

  async function merge(
    actor: Actor,
    objectName: string,
    req: MergeRequest,
    ip?: string | null,
  ): Promise<MergeResponse> {
    const out = await inTx(actor, objectName, async (ctx, ctxOf) => {
      const loaded = await mergeable(ctx, req.ids, true)
      const survivorId = req.survivorId.toLowerCase()
      const byId = new Map(loaded.map((l) => [l.record.id, l]))
      const survivor = byId.get(survivorId)
      if (!survivor) throw errors.validation([{ path: 'survivorId', code: 'invalid_value' }])
      const stale = Object.entries(req.versions ?? {}).filter(
        ([id, v]) => byId.has(id.toLowerCase()) && byId.get(id.toLowerCase())!.record.version !== v,
      )
      if (stale.length)
        throw new AppError(
          'version_conflict',
          409,
          {},
          stale.map(([id]) => ({ path: `versions.${id}`, code: 'invalid_value' })),
          { current: loaded.map((l) => stripDeleted(visible(ctx, l.record))) },
        )
      const losers = loaded.filter((l) => l.record.id !== survivorId)
      const values = await chosenValues(ctx, loaded, survivor, req.fields ?? {})
      const now = new Date()
      const before = survivor.record
      const moves = await moveToSurvivor(
        ctx,
        ctxOf,
        survivorId,
        losers.map((l) => l.record.id),
        now,
      )
      for (const l of losers) await setDeleted(ctx, l.record.id, true)
      const changedInput = Object.fromEntries(
        Object.entries(values).filter(([k, v]) => !sameValue(before[k] ?? null, v)),
      )
      const updateOpts = { pathPrefix: 'fields.', ...DUPLICATES_OK }
      if (Object.keys(changedInput).length) await updateOne(ctx, survivorId, changedInput, updateOpts)
      const after = (await loadRecords(ctx, [survivorId], { lock: false })).get(survivorId)!.record
      const changed = [...mergeableFields(ctx)].filter((k) => !sameValue(before[k] ?? null, after[k] ?? null))
      const id = newId()
      const row: MergeRow = {
        workspace_id: actor.workspaceId,
        id,
        object_name: objectName,
        survivor_id: survivorId,
        loser_ids: losers.map((l) => l.record.id),
        choices: JSON.stringify(req.fields ?? {}),
        changed,
        survivor_before: JSON.stringify({ record: stripDeleted(before), raw: survivor.raw }),
        survivor_after: JSON.stringify(Object.fromEntries(changed.map((k) => [k, after[k] ?? null]))),
        losers: JSON.stringify(losers.map((l) => ({ record: stripDeleted(l.record), raw: l.raw }))),
        moves: JSON.stringify(moves),
        counts: JSON.stringify(countsOf(moves)),
        actor_id: actor.userId,
        created_at: now,
        expires_at: new Date(now.getTime() + UNMERGE_DAYS * DAY_MS),
      }
      await ctx.trx.insertInto('record_merge').values(row).execute()
      await ctx.trx
        .insertInto('record_merge_member')
        .values(
          [survivorId, ...row.loser_ids].map((rid) => ({
            workspace_id: actor.workspaceId,
            object_name: objectName,
            record_id: rid,
            merge_id: id,
            role: rid === survivorId ? 'survivor' : 'loser',
            created_at: now,
          })),
        )
        .execute()
      await audit(ctx.trx, {
        ...auditActor(actor, ip),
        action: 'records.merged',
        targetType: objectName,
        targetId: survivorId,
        detail: { mergeId: id, survivorId, mergedIds: row.loser_ids, changed, counts: countsOf(moves) },
      })
      await ctx.deps.events.append(ctx.trx, [
        {
          ...event(ctx, 'records.merged', survivorId, { survivorId, mergedIds: row.loser_ids, changed }),
          payload: { survivorId, mergedIds: row.loser_ids, changed, mergeId: id },
        },
      ])
      return {
        merge: toSummary(await readMerge(ctx.trx, actor, id), ctx.object.titleField),
        record: visible(ctx, stripDeleted(after)) as RecordDto,
      }
    })
    deps.events.notify()
    return out
  }

  /** The survivor's value of each mergeable field: the chosen record's, else the newest non-empty one. */
  async function chosenValues(
    ctx: Ctx,
    loaded: Loaded[],
    survivor: Loaded,
    choices: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const names = mergeableFields(ctx)
    const issues: FieldIssue[] = []
    const byId = new Map(loaded.map((l) => [l.record.id, l]))
    for (const [name, rid] of Object.entries(choices)) {
      if (!names.includes(name)) issues.push({ path: `fields.${name}`, code: 'unknown_field' })
      else if (!byId.has(rid.toLowerCase())) issues.push({ path: `fields.${name}`, code: 'invalid_value' })
      else if (!editable(ctx, name) && rid.toLowerCase() !== survivor.record.id)
        issues.push({ path: `fields.${name}`, code: 'forbidden_field' })
    }
    if (issues.length) throw errors.validation(issues)
    const cands = await candidates(ctx, loaded)
    const group = new Set(loaded.map((l) => l.record.id))
    const values: Record<string, unknown> = {}
    for (const name of names) {
      const chosen = choices[name]?.toLowerCase()
      const from =
        chosen ??
        (name === OWNER_FIELD || !editable(ctx, name) ? survivor.record.id : defaultChoice(cands, name)) ??
        survivor.record.id
      let v = byId.get(from)!.record[name] ?? null
      // a reference into the merged group would point the survivor at itself
      const f = ctx.object.fields.find((x) => x.name === name)
      if (
        f?.type === 'relation' &&
        f.options.target === ctx.object.name &&
        typeof v === 'string' &&
        group.has(v)
      )
        v = null
      values[name] = v
    }
    return values
  }

  async function undo(
    actor: Actor,
    mergeId: string,
    opts: { force?: boolean },
    ip?: string | null,
  ): Promise<UnmergeResponse> {
    if (!isUuid(mergeId)) throw errors.notFound()
    const head = await withWorkspace(
      db,
      actor.workspaceId,
      (trx) => readMerge(trx, actor, mergeId.toLowerCase()),
      {
        read: true,
      },
    )
    const out = await inTx(actor, head.object_name, (ctx, ctxOf) => unmergeIn(ctx, ctxOf, head.id, opts, ip))
    deps.events.notify()
    return out
  }

  /** The merges a record took part in (survivor or loser), newest first. */
  async function history(actor: Actor, objectName: string, recordId: string): Promise<MergeSummary[]> {
    if (!isUuid(recordId)) throw errors.recordNotFound()
    return inTx(
      actor,
      objectName,
      async (ctx) => {
        assertObject(actor, objectName, 'read')
        const seen = await loadRecords(ctx, [recordId.toLowerCase()], { lock: false })
        if (!seen.size) throw errors.recordNotFound()
        const r = await sql<MergeRow>`select m.* from record_merge_member mm
          join record_merge m on m.workspace_id = mm.workspace_id and m.id = mm.merge_id
          where mm.workspace_id = ${actor.workspaceId} and mm.object_name = ${objectName}
            and mm.record_id = ${recordId.toLowerCase()}
          order by m.created_at desc, m.id desc limit 100`.execute(ctx.trx)
        return r.rows.map((row) => toSummary(row, ctx.object.titleField))
      },
      true,
    )
  }

  /** Where a merged-away record went (following later merges), if the actor may read the object. */
  async function mergedInto(
    actor: Actor,
    objectName: string,
    recordId: string,
  ): Promise<{ id: string; mergeId: string } | null> {
    if (!isUuid(recordId)) return null
    try {
      assertObject(actor, objectName, 'read')
    } catch {
      return null
    }
    return withWorkspace(
      db,
      actor.workspaceId,
      async (trx) => {
        let id = recordId.toLowerCase()
        let firstMerge: string | null = null
        for (let hop = 0; hop < 10; hop++) {
          const r = await sql<{ survivor_id: string; id: string }>`select m.survivor_id, m.id
            from record_merge_member mm
            join record_merge m on m.workspace_id = mm.workspace_id and m.id = mm.merge_id
            where mm.workspace_id = ${actor.workspaceId} and mm.object_name = ${objectName}
              and mm.record_id = ${id} and mm.role = 'loser' and m.undone_at is null
            order by m.created_at desc limit 1`.execute(trx)
          const row = r.rows[0]
          if (!row) break
          firstMerge ??= row.id
          id = row.survivor_id
        }
        return firstMerge ? { id, mergeId: firstMerge } : null
      },
      { read: true },
    )
  }

  return { preview, merge, undo, history, mergedInto }
}

function countsOf(m: Moves) {
  return {
    relations: m.relations.length,
    droppedLinks: m.dropped.length,
    activities: m.activities.length,
    files: m.files.length,
    follows: m.follows.length,
    notifications: m.notifications.length,
  }
}

function stripDeleted(r: RecordData): RecordData {
  const { deleted_at: _, ...rest } = r as RecordData & { deleted_at?: unknown }
  return rest as RecordData
}
