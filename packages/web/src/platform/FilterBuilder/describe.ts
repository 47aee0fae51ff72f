import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter, FilterValue } from '@kemai/shared/query/ast'
import { OPERATOR_SPECS } from '@kemai/shared/query/operators'
import type { TFunction } from 'i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { optionsOf } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { knownTitle } from '../record-titles.ts'
import { type PathInfo, pathLabel, relationTarget, resolvePath } from './filterModel.ts'

/** One filter node in words, for chips: `公司 › 行业 等于 软件`, groups in brackets joined by 且/或. */
export function describeFilter(
  f: Filter,
  object: ObjectMeta,
  byName: ReadonlyMap<string, ObjectMeta>,
  locale: Locale,
  t: TFunction,
): string {
  if ('and' in f || 'or' in f) {
    const list = 'and' in f ? f.and : f.or
    const join = t('and' in f ? 'filter.andWord' : 'filter.orWord')
    const inner = list.map((c) => describeFilter(c, object, byName, locale, t)).join(` ${join} `)
    return list.length > 1 ? `(${inner})` : inner
  }
  if ('not' in f) return `${t('filter.not')} ${describeFilter(f.not, object, byName, locale, t)}`
  const info = resolvePath(object, f.field, byName)
  const field = pathLabel(object, f.field, byName, locale)
  const op = t(`filter.op.${f.op}`)
  const shape = OPERATOR_SPECS[f.op]?.value
  if (!shape || shape === 'none') return `${field} ${op}`
  if (shape === 'days') return `${field} ${op} ${t('filter.nDays', { count: Number(f.value) })}`
  return `${field} ${op} ${valueText(f.value, info, locale, t)}`
}

function valueText(v: FilterValue | undefined, info: PathInfo | null, locale: Locale, t: TFunction): string {
  if (Array.isArray(v)) {
    const sep = shapeSep(locale)
    return v.map((x) => valueText(x, info, locale, t)).join(sep)
  }
  if (v === null || v === undefined) return '—'
  if (typeof v === 'boolean') return t(v ? 'value.yes' : 'value.no')
  if (typeof v === 'object') return `${v.currency} ${v.amount}`
  if (v === '$me') return t('filter.me')
  if (v === '$myTeam') return t('filter.myTeam')
  if (info && !info.part && typeof v === 'string') {
    const f = info.field
    if (f.type === 'select' || f.type === 'multi_select') {
      const c = optionsOf(f).choices?.find((x) => x.value === v)
      if (c) return labelOf(c.label, locale) || c.value
    }
    const target = relationTarget(f)
    if (target) return knownTitle(target, v) ?? `#${v.slice(0, 8)}`
  }
  return String(v)
}

const shapeSep = (locale: Locale) => (locale === 'en' ? ', ' : '、')
