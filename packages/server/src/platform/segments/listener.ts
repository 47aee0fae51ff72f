import type { EventEnvelope } from '@kemai/shared/api/events.api'
import type { FilterRecord } from '@kemai/shared/query/evaluate'
import { sql } from 'kysely'
import { isUuid, type Tx } from '../db/tx.ts'
import { defineListener, type Listener } from '../events/subscribe.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import {
  applyDecisions,
  type CompiledSegment,
  compileSegment,
  loadRecord,
  type Origin,
  reachingPredicate,
  reconcileSql,
  type SegmentRow,
  segmentEnv,
  type Transition,
} from './membership.ts'

export const SEGMENT_EVENTS = [
  'record.created',
  'record.updated',
  'record.deleted',
  'record.restored',
  'records.merged',
] as const

/** The records an event is about: the record, or a merge's survivor and the records merged into it. */
export function recordsOf(event: EventEnvelope): string[] {
  const ids = new Set<string>()
  if (isUuid(event.recordId)) ids.add(event.recordId.toLowerCase())
  if (event.type === 'records.merged') {
    const p = event.payload as { survivorId?: unknown; mergedIds?: unknown }
    if (isUuid(p.survivorId)) ids.add(p.survivorId.toLowerCase())
    if (Array.isArray(p.mergedIds)) for (const m of p.mergedIds) if (isUuid(m)) ids.add(m.toLowerCase())
  }
  return [...ids]
}

/** Every valid segment of the workspace, compiled in its owner's environment (invalid ones are marked). */
export async function loadSegments(
  trx: Tx,
  schema: WorkspaceSchema,
  now: Date,
  where: { objectName?: string; ids?: string[] } = {},
): Promise<CompiledSegment[]> {
  const r = await sql<SegmentRow>`select * from segment where workspace_id = ${schema.workspaceId}
    ${where.objectName ? sql`and object_name = ${where.objectName}` : sql``}
    ${where.ids ? sql`and id = any(${where.ids}::uuid[])` : sql``}
    order by id`.execute(trx)
  const teams = new Map<string, string[]>()
  const out: CompiledSegment[] = []
  const broken: string[] = []
  for (const row of r.rows) {
    const env = await segmentEnv(trx, schema, row, now, teams)
    if (!env) continue
    const seg = compileSegment(row, env)
    if (seg.bound) out.push(seg)
    else if (!row.is_invalid) broken.push(row.id)
  }
  if (broken.length > 0) {
    await sql`update segment set is_invalid = true where workspace_id = ${schema.workspaceId}
      and id = any(${broken}::uuid[])`.execute(trx)
  }
  return out
}

/**
 * Brings the segment memberships an event can change up to date. The record is re-read rather than taken
 * from the payload, so handling order does not matter and a replay changes nothing: the result is always
 * "the record as it is now against each filter". Filters without relation paths are evaluated in memory
 * on that row; those with relation paths get a one-row SQL check through the compiler (the related
 * records would have to be loaded anyway). Segments of any object whose relation paths reach the changed
 * record (`person` segments on `company.industry` when a company changes) are reconciled set-based over
 * exactly the records that reach it.
 */
export async function applyEvent(
  trx: Tx,
  schema: WorkspaceSchema,
  event: EventEnvelope,
  now = new Date(),
): Promise<Transition[]> {
  const objectName = event.objectName
  if (!objectName || !schema.objects.get(objectName)) return []
  const ids = recordsOf(event)
  if (ids.length === 0) return []
  const segs = await loadSegments(trx, schema, now)
  if (segs.length === 0) return []
  const origin: Origin = { cause: 'record', eventId: event.id, actorId: event.actorId }
  const out: Transition[] = []

  const own = segs.filter((s) => s.row.object_name === objectName)
  if (own.length > 0) {
    const object = own[0]!.env.object
    const inMemory = own.filter((s) => s.test)
    const viaSql = own.filter((s) => !s.test)
    for (const id of ids) {
      const rec: FilterRecord | undefined =
        inMemory.length > 0 ? await loadRecord(trx, schema, object, id) : undefined
      const matches = new Set(inMemory.filter((s) => rec !== undefined && s.test!(rec)).map((s) => s.row.id))
      out.push(...(await applyDecisions(trx, inMemory, id, matches, origin)))
      for (const s of viaSql) {
        out.push(...(await reconcileSql(trx, s, { kind: 'ids', ids: [id] }, origin)))
      }
    }
  }

  for (const s of segs) {
    for (const id of ids) {
      const reach = reachingPredicate(s, objectName, id)
      if (reach) out.push(...(await reconcileSql(trx, s, { kind: 'where', on: reach }, origin)))
    }
  }
  return out
}

/** The `segments` listener: membership computed on change (docs/segments.md). */
export function segmentsListener(metadata: MetadataService): Listener {
  return defineListener({
    name: 'segments',
    events: SEGMENT_EVENTS,
    // a workspace without segments has no membership to keep (a segment on any object may reach the record)
    async wants(trx, events) {
      const r = await sql<{ workspace_id: string }>`select distinct workspace_id from segment
        where workspace_id = any(${[...new Set(events.map((e) => e.workspaceId))]}::uuid[])`.execute(trx)
      const withSegments = new Set(r.rows.map((x) => x.workspace_id))
      return (e) => withSegments.has(e.workspaceId)
    },
    async handle(event, ctx) {
      await applyEvent(ctx.trx, await metadata.schemaIn(ctx.trx, ctx.workspace), event)
    },
  })
}
