import type { ObjectDef } from '../fields.ts'
import type { Filter } from './ast.ts'
import type { ValueDomain } from './operators.ts'
import { type BoundCondition, type BoundNode, type BoundScalar, bindFilter } from './parse.ts'
import type { ResolveObject } from './paths.ts'
import { type FilterEnvInput, lowerCondition, type Predicate, resolveEnv } from './predicates.ts'

/**
 * A record in API shape: field name → value, system columns (`id`, `owner_id`, `created_at`, …) included.
 * A relation value is either the related id (a string) or the related record expanded as
 * `{ id, ...fields }` (whose own relations may be expanded in turn). A path through a relation that
 * is null, not expanded, or points nowhere reads as null, exactly like SQL's missing row: expand every
 * path `relationPaths()` lists before evaluating.
 */
export type FilterRecord = Readonly<Record<string, unknown>>

export interface EvalContext extends FilterEnvInput {
  object: ObjectDef
  resolveObject: ResolveObject
}

type Value = string | number | boolean | bigint | Money | string[] | object
interface Money {
  cents: bigint
  currency: string
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)

function toCents(amount: unknown): bigint | null {
  const s = typeof amount === 'number' && Number.isFinite(amount) ? amount.toFixed(2) : amount
  if (typeof s !== 'string') return null
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -cents : cents
}

function toMoney(v: unknown): Money | null {
  if (!isPlainObject(v) || typeof v.currency !== 'string') return null
  const cents = toCents(v.amount)
  return cents === null ? null : { cents, currency: v.currency }
}

function toInstant(v: unknown): number | null {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN
  return Number.isFinite(ms) ? ms : null
}

function toId(v: unknown): string | null {
  const id = isPlainObject(v) ? v.id : v
  return typeof id === 'string' ? id.toLowerCase() : null
}

/** A record's (or a filter's) value in each domain's comparable form; null when empty or malformed. */
const NORMALISE: Record<ValueDomain, (v: unknown) => Value | null> = {
  text: (v) => (typeof v === 'string' ? v : null),
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null),
  integer: (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null),
  money: toMoney,
  date: (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null),
  datetime: toInstant,
  boolean: (v) => (typeof v === 'boolean' ? v : null),
  id: toId,
  user: toId,
  text_list: (v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null),
  json: (v) => (v === undefined || v === null ? null : (v as Value)),
}

/** Sign of a − b, NaN when not comparable (money in another currency). */
function compareValues(a: Value, b: Value): number {
  if (typeof a === 'object' && typeof b === 'object' && 'cents' in a && 'cents' in b) {
    const x = a as Money
    const y = b as Money
    if (x.currency !== y.currency) return Number.NaN
    return x.cents === y.cents ? 0 : x.cents > y.cents ? 1 : -1
  }
  if (a === b) return 0
  if (typeof a !== typeof b || typeof a === 'boolean') return Number.NaN
  return a > b ? 1 : a < b ? -1 : Number.NaN
}

const ORDER: Record<'=' | '>' | '>=' | '<' | '<=', (sign: number) => boolean> = {
  '=': (s) => s === 0,
  '>': (s) => s > 0,
  '>=': (s) => s >= 0,
  '<': (s) => s < 0,
  '<=': (s) => s <= 0,
}

const NOT_EMPTY: Record<ValueDomain, (v: Value) => boolean> = {
  text: (v) => v !== '',
  text_list: (v) => (v as string[]).length > 0,
  json: (v) => (Array.isArray(v) ? v.length > 0 : isPlainObject(v) ? Object.keys(v).length > 0 : true),
  number: () => true,
  integer: () => true,
  money: () => true,
  date: () => true,
  datetime: () => true,
  boolean: () => true,
  id: () => true,
  user: () => true,
}

type Test = (v: Value) => boolean
type PredicateOf<K extends Predicate['kind']> = Extract<Predicate, { kind: K }>
const operand = (domain: ValueDomain, v: BoundScalar): Value => NORMALISE[domain](v) ?? Number.NaN

/** The table: each predicate → a test on a non-null value (a null value fails every predicate). */
const PREDICATE_TESTS: { [K in Predicate['kind']]: (p: PredicateOf<K>, domain: ValueDomain) => Test } = {
  compare: (p, d) => {
    const b = operand(d, p.value)
    const holds = ORDER[p.op]
    return (v) => holds(compareValues(v, b))
  },
  in: (p, d) => {
    const set = new Set(p.values.map((x) => operand(d, x)))
    return (v) => set.has(v)
  },
  range: (p, d) => {
    const lo = p.lo && { b: operand(d, p.lo.value), holds: ORDER[p.lo.inclusive ? '>=' : '>'] }
    const hi = p.hi && { b: operand(d, p.hi.value), holds: ORDER[p.hi.inclusive ? '<=' : '<'] }
    return (v) => (!lo || lo.holds(compareValues(v, lo.b))) && (!hi || hi.holds(compareValues(v, hi.b)))
  },
  text_match: (p) => {
    const n = p.needle
    const match = {
      contains: (s: string) => s.includes(n),
      starts_with: (s: string) => s.startsWith(n),
      ends_with: (s: string) => s.endsWith(n),
    }[p.mode]
    return (v) => match((v as string).toLowerCase())
  },
  has_any: (p) => (v) => (v as string[]).some((x) => p.values.includes(x)),
  has_all: (p) => (v) => p.values.every((x) => (v as string[]).includes(x)),
  not_empty: (_, d) => NOT_EMPTY[d],
  never: () => () => false,
}

function testFor(p: Predicate, domain: ValueDomain): Test {
  return (PREDICATE_TESTS[p.kind] as (p: Predicate, d: ValueDomain) => Test)(p, domain)
}

/** Reads a condition's value off a record, following expanded relations. */
function reader(c: BoundCondition): (record: FilterRecord) => Value | null {
  const hops = c.path.hops.map((h) => h.field.name)
  const name = c.path.field.name
  const part = c.path.part
  const normalise = NORMALISE[c.path.domain]
  return (record) => {
    let r: unknown = record
    for (const hop of hops) {
      r = (r as Record<string, unknown>)[hop]
      if (!isPlainObject(r)) return null
    }
    let v = (r as Record<string, unknown>)[name]
    if (part !== null) v = isPlainObject(v) ? v[part] : null
    return normalise(v)
  }
}

function compileNode(node: BoundNode, env: ReturnType<typeof resolveEnv>): (r: FilterRecord) => boolean {
  switch (node.kind) {
    case 'and': {
      const children = node.children.map((c) => compileNode(c, env))
      return (r) => children.every((f) => f(r))
    }
    case 'or': {
      const children = node.children.map((c) => compileNode(c, env))
      return (r) => children.some((f) => f(r))
    }
    case 'not': {
      const child = compileNode(node.child, env)
      return (r) => !child(r)
    }
    case 'condition': {
      const { predicate, negate } = lowerCondition(node, env)
      const read = reader(node)
      const test = testFor(predicate, node.path.domain)
      return (r) => {
        const v = read(r)
        return (v !== null && test(v)) !== negate
      }
    }
  }
}

/**
 * Parses and binds a filter once; the returned function tests records in memory with the same
 * semantics as the SQL compiler. Throws FilterValidationError on an invalid filter or time zone.
 *
 * @example const matches = createEvaluator(view.filter, ctx); leads.filter(matches)
 */
export function createEvaluator(filter: Filter, ctx: EvalContext): (record: FilterRecord) => boolean {
  const bound = bindFilter(filter, ctx.object, ctx.resolveObject)
  return compileNode(bound, resolveEnv(ctx))
}

/** Whether one record matches a filter. */
export function evaluateFilter(filter: Filter, record: FilterRecord, ctx: EvalContext): boolean {
  return createEvaluator(filter, ctx)(record)
}

/** The relation paths a record must have expanded for the evaluator, e.g. `['company', 'company.parent']`. */
export function relationPaths(filter: Filter, object: ObjectDef, resolveObject: ResolveObject): string[] {
  const out = new Set<string>()
  const walk = (n: BoundNode): void => {
    if (n.kind === 'and' || n.kind === 'or') {
      for (const c of n.children) walk(c)
    } else if (n.kind === 'not') walk(n.child)
    else {
      const names = n.path.hops.map((h) => h.field.name)
      for (let i = 1; i <= names.length; i++) out.add(names.slice(0, i).join('.'))
    }
  }
  walk(bindFilter(filter, object, resolveObject))
  return [...out].sort()
}
