import { division, parseAddressText } from '@kemai/shared/divisions'
import type { AddressValue } from '@kemai/shared/fields'
import { useTranslation } from 'react-i18next'
import { isChina } from './address.ts'
import { countryName, shownDivisionNames } from './regions.ts'

/**
 * An address with its region, as lists, cards and record pages show it: "浙江省 杭州市 西湖区 文三路 90 号".
 * Division names are the data's own (Chinese, in both languages); an unknown code shows as itself; a
 * street line that starts with the same region ("甘肃省兰州市城关区世纪大道…") is not prefixed again.
 * Another country: "street · country" in the user's language.
 *
 * Default export: FieldValue loads this file (with the divisions data) only for an address that has a
 * region, and shows the street meanwhile (docs/web.md "Size").
 */
export default function AddressText({ value, className }: { value: AddressValue; className: string }) {
  const { i18n } = useTranslation()
  const china = isChina(value)
  const codes = china ? [value.province, value.city, value.district].filter((c): c is string => !!c) : []
  const region = namesRegion(value.text, codes)
    ? ''
    : shownDivisionNames(codes.map((c) => division(c)?.name ?? c)).join(' ')
  const country = china || !value.country ? '' : countryName(value.country, i18n.language)
  const full = [region, value.text, country].filter(Boolean).join(' ')
  if (!full) return <span className="km-empty">—</span>
  return (
    <span className={className} title={full}>
      {[region, value.text].filter(Boolean).join(' ')}
      {country && <span className="km-muted">{value.text ? ` · ${country}` : country}</span>}
    </span>
  )
}

/** The street line starts by naming the address's region down to its deepest division, and nothing else. */
function namesRegion(text: string | undefined, codes: string[]): boolean {
  if (!text) return false
  const parsed = parseAddressText(text)
  const named = [parsed.province, parsed.city, parsed.district].filter((c): c is string => !!c)
  const deepest = codes[codes.length - 1]
  if (!named.length || !deepest || !named.includes(deepest)) return false
  const own = new Set<string>()
  for (const c of codes)
    for (let d = division(c); d; d = d.parent ? division(d.parent) : null) own.add(d.code)
  return named.every((c) => own.has(c))
}
