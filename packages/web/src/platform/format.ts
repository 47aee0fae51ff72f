import type { Locale } from '@kemai/shared/i18n/messages'

/**
 * Value formatting for lists, record pages and the timeline. Date-times are shown in the workspace's
 * time zone (not the browser's), so everyone in a team sees the same wall-clock time.
 */

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()
function dtf(locale: Locale, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${timeZone}|${JSON.stringify(opts)}`
  let f = cache.get(key) as Intl.DateTimeFormat | undefined
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...opts, timeZone })
    } catch {
      f = new Intl.DateTimeFormat(locale, opts) // unknown zone: the browser's
    }
    cache.set(key, f)
  }
  return f
}
function nf(locale: Locale, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(opts)}`
  let f = cache.get(key) as Intl.NumberFormat | undefined
  if (!f) {
    f = new Intl.NumberFormat(locale, opts)
    cache.set(key, f)
  }
  return f
}

/** `2026-12-05T02:03:41Z` → `2026/12/05 10:03` in Asia/Shanghai. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return dtf(locale, timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d)
}

/** A calendar date (`YYYY-MM-DD`) has no zone: shown as written, in the locale's order. */
export function formatDate(ymd: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  if (!m) return ymd
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return dtf(locale, 'UTC', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}

export function formatNumber(n: number, locale: Locale, precision?: number): string {
  return nf(locale, precision === undefined ? {} : { maximumFractionDigits: precision }).format(n)
}

/** `{amount:'315240000.00',currency:'CNY'}` → `CNY 315,240,000.00` (code, not symbol: ¥ is also JPY). */
export function formatMoney(amount: string | number, currency: string, locale: Locale): string {
  const n = typeof amount === 'number' ? amount : Number(amount)
  if (!Number.isFinite(n)) return `${currency} ${amount}`
  try {
    return nf(locale, { style: 'currency', currency, currencyDisplay: 'code' }).format(n)
  } catch {
    return `${currency} ${nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)}`
  }
}

/**
 * E.164 as people read it: `+8613312168390` → `+86 133 1216 8390`, `+8657188888888` → `+86 571 8888 8888`,
 * `+12065550179` → `+1 206-555-0179`; other countries as stored (grouping rules differ per country).
 */
export function formatPhone(e164: string): string {
  const cnMobile = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(e164)
  if (cnMobile) return `+86 ${cnMobile[1]} ${cnMobile[2]} ${cnMobile[3]}`
  const cnFixed = /^\+86(10|2\d|[3-9]\d{2})(\d{7,8})$/.exec(e164)
  if (cnFixed) {
    const rest = cnFixed[2]!
    const cut = rest.length - 4
    return `+86 ${cnFixed[1]} ${rest.slice(0, cut)} ${rest.slice(cut)}`
  }
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164)
  if (nanp) return `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}`
  return e164
}
