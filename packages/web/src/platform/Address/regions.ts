/**
 * Country and division names and the street line, for the address input and the address display (both
 * loaded lazily with the divisions data; address.ts holds what a list needs up front).
 */

/** Countries offered besides China (Hong Kong, Macao and Taiwan are divisions of the data, not countries). */
export const COUNTRIES = [
  'CN',
  'US',
  'JP',
  'KR',
  'SG',
  'MY',
  'TH',
  'VN',
  'ID',
  'PH',
  'IN',
  'AE',
  'SA',
  'AU',
  'NZ',
  'GB',
  'DE',
  'FR',
  'IT',
  'ES',
  'NL',
  'CH',
  'SE',
  'RU',
  'CA',
  'MX',
  'BR',
  'ZA',
] as const

/** A country code in the user's language (the browser's own names: 美国 / United States). */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}

/**
 * The street part of `original` after the divisions `parseAddressText` read: it answers `rest` with
 * whitespace removed and NFKC applied, so the same number of those characters is skipped in the
 * original, and the street keeps the spaces the user typed ("浙江省杭州市西湖区 文三路 90 号" →
 * "文三路 90 号").
 */
export function streetAfterDivisions(original: string, rest: string): string {
  const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')
  const skip = squeeze(original).length - rest.length
  if (skip <= 0) return original.trim()
  let seen = 0
  let i = 0
  const chars = [...original]
  while (i < chars.length && seen < skip) {
    seen += squeeze(chars[i] ?? '').length
    i++
  }
  return chars.slice(i).join('').trim()
}

/** Division names as an address shows them: placeholders (县, 省直辖县, 市辖区) and repeats (北京市 北京市) left out. */
export function shownDivisionNames(names: readonly string[]): string[] {
  const out: string[] = []
  for (const n of names) {
    if (n === '县' || n === '省直辖县' || n === '市辖区' || n === '自治区直辖县级行政区划') continue
    if (out[out.length - 1] !== n) out.push(n)
  }
  return out
}
