import { areaList } from '@vant/area-data'

/**
 * China's administrative divisions (province → city → district/county, 6-digit GB/T 2260 codes) from
 * @vant/area-data, the data the `address` field type's codes refer to. Used by the address cascader,
 * by data cleansing (address text → codes) and by dedup (address tokens).
 */

export type DivisionLevel = 'province' | 'city' | 'district'

export interface Division {
  code: string
  name: string
  level: DivisionLevel
  /** the code of the division above (null for a province) */
  parent: string | null
}

export interface DivisionOption {
  value: string
  label: string
  children?: DivisionOption[]
}

interface Index {
  byCode: Map<string, Division>
  children: Map<string, Division[]>
  provinces: Division[]
}

let index: Index | null = null

function build(): Index {
  const byCode = new Map<string, Division>()
  const children = new Map<string, Division[]>()
  const add = (d: Division) => {
    byCode.set(d.code, d)
    if (d.parent) {
      const list = children.get(d.parent)
      if (list) list.push(d)
      else children.set(d.parent, [d])
    }
  }
  const provinces: Division[] = []
  for (const [code, name] of Object.entries(areaList.province_list)) {
    const d: Division = { code, name, level: 'province', parent: null }
    provinces.push(d)
    add(d)
  }
  for (const [code, name] of Object.entries(areaList.city_list))
    add({ code, name, level: 'city', parent: `${code.slice(0, 2)}0000` })
  for (const [code, name] of Object.entries(areaList.county_list))
    add({ code, name, level: 'district', parent: `${code.slice(0, 4)}00` })
  return { byCode, children, provinces }
}

function idx(): Index {
  index ??= build()
  return index
}

export function division(code: string): Division | null {
  return idx().byCode.get(code) ?? null
}

export function childrenOf(code: string | null): Division[] {
  return code === null ? idx().provinces : (idx().children.get(code) ?? [])
}

/** Whether `code` is a division at `level` whose parent chain matches the given codes. */
export function isValidDivision(level: DivisionLevel, code: string, parentCode?: string): boolean {
  const d = division(code)
  if (!d || d.level !== level) return false
  return parentCode === undefined || d.parent === parentCode
}

/** The cascader tree (province → city → district), built once. */
export function divisionOptions(): DivisionOption[] {
  const toOption = (d: Division): DivisionOption => {
    const kids = childrenOf(d.code)
    return kids.length
      ? { value: d.code, label: d.name, children: kids.map(toOption) }
      : { value: d.code, label: d.name }
  }
  return childrenOf(null).map(toOption)
}

/** "浙江省 / 杭州市 / 西湖区" for the codes of an address (unknown codes are skipped). */
export function divisionPath(codes: { province?: string; city?: string; district?: string }): string[] {
  return [codes.province, codes.city, codes.district]
    .map((c) => (c ? division(c)?.name : undefined))
    .filter((n): n is string => !!n)
}

// --- address text → codes -------------------------------------------------------------------------

const PROVINCE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市']
const CITY_SUFFIXES = ['自治州', '地区', '市', '盟']
const DISTRICT_SUFFIXES = ['自治县', '自治旗', '新区', '区', '县', '市', '旗']

/** The names a division is written with: its full name and, when still unambiguous (≥ 2 chars), without its suffix. */
function namesOf(d: Division): string[] {
  const suffixes =
    d.level === 'province' ? PROVINCE_SUFFIXES : d.level === 'city' ? CITY_SUFFIXES : DISTRICT_SUFFIXES
  const out = [d.name]
  for (const s of suffixes)
    if (d.name.endsWith(s) && d.name.length - s.length >= 2) {
      out.push(d.name.slice(0, -s.length))
      break
    }
  // 内蒙古自治区 → 内蒙古, 新疆维吾尔自治区 → 新疆 (the suffix list covers them); 市辖区 and 县 are placeholders
  return out.filter((n) => n !== '市辖区' && n !== '县')
}

/** The division among `candidates` whose name (full, or short) starts `text`, longest name first. */
function matchStart(text: string, candidates: readonly Division[]): { d: Division; len: number } | null {
  let best: { d: Division; len: number } | null = null
  for (const d of candidates)
    for (const n of namesOf(d))
      if (text.startsWith(n) && (!best || n.length > best.len)) best = { d, len: n.length }
  return best
}

let byName: Map<string, Division[]> | null = null
function divisionsNamed(): Map<string, Division[]> {
  if (byName) return byName
  byName = new Map()
  for (const d of idx().byCode.values()) {
    if (d.level === 'province') continue
    for (const n of namesOf(d)) {
      const list = byName.get(n)
      if (list) list.push(d)
      else byName.set(n, [d])
    }
  }
  return byName
}

export interface ParsedAddress {
  province?: string
  city?: string
  district?: string
  /** what follows the divisions (street, building…), trimmed */
  rest: string
}

/**
 * Reads the divisions at the start of a Chinese address ("浙江省杭州市西湖区文三路 90 号",
 * "浙江杭州西湖区…", "北京朝阳区…", "杭州市西湖区…"). A division is only set when the text names it
 * unambiguously: "西湖区…" alone (杭州 and 南昌 both have one) sets nothing.
 */
export function parseAddressText(input: string): ParsedAddress {
  let text = input.normalize('NFKC').replace(/\s+/g, '').replace(/^中国/, '')
  const out: ParsedAddress = { rest: '' }
  const province = matchStart(text, childrenOf(null))
  let cities: readonly Division[]
  if (province) {
    out.province = province.d.code
    text = text.slice(province.len)
    cities = childrenOf(province.d.code)
  } else {
    // no province: a city (or, failing that, a district) named unambiguously at the start
    const guess = uniqueStart(text, ['city', 'district'])
    if (!guess) return { rest: input.trim() }
    const chain = ancestry(guess.d)
    Object.assign(out, chain)
    text = text.slice(guess.len)
    if (guess.d.level === 'district') return { ...out, rest: text }
    cities = []
  }
  let city: Division | null = out.city ? division(out.city) : null
  if (!city) {
    const m = matchStart(text, cities)
    if (m) {
      city = m.d
      out.city = m.d.code
      text = text.slice(m.len)
    } else if (cities.length === 1 || (province && isMunicipality(province.d))) {
      // 北京市朝阳区: the municipality's one city row ("北京市" / "市辖区")
      const only = cities.find((c) => c.name === province?.d.name) ?? cities[0]
      if (only) {
        city = only
        out.city = only.code
      }
    }
  }
  if (city) {
    const m = matchStart(text, childrenOf(city.code))
    if (m) {
      out.district = m.d.code
      text = text.slice(m.len)
    }
  } else if (province) {
    // "广东省南山区…": a district of the province named without its city
    const m = matchStart(
      text,
      cities.flatMap((c) => childrenOf(c.code)),
    )
    if (m && uniqueWithin(m, cities)) {
      out.city = m.d.parent ?? undefined
      out.district = m.d.code
      text = text.slice(m.len)
    }
  }
  out.rest = text
  return out
}

function isMunicipality(p: Division): boolean {
  return ['110000', '120000', '310000', '500000'].includes(p.code)
}

function ancestry(d: Division): Pick<ParsedAddress, 'province' | 'city' | 'district'> {
  const out: Pick<ParsedAddress, 'province' | 'city' | 'district'> = {}
  for (let cur: Division | null = d; cur; cur = cur.parent ? division(cur.parent) : null)
    out[cur.level] = cur.code
  return out
}

function uniqueStart(text: string, levels: DivisionLevel[]): { d: Division; len: number } | null {
  const named = divisionsNamed()
  for (const level of levels) {
    let best: { d: Division; len: number } | null = null
    let ambiguous = false
    for (let len = Math.min(text.length, 12); len >= 2; len--) {
      const hits = (named.get(text.slice(0, len)) ?? []).filter((d) => d.level === level)
      if (!hits.length) continue
      if (hits.length === 1) best = { d: hits[0]!, len }
      else ambiguous = true
      break
    }
    if (best) return best
    if (ambiguous) return null
  }
  return null
}

function uniqueWithin(m: { d: Division; len: number }, cities: readonly Division[]): boolean {
  const name = m.d.name
  return cities.flatMap((c) => childrenOf(c.code)).filter((d) => d.name === name).length === 1
}
