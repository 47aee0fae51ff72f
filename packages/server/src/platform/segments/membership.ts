import type { ObjectDef } from '@kemai/shared/fields'
import type { Filter } from '@kemai/shared/query/ast'
import { createEvaluator, type FilterRecord } from '@kemai/shared/query/evaluate'
import { type BoundNode, bindFilter, FilterValidationError } from '@kemai/shared/query/parse'
import type { Hop, ResolveObject } from '@kemai/shared/query/paths'
import type { FilterEnvInput } from '@kemai/shared/query/predicates'
import { isRelativeOperator } from '@kemai/shared/query/time'
import { type RawBuilder, sql } from 'kysely'
import type { Tx } from '../db/tx.ts'
import { appendEvents } from '../events/outbox.ts'
import { tableName } from '../metadata/ddl.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'
import { compileFilter } from '../query/compile-sql.ts'
import { rowToRecord, selectColumns } from '../records/shape.ts'

/** A segment row as stored (migration.ts). */
export interface SegmentRow {
  workspace_id: string
  id: string
  object_name: string
  name: unknown
  description: string | null
  filter: unknown
  visibility: 'private' | 'shared'
  owner_id: string
  generation: number
  computed_generation: number
  cursor: string | null
  is_invalid: boolean
  is_relative: boolean
  relative_day: string | Date | null
  computed_at: Date | null
  created_at: Date
  updated_at: Date
}

export type Cause = 'record' | 'recompute' | 'drift'

export interface Transition {
  segmentId: string
  recordId: string
  change: 'entered' | 'left'
}

/** What a membership change is attributed to: the event that caused it (listener), or nothing (jobs). */
export interface Origin {
  cause: Cause
  eventId: string | null
  actorId: string | null
}

/**
 * Membership is a property of the segment, not of whoever looks at it: it is evaluated over every
 * active field and every record (no record-level scope), with `$me` = the segment's owner and `$myTeam`
 * = the members of the owner's teams, in the workspace's time zone. Callers see it through their own
 * read scope (segments.service.ts).
 */
export interface SegmentEnv extends FilterEnvInput {
  object: ObjectDef
  resolveObject: ResolveObject
  schema: WorkspaceSchema
}

const activeObject = (o: ObjectDef | undefined): ObjectDef | undefined =>
  o?.isActive ? { ...o, fields: o.fields.filter((f) => f.isActive) } : undefined

export const systemResolve =
  (schema: WorkspaceSchema): ResolveObject =>
  (name) =>
    activeObject(schema.objects.get(name))

/** The owner's team mates (including the owner), for `$myTeam`. */
async function teamOf(trx: Tx, workspaceId: string, userId: string): Promise<string[]> {
  const r = await sql<{ user_id: string }>`select distinct b.user_id from team_member a
    join team_member b on b.workspace_id = a.workspace_id and b.team_id = a.team_id
    where a.workspace_id = ${workspaceId} and a.user_id = ${userId}`.execute(trx)
  return r.rows.map((x) => x.user_id).sort()
}

const usesMyTeam = (filter: unknown): boolean => JSON.stringify(filter ?? null).includes('"$myTeam"')

/** The environment a segment's filter is evaluated in; undefined when its object is gone. */
export async function segmentEnv(
  trx: Tx,
  schema: WorkspaceSchema,
  seg: Pick<SegmentRow, 'object_name' | 'owner_id' | 'filter'>,
  now: Date,
  teams = new Map<string, string[]>(),
): Promise<SegmentEnv | undefined> {
  const object = activeObject(schema.objects.get(seg.object_name))
  if (!object) return undefined
  let myTeam: string[] = []
  if (usesMyTeam(seg.filter)) {
    const hit = teams.get(seg.owner_id)
    myTeam = hit ?? (await teamOf(trx, schema.workspaceId, seg.owner_id))
    teams.set(seg.owner_id, myTeam)
  }
  return {
    object,
    resolveObject: systemResolve(schema),
    schema,
    now,
    timeZone: schema.timeZone,
    me: seg.owner_id,
    myTeam,
  }
}

/** Whether a filter uses relative dates (`today`, `last_n_days`…): its membership drifts with the days. */
export function isRelativeFilter(filter: unknown): boolean {
  const stack: unknown[] = [filter]
  let seen = 0
  while (stack.length > 0 && seen++ < 10_000) {
    const n = stack.pop()
    if (Array.isArray(n)) stack.push(...n)
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>
      if (typeof o.op === 'string' && isRelativeOperator(o.op as never)) return true
      if (o.and) stack.push(o.and)
      if (o.or) stack.push(o.or)
      if (o.not) stack.push(o.not)
    }
  }
  return false
}

/** Every relation path of a bound filter, as its hops (`company.parent.industry` → [company, parent]). */
export function hopChains(bound: BoundNode): Hop[][] {
  const out: Hop[][] = []
  const walk = (n: BoundNode): void => {
    if (n.kind === 'and' || n.kind === 'or') for (const c of n.children) walk(c)
    else if (n.kind === 'not') walk(n.child)
    else if (n.path.hops.length > 0) out.push(n.path.hops)
  }
  walk(bound)
  return out
}

/** A compiled segment: its bound filter (null when it no longer fits the metadata) and its back ends. */
export interface CompiledSegment {
  row: SegmentRow
  env: SegmentEnv
  /** null: the filter is invalid now (a field was removed or changed type) */
  bound: BoundNode | null
  chains: Hop[][]
  /** in memory, for a filter without relation paths */
  test: ((r: FilterRecord) => boolean) | null
}

export function compileSegment(row: SegmentRow, env: SegmentEnv): CompiledSegment {
  try {
    const bound = bindFilter(row.filter as Filter, env.object, env.resolveObject)
    const chains = hopChains(bound)
    const test = chains.length === 0 ? createEvaluator(row.filter as Filter, env) : null
    return { row, env, bound, chains, test }
  } catch (e) {
    if (e instanceof FilterValidationError) return { row, env, bound: null, chains: [], test: null }
    throw e
  }
}

/** The segment's filter as SQL over the object's row aliased `alias` (system scope, owner's env). */
export function membershipSql(seg: CompiledSegment, alias: string): RawBuilder<boolean> {
  const { env } = seg
  return compileFilter(seg.row.filter as Filter, {
    object: env.object,
    resolveObject: env.resolveObject,
    alias,
    tableOf: (name) => ({ schema: env.schema.dbSchema, table: tableName(name) }),
    workspaceId: env.schema.workspaceId,
    now: env.now,
    timeZone: env.timeZone,
    me: env.me,
    myTeam: env.myTeam,
  })
}

export const objectTable = (schema: WorkspaceSchema, objectName: string) =>
  sql`${sql.id(schema.dbSchema)}.${sql.id(tableName(objectName))}`

/** Which of the segment's records a reconcile looks at: a slice of ids, or the records matching a predicate. */
export type Restriction =
  | { kind: 'range'; after: string | null; upto: string | null }
  /** these records (members included when the row is gone for good) */
  | { kind: 'ids'; ids: string[] }
  | { kind: 'where'; on: (alias: string) => RawBuilder<boolean> }

function restrictRecords(r: Restriction, alias: string): RawBuilder<boolean> {
  if (r.kind === 'where') return r.on(alias)
  if (r.kind === 'ids') return sql<boolean>`${sql.id(alias, 'id')} = any(${r.ids}::uuid[])`
  const col = sql.id(alias, 'id')
  return sql<boolean>`${r.after === null ? sql`true` : sql`${col} > ${r.after}`} and ${r.upto === null ? sql`true` : sql`${col} <= ${r.upto}`}`
}

function restrictMembers(r: Restriction, seg: CompiledSegment): RawBuilder<boolean> {
  if (r.kind === 'ids') return sql<boolean>`m.record_id = any(${r.ids}::uuid[])`
  if (r.kind === 'where') {
    return sql<boolean>`m.record_id in (select x.id from ${objectTable(seg.env.schema, seg.row.object_name)} as x
      where x.workspace_id = ${seg.row.workspace_id} and ${r.on('x')})`
  }
  return sql<boolean>`${r.after === null ? sql`true` : sql`m.record_id > ${r.after}`} and ${r.upto === null ? sql`true` : sql`m.record_id <= ${r.upto}`}`
}

/**
 * Set-based: makes the segment's members within the restriction exactly the live records there that match
 * its filter, and writes a history row per transition, in one statement. Concurrent reconciles of the same
 * records are safe: an insert that meets an existing member and a delete of a row already gone return
 * nothing, so each transition is recorded once.
 */
export async function reconcileSql(
  trx: Tx,
  seg: CompiledSegment,
  restriction: Restriction,
  origin: Origin,
): Promise<Transition[]> {
  const { row } = seg
  const ws = row.workspace_id
  const matches = seg.bound ? membershipSql(seg, 't') : sql<boolean>`false`
  const r = await sql<{ record_id: string; change: 'entered' | 'left' }>`with want as (
      select t.id from ${objectTable(seg.env.schema, row.object_name)} as t
      where t.workspace_id = ${ws} and t.deleted_at is null and ${restrictRecords(restriction, 't')} and ${matches}
    ), ins as (
      insert into segment_member (workspace_id, segment_id, record_id)
      select ${ws}::uuid, ${row.id}::uuid, w.id from want w
      on conflict do nothing
      returning record_id
    ), del as (
      delete from segment_member m
      where m.workspace_id = ${ws} and m.segment_id = ${row.id} and ${restrictMembers(restriction, seg)}
        and not exists (select 1 from want w where w.id = m.record_id)
      returning m.record_id
    ), changes as (
      select record_id, 'entered' as change from ins union all select record_id, 'left' as change from del
    ), hist as (
      insert into segment_history (workspace_id, segment_id, record_id, change, cause, event_id)
      select ${ws}::uuid, ${row.id}::uuid, c.record_id, c.change, ${origin.cause}, ${origin.eventId}::uuid from changes c
      returning record_id, change
    )
    select record_id, change from hist`.execute(trx)
  const out = r.rows.map((x) => ({ segmentId: row.id, recordId: x.record_id, change: x.change }))
  await emit(trx, [seg], out, origin)
  return out
}

/**
 * One record against segments already decided in memory: joins those it matches, leaves the others,
 * recording each actual transition.
 */
export async function applyDecisions(
  trx: Tx,
  segs: CompiledSegment[],
  recordId: string,
  matches: Set<string>,
  origin: Origin,
): Promise<Transition[]> {
  if (segs.length === 0) return []
  const ws = segs[0]!.row.workspace_id
  const enter = segs.filter((s) => matches.has(s.row.id)).map((s) => s.row.id)
  const leave = segs.filter((s) => !matches.has(s.row.id)).map((s) => s.row.id)
  const r = await sql<{ segment_id: string; change: 'entered' | 'left' }>`with ins as (
      insert into segment_member (workspace_id, segment_id, record_id)
      select ${ws}::uuid, s, ${recordId}::uuid from unnest(${enter}::uuid[]) as s
      on conflict do nothing
      returning segment_id
    ), del as (
      delete from segment_member m
      where m.workspace_id = ${ws} and m.record_id = ${recordId} and m.segment_id = any(${leave}::uuid[])
      returning m.segment_id
    ), changes as (
      select segment_id, 'entered' as change from ins union all select segment_id, 'left' as change from del
    ), hist as (
      insert into segment_history (workspace_id, segment_id, record_id, change, cause, event_id)
      select ${ws}::uuid, c.segment_id, ${recordId}::uuid, c.change, ${origin.cause}, ${origin.eventId}::uuid from changes c
      returning segment_id, change
    )
    select segment_id, change from hist`.execute(trx)
  const out = r.rows.map((x) => ({ segmentId: x.segment_id, recordId, change: x.change }))
  await emit(trx, segs, out, origin)
  return out
}

/** `segment.entered` / `segment.left` outbox events, one per transition (automations listen to them). */
async function emit(trx: Tx, segs: CompiledSegment[], changes: Transition[], origin: Origin): Promise<void> {
  if (changes.length === 0) return
  const byId = new Map(segs.map((s) => [s.row.id, s.row]))
  await appendEvents(
    trx,
    changes.map((c) => {
      const seg = byId.get(c.segmentId)!
      return {
        workspaceId: seg.workspace_id,
        type: c.change === 'entered' ? 'segment.entered' : 'segment.left',
        objectName: seg.object_name,
        recordId: c.recordId,
        actorId: origin.actorId,
        channel: 'system' as const,
        payload: { segmentId: seg.id, cause: origin.cause, causeEventId: origin.eventId },
      }
    }),
    notifyOutbox,
  )
}

/** Whether appended events also `pg_notify` other processes (PostgreSQL); set once by the kernel. */
let notifyOutbox = false
export function setOutboxNotify(on: boolean): void {
  notifyOutbox = on
}

/** The live row of one record in API shape (every active field), or undefined when deleted or gone. */
export async function loadRecord(
  trx: Tx,
  schema: WorkspaceSchema,
  object: ObjectDef,
  id: string,
): Promise<FilterRecord | undefined> {
  const cols = selectColumns(object.fields)
  const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
    from ${objectTable(schema, object.name)} as t
    where t.workspace_id = ${schema.workspaceId} and t.id = ${id} and t.deleted_at is null`.execute(trx)
  const row = r.rows[0]
  return row ? rowToRecord(row, object.fields) : undefined
}

/**
 * Records of the segment's object whose relation path reaches record `id` of object `target`
 * (`company.parent` reaches a company through its `company` or through that company's `parent`): the
 * records whose membership a change of that related record may change.
 */
export function reachingPredicate(
  seg: CompiledSegment,
  target: string,
  id: string,
): ((alias: string) => RawBuilder<boolean>) | null {
  const schema = seg.env.schema
  const ws = seg.row.workspace_id
  const parts: ((alias: string) => RawBuilder<boolean>)[] = []
  for (const chain of seg.chains) {
    chain.forEach((hop, k) => {
      if (hop.target.name !== target) return
      // innermost: rows of hop k-1's table whose hop k points at id, walked back to the base
      parts.push((alias) => {
        let inner: RawBuilder<unknown> = sql`${id}::uuid`
        for (let i = k; i >= 1; i--) {
          const prev = chain[i - 1]!
          const a = `${alias}_h${i}`
          inner = sql`select ${sql.id(a, 'id')} from ${objectTable(schema, prev.target.name)} as ${sql.id(a)}
            where ${sql.id(a, 'workspace_id')} = ${ws} and ${sql.id(a, chain[i]!.field.name)} in (${inner})`
        }
        return sql<boolean>`${sql.id(alias, chain[0]!.field.name)} in (${inner})`
      })
    })
  }
  if (parts.length === 0) return null
  return (alias) =>
    sql<boolean>`(${sql.join(
      parts.map((p) => p(alias)),
      sql` or `,
    )})`
}
