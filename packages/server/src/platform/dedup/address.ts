import { textTokens } from './tokens.ts'

/**
 * Address values ({country, province, city, district, text} as the `address` field type stores them,
 * or plain text) → sorted distinct tokens: the words of the text plus the division codes as
 * `province:330000`-style tokens, so two addresses in the same district share tokens even when their
 * text differs.
 */
export function addressTokens(value: unknown): string[] | null {
  if (typeof value === 'string') return textTokens(value)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const v = value as Record<string, unknown>
  const out = new Set(textTokens(v.text) ?? [])
  for (const k of ['province', 'city', 'district'] as const) {
    const code = v[k]
    if (typeof code === 'string' && /^\d{2,12}$/.test(code)) out.add(`${k}:${code}`)
  }
  return out.size === 0 ? null : [...out].sort()
}
