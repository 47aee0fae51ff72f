import { type RawBuilder, sql } from 'kysely'
import type { Ctx } from '../context.ts'

/**
 * The dedup_key rows of records, as statements the write path embeds in its one write (writeTogether),
 * so the keys change in the same statement and transaction as the row they describe.
 */

/** Inserts the keys of new records (nothing to do: null). */
export function insertKeysSql(
  ctx: Ctx,
  rows: { recordId: string; keys: string[] }[],
): RawBuilder<unknown> | null {
  const values = rows.flatMap((r) =>
    r.keys.map((k) => sql`(${ctx.actor.workspaceId}::uuid, ${ctx.object.name}, ${k}, ${r.recordId}::uuid)`),
  )
  if (values.length === 0) return null
  return sql`insert into dedup_key (workspace_id, object_name, key, record_id)
    values ${sql.join(values)} on conflict do nothing`
}

/**
 * An edited record's keys become `keys`: two statements touching disjoint rows (the stale keys go, the
 * new ones come), so they can run side by side in one writeTogether.
 */
export function replaceKeysSql(ctx: Ctx, recordId: string, keys: string[]): RawBuilder<unknown>[] {
  const drop = sql`delete from dedup_key where workspace_id = ${ctx.actor.workspaceId}
    and object_name = ${ctx.object.name} and record_id = ${recordId}::uuid
    and not (key = any(${keys}::text[]))`
  const add = insertKeysSql(ctx, [{ recordId, keys }])
  return add ? [drop, add] : [drop]
}

/**
 * The records that share a key with `keys`, per key at most `cap + 1` of them (the caller drops keys
 * with more: too common to say anything), excluding `selfId`. One index range per key.
 */
export async function recordsSharingKeys(
  ctx: Ctx,
  keys: string[],
  cap: number,
  selfId: string | null,
): Promise<{ key: string; record_id: string }[]> {
  if (keys.length === 0) return []
  const r = await sql<{ key: string; record_id: string }>`select q.key, k.record_id
    from unnest(${keys}::text[]) as q(key)
    cross join lateral (
      select d.record_id from dedup_key d
      where d.workspace_id = ${ctx.actor.workspaceId} and d.object_name = ${ctx.object.name} and d.key = q.key
        ${selfId ? sql`and d.record_id <> ${selfId}::uuid` : sql``}
      limit ${cap + 1}
    ) k`.execute(ctx.trx)
  return r.rows
}
