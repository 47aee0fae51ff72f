import type { ValueDomain } from '@kemai/shared/query/operators'
import type { BoundScalar } from '@kemai/shared/query/parse'
import type { CompareOp, Predicate } from '@kemai/shared/query/predicates'
import { type RawBuilder, sql } from 'kysely'

/** The column (or expression) a condition tests, in one table of the query. */
export interface SqlTarget {
  domain: ValueDomain
  /** the column; for an address part `(col->>'part')` */
  value: RawBuilder<unknown>
  /** currency fields: the `<name>__cur` column beside the amount */
  currency: RawBuilder<unknown> | null
}

// A whitelist: the only SQL text that comes from a value of the AST.
const OPS: Record<CompareOp, RawBuilder<unknown>> = {
  '=': sql.raw('='),
  '>': sql.raw('>'),
  '>=': sql.raw('>='),
  '<': sql.raw('<'),
  '<=': sql.raw('<='),
}

function compare(t: SqlTarget, op: CompareOp, v: BoundScalar): RawBuilder<boolean> {
  if (t.currency !== null && typeof v === 'object') {
    // money compares within one currency: amount and code together
    return sql<boolean>`(${t.value} ${OPS[op]} ${v.amount} and ${t.currency} = ${v.currency})`
  }
  return sql<boolean>`${t.value} ${OPS[op]} ${v}`
}

/** A predicate's SQL, and whether it can be NULL (SQL's third value) where the evaluator says false. */
export interface SqlPredicate {
  sql: RawBuilder<boolean>
  nullable: boolean
}

const nullable = (s: RawBuilder<boolean>): SqlPredicate => ({ sql: s, nullable: true })
// never NULL: its negation can be a plain NOT, which PostgreSQL turns into an indexable `col is null`
const isNotNull = (t: SqlTarget): SqlPredicate => ({ sql: sql`${t.value} is not null`, nullable: false })

/**
 * `is_not_empty` per domain. Each is NULL or false on a NULL column, like every predicate, so that
 * `is_empty` (its negation) holds for NULL.
 */
const NOT_EMPTY: Record<ValueDomain, (t: SqlTarget) => SqlPredicate> = {
  text: (t) => nullable(sql`${t.value} <> ''`),
  text_list: (t) => nullable(sql`cardinality(${t.value}) > 0`),
  json: (t) => nullable(sql`${t.value} not in ('null'::jsonb, '[]'::jsonb, '{}'::jsonb)`),
  number: isNotNull,
  integer: isNotNull,
  money: isNotNull,
  date: isNotNull,
  datetime: isNotNull,
  boolean: isNotNull,
  id: isNotNull,
  user: isNotNull,
}

/** LIKE pattern for a literal needle: `\`, `%` and `_` escaped. */
export function likePattern(mode: 'contains' | 'starts_with' | 'ends_with', needle: string): string {
  const escaped = needle.replace(/[\\%_]/g, (c) => `\\${c}`)
  return mode === 'contains' ? `%${escaped}%` : mode === 'starts_with' ? `${escaped}%` : `%${escaped}`
}

type PredicateOf<K extends Predicate['kind']> = Extract<Predicate, { kind: K }>

/**
 * The table: each predicate → its SQL. Values are always bound parameters. Most builders yield NULL
 * where the evaluator says false (a NULL column); `compile-sql.ts` makes negation null-safe.
 */
export const SQL_PREDICATES: { [K in Predicate['kind']]: (t: SqlTarget, p: PredicateOf<K>) => SqlPredicate } =
  {
    compare: (t, p) => nullable(compare(t, p.op, p.value)),
    in: (t, p) => nullable(sql`${t.value} = any(${sql.val(p.values)})`),
    range: (t, p) => {
      const parts: RawBuilder<boolean>[] = []
      if (p.lo) parts.push(compare(t, p.lo.inclusive ? '>=' : '>', p.lo.value))
      if (p.hi) parts.push(compare(t, p.hi.inclusive ? '<=' : '<', p.hi.value))
      return nullable(parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` and `)})`)
    },
    // lower() under the ICU root collation = JS toLowerCase(), on PGlite and on a C-locale PostgreSQL alike
    // (the database's own lower() only folds ASCII under libc C.UTF-8 on PG 15). The needle is lowered in JS.
    text_match: (t, p) =>
      nullable(sql`lower(${t.value} collate "und-x-icu") like ${likePattern(p.mode, p.needle)} escape '\\'`),
    has_any: (t, p) => nullable(sql`${t.value} && ${sql.val(p.values)}`),
    has_all: (t, p) => nullable(sql`${t.value} @> ${sql.val(p.values)}`),
    not_empty: (t) => NOT_EMPTY[t.domain](t),
    never: () => ({ sql: sql`false`, nullable: false }),
  }

export function predicateSql(t: SqlTarget, p: Predicate): SqlPredicate {
  return (SQL_PREDICATES[p.kind] as (t: SqlTarget, p: Predicate) => SqlPredicate)(t, p)
}
