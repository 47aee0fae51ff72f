import { OWNER_FIELD, type RelatedCount } from '@kemai/shared/api/merge.api'
import type { FieldDef } from '@kemai/shared/fields'
import { sql } from 'kysely'
import { ownerInScope, recordScopeOwners } from '../access.ts'
import { type Ctx, scopeWhere, table } from '../context.ts'
import { type RecordData, rowToRecord, selectColumns } from '../shape.ts'
import type { Candidate } from './defaults.ts'

/** One record of a merge as stored: the API shape (every active field) and the row's raw columns. */
export interface Loaded {
  record: RecordData & { deleted_at: string | null }
  raw: Record<string, unknown>
  /** inside the actor's write scope */
  writable: boolean
}

export const activeFields = (ctx: Ctx): FieldDef[] => ctx.object.fields.filter((f) => f.isActive)

/** Fields a merge chooses values for: every active field with a column, and the owner. */
export function mergeableFields(ctx: Ctx): string[] {
  return [
    ...activeFields(ctx)
      .filter((f) => f.type !== 'many_to_many')
      .map((f) => f.name),
    OWNER_FIELD,
  ]
}

/**
 * The records by id within the actor's read scope, deleted ones included (the caller tells them apart),
 * locked FOR UPDATE in id order so that two merges over the same records cannot deadlock.
 */
export async function loadRecords(
  ctx: Ctx,
  ids: readonly string[],
  opts: { lock: boolean },
): Promise<Map<string, Loaded>> {
  const fields = activeFields(ctx)
  const cols = selectColumns(fields, true)
  const sorted = [...ids].sort()
  const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))},
      to_jsonb(t.*) as kemai_raw
    from ${table(ctx)} as t
    where t.workspace_id = ${ctx.actor.workspaceId} and t.id = any(${sorted}::uuid[])
      and ${scopeWhere(ctx, 'read')}
    order by t.id ${opts.lock ? sql`for update` : sql``}`.execute(ctx.trx)
  const owners = recordScopeOwners(ctx.actor, ctx.object.name, 'write')
  const out = new Map<string, Loaded>()
  for (const row of r.rows) {
    const record = rowToRecord(row, fields, true) as Loaded['record']
    out.set(record.id, {
      record,
      raw: row.kemai_raw as Record<string, unknown>,
      writable: ownerInScope(owners, record.owner_id as string | null),
    })
  }
  return out
}

/** When each field of each record last changed (field history), for the "newest value" default. */
export async function candidates(ctx: Ctx, loaded: readonly Loaded[]): Promise<Candidate[]> {
  const ids = loaded.map((l) => l.record.id)
  const r = await sql<{ record_id: string; field_name: string; at: Date }>`select record_id, field_name,
      max(at) as at from field_history
    where workspace_id = ${ctx.actor.workspaceId} and object_name = ${ctx.object.name}
      and record_id = any(${ids}::uuid[])
    group by record_id, field_name`.execute(ctx.trx)
  const changed = new Map<string, Map<string, number>>()
  for (const row of r.rows) {
    const m = changed.get(row.record_id) ?? new Map<string, number>()
    m.set(row.field_name, new Date(row.at).getTime())
    changed.set(row.record_id, m)
  }
  return loaded.map((l) => ({
    id: l.record.id,
    values: l.record,
    createdAt: Date.parse(String(l.record.created_at)),
    changedAt: changed.get(l.record.id) ?? new Map(),
  }))
}

/** Relation fields of any object that point at this object (junction objects included). */
export function incomingRelations(ctx: Ctx): { object: string; field: string; junction: boolean }[] {
  const out: { object: string; field: string; junction: boolean }[] = []
  const junctions = junctionObjects(ctx)
  for (const o of ctx.schema.objects.values()) {
    if (!o.isActive) continue
    for (const f of o.fields) {
      if (f.isActive && f.type === 'relation' && f.options.target === ctx.object.name)
        out.push({ object: o.name, field: f.name, junction: junctions.has(o.name) })
    }
  }
  return out
}

/** The objects that hold the rows of many-to-many fields (their from_record/to_record pairs are links). */
export function junctionObjects(ctx: Pick<Ctx, 'schema'>): Set<string> {
  const out = new Set<string>()
  for (const o of ctx.schema.objects.values()) {
    if ((o as { isJunction?: boolean }).isJunction) out.add(o.name)
    for (const f of o.fields) if (f.type === 'many_to_many' && f.options.junction) out.add(f.options.junction)
  }
  return out
}

/** Per record: how many live rows point at it (relations), and its activities, files and followers. */
export async function relatedCounts(
  ctx: Ctx,
  ids: readonly string[],
): Promise<Record<string, RelatedCount[]>> {
  const out: Record<string, RelatedCount[]> = Object.fromEntries(ids.map((id) => [id, []]))
  const add = (id: string, c: RelatedCount) => {
    if (c.count > 0) out[id]?.push(c)
  }
  const list = [...ids]
  for (const rel of incomingRelations(ctx)) {
    const r = await sql<{ id: string; n: number }>`select ${sql.ref(rel.field)} as id, count(*)::int as n
      from ${table(ctx, rel.object)}
      where workspace_id = ${ctx.actor.workspaceId} and ${sql.ref(rel.field)} = any(${list}::uuid[])
        and deleted_at is null
      group by 1`.execute(ctx.trx)
    for (const row of r.rows)
      add(row.id, { kind: 'relation', object: rel.object, field: rel.field, count: Number(row.n) })
  }
  const ws = ctx.actor.workspaceId
  const o = ctx.object.name
  const counts = [
    {
      kind: 'activity' as const,
      q: sql<{ id: string; n: number }>`select l.record_id as id, count(*)::int as n from activity_link l
        join activity a on a.workspace_id = l.workspace_id and a.id = l.activity_id and a.deleted_at is null
        where l.workspace_id = ${ws} and l.object_name = ${o} and l.record_id = any(${list}::uuid[]) group by 1`,
    },
    {
      kind: 'file' as const,
      q: sql<{ id: string; n: number }>`select record_id as id, count(*)::int as n from file
        where workspace_id = ${ws} and object_name = ${o} and record_id = any(${list}::uuid[]) group by 1`,
    },
    {
      kind: 'follow' as const,
      q: sql<{ id: string; n: number }>`select record_id as id, count(*)::int as n from record_follow
        where workspace_id = ${ws} and object_name = ${o} and record_id = any(${list}::uuid[]) group by 1`,
    },
  ]
  for (const { kind, q } of counts) {
    const r = await q.execute(ctx.trx)
    for (const row of r.rows) add(row.id, { kind, count: Number(row.n) })
  }
  return out
}

/**
 * The survivor's new values are the merged records' own: the duplicate check of the write path must not
 * stop a merge of duplicates (nor an unmerge) with their own candidates.
 */
export const DUPLICATES_OK: { allowDuplicate?: boolean } = { allowDuplicate: true }
