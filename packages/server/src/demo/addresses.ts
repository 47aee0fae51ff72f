import type { AddressValue } from '@kemai/shared/fields'
import { CITIES, type DemoCity, MUNICIPALITIES } from './cities.ts'
import { COUNTRIES, type ForeignCity, type ForeignCountry } from './countries.ts'
import type { Rng } from './rng.ts'

// Street names found in nearly every Chinese city, so any of them is plausible in any district.
// biome-ignore format: a word list
const STREETS = [
  '人民路', '中山路', '解放路', '建设路', '新华路', '长江路', '文化路', '和平路', '胜利路', '东风路',
  '复兴路', '青年路', '学府路', '科技路', '创业路', '高新路', '滨河路', '体育路', '工业路', '世纪大道',
] as const

const BUILDINGS = [
  '国际大厦',
  '科技大厦',
  '商务中心',
  '金融中心',
  '创业园',
  '软件园',
  '广场',
  '中心大厦',
] as const

/** A city drawn by its weight (more companies in Shanghai than in Lhasa). */
export function randomCity(rng: Rng): DemoCity {
  return rng.weighted(CITIES.map((c) => [c, c.weight] as const))
}

/**
 * A Chinese address with a consistent code triple and its text:
 * `{country:'CN', province:'330000', city:'330100', district:'330106', text:'浙江省杭州市西湖区学府路88号科技大厦12楼'}`.
 */
export function chineseAddress(rng: Rng, city: DemoCity = randomCity(rng)): AddressValue {
  const district = rng.pick(city.districts)
  const place = MUNICIPALITIES.has(city.province.code)
    ? city.province.name
    : `${city.province.name}${city.city.name}`
  let text = `${place}${district.name}${rng.pick(STREETS)}${rng.int(1, 999)}号`
  if (rng.chance(0.6)) text += `${rng.pick(BUILDINGS)}${rng.int(2, 32)}楼`
  else if (rng.chance(0.5)) text += `${rng.int(1, 12)}栋${rng.int(1, 30)}0${rng.int(1, 9)}室`
  return { country: 'CN', province: city.province.code, city: city.city.code, district: district.code, text }
}

export function randomCountry(rng: Rng): ForeignCountry {
  return rng.weighted(COUNTRIES.map((c) => [c, c.weight] as const))
}

/** An address abroad: the ISO country and the text as written there (no Chinese division codes). */
export function foreignAddress(
  rng: Rng,
  country: ForeignCountry,
  city: ForeignCity = rng.pick(country.cities),
): AddressValue {
  const text = city.format
    .replace(/\{n\}/g, () => String(rng.int(1, 400)))
    .replace(/\{c\}/g, () => String(rng.int(1, 9)))
    .replace('{street}', rng.pick(city.streets))
    .replace('{postcode}', rng.pick(city.postcodes))
  return { country: country.code, text }
}
