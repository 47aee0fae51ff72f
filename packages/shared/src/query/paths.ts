import type { FieldDef, ObjectDef } from '../fields.ts'
import { FILTER_LIMITS, type FilterErrorCode } from './ast.ts'
import {
  ADDRESS_PARTS,
  type AddressPart,
  FIELD_TYPE_DOMAIN,
  type Operator,
  operatorsFor,
  type ValueDomain,
} from './operators.ts'

/** Finds an object's definition by name (the target of a relation); undefined when it does not exist. */
export type ResolveObject = (name: string) => ObjectDef | undefined

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en })
const system = (name: string, type: FieldDef['type'], l: FieldDef['label']): FieldDef => ({
  name,
  type,
  label: l,
  options: {},
  isSystem: true,
  isActive: true,
})

/** System columns a filter may name, typed like fields (`id` is a relation without a target: no traversal). */
export const SYSTEM_FILTER_FIELDS: readonly FieldDef[] = [
  system('id', 'relation', label('ID', 'ID')),
  system('owner_id', 'user', label('负责人', 'Owner')),
  system('created_at', 'datetime', label('创建时间', 'Created at')),
  system('created_by', 'user', label('创建人', 'Created by')),
  system('updated_at', 'datetime', label('更新时间', 'Updated at')),
  system('updated_by', 'user', label('更新人', 'Updated by')),
]

/** The fields of an object a filter may name: its active fields, then the system columns. */
export function filterableFields(object: ObjectDef): FieldDef[] {
  const own = object.fields.filter((f) => f.isActive && FIELD_TYPE_DOMAIN[f.type] !== null)
  const names = new Set(own.map((f) => f.name))
  return [...own, ...SYSTEM_FILTER_FIELDS.filter((f) => !names.has(f.name))]
}

function findField(object: ObjectDef, name: string): FieldDef | undefined {
  return (
    object.fields.find((f) => f.name === name && f.isActive) ??
    SYSTEM_FILTER_FIELDS.find((f) => f.name === name)
  )
}

/** One many-to-one step of a path: the relation field and the object it points to. */
export interface Hop {
  field: FieldDef
  target: ObjectDef
}

/** A field path resolved against metadata. */
export interface ResolvedPath {
  hops: Hop[]
  /** the field the condition tests, on the last hop's object (or on the base object) */
  field: FieldDef
  /** `address.province`: the part of an address field */
  part: AddressPart | null
  domain: ValueDomain
  operators: readonly Operator[]
}

export type PathResult =
  | { ok: true; path: ResolvedPath }
  | { ok: false; code: FilterErrorCode; message: string; params: Record<string, unknown> }

const SEGMENT = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Resolves `company.parent.industry` against an object: relation hops (at most 3), then a field,
 * optionally followed by an address part.
 */
export function resolvePath(object: ObjectDef, path: string, resolveObject: ResolveObject): PathResult {
  const fail = (
    code: FilterErrorCode,
    message: string,
    params: Record<string, unknown> = {},
  ): PathResult => ({
    ok: false,
    code,
    message,
    params: { path, ...params },
  })
  const segments = path.split('.')
  if (path.length > FILTER_LIMITS.maxPathLength || !segments.every((s) => SEGMENT.test(s))) {
    return fail('filter.unknown_field', `no field "${path}"`)
  }
  const hops: Hop[] = []
  let current = object
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!
    const field = findField(current, name)
    if (!field)
      return fail('filter.unknown_field', `no field "${name}" on ${current.name}`, {
        object: current.name,
        field: name,
      })
    const rest = segments.length - 1 - i
    if (rest === 0 || (field.type === 'address' && rest === 1)) {
      const part = rest === 1 ? segments[i + 1]! : null
      if (part !== null && !(ADDRESS_PARTS as readonly string[]).includes(part)) {
        return fail('filter.unknown_field', `an address has no part "${part}"`, { field: name, part })
      }
      const domain = part !== null ? 'text' : FIELD_TYPE_DOMAIN[field.type]
      if (domain === null)
        return fail('filter.not_filterable', `${field.type} fields cannot be filtered`, { type: field.type })
      return {
        ok: true,
        path: {
          hops,
          field,
          part: part as AddressPart | null,
          domain,
          operators: operatorsFor(field.type, part as AddressPart | null),
        },
      }
    }
    const targetName = field.type === 'relation' ? field.options.target : undefined
    if (!targetName) return fail('filter.not_a_relation', `"${name}" is not a relation`, { field: name })
    if (hops.length >= FILTER_LIMITS.maxRelationHops) {
      return fail('filter.path_too_deep', `more than ${FILTER_LIMITS.maxRelationHops} relations`, {
        max: FILTER_LIMITS.maxRelationHops,
      })
    }
    const target = resolveObject(targetName)
    if (!target) return fail('filter.unknown_object', `no object "${targetName}"`, { object: targetName })
    hops.push({ field, target })
    current = target
  }
  return fail('filter.unknown_field', `no field "${path}"`)
}
