import type { FieldType } from '../fields.ts'

/**
 * The ONE table of the filter language (CONVENTIONS rule 10): which operators exist, what value each
 * takes, which are negations, and which apply to each field type. The web filter builder, `parseFilter`,
 * the in-memory evaluator and the SQL compiler all read it.
 */
export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'is_empty',
  'is_not_empty',
  'has_any',
  'has_all',
  'has_none',
  'today',
  'yesterday',
  'tomorrow',
  'last_n_days',
  'next_n_days',
  'before_last_n_days',
  'this_week',
  'last_week',
  'next_week',
  'this_month',
  'last_month',
  'next_month',
  'this_quarter',
  'last_quarter',
  'next_quarter',
  'this_year',
  'last_year',
  'next_year',
] as const
export type Operator = (typeof OPERATORS)[number]

/**
 * A negated operator is true exactly when the operator it negates is false, nulls included
 * (`neq 'x'` holds for an empty value). Both back ends implement only the positive operators.
 */
export const NEGATIONS = {
  neq: 'eq',
  not_in: 'in',
  not_contains: 'contains',
  is_empty: 'is_not_empty',
  has_none: 'has_any',
} as const satisfies Partial<Record<Operator, Operator>>
export type NegatedOperator = keyof typeof NEGATIONS
/** Operators that are false when the value is empty (null), so `EXISTS` can carry them through a relation. */
export type PositiveOperator = Exclude<Operator, NegatedOperator>

/**
 * What the `value` of a condition looks like:
 * - `none`: no value (`null` or absent)
 * - `scalar`: one value of the field's kind
 * - `text`: a non-empty string
 * - `list` / `nonempty_list`: an array of scalars
 * - `pair`: `[from, to]`, both inclusive
 * - `days`: a positive integer n
 */
export type ValueShape = 'none' | 'scalar' | 'text' | 'list' | 'nonempty_list' | 'pair' | 'days'

export type OperatorGroup = 'equality' | 'text' | 'order' | 'empty' | 'set' | 'relative_date'

export interface OperatorSpec {
  value: ValueShape
  group: OperatorGroup
}

export const OPERATOR_SPECS: Record<Operator, OperatorSpec> = {
  eq: { value: 'scalar', group: 'equality' },
  neq: { value: 'scalar', group: 'equality' },
  in: { value: 'list', group: 'equality' },
  not_in: { value: 'list', group: 'equality' },
  contains: { value: 'text', group: 'text' },
  not_contains: { value: 'text', group: 'text' },
  starts_with: { value: 'text', group: 'text' },
  ends_with: { value: 'text', group: 'text' },
  gt: { value: 'scalar', group: 'order' },
  gte: { value: 'scalar', group: 'order' },
  lt: { value: 'scalar', group: 'order' },
  lte: { value: 'scalar', group: 'order' },
  between: { value: 'pair', group: 'order' },
  is_empty: { value: 'none', group: 'empty' },
  is_not_empty: { value: 'none', group: 'empty' },
  has_any: { value: 'nonempty_list', group: 'set' },
  has_all: { value: 'nonempty_list', group: 'set' },
  has_none: { value: 'nonempty_list', group: 'set' },
  today: { value: 'none', group: 'relative_date' },
  yesterday: { value: 'none', group: 'relative_date' },
  tomorrow: { value: 'none', group: 'relative_date' },
  last_n_days: { value: 'days', group: 'relative_date' },
  next_n_days: { value: 'days', group: 'relative_date' },
  before_last_n_days: { value: 'days', group: 'relative_date' },
  this_week: { value: 'none', group: 'relative_date' },
  last_week: { value: 'none', group: 'relative_date' },
  next_week: { value: 'none', group: 'relative_date' },
  this_month: { value: 'none', group: 'relative_date' },
  last_month: { value: 'none', group: 'relative_date' },
  next_month: { value: 'none', group: 'relative_date' },
  this_quarter: { value: 'none', group: 'relative_date' },
  last_quarter: { value: 'none', group: 'relative_date' },
  next_quarter: { value: 'none', group: 'relative_date' },
  this_year: { value: 'none', group: 'relative_date' },
  last_year: { value: 'none', group: 'relative_date' },
  next_year: { value: 'none', group: 'relative_date' },
}

/**
 * The kind of value a field holds as far as filtering goes; decides how values are validated and
 * compared. `integer` is a number that must be whole (rating, a smallint column); `user` is an id that
 * also accepts `$me` / `$myTeam`.
 */
export type ValueDomain =
  | 'text'
  | 'number'
  | 'integer'
  | 'money'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'id'
  | 'user'
  | 'text_list'
  | 'json'

export const FIELD_TYPE_DOMAIN: Record<FieldType, ValueDomain | null> = {
  text: 'text',
  long_text: 'text',
  number: 'number',
  currency: 'money',
  percent: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  select: 'text',
  multi_select: 'text_list',
  email: 'text',
  phone: 'text',
  url: 'text',
  address: 'json',
  rating: 'integer',
  user: 'user',
  relation: 'id',
  // not filterable yet: it has no column; a junction-object EXISTS comes with the metadata engine's junctions
  many_to_many: null,
  tags: 'text_list',
  json: 'json',
  file: 'json',
}

const EMPTY = ['is_empty', 'is_not_empty'] as const
const EQUALITY = ['eq', 'neq', 'in', 'not_in'] as const
const TEXT_MATCH = ['contains', 'not_contains', 'starts_with', 'ends_with'] as const
const ORDER = ['gt', 'gte', 'lt', 'lte', 'between'] as const
const SETS = ['has_any', 'has_all', 'has_none'] as const
export const RELATIVE_DATE_OPERATORS = OPERATORS.filter((op) => OPERATOR_SPECS[op].group === 'relative_date')

const TEXT_OPS: readonly Operator[] = [...EQUALITY, ...TEXT_MATCH, ...EMPTY]
const NUMBER_OPS: readonly Operator[] = [...EQUALITY, ...ORDER, ...EMPTY]
const DATE_OPS: readonly Operator[] = ['eq', 'neq', ...ORDER, ...RELATIVE_DATE_OPERATORS, ...EMPTY]

/** Operators allowed per field type, in the order a filter builder offers them. */
export const OPERATORS_BY_FIELD_TYPE: Record<FieldType, readonly Operator[]> = {
  text: TEXT_OPS,
  long_text: [...TEXT_MATCH, ...EMPTY],
  number: NUMBER_OPS,
  currency: ['eq', 'neq', ...ORDER, ...EMPTY],
  percent: NUMBER_OPS,
  date: DATE_OPS,
  datetime: DATE_OPS,
  boolean: ['eq', 'neq', ...EMPTY],
  select: [...EQUALITY, ...EMPTY],
  multi_select: [...SETS, ...EMPTY],
  email: TEXT_OPS,
  phone: TEXT_OPS,
  url: TEXT_OPS,
  address: EMPTY,
  rating: NUMBER_OPS,
  user: [...EQUALITY, ...EMPTY],
  relation: [...EQUALITY, ...EMPTY],
  many_to_many: [],
  tags: [...SETS, ...EMPTY],
  json: EMPTY,
  file: EMPTY,
}

/** The parts of an `address` value that a path may name (`address.province`); each is text. */
export const ADDRESS_PARTS = ['country', 'province', 'city', 'district', 'text'] as const
export type AddressPart = (typeof ADDRESS_PARTS)[number]
export const ADDRESS_PART_OPERATORS: readonly Operator[] = TEXT_OPS

/** What the filter builder offers for a field (or for one part of an address). */
export function operatorsFor(type: FieldType, part?: AddressPart | null): readonly Operator[] {
  return part ? ADDRESS_PART_OPERATORS : OPERATORS_BY_FIELD_TYPE[type]
}

export function isNegated(op: Operator): op is NegatedOperator {
  return Object.hasOwn(NEGATIONS, op)
}

/** The positive operator a condition is evaluated with, and whether its result is then inverted. */
export function positiveOf(op: Operator): { op: PositiveOperator; negate: boolean } {
  return isNegated(op) ? { op: NEGATIONS[op], negate: true } : { op, negate: false }
}
