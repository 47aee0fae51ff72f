import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { DemoCity } from './cities.ts'
import type { ForeignCity } from './countries.ts'
import type { Rng } from './rng.ts'

// Mobile prefixes of the three carriers that every libphonenumber release accepts (China Mobile
// 13x/15x/18x/19x, China Unicom 13x/15x/18x, China Telecom 133/153/18x/19x).
// biome-ignore format: grouped by series
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '180', '181', '182', '183', '185', '186', '187', '188', '189',
  '191', '193', '195', '198', '199',
] as const

const MAX_TRIES = 20

/** Draws until libphonenumber (the same check the records service runs) accepts the number. */
function valid(make: () => string, region: 'CN' | undefined): string {
  for (let i = 0; i < MAX_TRIES; i++) {
    const n = make()
    if (parsePhoneNumberFromString(n, region)?.isValid()) return n
  }
  throw new Error('demo phone generator: no valid number in 20 draws')
}

/** A Chinese mobile number written the way people type it: `138 1234 5678`. */
export function chineseMobile(rng: Rng): string {
  return valid(() => `${rng.pick(MOBILE_PREFIXES)} ${rng.digits(4)} ${rng.digits(4)}`, 'CN')
}

/** A fixed line in the city's area code: `0571-8812 3456` (8 local digits) or `0592-512 3456` (7). */
export function chineseLandline(rng: Rng, city: DemoCity): string {
  return valid(() => {
    const first = String(rng.int(2, 8))
    const local = first + rng.digits(city.localDigits - 1)
    const split = city.localDigits - 4
    return `${city.areaCode}-${local.slice(0, split)} ${local.slice(split)}`
  }, 'CN')
}

/** A number from the city's template (`+44 20 7946 0###`), in international format. */
export function foreignPhone(rng: Rng, city: ForeignCity): string {
  return valid(() => city.phone.replace(/#/g, () => String(rng.int(0, 9))), undefined)
}
