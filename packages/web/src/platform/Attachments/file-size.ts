import type { Locale } from '@kemai/shared/i18n/messages'

const UNITS = ['B', 'KB', 'MB', 'GB'] as const

/** 1536 → "1.5 KB" (binary multiples, the way file managers show them). */
export function formatFileSize(bytes: number, locale: Locale): string {
  let n = Math.max(0, bytes)
  let unit = 0
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024
    unit++
  }
  const digits = unit === 0 || n >= 100 ? 0 : 1
  return `${n.toLocaleString(locale, { maximumFractionDigits: digits })} ${UNITS[unit]}`
}
