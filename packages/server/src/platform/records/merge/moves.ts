import { sql } from 'kysely'
import { type Ctx, table } from '../context.ts'
import { incomingRelations } from './load.ts'
import { type RelationChange, setRelations, setRowsDeleted } from './rows.ts'

/**
 * Everything that pointed at a merged-away record and now points at the survivor, listed exactly so
 * that an unmerge can put each row back (stored in record_merge.moves).
 */
export interface Moves {
  /** a relation field of a row that held `from` (a loser) and now holds the survivor */
  relations: { object: string; field: string; id: string; from: string }[]
  /** many-to-many rows soft-deleted because the survivor already had the same link (or it became a self-link) */
  dropped: { object: string; id: string }[]
  /** activity links: `key` is the activity; `dropped` when the activity was on the survivor already */
  activities: { key: string; from: string; dropped: boolean }[]
  /** follows: `key` is the user */
  follows: { key: string; from: string; dropped: boolean; at: string }[]
  files: { id: string; from: string; field: string | null }[]
  notifications: { id: string; from: string }[]
}

export type CtxOf = (objectName: string) => Ctx

/** Moves every reference to the losers over to the survivor. The losers' own rows are left alone. */
export async function moveToSurvivor(
  ctx: Ctx,
  ctxOf: CtxOf,
  survivor: string,
  losers: readonly string[],
  now: Date,
): Promise<Moves> {
  const group = [survivor, ...losers]
  const moves: Moves = {
    relations: [],
    dropped: [],
    activities: [],
    follows: [],
    files: [],
    notifications: [],
  }
  const rels = incomingRelations(ctx)
  // plain relation fields: every row pointing at a loser (recycle bin included) now points at the survivor
  for (const rel of rels.filter((r) => !r.junction)) {
    const other = ctxOf(rel.object)
    const r = await sql<{ id: string; v: string }>`select id, ${sql.ref(rel.field)} as v from ${table(other)}
      where workspace_id = ${ctx.actor.workspaceId} and ${sql.ref(rel.field)} = any(${[...losers]}::uuid[])
        and ${rel.object === ctx.object.name ? sql`id <> all(${group}::uuid[])` : sql`true`}
      order by id for update`.execute(ctx.trx)
    const changes = r.rows.map((row) => ({ id: row.id, field: rel.field, from: row.v, to: survivor }))
    await setRelations(other, changes, now)
    for (const c of changes)
      moves.relations.push({ object: rel.object, field: c.field, id: c.id, from: c.from })
  }
  // many-to-many rows: relinked unless the survivor already has the same link, which drops the copy
  const junctions = [...new Set(rels.filter((r) => r.junction).map((r) => r.object))]
  for (const j of junctions) await moveJunction(ctx, ctxOf(j), rels, group, survivor, now, moves)
  await moveLinks(ctx, 'activity_link', 'activity_id', survivor, losers, moves.activities)
  await moveLinks(ctx, 'record_follow', 'user_id', survivor, losers, moves.follows)
  const ws = ctx.actor.workspaceId
  const o = ctx.object.name
  const files = await sql<{ id: string; record_id: string; field_name: string | null }>`select id, record_id,
      field_name from file where workspace_id = ${ws} and object_name = ${o}
      and record_id = any(${[...losers]}::uuid[]) order by id for update`.execute(ctx.trx)
  if (files.rows.length) {
    await sql`update file set record_id = ${survivor}, field_name = null where workspace_id = ${ws}
      and id = any(${files.rows.map((f) => f.id)}::uuid[])`.execute(ctx.trx)
    moves.files = files.rows.map((f) => ({ id: f.id, from: f.record_id, field: f.field_name }))
  }
  const notes = await sql<{ id: string; record_id: string }>`select id, record_id from notification
    where workspace_id = ${ws} and object_name = ${o} and record_id = any(${[...losers]}::uuid[])
    for update`.execute(ctx.trx)
  if (notes.rows.length) {
    await sql`update notification set record_id = ${survivor} where workspace_id = ${ws}
      and id = any(${notes.rows.map((n) => n.id)}::uuid[])`.execute(ctx.trx)
    moves.notifications = notes.rows.map((n) => ({ id: n.id, from: n.record_id }))
  }
  return moves
}

async function moveJunction(
  ctx: Ctx,
  jctx: Ctx,
  rels: ReturnType<typeof incomingRelations>,
  group: readonly string[],
  survivor: string,
  now: Date,
  moves: Moves,
): Promise<void> {
  const mine = rels.filter((r) => r.object === jctx.object.name).map((r) => r.field)
  const relFields = jctx.object.fields.filter((f) => f.isActive && f.type === 'relation').map((f) => f.name)
  const touching = sql.join(
    mine.map((f) => sql`${sql.ref(f)} = any(${[...group]}::uuid[])`),
    sql` or `,
  )
  const r = await sql<Record<string, string | null> & { id: string; deleted: boolean }>`select id,
      deleted_at is not null as deleted, ${sql.join(relFields.map((f) => sql.ref(f)))}
    from ${table(jctx)} where workspace_id = ${ctx.actor.workspaceId} and (${touching})
    order by created_at, id for update`.execute(ctx.trx)
  const losers = new Set(group.filter((id) => id !== survivor))
  const after = (row: Record<string, string | null>) =>
    relFields
      .map((f) => (mine.includes(f) && row[f] && losers.has(row[f]) ? survivor : row[f]))
      .join('\u0001')
  const moved = (row: Record<string, string | null>) => mine.some((f) => row[f] && losers.has(row[f]))
  // the links that stay as they are come first, so a loser's copy of one of them is the one dropped
  const live = new Set(r.rows.filter((row) => !row.deleted && !moved(row)).map(after))
  const changes: RelationChange[] = []
  const drop: string[] = []
  for (const row of r.rows.filter(moved)) {
    const key = after(row)
    const selfLink =
      mine.length > 1 && mine.every((f) => row[f] === survivor || (row[f] && losers.has(row[f])))
    if (!row.deleted && (live.has(key) || selfLink)) {
      drop.push(row.id)
      continue
    }
    if (!row.deleted) live.add(key)
    for (const f of mine) {
      const v = row[f]
      if (v && losers.has(v)) changes.push({ id: row.id, field: f, from: v, to: survivor })
    }
  }
  await setRowsDeleted(jctx, drop, true, now)
  await setRelations(jctx, changes, now)
  for (const id of drop) moves.dropped.push({ object: jctx.object.name, id })
  for (const c of changes)
    moves.relations.push({ object: jctx.object.name, field: c.field, id: c.id, from: c.from })
}

/** activity_link / record_follow: (key, record) pairs of this object; a pair the survivor has already is dropped. */
async function moveLinks(
  ctx: Ctx,
  tableName: 'activity_link' | 'record_follow',
  keyColumn: 'activity_id' | 'user_id',
  survivor: string,
  losers: readonly string[],
  out: { key: string; from: string; dropped: boolean; at?: string }[],
): Promise<void> {
  const ws = ctx.actor.workspaceId
  const o = ctx.object.name
  const t = sql.table(tableName)
  const k = sql.ref(keyColumn)
  const at = tableName === 'record_follow' ? sql`created_at` : sql`null::timestamptz`
  const r = await sql<{ key: string; record_id: string; at: Date | null }>`select ${k} as key, record_id,
      ${at} as at from ${t}
    where workspace_id = ${ws} and object_name = ${o} and record_id = any(${[survivor, ...losers]}::uuid[])
    order by record_id = ${survivor} desc, ${k}, record_id for update`.execute(ctx.trx)
  const have = new Set(r.rows.filter((x) => x.record_id === survivor).map((x) => x.key))
  for (const row of r.rows) {
    if (row.record_id === survivor) continue
    const dropped = have.has(row.key)
    have.add(row.key)
    out.push({
      key: row.key,
      from: row.record_id,
      dropped,
      ...(tableName === 'record_follow' ? { at: new Date(row.at ?? 0).toISOString() } : {}),
    })
  }
  for (const loser of losers) {
    const mine = out.filter((m) => m.from === loser)
    const drop = mine.filter((m) => m.dropped).map((m) => m.key)
    const move = mine.filter((m) => !m.dropped).map((m) => m.key)
    const keyType = sql.raw('uuid[]')
    if (drop.length)
      await sql`delete from ${t} where workspace_id = ${ws} and object_name = ${o} and record_id = ${loser}
        and ${k} = any(${drop}::${keyType})`.execute(ctx.trx)
    if (move.length)
      await sql`update ${t} set record_id = ${survivor} where workspace_id = ${ws} and object_name = ${o}
        and record_id = ${loser} and ${k} = any(${move}::${keyType})`.execute(ctx.trx)
  }
}

/**
 * The reverse of moveToSurvivor for the rows an unmerge restores: `relations` already filtered to the
 * ones still pointing at the survivor (the others are conflicts). Links and files that changed since
 * the merge (unlinked, deleted) are left as they are.
 */
export async function moveBack(
  ctx: Ctx,
  ctxOf: CtxOf,
  survivor: string,
  moves: Moves,
  relations: Moves['relations'],
  now: Date,
): Promise<void> {
  const byObject = new Map<string, RelationChange[]>()
  for (const m of relations) {
    const list = byObject.get(m.object) ?? []
    list.push({ id: m.id, field: m.field, from: survivor, to: m.from })
    byObject.set(m.object, list)
  }
  for (const [object, changes] of byObject) await setRelations(ctxOf(object), changes, now)
  const droppedBy = new Map<string, string[]>()
  for (const d of moves.dropped) droppedBy.set(d.object, [...(droppedBy.get(d.object) ?? []), d.id])
  for (const [object, ids] of droppedBy) await restoreJunctionRows(ctxOf(object), ids, now)

  const ws = ctx.actor.workspaceId
  const o = ctx.object.name
  for (const a of moves.activities) {
    if (a.dropped)
      await sql`insert into activity_link (workspace_id, activity_id, object_name, record_id)
        select ${ws}, ${a.key}, ${o}, ${a.from} where exists (select 1 from activity
          where workspace_id = ${ws} and id = ${a.key})
        on conflict do nothing`.execute(ctx.trx)
    else
      await sql`update activity_link set record_id = ${a.from} where workspace_id = ${ws} and object_name = ${o}
        and activity_id = ${a.key} and record_id = ${survivor} and not exists (select 1 from activity_link x
          where x.workspace_id = ${ws} and x.object_name = ${o} and x.activity_id = ${a.key}
            and x.record_id = ${a.from})`.execute(ctx.trx)
  }
  for (const f of moves.follows) {
    if (f.dropped)
      await sql`insert into record_follow (workspace_id, object_name, record_id, user_id, created_at)
        values (${ws}, ${o}, ${f.from}, ${f.key}, ${f.at}) on conflict do nothing`.execute(ctx.trx)
    else
      await sql`update record_follow set record_id = ${f.from} where workspace_id = ${ws} and object_name = ${o}
        and user_id = ${f.key} and record_id = ${survivor} and not exists (select 1 from record_follow x
          where x.workspace_id = ${ws} and x.object_name = ${o} and x.user_id = ${f.key}
            and x.record_id = ${f.from})`.execute(ctx.trx)
  }
  if (moves.files.length)
    await sql`update file as f set record_id = v.rid, field_name = v.fname
      from (select unnest(${moves.files.map((x) => x.id)}::uuid[]) as id,
        unnest(${moves.files.map((x) => x.from)}::uuid[]) as rid,
        unnest(${moves.files.map((x) => x.field)}::text[]) as fname) as v
      where f.workspace_id = ${ws} and f.id = v.id and f.object_name = ${o}
        and f.record_id = ${survivor}`.execute(ctx.trx)
  if (moves.notifications.length)
    await sql`update notification as n set record_id = v.rid
      from (select unnest(${moves.notifications.map((x) => x.id)}::uuid[]) as id,
        unnest(${moves.notifications.map((x) => x.from)}::uuid[]) as rid) as v
      where n.workspace_id = ${ws} and n.id = v.id and n.object_name = ${o}
        and n.record_id = ${survivor}`.execute(ctx.trx)
}

/** Brings dropped many-to-many rows back, unless the same link exists again meanwhile. */
async function restoreJunctionRows(jctx: Ctx, ids: readonly string[], now: Date): Promise<void> {
  const relFields = jctx.object.fields.filter((f) => f.isActive && f.type === 'relation').map((f) => f.name)
  const same = sql.join(
    relFields.map((f) => sql`x.${sql.ref(f)} is not distinct from t.${sql.ref(f)}`),
    sql` and `,
  )
  const r = await sql<{ id: string }>`select t.id from ${table(jctx)} as t
    where t.workspace_id = ${jctx.actor.workspaceId} and t.id = any(${[...ids]}::uuid[])
      and t.deleted_at is not null
      and not exists (select 1 from ${table(jctx)} as x where x.workspace_id = t.workspace_id
        and x.deleted_at is null and ${same})`.execute(jctx.trx)
  await setRowsDeleted(
    jctx,
    r.rows.map((x) => x.id),
    false,
    now,
  )
}
