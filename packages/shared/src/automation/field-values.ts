import {
  addressValueSchema,
  currencyValueSchema,
  type FieldDef,
  type FieldType,
  fileRefSchema,
  type ObjectDef,
  SYSTEM_COLUMNS,
} from '../fields.ts'
import { type ResolveObject, SYSTEM_FILTER_FIELDS } from '../query/paths.ts'

/** How a field name of an object resolves for a workflow: a field, a field since deleted, or nothing. */
export type FieldLookup =
  | { ok: true; field: FieldDef }
  | { ok: false; code: 'unknown_field' | 'deleted_field' }

export function lookupField(object: ObjectDef, name: string): FieldLookup {
  const f = object.fields.find((x) => x.name === name)
  if (f) return f.isActive ? { ok: true, field: f } : { ok: false, code: 'deleted_field' }
  const sys = SYSTEM_FILTER_FIELDS.find((x) => x.name === name)
  return sys ? { ok: true, field: sys } : { ok: false, code: 'unknown_field' }
}

export type PathLookup =
  | { ok: true; field: FieldDef | null }
  | { ok: false; code: 'unknown_field' | 'deleted_field' | 'unknown_object'; at: string }

/**
 * Resolves `company.parent.name` from an object for a merge field: relation hops, then a field; an address
 * part or a path inside a json field may follow. `field` is null for a path inside an address or json value.
 */
export function lookupPath(
  object: ObjectDef,
  path: readonly string[],
  resolveObject: ResolveObject,
): PathLookup {
  let obj = object
  for (let i = 0; i < path.length; i++) {
    const name = path[i]!
    const r = lookupField(obj, name)
    if (!r.ok) return { ok: false, code: r.code, at: name }
    if (i === path.length - 1) return { ok: true, field: r.field }
    const f = r.field
    if (f.type === 'json' || f.type === 'address') return { ok: true, field: null }
    const target = f.type === 'relation' && f.options.target ? resolveObject(f.options.target) : undefined
    if (!target)
      return { ok: false, code: f.type === 'relation' ? 'unknown_object' : 'unknown_field', at: path[i + 1]! }
    obj = target
  }
  return { ok: false, code: 'unknown_field', at: '' }
}

/** System columns a workflow may write: only the owner. */
export function isWritable(field: FieldDef): boolean {
  if (field.name === 'owner_id') return true
  if ((SYSTEM_COLUMNS as readonly string[]).includes(field.name)) return false
  return field.type !== 'many_to_many'
}

const TEXT_LIKE: ReadonlySet<FieldType> = new Set(['text', 'long_text', 'email', 'phone', 'url', 'select'])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Can a text with merge fields inside (not a single merge field) be written to this field? */
export const acceptsText = (type: FieldType): boolean => TEXT_LIKE.has(type)

/** Field types whose values can be copied into a field of type `to` by a single merge field. */
export function compatibleTypes(from: FieldType, to: FieldType): boolean {
  if (from === to || (TEXT_LIKE.has(to) && from !== 'json' && from !== 'file')) return true
  const groups: FieldType[][] = [
    ['number', 'percent', 'rating'],
    ['date', 'datetime'],
    ['multi_select', 'tags'],
    ['user'],
    ['relation'],
  ]
  return groups.some((g) => g.includes(from) && g.includes(to))
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/** Does a literal (no merge fields) fit the field's type? null clears a field and always fits. */
export function literalFits(field: FieldDef, v: unknown): boolean {
  if (v === null) return true
  const choices = field.options.choices?.map((c) => c.value)
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
      return typeof v === 'string'
    case 'number':
    case 'percent':
      return typeof v === 'number' && Number.isFinite(v)
    case 'rating':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= (field.options.scale ?? 5)
    case 'currency':
      return currencyValueSchema.safeParse(v).success
    case 'date':
      return typeof v === 'string' && DAY.test(v) && Number.isFinite(Date.parse(v))
    case 'datetime':
      return typeof v === 'string' && Number.isFinite(Date.parse(v))
    case 'boolean':
      return typeof v === 'boolean'
    case 'select':
      return typeof v === 'string' && (!choices || choices.includes(v))
    case 'multi_select':
      return isStringList(v) && (!choices || v.every((x) => choices.includes(x)))
    case 'tags':
      return isStringList(v)
    case 'user':
    case 'relation':
      return typeof v === 'string' && UUID.test(v)
    case 'address':
      return addressValueSchema.safeParse(v).success
    case 'json':
      return true
    case 'file':
      return Array.isArray(v) && v.every((x) => fileRefSchema.safeParse(x).success)
    case 'many_to_many':
      return false
  }
}
