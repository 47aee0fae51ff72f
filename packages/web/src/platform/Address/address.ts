import type { AddressValue } from '@kemai/shared/fields'

/**
 * Address values (`{country?, province?, city?, district?, text?}`, docs/api.md "Values") as the web app
 * holds them. Nothing here needs the divisions data, so lists and forms can use it without loading it.
 */

const PARTS = ['country', 'province', 'city', 'district', 'text'] as const

/**
 * Any stored or typed value → an address (or null): a string is a street line, an object keeps its
 * string parts (in a fixed order), anything else is nothing. Codes are kept as they are, known or not.
 */
export function toAddress(v: unknown): AddressValue | null {
  if (typeof v === 'string') return v ? { text: v } : null
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null
  const src = v as Record<string, unknown>
  const out: AddressValue = {}
  for (const k of PARTS) if (typeof src[k] === 'string') out[k] = src[k] as string
  return out
}

/** What is sent to the API: trimmed parts, empty ones left out, null when no division and no text is left. */
export function cleanAddress(v: unknown): AddressValue | null {
  const a = toAddress(v)
  if (!a) return null
  const out: AddressValue = {}
  for (const k of PARTS) {
    const s = a[k]?.trim()
    if (s) out[k] = s
  }
  return out.province || out.city || out.district || out.text ? out : null
}

/** China, the country the division codes belong to, unless another country is named. */
export function isChina(a: AddressValue | null | undefined): boolean {
  return !a?.country || a.country.toUpperCase() === 'CN'
}

/** Whether showing the address takes more than its street: division names, or a country's name. */
export function hasRegion(a: AddressValue): boolean {
  return isChina(a) ? Boolean(a.province || a.city || a.district) : Boolean(a.country)
}
