import type { Locale } from '@kemai/shared/i18n/messages'
import type { Condition, Filter, FilterValue } from '@kemai/shared/query/ast'
import {
  ADDRESS_PARTS,
  type AddressPart,
  FIELD_TYPE_DOMAIN,
  OPERATOR_SPECS,
  type Operator,
  operatorsFor,
} from '@kemai/shared/query/operators'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { labelOf } from '../label.ts'

/**
 * The filter builder's model: an editable tree of and/or groups over conditions, converted to and from
 * the filter-language AST that goes into the URL (`?filter=`) and into saved views. Paths follow
 * relations through their target's metadata (`company.industry`). Runtime imports stay zod-free.
 */

export interface EditCondition {
  kind: 'condition'
  key: string
  field: string
  op: Operator | null
  value?: FilterValue
}
export interface EditGroup {
  kind: 'group'
  key: string
  join: 'and' | 'or'
  items: EditNode[]
}
/** A node the builder cannot edit (a `not`): kept as it is and shown read-only. */
export interface EditRaw {
  kind: 'raw'
  key: string
  filter: Filter
}
export type EditNode = EditCondition | EditGroup | EditRaw

let seq = 0
export const newKey = () => `n${++seq}`

const sys = (name: string, type: FieldMeta['type'], zh: string, en: string) =>
  ({
    name,
    type,
    label: { 'zh-CN': zh, en },
    options: {},
    isSystem: true,
    isActive: true,
  }) as unknown as FieldMeta

/** System columns a filter may name (the server's SYSTEM_FILTER_FIELDS, minus `id`). */
export const SYSTEM_FIELDS: FieldMeta[] = [
  sys('owner_id', 'user', '负责人', 'Owner'),
  sys('created_at', 'datetime', '创建时间', 'Created at'),
  sys('created_by', 'user', '创建人', 'Created by'),
  sys('updated_at', 'datetime', '更新时间', 'Updated at'),
  sys('updated_by', 'user', '更新人', 'Updated by'),
]

/** The fields of an object a filter may name: active, filterable, then the system columns. */
export function filterableFields(object: ObjectMeta): FieldMeta[] {
  const own = object.fields.filter((f) => f.isActive && FIELD_TYPE_DOMAIN[f.type] !== null)
  const names = new Set(own.map((f) => f.name))
  return [...own, ...SYSTEM_FIELDS.filter((f) => !names.has(f.name))]
}

export function relationTarget(field: FieldMeta): string | undefined {
  const t = (field.options as { target?: string } | undefined)?.target
  return field.type === 'relation' && typeof t === 'string' ? t : undefined
}

export interface PathInfo {
  /** relation fields walked through, then the tested field */
  chain: FieldMeta[]
  field: FieldMeta
  part: AddressPart | null
  operators: readonly Operator[]
}

/** Resolves `company.industry` (relation hops through target metadata, then a field or address part). */
export function resolvePath(
  object: ObjectMeta,
  path: string,
  byName: ReadonlyMap<string, ObjectMeta>,
): PathInfo | null {
  const segs = path.split('.')
  let current: ObjectMeta | undefined = object
  const chain: FieldMeta[] = []
  for (let i = 0; i < segs.length; i++) {
    if (!current) return null
    const f: FieldMeta | undefined = filterableFields(current).find((x) => x.name === segs[i])
    if (!f) return null
    chain.push(f)
    const rest = segs.length - i - 1
    if (rest === 0) return { chain, field: f, part: null, operators: operatorsFor(f.type) }
    if (
      f.type === 'address' &&
      rest === 1 &&
      (ADDRESS_PARTS as readonly string[]).includes(segs[i + 1] ?? '')
    ) {
      const part = segs[i + 1] as AddressPart
      return { chain, field: f, part, operators: operatorsFor(f.type, part) }
    }
    const target = relationTarget(f)
    if (!target) return null
    current = byName.get(target)
  }
  return null
}

export interface PathOption {
  value: string
  label: string
}
export interface PathGroup {
  label: string
  options: PathOption[]
}

/** Paths offered by the field picker: the object's fields, then one group per relation's target fields. */
export function pathOptions(
  object: ObjectMeta,
  byName: ReadonlyMap<string, ObjectMeta>,
  locale: Locale,
): PathGroup[] {
  const own = filterableFields(object)
  const groups: PathGroup[] = [
    {
      label: labelOf(object.label, locale),
      options: own.flatMap((f) => {
        const l = labelOf(f.label, locale)
        const base = [{ value: f.name, label: l }]
        if (f.type === 'address')
          return [...base, ...ADDRESS_PARTS.map((p) => ({ value: `${f.name}.${p}`, label: `${l} · ${p}` }))]
        return base
      }),
    },
  ]
  for (const rel of own) {
    const target = relationTarget(rel)
    const meta = target ? byName.get(target) : undefined
    if (!meta) continue
    const relLabel = labelOf(rel.label, locale)
    groups.push({
      label: `${relLabel} › ${labelOf(meta.label, locale)}`,
      options: filterableFields(meta)
        .filter((f) => f.type !== 'address')
        .map((f) => ({ value: `${rel.name}.${f.name}`, label: `${relLabel} › ${labelOf(f.label, locale)}` })),
    })
  }
  return groups
}

/** A sensible starting value when the operator changes (keeps what still fits). */
export function valueFor(op: Operator, previous: FilterValue | undefined): FilterValue | undefined {
  const shape = OPERATOR_SPECS[op].value
  switch (shape) {
    case 'none':
      return undefined
    case 'days':
      return typeof previous === 'number' && previous > 0 ? previous : 7
    case 'list':
    case 'nonempty_list':
      return Array.isArray(previous)
        ? previous
        : previous === undefined || previous === null
          ? []
          : [previous]
    case 'pair':
      return Array.isArray(previous) && previous.length === 2 ? previous : [null as never, null as never]
    default:
      return Array.isArray(previous) ? previous[0] : previous
  }
}

/** Whether a condition is complete enough to send (an incomplete row is left out of the AST). */
export function isComplete(c: EditCondition): boolean {
  if (!c.field || !c.op) return false
  const shape = OPERATOR_SPECS[c.op].value
  const v = c.value
  switch (shape) {
    case 'none':
      return true
    case 'days':
      return typeof v === 'number' && v > 0
    case 'text':
      return typeof v === 'string' && v.length > 0
    case 'nonempty_list':
      return Array.isArray(v) && v.length > 0
    case 'list':
      return Array.isArray(v)
    case 'pair':
      return Array.isArray(v) && v.length === 2 && v.every((x) => x !== null && x !== undefined && x !== '')
    default:
      return v !== undefined && v !== null && v !== ''
  }
}

/** AST → editable tree; the root is always a group. */
export function toEdit(filter: Filter | null): EditGroup {
  if (!filter) return { kind: 'group', key: newKey(), join: 'and', items: [] }
  const node = nodeToEdit(filter)
  if (node.kind === 'group') return node
  return { kind: 'group', key: newKey(), join: 'and', items: [node] }
}

function nodeToEdit(f: Filter): EditNode {
  if ('and' in f) return { kind: 'group', key: newKey(), join: 'and', items: f.and.map(nodeToEdit) }
  if ('or' in f) return { kind: 'group', key: newKey(), join: 'or', items: f.or.map(nodeToEdit) }
  if ('not' in f) return { kind: 'raw', key: newKey(), filter: f }
  const c: EditCondition = { kind: 'condition', key: newKey(), field: f.field, op: f.op }
  if (f.value !== undefined) c.value = f.value
  return c
}

/** Editable tree → AST (incomplete rows and empty groups dropped); null when nothing is left. */
export function fromEdit(root: EditGroup): Filter | null {
  const out = groupToFilter(root)
  if (!out) return null
  // a root group of one child is that child (a single chip in the URL stays small)
  if ('and' in out && out.and.length === 1) return out.and[0] ?? null
  return out
}

function groupToFilter(g: EditGroup): Filter | null {
  const items: Filter[] = []
  for (const n of g.items) {
    if (n.kind === 'raw') items.push(n.filter)
    else if (n.kind === 'group') {
      const sub = groupToFilter(n)
      if (sub) items.push(sub)
    } else if (isComplete(n) && n.op) {
      const c: Condition = { field: n.field, op: n.op }
      if (OPERATOR_SPECS[n.op].value !== 'none') c.value = n.value as FilterValue
      items.push(c)
    }
  }
  if (items.length === 0) return null
  return g.join === 'and' ? { and: items } : { or: items }
}

/** The chips above a list: the children of a root `and` (each removable), or the whole filter as one. */
export function chipsOf(filter: Filter | null): Filter[] {
  if (!filter) return []
  if ('and' in filter) return filter.and
  return [filter]
}

/** The filter without its chip number `index`; null when none is left. */
export function withoutChip(filter: Filter | null, index: number): Filter | null {
  const chips = chipsOf(filter)
  const rest = chips.filter((_, i) => i !== index)
  if (rest.length === 0) return null
  return rest.length === 1 ? (rest[0] ?? null) : { and: rest }
}

/** The label of a path: `公司 › 行业`. */
export function pathLabel(
  object: ObjectMeta,
  path: string,
  byName: ReadonlyMap<string, ObjectMeta>,
  locale: Locale,
): string {
  const info = resolvePath(object, path, byName)
  if (!info) return path
  const parts = info.chain.map((f) => labelOf(f.label, locale))
  if (info.part) parts.push(info.part)
  return parts.join(' › ')
}
