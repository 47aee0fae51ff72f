import { asText, toHalfWidth } from './text.ts'

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet without I, O, S, V and Z. Position 1 is the registering authority, 2 the kind of
 * organisation, 3–8 the administrative division (digits), 9–17 the organisation code and 18 a check
 * character: C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

export type CreditCodeProblem = 'empty' | 'length' | 'characters' | 'checksum'

/** The check character for the first 17 characters (which must be from the alphabet). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

/** Upper-cased, half-width, with spaces and dashes removed; not yet validated. */
function compact(value: unknown): string {
  return toHalfWidth(asText(value))
    .replace(/[\s\-\u2010-\u2015]/g, '')
    .toUpperCase()
}

/** Why a code is not valid, or null when it is. */
export function creditCodeProblem(value: unknown): CreditCodeProblem | null {
  const s = compact(value)
  if (s === '') return 'empty'
  if (s.length !== 18) return 'length'
  if (!SHAPE.test(s)) return 'characters'
  return creditCodeCheckChar(s) === s[17] ? null : 'checksum'
}

/** The canonical code (`91330100799655058B`), or null when it is malformed or its checksum fails. */
export function normaliseCreditCode(value: unknown): string | null {
  const s = compact(value)
  return creditCodeProblem(s) === null ? s : null
}
