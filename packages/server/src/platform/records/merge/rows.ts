import { sql } from 'kysely'
import { type Ctx, table } from '../context.ts'
import { event, historyInsert, searchDoc, searchRelevant } from '../pipeline/effects.ts'
import { rowToRecord, selectColumns } from '../shape.ts'

/**
 * Bulk writes of the rows a merge moves (records of any object whose relation pointed at a merged-away
 * record, and many-to-many rows). Each is one pass of the write pipeline's effects for many rows at once:
 * the row (version + 1, updated_at/by), one field-history row per change (the actor's `merge` channel),
 * the search document when the field is searchable, and one outbox event per row. No hooks run: a merge
 * moves references, it does not edit those records (docs/merge.md).
 */

const CHUNK = 500

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

export interface RelationChange {
  id: string
  field: string
  from: string
  to: string
}

/** Points `field` of each row from `from` to `to`, for rows that still hold `from`; returns the ids changed. */
export async function setRelations(
  ctx: Ctx,
  changes: readonly RelationChange[],
  now: Date,
): Promise<string[]> {
  const done: string[] = []
  const groups = new Map<string, RelationChange[]>()
  for (const c of changes) {
    const k = `${c.field}\u0001${c.from}\u0001${c.to}`
    groups.set(k, [...(groups.get(k) ?? []), c])
  }
  for (const list of groups.values()) {
    const { field, from, to } = list[0]!
    for (const part of chunks(list)) {
      const r = await sql<{ id: string; version: number }>`update ${table(ctx)}
        set ${sql.ref(field)} = ${to}, version = version + 1, updated_at = ${now}, updated_by = ${ctx.actor.userId}
        where workspace_id = ${ctx.actor.workspaceId} and id = any(${part.map((c) => c.id)}::uuid[])
          and ${sql.ref(field)} = ${from}
        returning id, version`.execute(ctx.trx)
      if (r.rows.length === 0) continue
      await historyInsert(
        ctx,
        r.rows.map((row) => ({ recordId: row.id, field, old: from, new: to, at: now })),
      ).execute()
      await ctx.deps.events.append(
        ctx.trx,
        r.rows.map((row) =>
          event(ctx, 'record.updated', row.id, {
            changed: [field],
            before: { [field]: from },
            after: { [field]: to },
            version: row.version,
          }),
        ),
      )
      const ids = r.rows.map((row) => row.id)
      if (searchRelevant(ctx, [field])) await ctx.deps.search.upsert(ctx.trx, await docsOf(ctx, ids))
      done.push(...ids)
    }
  }
  return done
}

/** Soft-deletes (or restores) rows that are not already so; returns the ids changed. */
export async function setRowsDeleted(
  ctx: Ctx,
  ids: readonly string[],
  deleted: boolean,
  now: Date,
): Promise<string[]> {
  const done: string[] = []
  for (const part of chunks(ids)) {
    const r = await sql<{ id: string; version: number; was: Date | null }>`update ${table(ctx)} as t
      set deleted_at = ${deleted ? now : null}, version = t.version + 1, updated_at = ${now},
        updated_by = ${ctx.actor.userId}
      from (select id, deleted_at as was from ${table(ctx)}
        where workspace_id = ${ctx.actor.workspaceId} and id = any(${[...part]}::uuid[])) as old
      where t.workspace_id = ${ctx.actor.workspaceId} and t.id = old.id
        and ${deleted ? sql`t.deleted_at is null` : sql`t.deleted_at is not null`}
      returning t.id, t.version, old.was`.execute(ctx.trx)
    if (r.rows.length === 0) continue
    const changed = r.rows.map((row) => row.id)
    await historyInsert(
      ctx,
      r.rows.map((row) => ({
        recordId: row.id,
        field: 'deleted_at',
        old: row.was ? new Date(row.was).toISOString() : null,
        new: deleted ? now.toISOString() : null,
        at: now,
      })),
    ).execute()
    const docs = deleted ? [] : await docsOf(ctx, changed)
    if (deleted)
      await ctx.deps.search.removeSql(ctx.actor.workspaceId, ctx.object.name, changed).execute(ctx.trx)
    else await ctx.deps.search.upsert(ctx.trx, docs)
    await ctx.deps.events.append(
      ctx.trx,
      r.rows.map((row) => event(ctx, deleted ? 'record.deleted' : 'record.restored', row.id, {})),
    )
    done.push(...changed)
  }
  return done
}

async function docsOf(ctx: Ctx, ids: readonly string[]) {
  const fields = ctx.object.fields.filter((f) => f.isActive)
  const cols = selectColumns(fields)
  const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(c)))}
    from ${table(ctx)} where workspace_id = ${ctx.actor.workspaceId} and id = any(${[...ids]}::uuid[])
      and deleted_at is null`.execute(ctx.trx)
  return r.rows.map((row) => searchDoc(ctx, rowToRecord(row, fields)))
}
