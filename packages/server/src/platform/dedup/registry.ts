import type { DedupMeasure, DedupNormaliser } from '@kemai/shared/api/dedup.api'
import { addressTokens } from './address.ts'
import { companyCore, companyNameForms, normaliseCompanyName } from './company-name.ts'
import { normaliseCreditCode } from './credit-code.ts'
import { normaliseDate } from './date.ts'
import { companyDomainOfEmail, normaliseDomain } from './domain.ts'
import { normaliseEmail } from './email.ts'
import { normaliseNumber } from './number.ts'
import { comparePersonNames, normalisePersonName, type PersonNameKey } from './person-name.ts'
import { normalisePhone } from './phone.ts'
import {
  damerauSimilarity,
  dateSimilarity,
  jaccard,
  jaroWinkler,
  levenshteinSimilarity,
  numericSimilarity,
  overlap,
  tokenSetRatio,
} from './similarity.ts'
import { asText, cleanText } from './text.ts'
import { codeTokens, normaliseText, textTokens } from './tokens.ts'

/**
 * The names used in rules (`normaliser: 'phone'`, `measure: 'jaroWinkler'`) → functions. Each
 * normaliser says what kind of value it gives; each measure which kinds it takes. A rule pairing a
 * measure with a kind it cannot read is refused when the rules are compiled.
 */
export type ValueKind = 'string' | 'tokens' | 'number' | 'date' | 'personName'
export type NormValue = string | number | readonly string[] | PersonNameKey

interface NormaliserDef {
  kind: ValueKind
  /** one value, or several alternatives (`companyForms`), or null */
  fn: (raw: unknown) => NormValue | readonly NormValue[] | null
  /** fn returns a list of alternatives rather than one value */
  alternatives?: boolean
}

const exact = (raw: unknown): string | null => {
  const s = cleanText(asText(raw))
  return s === '' ? null : s
}

export const NORMALISERS: Record<DedupNormaliser, NormaliserDef> = {
  exact: { kind: 'string', fn: exact },
  text: { kind: 'string', fn: normaliseText },
  tokens: { kind: 'tokens', fn: textTokens },
  codes: { kind: 'tokens', fn: codeTokens },
  phone: { kind: 'string', fn: (v) => normalisePhone(v) },
  email: { kind: 'string', fn: normaliseEmail },
  domain: { kind: 'string', fn: normaliseDomain },
  emailDomain: { kind: 'string', fn: companyDomainOfEmail },
  creditCode: { kind: 'string', fn: normaliseCreditCode },
  companyName: { kind: 'string', fn: normaliseCompanyName },
  companyCore: { kind: 'string', fn: companyCore },
  companyForms: { kind: 'string', fn: companyNameForms, alternatives: true },
  personName: { kind: 'personName', fn: (v) => normalisePersonName(v) },
  number: { kind: 'number', fn: normaliseNumber },
  date: { kind: 'date', fn: normaliseDate },
  address: { kind: 'tokens', fn: addressTokens },
}

type MeasureFn = (a: NormValue, b: NormValue, scale: number | undefined) => number

interface MeasureDef {
  accepts: readonly ValueKind[]
  fn: MeasureFn
}

const str =
  (f: (a: string, b: string) => number): MeasureFn =>
  (a, b) =>
    f(asString(a), asString(b))
const tok =
  (f: (a: readonly string[], b: readonly string[]) => number): MeasureFn =>
  (a, b) =>
    f(asTokens(a), asTokens(b))

/** how a value is shown in reasons and compared by string measures */
export function asString(v: NormValue): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  if (Array.isArray(v)) return v.join(' ')
  const p = v as PersonNameKey
  return p.han ?? p.key
}

/** string values split on spaces; token lists as they are (sorted, distinct) */
export function asTokens(v: NormValue): readonly string[] {
  if (Array.isArray(v)) return v
  return [...new Set(asString(v).split(' '))].filter((t) => t !== '').sort()
}

export const MEASURES: Record<DedupMeasure, MeasureDef> = {
  exact: {
    accepts: ['string', 'tokens', 'number', 'date', 'personName'],
    fn: (a, b) => (a === b || asString(a) === asString(b) ? 1 : 0),
  },
  jaroWinkler: { accepts: ['string', 'date', 'tokens'], fn: str(jaroWinkler) },
  levenshtein: { accepts: ['string', 'date', 'tokens'], fn: str(levenshteinSimilarity) },
  damerau: { accepts: ['string', 'date', 'tokens'], fn: str(damerauSimilarity) },
  tokenSet: { accepts: ['string', 'tokens'], fn: tok(tokenSetRatio) },
  jaccard: { accepts: ['string', 'tokens'], fn: tok(jaccard) },
  overlap: { accepts: ['string', 'tokens'], fn: tok(overlap) },
  personName: {
    accepts: ['personName'],
    fn: (a, b) => comparePersonNames(a as PersonNameKey, b as PersonNameKey),
  },
  numeric: { accepts: ['number'], fn: (a, b, scale) => numericSimilarity(a as number, b as number, scale) },
  date: { accepts: ['date'], fn: (a, b, scale) => dateSimilarity(a as string, b as string, scale) },
}

/** the measures that read token lists: string values are split once, when records are prepared */
export const TOKEN_MEASURES: ReadonlySet<DedupMeasure> = new Set(['tokenSet', 'jaccard', 'overlap'])
