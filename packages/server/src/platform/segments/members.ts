import type { ObjectDef } from '@kemai/shared/fields'
import { type RawBuilder, sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { Tx } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import { scopeWhere } from '../records/context.ts'
import {
  afterCursor,
  decodeCursor,
  encodeCursor,
  orderBy,
  parseSort,
  type RecordData,
  rowToRecord,
  selectColumns,
  sortValue,
} from '../records/shape.ts'
import { objectTable } from './membership.ts'

/** Which records of the object belong to a segment or list, as a predicate over the row aliased `alias`. */
export type MemberPredicate = (alias: string) => RawBuilder<boolean>

export interface MembersPage {
  data: RecordData[]
  nextCursor: string | null
  total: number
}

interface ReadCtx {
  trx: Tx
  schema: WorkspaceSchema
  object: ObjectDef
  actor: Actor
}

/** The live records matching `member` that the actor may read, in the actor's field visibility. */
function where(ctx: ReadCtx, member: MemberPredicate): RawBuilder<boolean> {
  return sql<boolean>`t.workspace_id = ${ctx.schema.workspaceId} and t.deleted_at is null
    and ${scopeWhere(ctx, 'read')} and ${member('t')}`
}

export async function countMembers(ctx: ReadCtx, member: MemberPredicate): Promise<number> {
  const r = await sql<{
    n: number
  }>`select count(*)::int as n from ${objectTable(ctx.schema, ctx.object.name)} as t
    where ${where(ctx, member)}`.execute(ctx.trx)
  return r.rows[0]?.n ?? 0
}

/** A page of members, sorted and paged like `GET /api/v1/records/{object}` (keyset cursor). */
export async function listMembers(
  ctx: ReadCtx,
  member: MemberPredicate,
  opts: { limit?: number; cursor?: string; sort?: string },
): Promise<MembersPage> {
  const limit = opts.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw errors.badRequest([{ path: 'limit', code: 'too_big', params: { max: 500 } }])
  }
  const readable = readableFields(ctx.actor, ctx.object)
  const keys = parseSort(opts.sort, readable)
  const base = where(ctx, member)
  const page = opts.cursor
    ? sql<boolean>`${base} and ${afterCursor('t', keys, decodeCursor(opts.cursor, keys))}`
    : base
  const cols = selectColumns(readable)
  const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
    from ${objectTable(ctx.schema, ctx.object.name)} as t where ${page}
    order by ${orderBy('t', keys)} limit ${limit + 1}`.execute(ctx.trx)
  const rows = r.rows.slice(0, limit)
  const last = rows[rows.length - 1]
  return {
    data: rows.map((row) => rowToRecord(row, readable)),
    nextCursor:
      r.rows.length > limit && last ? encodeCursor(keys.map((k) => sortValue(last, k.column))) : null,
    total: await countMembers(ctx, member),
  }
}
