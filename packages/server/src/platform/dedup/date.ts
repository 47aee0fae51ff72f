import { asText, toHalfWidth } from './text.ts'

/**
 * Dates → `YYYY-MM-DD`: ISO dates and timestamps (the date part), `YYYYMMDD` (also as a number),
 * `YYYY/M/D`, `YYYY.M.D`, `2024年3月5日`. Month 1–12 and day 1–31 are required, but the day is not
 * checked against the month: a source's `1956-09-31` is a typo of a real date and still compares.
 * Years outside 1000–2999 and partial dates give null.
 */
export function normaliseDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10)
  const raw = asText(value)
  if (raw === '') return null
  const s = toHalfWidth(raw).trim()
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  m ??= /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(s)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (y < 1000 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31) return null
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
