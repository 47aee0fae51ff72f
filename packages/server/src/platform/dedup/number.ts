import { asText, toHalfWidth } from './text.ts'

/**
 * Numbers as written in records and files: `1,234.50`, `¥1 234`, `$399.00`, `12.5%` (→ 12.5), `3e3`.
 * Null for anything else (NaN, infinities, text with letters).
 */
export function normaliseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const raw = asText(value)
  if (raw === '') return null
  const s = toHalfWidth(raw)
    .trim()
    .replace(/^[¥￥$€£]|(元|rmb|cny|usd|eur)$/gi, '')
    .replace(/[\s,_']/g, '')
    .replace(/%$/, '')
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}
