import type { FieldOptions, FieldType, Label, SelectOption } from '@kemai/shared/fields'

/**
 * The option schema of each field type: which options the editor offers for it. The server accepts any
 * key of `fieldOptionsSchema` on any type, but only these change how a field of the type behaves
 * (packages/server/src/platform/records/values.ts, normalise.ts, metadata/validate.ts).
 */
export type OptionKey =
  | 'required'
  | 'unique'
  | 'default'
  | 'min'
  | 'max'
  | 'precision'
  | 'maxLength'
  | 'regex'
  | 'format'
  | 'choices'
  | 'target'
  | 'inverseLabel'
  | 'currency'
  | 'region'
  | 'scale'
  | 'searchable'
  | 'personName'
  | 'hideInList'
  | 'help'

export const TYPE_OPTIONS: Record<FieldType, readonly OptionKey[]> = {
  text: [
    'required',
    'unique',
    'default',
    'maxLength',
    'regex',
    'format',
    'searchable',
    'personName',
    'hideInList',
    'help',
  ],
  long_text: ['required', 'default', 'maxLength', 'searchable', 'hideInList', 'help'],
  number: ['required', 'unique', 'default', 'min', 'max', 'precision', 'hideInList', 'help'],
  currency: ['required', 'currency', 'min', 'max', 'hideInList', 'help'],
  percent: ['required', 'default', 'min', 'max', 'precision', 'hideInList', 'help'],
  date: ['required', 'unique', 'hideInList', 'help'],
  datetime: ['required', 'hideInList', 'help'],
  boolean: ['default', 'hideInList', 'help'],
  select: ['choices', 'required', 'unique', 'default', 'hideInList', 'help'],
  multi_select: ['choices', 'required', 'default', 'hideInList', 'help'],
  email: ['required', 'unique', 'default', 'searchable', 'hideInList', 'help'],
  phone: ['required', 'unique', 'region', 'searchable', 'hideInList', 'help'],
  url: ['required', 'unique', 'default', 'hideInList', 'help'],
  address: ['required', 'hideInList', 'help'],
  rating: ['required', 'scale', 'default', 'hideInList', 'help'],
  user: ['required', 'hideInList', 'help'],
  relation: ['target', 'required', 'inverseLabel', 'hideInList', 'help'],
  many_to_many: ['target', 'help'],
  tags: ['required', 'hideInList', 'help'],
  json: ['hideInList', 'help'],
  file: ['required', 'hideInList', 'help'],
}

/** The type picker's groups, in order. */
export const TYPE_GROUPS: { key: string; types: FieldType[] }[] = [
  { key: 'text', types: ['text', 'long_text', 'email', 'phone', 'url'] },
  { key: 'number', types: ['number', 'currency', 'percent', 'rating'] },
  { key: 'choice', types: ['select', 'multi_select', 'boolean', 'tags'] },
  { key: 'time', types: ['date', 'datetime'] },
  { key: 'link', types: ['relation', 'many_to_many', 'user'] },
  { key: 'other', types: ['address', 'file', 'json'] },
]

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'SGD', 'TWD', 'KRW', 'AUD', 'CAD']
export const REGIONS = ['CN', 'HK', 'MO', 'TW', 'SG', 'US', 'GB', 'JP', 'KR', 'DE', 'FR', 'AU', 'CA']
/** antd tag colours (FieldValue renders choices with them) */
export const CHOICE_COLORS = [
  'default',
  'blue',
  'cyan',
  'green',
  'gold',
  'orange',
  'red',
  'magenta',
  'purple',
  'geekblue',
  'lime',
  'volcano',
]

export interface ChoiceRow {
  /** stable key for the list (the value may be edited) */
  key: string
  value: string
  label: { 'zh-CN'?: string; en?: string }
  color: string
}

/** The editor's form: labels, name and every option as a flat control. */
export interface FieldFormValues {
  type: FieldType
  name: string
  label: Label
  required?: boolean
  unique?: boolean
  default?: unknown
  min?: number | null
  max?: number | null
  precision?: number | null
  maxLength?: number | null
  regex?: string
  format?: string | null
  choices?: ChoiceRow[]
  target?: string
  inverseLabel?: { 'zh-CN'?: string; en?: string }
  currency?: string | null
  region?: string | null
  scale?: number | null
  searchable?: boolean
  personName?: boolean
  hideInList?: boolean
  help?: { 'zh-CN'?: string; en?: string }
}

const empty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && !v.length)

const trimmed = (l: { 'zh-CN'?: string; en?: string } | undefined) => {
  const out: { 'zh-CN'?: string; en?: string } = {}
  if (l?.['zh-CN']?.trim()) out['zh-CN'] = l['zh-CN'].trim()
  if (l?.en?.trim()) out.en = l.en.trim()
  return out
}

let choiceSeq = 0
export function choiceRow(c?: SelectOption): ChoiceRow {
  choiceSeq += 1
  return {
    key: `c${choiceSeq}`,
    value: c?.value ?? '',
    label: { 'zh-CN': c?.label?.['zh-CN'] ?? '', en: c?.label?.en ?? '' },
    color: c?.color ?? 'default',
  }
}

/** A field's stored options as the editor's controls. */
export function formValuesOf(f: {
  type: FieldType
  name: string
  label: Label
  options: FieldOptions
}): FieldFormValues {
  const o = f.options
  return {
    type: f.type,
    name: f.name,
    label: { ...f.label },
    required: o.required,
    unique: o.unique,
    default: o.default,
    min: o.min ?? null,
    max: o.max ?? null,
    precision: o.precision ?? null,
    maxLength: o.maxLength ?? null,
    regex: o.regex ?? '',
    format: o.format ?? null,
    choices: (o.choices ?? []).map(choiceRow),
    target: o.target,
    inverseLabel: o.inverseLabel ? { ...o.inverseLabel } : {},
    currency: o.currency ?? null,
    region: o.region ?? null,
    scale: o.scale ?? null,
    searchable: o.searchable,
    personName: o.personName,
    hideInList: o.hideInList,
    help: { ...(o.help ?? {}) },
  }
}

/**
 * The options to send for the form: only the type's keys, nothing empty. With `previous` (an edit),
 * an option that was set and is now empty is sent as null, which removes it (merge patch).
 */
export function optionsOf(values: FieldFormValues, previous?: FieldOptions): Record<string, unknown> {
  const keys = TYPE_OPTIONS[values.type]
  const out: Record<string, unknown> = {}
  const put = (k: keyof FieldOptions, v: unknown) => {
    if (!empty(v)) out[k] = v
    else if (previous && previous[k] !== undefined) out[k] = null
  }
  for (const k of keys) {
    switch (k) {
      case 'required':
      case 'unique':
      case 'searchable':
      case 'personName':
      case 'hideInList':
        put(k, values[k] ? true : undefined)
        break
      case 'default':
        put('default', values.default)
        break
      case 'regex':
        put('regex', values.regex?.trim())
        break
      case 'choices':
        put(
          'choices',
          (values.choices ?? [])
            .filter((c) => c.value.trim())
            .map((c) => {
              const label = trimmed(c.label)
              return {
                value: c.value.trim(),
                ...(Object.keys(label).length ? { label } : {}),
                ...(c.color && c.color !== 'default' ? { color: c.color } : {}),
              }
            }),
        )
        break
      case 'help': {
        const h = trimmed(values.help)
        put('help', Object.keys(h).length ? h : undefined)
        break
      }
      case 'inverseLabel': {
        const l = trimmed(values.inverseLabel)
        // both languages or none (the server wants a full label)
        put('inverseLabel', l['zh-CN'] && l.en ? l : undefined)
        break
      }
      case 'target':
        // the target is fixed once the field exists
        if (!previous) put('target', values.target)
        break
      default:
        put(k, values[k])
    }
  }
  return out
}

/** Why a field cannot be deactivated or deleted, or null. */
export function lockReason(
  f: { name: string; isSystem: boolean },
  titleField: string,
): 'system' | 'title' | null {
  if (f.isSystem) return 'system'
  if (f.name === titleField) return 'title'
  return null
}
