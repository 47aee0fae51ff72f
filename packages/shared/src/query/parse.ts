import { type CurrencyValue, currencyValueSchema, type ObjectDef } from '../fields.ts'
import {
  checkFilterLimits,
  FILTER_LIMITS,
  type Filter,
  type FilterIssue,
  type FilterValue,
  joinPath,
  VAR_ME,
  VAR_MY_TEAM,
} from './ast.ts'
import { OPERATOR_SPECS, OPERATORS, type Operator, type ValueDomain } from './operators.ts'
import { type ResolvedPath, type ResolveObject, resolvePath } from './paths.ts'
import { isValidDay, parseInstant } from './time.ts'

/** A filter checked against an object: paths resolved, values validated and normalised. */
export type BoundNode =
  | { kind: 'and'; children: BoundNode[] }
  | { kind: 'or'; children: BoundNode[] }
  | { kind: 'not'; child: BoundNode }
  | BoundCondition

/**
 * Normalised scalars: text as given; numbers; money with a 2-decimal amount; a date as 'YYYY-MM-DD';
 * a datetime as 'YYYY-MM-DD' (that whole day in the workspace time zone) or an ISO instant in UTC;
 * ids in lower case; `$me` / `$myTeam` kept until evaluation.
 */
export type BoundScalar = string | number | boolean | CurrencyValue

export interface BoundCondition {
  kind: 'condition'
  path: ResolvedPath
  op: Operator
  /** null for operators without a value; a number of days; a scalar; or a list (pairs too) */
  value: null | BoundScalar | BoundScalar[]
}

export type ParseResult =
  | { ok: true; filter: Filter; bound: BoundNode }
  | { ok: false; errors: FilterIssue[] }

/** Thrown by the evaluator and the SQL compiler when handed a filter that `parseFilter` rejects. */
export class FilterValidationError extends Error {
  readonly code = 'invalid_filter'
  constructor(readonly issues: FilterIssue[]) {
    super(`invalid filter: ${issues.map((i) => `${i.path || '(root)'}: ${i.code}`).join(', ')}`)
    this.name = 'FilterValidationError'
  }
}

const MAX_ISSUES = 50
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Scalar = { ok: true; value: BoundScalar } | { ok: false; message: string }
const bad = (message: string): Scalar => ({ ok: false, message })
const good = (value: BoundScalar): Scalar => ({ ok: true, value })

function parseText(v: unknown): Scalar {
  if (typeof v !== 'string') return bad('expected a string')
  if (v.length > FILTER_LIMITS.maxStringLength)
    return bad(`longer than ${FILTER_LIMITS.maxStringLength} characters`)
  // PostgreSQL text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8
  if (v.includes('\u0000') || LONE_SURROGATE.test(v)) return bad('not valid text')
  return good(v)
}

function parseMoney(v: unknown): Scalar {
  const r = currencyValueSchema.safeParse(v)
  if (!r.success) return bad('expected {amount, currency} with at most 2 decimals and an ISO currency code')
  const amount = typeof r.data.amount === 'number' ? String(r.data.amount) : r.data.amount
  const m = /^(-?)(\d{1,16})(?:\.(\d{1,2}))?$/.exec(amount)
  if (!m) return bad('expected an amount with at most 16 digits and 2 decimals')
  const int = m[2]!.replace(/^0+(?=\d)/, '')
  const frac = (m[3] ?? '').padEnd(2, '0')
  const zero = /^0+$/.test(int + frac)
  return good({ amount: `${m[1] && !zero ? '-' : ''}${int}.${frac}`, currency: r.data.currency })
}

function parseId(v: unknown): Scalar {
  return typeof v === 'string' && UUID.test(v) ? good(v.toLowerCase()) : bad('expected a UUID')
}

/** How one value of each domain is checked and normalised. */
const SCALAR_PARSERS: Record<ValueDomain, (v: unknown) => Scalar> = {
  text: parseText,
  text_list: parseText,
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? good(v) : bad('expected a finite number')),
  integer: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= -32768 && v <= 32767
      ? good(v)
      : bad('expected a whole number'),
  money: parseMoney,
  date: (v) => (typeof v === 'string' && isValidDay(v) ? good(v) : bad('expected a date YYYY-MM-DD')),
  datetime: (v) => {
    if (typeof v !== 'string') return bad('expected a date YYYY-MM-DD or an ISO datetime with offset')
    if (isValidDay(v)) return good(v)
    const ms = parseInstant(v)
    return ms === null
      ? bad('expected a date YYYY-MM-DD or an ISO datetime with offset')
      : good(new Date(ms).toISOString())
  },
  boolean: (v) => (typeof v === 'boolean' ? good(v) : bad('expected true or false')),
  id: parseId,
  user: (v) => (v === VAR_ME ? good(VAR_ME) : parseId(v)),
  json: () => bad('no value expected'),
}

function parseListItem(domain: ValueDomain, v: unknown): Scalar {
  return domain === 'user' && v === VAR_MY_TEAM ? good(VAR_MY_TEAM) : SCALAR_PARSERS[domain](v)
}

class Parser {
  readonly errors: FilterIssue[] = []
  constructor(
    private readonly object: ObjectDef,
    private readonly resolveObject: ResolveObject,
  ) {}

  issue(path: string, code: FilterIssue['code'], message: string, params?: Record<string, unknown>): null {
    if (this.errors.length < MAX_ISSUES)
      this.errors.push(params ? { path, code, message, params } : { path, code, message })
    return null
  }

  node(input: unknown, path: string): { filter: Filter; bound: BoundNode } | null {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return this.issue(path, 'filter.bad_node', 'expected an object: {and}, {or}, {not} or a condition')
    }
    const n = input as Record<string, unknown>
    const keys = Object.keys(n)
    for (const key of ['and', 'or'] as const) {
      if (!Object.hasOwn(n, key)) continue
      if (keys.length !== 1)
        return this.issue(path, 'filter.bad_node', `"${key}" must be the only key of its node`)
      const list = n[key]
      if (!Array.isArray(list))
        return this.issue(joinPath(path, key), 'filter.bad_node', 'expected an array of filters')
      const parsed = list.map((child, i) => this.node(child, joinPath(path, key, i)))
      if (parsed.some((p) => p === null)) return null
      const ok = parsed as { filter: Filter; bound: BoundNode }[]
      const filter = (
        key === 'and' ? { and: ok.map((p) => p.filter) } : { or: ok.map((p) => p.filter) }
      ) as Filter
      return { filter, bound: { kind: key, children: ok.map((p) => p.bound) } }
    }
    if (Object.hasOwn(n, 'not')) {
      if (keys.length !== 1)
        return this.issue(path, 'filter.bad_node', '"not" must be the only key of its node')
      const child = this.node(n.not, joinPath(path, 'not'))
      return child && { filter: { not: child.filter }, bound: { kind: 'not', child: child.bound } }
    }
    return this.condition(n, keys, path)
  }

  condition(
    n: Record<string, unknown>,
    keys: string[],
    path: string,
  ): { filter: Filter; bound: BoundNode } | null {
    const extra = keys.find((k) => k !== 'field' && k !== 'op' && k !== 'value')
    if (extra !== undefined)
      return this.issue(joinPath(path, extra), 'filter.bad_node', `unknown key "${extra}"`)
    if (typeof n.field !== 'string')
      return this.issue(joinPath(path, 'field'), 'filter.bad_node', 'expected a field path')
    const resolved = resolvePath(this.object, n.field, this.resolveObject)
    const opOk = typeof n.op === 'string' && (OPERATORS as readonly string[]).includes(n.op)
    if (!opOk) this.issue(joinPath(path, 'op'), 'filter.bad_operator', 'unknown operator', { op: n.op })
    if (!resolved.ok)
      return this.issue(joinPath(path, 'field'), resolved.code, resolved.message, resolved.params)
    if (!opOk) return null
    const op = n.op as Operator
    const rp = resolved.path
    if (!rp.operators.includes(op)) {
      return this.issue(
        joinPath(path, 'op'),
        'filter.bad_operator',
        `"${op}" does not apply to ${rp.part ? 'an address part' : `a ${rp.field.type} field`}`,
        {
          op,
          type: rp.field.type,
          allowed: rp.operators,
        },
      )
    }
    const value = this.value(
      op,
      rp.domain,
      Object.hasOwn(n, 'value') ? n.value : undefined,
      joinPath(path, 'value'),
    )
    if (value === undefined) return null
    const filter: Filter =
      value === null ? { field: n.field, op } : { field: n.field, op, value: value as FilterValue }
    return { filter, bound: { kind: 'condition', path: rp, op, value } }
  }

  /** The normalised value, or undefined after reporting an issue. */
  value(op: Operator, domain: ValueDomain, v: unknown, path: string): BoundCondition['value'] | undefined {
    const shape = OPERATOR_SPECS[op].value
    if (shape === 'none') {
      if (v === undefined || v === null) return null
      this.issue(path, 'filter.bad_value', `"${op}" takes no value`, { op })
      return undefined
    }
    if (v === undefined || v === null) {
      this.issue(path, 'filter.missing_value', `"${op}" needs a value`, { op })
      return undefined
    }
    const scalar = (parse: (x: unknown) => Scalar, x: unknown, at: string): BoundScalar | undefined => {
      const r = parse(x)
      if (r.ok) return r.value
      this.issue(at, 'filter.bad_value', r.message, { op })
      return undefined
    }
    switch (shape) {
      case 'scalar':
        return scalar(SCALAR_PARSERS[domain], v, path)
      case 'text': {
        const s = scalar(parseText, v, path)
        if (s === '') this.issue(path, 'filter.bad_value', 'expected a non-empty string', { op })
        return s === '' ? undefined : s
      }
      case 'days':
        if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= FILTER_LIMITS.maxDays) return v
        this.issue(
          path,
          'filter.bad_value',
          `expected a whole number of days from 1 to ${FILTER_LIMITS.maxDays}`,
          { op },
        )
        return undefined
      case 'list':
      case 'nonempty_list':
      case 'pair': {
        if (!Array.isArray(v)) {
          this.issue(path, 'filter.bad_value', 'expected an array', { op })
          return undefined
        }
        if (v.length > FILTER_LIMITS.maxValues) {
          this.issue(path, 'filter.too_many_values', `more than ${FILTER_LIMITS.maxValues} values`, {
            max: FILTER_LIMITS.maxValues,
          })
          return undefined
        }
        if ((shape === 'pair' && v.length !== 2) || (shape === 'nonempty_list' && v.length === 0)) {
          this.issue(
            path,
            'filter.bad_value',
            shape === 'pair' ? 'expected [from, to]' : 'expected at least one value',
            { op },
          )
          return undefined
        }
        const parse = shape === 'pair' ? SCALAR_PARSERS[domain] : (x: unknown) => parseListItem(domain, x)
        const items = v.map((x, i) => scalar(parse, x, joinPath(path, i)))
        if (items.some((x) => x === undefined)) return undefined
        const list = items as BoundScalar[]
        if (
          shape === 'pair' &&
          domain === 'money' &&
          (list[0] as CurrencyValue).currency !== (list[1] as CurrencyValue).currency
        ) {
          this.issue(path, 'filter.bad_value', 'both ends must have the same currency', { op })
          return undefined
        }
        return list
      }
    }
  }
}

/**
 * Checks a filter against an object: limits, shape, field paths, operators per field type and values.
 * Never throws on bad input; every problem comes back with a path and a `filter.*` code.
 *
 * @example parseFilter({ field: 'company.industry', op: 'eq', value: 'it' }, contact, resolveObject)
 */
export function parseFilter(json: unknown, object: ObjectDef, resolveObject: ResolveObject): ParseResult {
  const limit = checkFilterLimits(json)
  if (limit) return { ok: false, errors: [limit] }
  const parser = new Parser(object, resolveObject)
  let result: ReturnType<Parser['node']>
  try {
    result = parser.node(json, '')
  } catch (e) {
    // only exotic JS input gets here (throwing getters, proxies); JSON cannot
    return {
      ok: false,
      errors: [{ path: '', code: 'filter.bad_node', message: `unreadable filter: ${String(e)}` }],
    }
  }
  if (result === null || parser.errors.length > 0) return { ok: false, errors: parser.errors }
  return { ok: true, filter: result.filter, bound: result.bound }
}

/** `parseFilter` for trusted callers: the bound tree, or a thrown FilterValidationError. */
export function bindFilter(filter: Filter, object: ObjectDef, resolveObject: ResolveObject): BoundNode {
  const r = parseFilter(filter, object, resolveObject)
  if (!r.ok) throw new FilterValidationError(r.errors)
  return r.bound
}
