import { UNMERGE_DAYS, type UnmergeConflict, type UnmergeResponse } from '@kemai/shared/api/merge.api'
import { sql } from 'kysely'
import { audit, auditActor } from '../../audit/audit.ts'
import { AppError, errors } from '../../errors.ts'
import { assertObject } from '../access.ts'
import { type Ctx, table } from '../context.ts'
import { event } from '../pipeline/effects.ts'
import type { RecordData } from '../shape.ts'
import { sameValue } from '../values.ts'
import { setDeleted, updateOne } from '../write.ts'
import { DUPLICATES_OK, loadRecords } from './load.ts'
import { type CtxOf, type Moves, moveBack } from './moves.ts'
import { readMerge, toSummary } from './summary.ts'

/**
 * One unmerge in the caller's workspace transaction (docs/merge.md "Unmerge and its rule"): checks the
 * period and what changed since the merge (conflicts), then puts the survivor's fields, the losers and
 * every moved row back. With conflicts it refuses unless `force`, which keeps the conflicting items as
 * they are now and restores the rest.
 */
export async function unmergeIn(
  ctx: Ctx,
  ctxOf: CtxOf,
  mergeId: string,
  opts: { force?: boolean },
  ip?: string | null,
): Promise<UnmergeResponse> {
  assertObject(ctx.actor, ctx.object.name, 'update')
  assertObject(ctx.actor, ctx.object.name, 'delete')
  const m = await readMerge(ctx.trx, ctx.actor, mergeId, true)
  const now = new Date()
  if (m.undone_at) throw new AppError('merge_undone', 409)
  if (new Date(m.expires_at).getTime() < now.getTime())
    throw new AppError('merge_expired', 410, { days: UNMERGE_DAYS })
  const later = await sql<{ id: string }>`select mm.merge_id as id from record_merge_member mm
    join record_merge m on m.workspace_id = mm.workspace_id and m.id = mm.merge_id
    where mm.workspace_id = ${ctx.actor.workspaceId} and mm.object_name = ${m.object_name}
      and mm.record_id = ${m.survivor_id} and mm.role = 'loser' and m.undone_at is null`.execute(ctx.trx)
  const all = await loadRecords(ctx, [m.survivor_id, ...m.loser_ids], { lock: true })
  const survivor = all.get(m.survivor_id)
  if (later.rows.length || !survivor || survivor.record.deleted_at !== null)
    throw new AppError(
      'merge_blocked',
      409,
      {},
      [],
      later.rows[0] ? { mergedInto: { mergeId: later.rows[0].id } } : {},
    )
  if (!survivor.writable) throw errors.forbidden()
  const after = m.survivor_after as Record<string, unknown>
  const before = (m.survivor_before as { record: Record<string, unknown> }).record
  const snap = m.losers as { record: RecordData; raw: Record<string, unknown> }[]
  const moves = m.moves as Moves
  const conflicts: UnmergeConflict[] = []
  const fieldsBack: Record<string, unknown> = {}
  for (const f of m.changed) {
    if (!sameValue(survivor.record[f] ?? null, after[f] ?? null))
      conflicts.push({ kind: 'field', object: m.object_name, id: m.survivor_id, field: f })
    else fieldsBack[f] = before[f] ?? null
  }
  const present = await sql<{ id: string }>`select id from ${table(ctx)}
    where workspace_id = ${ctx.actor.workspaceId} and id = any(${m.loser_ids}::uuid[])`.execute(ctx.trx)
  const exists = new Set(present.rows.map((r) => r.id))
  for (const s of snap) {
    const cur = all.get(s.record.id)
    // a loser outside the actor's scope (its owner changed meanwhile) cannot be restored by this actor
    if ((exists.has(s.record.id) && !cur) || (cur && !cur.writable)) throw errors.forbidden()
    if (cur && cur.record.deleted_at === null)
      conflicts.push({ kind: 'record', object: m.object_name, id: s.record.id })
  }
  const relationsBack: Moves['relations'] = []
  const byObject = new Map<string, Moves['relations']>()
  for (const r of moves.relations) byObject.set(r.object, [...(byObject.get(r.object) ?? []), r])
  for (const [object, list] of byObject) {
    const octx = ctxOf(object)
    const fields = [...new Set(list.map((x) => x.field))]
    const cur = await sql<Record<string, string | null> & { id: string }>`select id,
        ${sql.join(fields.map((f) => sql.ref(f)))} from ${table(octx)}
      where workspace_id = ${ctx.actor.workspaceId} and id = any(${[...new Set(list.map((x) => x.id))]}::uuid[])
      for update`.execute(ctx.trx)
    const rows = new Map(cur.rows.map((r) => [r.id, r]))
    for (const r of list) {
      if (rows.get(r.id)?.[r.field] === m.survivor_id) relationsBack.push(r)
      else conflicts.push({ kind: 'relation', object, id: r.id, field: r.field })
    }
  }
  if (conflicts.length && !opts.force) throw new AppError('merge_conflict', 409, {}, [], { conflicts })
  // the survivor first: a unique value it took from a loser must be free before the loser returns
  if (Object.keys(fieldsBack).length)
    await updateOne(ctx, m.survivor_id, fieldsBack, { pathPrefix: '', ...DUPLICATES_OK })
  const restored: string[] = []
  for (const s of snap) {
    const cur = all.get(s.record.id)
    if (cur && cur.record.deleted_at === null) continue
    if (!cur) {
      // the row is gone (purged from the recycle bin): it comes back from the snapshot, then is restored
      await sql`insert into ${table(ctx)}
        select * from jsonb_populate_record(null::${table(ctx)},
          ${JSON.stringify({ ...s.raw, deleted_at: now.toISOString() })}::jsonb)`.execute(ctx.trx)
    }
    await setDeleted(ctx, s.record.id, false)
    restored.push(s.record.id)
  }
  await moveBack(ctx, ctxOf, m.survivor_id, moves, relationsBack, now)
  await sql`update record_merge set undone_at = ${now}, undone_by = ${ctx.actor.userId},
      undo_conflicts = ${JSON.stringify(conflicts)}::jsonb
    where workspace_id = ${ctx.actor.workspaceId} and id = ${m.id}`.execute(ctx.trx)
  await audit(ctx.trx, {
    ...auditActor(ctx.actor, ip),
    action: 'records.unmerged',
    targetType: m.object_name,
    targetId: m.survivor_id,
    detail: { mergeId: m.id, restored, conflicts: conflicts.length },
  })
  await ctx.deps.events.append(ctx.trx, [
    event(ctx, 'records.unmerged', m.survivor_id, {
      mergeId: m.id,
      survivorId: m.survivor_id,
      restoredIds: restored,
      conflicts,
    }),
  ])
  return {
    merge: toSummary(await readMerge(ctx.trx, ctx.actor, m.id), ctx.object.titleField),
    restored,
    conflicts,
  }
}
