import { VAR_ME, VAR_MY_TEAM } from './ast.ts'
import { type PositiveOperator, positiveOf, type ValueDomain } from './operators.ts'
import { type BoundCondition, type BoundScalar, FilterValidationError } from './parse.ts'
import {
  addDays,
  type DayRange,
  DEFAULT_TIME_ZONE,
  isRelativeOperator,
  isValidDay,
  isValidTimeZone,
  localDay,
  relativeDayRange,
  startOfDay,
} from './time.ts'

/**
 * Where the semantics live. Every positive operator is lowered here to one of a few predicates, with
 * its day boundaries, variables and case already worked out; the evaluator and the SQL compiler each
 * implement only these predicates. A predicate is false when the tested value is empty (null), so a
 * negated operator (`neq`, `is_empty`, …) is exactly NOT of its positive one, nulls included.
 */
export type Predicate =
  | { kind: 'compare'; op: CompareOp; value: BoundScalar }
  | { kind: 'in'; values: (string | number)[] }
  | { kind: 'range'; lo: RangeEnd | null; hi: RangeEnd | null }
  /** `needle` is already lower case (String.prototype.toLowerCase, which matches ICU's root lower()) */
  | { kind: 'text_match'; mode: 'contains' | 'starts_with' | 'ends_with'; needle: string }
  | { kind: 'has_any'; values: string[] }
  | { kind: 'has_all'; values: string[] }
  | { kind: 'not_empty' }
  | { kind: 'never' }

export type CompareOp = '=' | '>' | '>=' | '<' | '<='

/** One end of a range; for a datetime the value is an ISO instant, for a date a day. */
export interface RangeEnd {
  value: BoundScalar
  inclusive: boolean
}

/** What a filter is evaluated against besides the record: time, zone and who is asking. */
export interface FilterEnv {
  now: Date
  /** IANA zone of the workspace: days (today, this_month, a datetime compared to a date) are its days */
  timeZone: string
  me: string | null
  myTeam: readonly string[]
  /** 1 = Monday (default, as in China), 0 = Sunday */
  weekStartsOn: 0 | 1
}

export interface FilterEnvInput {
  now: Date
  timeZone?: string | undefined
  me: string | null
  myTeam: readonly string[]
  weekStartsOn?: 0 | 1 | undefined
}

export function resolveEnv(input: FilterEnvInput): FilterEnv {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE
  if (!isValidTimeZone(timeZone)) {
    throw new FilterValidationError([
      {
        path: '',
        code: 'filter.bad_time_zone',
        message: `unknown time zone "${timeZone}"`,
        params: { timeZone },
      },
    ])
  }
  if (!Number.isFinite(input.now.getTime())) {
    throw new FilterValidationError([{ path: '', code: 'filter.bad_value', message: 'invalid "now"' }])
  }
  return {
    now: input.now,
    timeZone,
    me: input.me === null ? null : input.me.toLowerCase(),
    myTeam: input.myTeam.map((id) => id.toLowerCase()),
    weekStartsOn: input.weekStartsOn ?? 1,
  }
}

/** A datetime compared with a day means that whole day in the workspace time zone. */
function dayOf(domain: ValueDomain, v: BoundScalar): string | null {
  return domain === 'datetime' && typeof v === 'string' && isValidDay(v) ? v : null
}

const instant = (day: string, env: FilterEnv): string => new Date(startOfDay(day, env.timeZone)).toISOString()
const end = (value: BoundScalar, inclusive: boolean): RangeEnd => ({ value, inclusive })

/** Day range → predicate in the field's own terms: days for a date, instants for a datetime. */
function dayRange(domain: ValueDomain, r: DayRange, env: FilterEnv): Predicate {
  const at = (day: string) => (domain === 'datetime' ? instant(day, env) : day)
  return {
    kind: 'range',
    lo: r.from === null ? null : end(at(r.from), true),
    hi: r.to === null ? null : end(at(r.to), false),
  }
}

/** List values with `$me` / `$myTeam` expanded, without duplicates. */
function listValues(values: BoundScalar[], env: FilterEnv): (string | number)[] {
  const out = new Set<string | number>()
  for (const v of values) {
    if (v === VAR_ME) {
      if (env.me !== null) out.add(env.me)
    } else if (v === VAR_MY_TEAM) {
      for (const id of env.myTeam) out.add(id)
    } else out.add(v as string | number)
  }
  return [...out]
}

function compare(op: CompareOp, c: BoundCondition, env: FilterEnv): Predicate {
  const v = c.value as BoundScalar
  const day = dayOf(c.path.domain, v)
  if (day !== null) {
    const start = () => end(instant(day, env), true)
    const next = () => end(instant(addDays(day, 1), env), false)
    const byOp: Record<CompareOp, () => Predicate> = {
      '=': () => ({ kind: 'range', lo: start(), hi: next() }),
      '>': () => ({ kind: 'range', lo: { ...next(), inclusive: true }, hi: null }),
      '>=': () => ({ kind: 'range', lo: start(), hi: null }),
      '<': () => ({ kind: 'range', lo: null, hi: { ...start(), inclusive: false } }),
      '<=': () => ({ kind: 'range', lo: null, hi: next() }),
    }
    return byOp[op]()
  }
  if (v === VAR_ME) return env.me === null ? { kind: 'never' } : { kind: 'compare', op, value: env.me }
  return { kind: 'compare', op, value: v }
}

function textMatch(mode: 'contains' | 'starts_with' | 'ends_with') {
  return (c: BoundCondition): Predicate => ({
    kind: 'text_match',
    mode,
    needle: (c.value as string).toLowerCase(),
  })
}

function relative(c: BoundCondition, env: FilterEnv): Predicate {
  const op = c.op
  if (!isRelativeOperator(op)) return { kind: 'never' }
  const today = localDay(env.now.getTime(), env.timeZone)
  return dayRange(
    c.path.domain,
    relativeDayRange(op, today, typeof c.value === 'number' ? c.value : 0, env.weekStartsOn),
    env,
  )
}

/** The table: each positive operator → its predicate. */
const LOWERINGS: Record<PositiveOperator, (c: BoundCondition, env: FilterEnv) => Predicate> = {
  eq: (c, env) => compare('=', c, env),
  gt: (c, env) => compare('>', c, env),
  gte: (c, env) => compare('>=', c, env),
  lt: (c, env) => compare('<', c, env),
  lte: (c, env) => compare('<=', c, env),
  in: (c, env) => {
    const values = listValues(c.value as BoundScalar[], env)
    return values.length === 0 ? { kind: 'never' } : { kind: 'in', values }
  },
  between: (c, env) => {
    const [from, to] = c.value as [BoundScalar, BoundScalar]
    const fromDay = dayOf(c.path.domain, from)
    const toDay = dayOf(c.path.domain, to)
    return {
      kind: 'range',
      lo: fromDay !== null ? end(instant(fromDay, env), true) : end(from, true),
      hi: toDay !== null ? end(instant(addDays(toDay, 1), env), false) : end(to, true),
    }
  },
  contains: textMatch('contains'),
  starts_with: textMatch('starts_with'),
  ends_with: textMatch('ends_with'),
  is_not_empty: () => ({ kind: 'not_empty' }),
  has_any: (c) => ({ kind: 'has_any', values: [...new Set(c.value as string[])] }),
  has_all: (c) => ({ kind: 'has_all', values: [...new Set(c.value as string[])] }),
  today: relative,
  yesterday: relative,
  tomorrow: relative,
  last_n_days: relative,
  next_n_days: relative,
  before_last_n_days: relative,
  this_week: relative,
  last_week: relative,
  next_week: relative,
  this_month: relative,
  last_month: relative,
  next_month: relative,
  this_quarter: relative,
  last_quarter: relative,
  next_quarter: relative,
  this_year: relative,
  last_year: relative,
  next_year: relative,
}

/** A condition as a predicate plus whether the result is inverted (for `neq`, `not_in`, `is_empty`, …). */
export function lowerCondition(c: BoundCondition, env: FilterEnv): { predicate: Predicate; negate: boolean } {
  const { op, negate } = positiveOf(c.op)
  return { predicate: LOWERINGS[op]({ ...c, op }, env), negate }
}
