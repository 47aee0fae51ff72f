import { type RawBuilder, sql } from 'kysely'
import { errors } from '../errors.ts'
import { assertObject, readableFields } from './access.ts'
import { type Ctx, scopeWhere, table } from './context.ts'
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
} from './shape.ts'

export interface ListOptions {
  filter?: unknown
  sort?: string
  limit?: number
  cursor?: string
  count?: boolean
  /** recycle bin: only deleted records */
  deleted?: boolean
}

export interface ListResult {
  data: RecordData[]
  nextCursor: string | null
  total?: number
}

export interface GroupResult {
  key: unknown
  count: number
  /** number fields: the sum; currency fields: amount per currency code */
  sums: Record<string, number | null | Record<string, string>>
}

export const MAX_LIMIT = 500

const GROUPABLE = new Set([
  'select',
  'user',
  'relation',
  'boolean',
  'text',
  'date',
  'email',
  'phone',
  'rating',
])

export interface SelectOneOptions {
  forUpdate?: boolean
  deleted?: boolean
  mode: 'read' | 'write'
}

/** One record's row by id within the actor's scope, as a statement (also sent as withWorkspace's lead). */
export function selectOneQuery(ctx: Omit<Ctx, 'trx'>, id: string, opts: SelectOneOptions) {
  const cols = selectColumns(ctx.object.fields, true)
  return sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
    from ${table(ctx)} as t
    where t.workspace_id = ${ctx.actor.workspaceId} and t.id = ${id}
      and ${opts.deleted ? sql`t.deleted_at is not null` : sql`t.deleted_at is null`}
      and ${scopeWhere(ctx, opts.mode)}
    ${opts.forUpdate ? sql`for update` : sql``}`
}

/** The row of selectOneQuery; a write reuses the row its transaction's lead read already brought. */
export async function selectOne(ctx: Ctx, id: string, opts: SelectOneOptions) {
  const lead = ctx.lead
  if (lead && opts.forUpdate && opts.mode === 'write' && lead.id === id && lead.deleted === !!opts.deleted)
    return lead.rows[0]
  return (await selectOneQuery(ctx, id, opts).execute(ctx.trx)).rows[0]
}

/**
 * The rows of several records by id within the actor's scope, in one query, by lower-case id. With
 * `forUpdate` the rows are locked in id order (two such statements over overlapping sets do not wait on each
 * other in a cycle; locks a transaction took earlier still can, and PostgreSQL then aborts one of them).
 */
export async function selectMany(
  ctx: Ctx,
  ids: readonly string[],
  opts: SelectOneOptions,
): Promise<Map<string, Record<string, unknown>>> {
  const cols = selectColumns(ctx.object.fields, true)
  const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
    from ${table(ctx)} as t
    where t.workspace_id = ${ctx.actor.workspaceId} and t.id = any(${ids.map((id) => id.toLowerCase())}::uuid[])
      and ${opts.deleted ? sql`t.deleted_at is not null` : sql`t.deleted_at is null`}
      and ${scopeWhere(ctx, opts.mode)}
    order by t.id ${opts.forUpdate ? sql`for update` : sql``}`.execute(ctx.trx)
  return new Map(r.rows.map((row) => [String(row.id).toLowerCase(), row]))
}

/** Drops the fields the actor may not read. */
export function visible(ctx: Ctx, rec: RecordData): RecordData {
  if (ctx.actor.isAdmin || ctx.actor.isSystem) return rec
  const readable = new Set(readableFields(ctx.actor, ctx.object).map((f) => f.name))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(rec)) {
    if (readable.has(k) || !ctx.object.fields.some((f) => f.name === k)) out[k] = v
  }
  return out as RecordData
}

export async function listIn(ctx: Ctx, opts: ListOptions): Promise<ListResult> {
  assertObject(ctx.actor, ctx.object.name, 'read')
  const limit = opts.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw errors.badRequest([{ path: 'limit', code: 'too_big', params: { max: MAX_LIMIT } }])
  }
  const readable = readableFields(ctx.actor, ctx.object)
  const keys = parseSort(opts.sort, readable)
  const where: RawBuilder<boolean>[] = [
    sql<boolean>`t.workspace_id = ${ctx.actor.workspaceId}`,
    opts.deleted ? sql<boolean>`t.deleted_at is not null` : sql<boolean>`t.deleted_at is null`,
    scopeWhere(ctx, 'read'),
  ]
  if (opts.filter !== undefined && opts.filter !== null) {
    where.push(ctx.deps.compileFilter(opts.filter, { ...ctx, alias: 't', path: 'filter' }))
  }
  const base = sql.join(where, sql` and `)
  const page = opts.cursor
    ? sql<boolean>`${base} and ${afterCursor('t', keys, decodeCursor(opts.cursor, keys))}`
    : base
  const cols = selectColumns(readable, !!opts.deleted)
  const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(`t.${c}`)))}
    from ${table(ctx)} as t where ${page} order by ${orderBy('t', keys)} limit ${limit + 1}`.execute(ctx.trx)
  const rows = r.rows.slice(0, limit)
  const last = rows[rows.length - 1]
  const result: ListResult = {
    data: rows.map((row) => rowToRecord(row, readable, !!opts.deleted)),
    nextCursor:
      r.rows.length > limit && last ? encodeCursor(keys.map((k) => sortValue(last, k.column))) : null,
  }
  if (opts.count) {
    const c = await sql<{
      n: number
    }>`select count(*)::int as n from ${table(ctx)} as t where ${base}`.execute(ctx.trx)
    result.total = c.rows[0]?.n ?? 0
  }
  return result
}

/** Count and sums per value of one field (list group-by, kanban columns), within the actor's scope. */
export async function groupsIn(
  ctx: Ctx,
  opts: { filter?: unknown; groupBy: string; sums?: string[] },
): Promise<GroupResult[]> {
  assertObject(ctx.actor, ctx.object.name, 'read')
  const readable = readableFields(ctx.actor, ctx.object)
  const gf = readable.find((f) => f.name === opts.groupBy)
  const groupable = opts.groupBy === 'owner_id' || (gf && GROUPABLE.has(gf.type))
  if (!groupable) throw errors.badRequest([{ path: 'groupBy', code: 'invalid_value' }])
  return aggregate(ctx, sql.ref(`t.${opts.groupBy}`), opts)
}

/**
 * Count and sums over every record of the list (filter and read scope applied, exactly like the list): the
 * totals row of a list, grouped or not. The key is null.
 */
export async function totalsIn(ctx: Ctx, opts: { filter?: unknown; sums?: string[] }): Promise<GroupResult> {
  assertObject(ctx.actor, ctx.object.name, 'read')
  const [total] = await aggregate(ctx, null, opts)
  return total ?? { key: null, count: 0, sums: {} }
}

/** One `count(*)` and `sum()` per summed field, per value of `g` (or over everything when `g` is null). */
async function aggregate(
  ctx: Ctx,
  g: RawBuilder<unknown> | ReturnType<typeof sql.ref> | null,
  opts: { filter?: unknown; sums?: string[] },
): Promise<GroupResult[]> {
  const readable = readableFields(ctx.actor, ctx.object)
  if ((opts.sums ?? []).length > 5) throw errors.badRequest([{ path: 'sum', code: 'too_large' }])
  const sums = (opts.sums ?? []).map((name, i) => {
    const f = readable.find((x) => x.name === name)
    if (!f || !['number', 'percent', 'currency', 'rating'].includes(f.type)) {
      throw errors.badRequest([{ path: `sum.${i}`, code: 'invalid_value' }])
    }
    return f
  })
  const where: RawBuilder<boolean>[] = [
    sql<boolean>`t.workspace_id = ${ctx.actor.workspaceId}`,
    sql<boolean>`t.deleted_at is null`,
    scopeWhere(ctx, 'read'),
  ]
  if (opts.filter !== undefined && opts.filter !== null) {
    where.push(ctx.deps.compileFilter(opts.filter, { ...ctx, alias: 't', path: 'filter' }))
  }
  const key = g ?? sql`null`
  const sumCols = sums.map((f, i) =>
    f.type === 'currency'
      ? sql`null as ${sql.id(`s${i}`)}` // summed per currency below
      : sql`sum(${sql.ref(`t.${f.name}`)}) as ${sql.id(`s${i}`)}`,
  )
  const r = await sql<Record<string, unknown>>`select ${key} as key, count(*)::int as n
      ${sumCols.length ? sql`, ${sql.join(sumCols)}` : sql``}
    from ${table(ctx)} as t where ${sql.join(where, sql` and `)}
    ${g ? sql`group by ${g} order by count(*) desc, ${g} asc nulls last limit 1000` : sql``}`.execute(ctx.trx)
  const currencySums = new Map<string, Map<string, Record<string, string>>>()
  for (const f of sums.filter((x) => x.type === 'currency')) {
    const cr = await sql<{
      key: unknown
      cur: string
      amount: string
    }>`select ${key} as key, ${sql.ref(`t.${f.name}__cur`)} as cur,
        sum(${sql.ref(`t.${f.name}`)})::text as amount
      from ${table(ctx)} as t where ${sql.join(where, sql` and `)} and ${sql.ref(`t.${f.name}`)} is not null
      group by ${g ? sql`1, 2` : sql`2`}`.execute(ctx.trx)
    const byKey = new Map<string, Record<string, string>>()
    for (const row of cr.rows) {
      const k = JSON.stringify(row.key ?? null)
      byKey.set(k, { ...(byKey.get(k) ?? {}), [row.cur]: row.amount })
    }
    currencySums.set(f.name, byKey)
  }
  return r.rows.map((row) => {
    const key = row.key instanceof Date ? row.key.toISOString() : (row.key ?? null)
    const out: GroupResult = { key, count: Number(row.n), sums: {} }
    sums.forEach((f, i) => {
      out.sums[f.name] =
        f.type === 'currency'
          ? (currencySums.get(f.name)?.get(JSON.stringify(key)) ?? {})
          : row[`s${i}`] === null || row[`s${i}`] === undefined
            ? null
            : Number(row[`s${i}`])
    })
    return out
  })
}
