import { z } from 'zod'
import { OPERATORS, type Operator } from './operators.ts'

/**
 * The filter language's JSON AST (ARCHITECTURE rule 2): saved views, segments, assignment rules,
 * workflow conditions, permissions and reports all store one of these.
 *
 * @example { and: [{ field: 'company.industry', op: 'eq', value: 'it' }, { not: { field: 'owner_id', op: 'eq', value: '$me' } }] }
 */
export type Filter = AndNode | OrNode | NotNode | Condition

/** All children hold; `{ and: [] }` matches every record. */
export interface AndNode {
  and: Filter[]
}
/** At least one child holds; `{ or: [] }` matches no record. */
export interface OrNode {
  or: Filter[]
}
export interface NotNode {
  not: Filter
}

/** `field` is a path: fields of the object, then through `relation` fields (`company.parent.industry`). */
export interface Condition {
  field: string
  op: Operator
  value?: FilterValue
}

/** A money value as the API shapes it. */
export interface CurrencyFilterValue {
  amount: string | number
  currency: string
}
export type FilterScalar = string | number | boolean | CurrencyFilterValue
export type FilterValue = FilterScalar | null | FilterScalar[]

/** The variables a `user` value may hold: the current user, and the users of the current user's team. */
export const VAR_ME = '$me'
export const VAR_MY_TEAM = '$myTeam'

/** Limits that keep a stored or submitted filter cheap to parse, evaluate and plan. */
export const FILTER_LIMITS = {
  /** nesting levels of and/or/not/condition nodes (the root is level 1) */
  maxDepth: 10,
  /** and/or/not/condition nodes in one filter */
  maxNodes: 200,
  /** items in one list value (`in`, `has_any`, …) */
  maxValues: 1000,
  /** characters in one text value */
  maxStringLength: 1000,
  /** relation hops in one field path (`a.b.c.field` is 3) */
  maxRelationHops: 3,
  /** characters in one field path */
  maxPathLength: 200,
  /** n of `last_n_days` and friends */
  maxDays: 36500,
} as const

export const FILTER_ERROR_CODES = [
  'filter.bad_node',
  'filter.too_deep',
  'filter.too_large',
  'filter.too_many_values',
  'filter.unknown_field',
  'filter.not_a_relation',
  'filter.path_too_deep',
  'filter.unknown_object',
  'filter.not_filterable',
  'filter.bad_operator',
  'filter.missing_value',
  'filter.bad_value',
  'filter.bad_time_zone',
] as const
export type FilterErrorCode = (typeof FILTER_ERROR_CODES)[number]

/** One problem in a filter: where (`and[0].value[2]`, '' for the root), what (machine code), and why. */
export interface FilterIssue {
  path: string
  code: FilterErrorCode
  message: string
  params?: Record<string, unknown>
}

const currencyFilterValueSchema = z
  .object({ amount: z.union([z.string(), z.number()]), currency: z.string() })
  .strict()
const scalarSchema = z.union([z.string(), z.number(), z.boolean(), currencyFilterValueSchema])

export const conditionSchema = z
  .object({
    field: z.string().min(1).max(FILTER_LIMITS.maxPathLength),
    op: z.enum(OPERATORS),
    value: z.union([scalarSchema, z.null(), z.array(scalarSchema).max(FILTER_LIMITS.maxValues)]).optional(),
  })
  .strict()

/** The shape only, recursively (for OpenAPI documents). Parse untrusted input with `filterSchema`. */
export const filterNodeSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.object({ and: z.array(filterNodeSchema).max(FILTER_LIMITS.maxNodes) }).strict(),
    z.object({ or: z.array(filterNodeSchema).max(FILTER_LIMITS.maxNodes) }).strict(),
    z.object({ not: filterNodeSchema }).strict(),
    conditionSchema,
  ]),
)

/**
 * The structural schema for request bodies: limits first (a deep input would overflow the stack of a
 * recursive schema), then shape. It does not know the object: `parseFilter` checks paths, operators
 * per field type and values.
 */
export const filterSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    const issue = checkFilterLimits(v)
    if (issue) ctx.addIssue({ code: 'custom', message: issue.message, params: { code: issue.code } })
  })
  .pipe(filterNodeSchema)

/**
 * Walks the input without recursion and reports the first limit it breaks (depth, node count,
 * list length), or null. Safe on any input, cyclic objects included.
 */
export function checkFilterLimits(input: unknown): FilterIssue | null {
  const stack: { node: unknown; depth: number; path: string }[] = [{ node: input, depth: 1, path: '' }]
  let nodes = 0
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue
    nodes++
    if (depth > FILTER_LIMITS.maxDepth) {
      return {
        path,
        code: 'filter.too_deep',
        message: `nested deeper than ${FILTER_LIMITS.maxDepth} levels`,
        params: { max: FILTER_LIMITS.maxDepth },
      }
    }
    if (nodes > FILTER_LIMITS.maxNodes) {
      return {
        path,
        code: 'filter.too_large',
        message: `more than ${FILTER_LIMITS.maxNodes} nodes`,
        params: { max: FILTER_LIMITS.maxNodes },
      }
    }
    const n = node as Record<string, unknown>
    for (const key of ['and', 'or'] as const) {
      const list = Object.hasOwn(n, key) ? n[key] : undefined
      if (!Array.isArray(list)) continue
      if (list.length > FILTER_LIMITS.maxNodes) {
        return {
          path: joinPath(path, key),
          code: 'filter.too_large',
          message: `more than ${FILTER_LIMITS.maxNodes} nodes`,
          params: { max: FILTER_LIMITS.maxNodes },
        }
      }
      for (let i = list.length - 1; i >= 0; i--)
        stack.push({ node: list[i], depth: depth + 1, path: joinPath(path, key, i) })
    }
    if (Object.hasOwn(n, 'not')) stack.push({ node: n.not, depth: depth + 1, path: joinPath(path, 'not') })
    const value = Object.hasOwn(n, 'value') ? n.value : undefined
    if (Array.isArray(value) && value.length > FILTER_LIMITS.maxValues) {
      return {
        path: joinPath(path, 'value'),
        code: 'filter.too_many_values',
        message: `more than ${FILTER_LIMITS.maxValues} values`,
        params: { max: FILTER_LIMITS.maxValues },
      }
    }
  }
  return null
}

/** `and[0].value` style paths, '' for the root. */
export function joinPath(base: string, ...parts: (string | number)[]): string {
  let p = base
  for (const part of parts) p = typeof part === 'number' ? `${p}[${part}]` : p ? `${p}.${part}` : part
  return p
}
