import type { Operator } from './operators.ts'

/**
 * Calendar days and time zones for the filter language, with `Intl` only (no tz library).
 * A day is a 'YYYY-MM-DD' string; an instant is epoch milliseconds. The SQL compiler and the
 * evaluator both get their day boundaries from here, so they cannot disagree about midnight.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

interface Wall {
  y: number
  m: number
  d: number
  h: number
  mi: number
  s: number
}

function wallClock(ms: number, timeZone: string): Wall {
  const w: Wall = { y: 0, m: 0, d: 0, h: 0, mi: 0, s: 0 }
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type === 'year') w.y = Number(p.value)
    else if (p.type === 'month') w.m = Number(p.value)
    else if (p.type === 'day') w.d = Number(p.value)
    else if (p.type === 'hour') w.h = Number(p.value)
    else if (p.type === 'minute') w.mi = Number(p.value)
    else if (p.type === 'second') w.s = Number(p.value)
  }
  return w
}

function utcMs(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number {
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999
  const date = new Date(0)
  date.setUTCFullYear(y, m - 1, d)
  date.setUTCHours(h, mi, s, 0)
  return date.getTime()
}

const pad = (n: number, w: number) => String(n).padStart(w, '0')

function dayOf(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
}

/** The calendar day an instant falls on in a time zone. */
export function localDay(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone)
  return dayOf(w.y, w.m, w.d)
}

function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  return utcMs(w.y, w.m, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000
}

/**
 * The first instant of a calendar day in a time zone. Where midnight does not exist (a DST jump at
 * 00:00, e.g. America/Santiago), it is the first instant whose local day is that day.
 */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = splitDay(day)
  const base = utcMs(y, m, d)
  let t = base - offsetAt(base, timeZone)
  t = base - offsetAt(t, timeZone)
  const w = wallClock(t, timeZone)
  if (dayOf(w.y, w.m, w.d) === day && w.h === 0 && w.mi === 0 && w.s === 0) return t
  let lo = base - 26 * HOUR_MS
  let hi = base + 26 * HOUR_MS
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (localDay(mid, timeZone) >= day) hi = mid
    else lo = mid
  }
  return hi
}

function splitDay(day: string): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))]
}

/** 'YYYY-MM-DD' that names a real calendar day of years 0001–9999. */
export function isValidDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const [y, m, d] = splitDay(s)
  if (y < 1 || m < 1 || m > 12 || d < 1) return false
  return d <= new Date(utcMs(y, m + 1, 0)).getUTCDate()
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = splitDay(day)
  const t = new Date(utcMs(y, m, d) + n * DAY_MS)
  return dayOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/** The first day of the month `n` months after the month of `day`. */
function addMonths(day: string, n: number): string {
  const [y, m] = splitDay(day)
  const months = y * 12 + (m - 1) + n
  return dayOf(Math.floor(months / 12), (months % 12) + 1, 1)
}

function startOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`
}

function startOfQuarter(day: string): string {
  const [y, m] = splitDay(day)
  return dayOf(y, Math.floor((m - 1) / 3) * 3 + 1, 1)
}

function startOfYear(day: string): string {
  return `${day.slice(0, 4)}-01-01`
}

/** 0 = Sunday … 6 = Saturday */
function weekday(day: string): number {
  const [y, m, d] = splitDay(day)
  return new Date(utcMs(y, m, d)).getUTCDay()
}

function startOfWeek(day: string, weekStartsOn: 0 | 1): string {
  return addDays(day, -((weekday(day) - weekStartsOn + 7) % 7))
}

/** A half-open range of days `[from, to)`; a missing end is unbounded. */
export interface DayRange {
  from: string | null
  to: string | null
}

type RelativeOperator =
  | 'today'
  | 'yesterday'
  | 'tomorrow'
  | 'last_n_days'
  | 'next_n_days'
  | 'before_last_n_days'
  | 'this_week'
  | 'last_week'
  | 'next_week'
  | 'this_month'
  | 'last_month'
  | 'next_month'
  | 'this_quarter'
  | 'last_quarter'
  | 'next_quarter'
  | 'this_year'
  | 'last_year'
  | 'next_year'

const span = (from: string, to: string): DayRange => ({ from, to })

/**
 * Each relative-date operator as days around `today` (weeks start on `weekStartsOn`, Monday by default
 * as in China). `last_n_days` n = the n days ending today (today included); `next_n_days` n = the n days
 * starting today; `before_last_n_days` n = every day before those of `last_n_days` n.
 */
const RELATIVE_RANGES: Record<RelativeOperator, (today: string, n: number, weekStartsOn: 0 | 1) => DayRange> =
  {
    today: (t) => span(t, addDays(t, 1)),
    yesterday: (t) => span(addDays(t, -1), t),
    tomorrow: (t) => span(addDays(t, 1), addDays(t, 2)),
    last_n_days: (t, n) => span(addDays(t, 1 - n), addDays(t, 1)),
    next_n_days: (t, n) => span(t, addDays(t, n)),
    before_last_n_days: (t, n) => ({ from: null, to: addDays(t, 1 - n) }),
    this_week: (t, _, w) => span(startOfWeek(t, w), addDays(startOfWeek(t, w), 7)),
    last_week: (t, _, w) => span(addDays(startOfWeek(t, w), -7), startOfWeek(t, w)),
    next_week: (t, _, w) => span(addDays(startOfWeek(t, w), 7), addDays(startOfWeek(t, w), 14)),
    this_month: (t) => span(startOfMonth(t), addMonths(t, 1)),
    last_month: (t) => span(addMonths(t, -1), startOfMonth(t)),
    next_month: (t) => span(addMonths(t, 1), addMonths(t, 2)),
    this_quarter: (t) => span(startOfQuarter(t), addMonths(startOfQuarter(t), 3)),
    last_quarter: (t) => span(addMonths(startOfQuarter(t), -3), startOfQuarter(t)),
    next_quarter: (t) => span(addMonths(startOfQuarter(t), 3), addMonths(startOfQuarter(t), 6)),
    this_year: (t) => span(startOfYear(t), addMonths(startOfYear(t), 12)),
    last_year: (t) => span(addMonths(startOfYear(t), -12), startOfYear(t)),
    next_year: (t) => span(addMonths(startOfYear(t), 12), addMonths(startOfYear(t), 24)),
  }

export function isRelativeOperator(op: Operator): op is RelativeOperator {
  return Object.hasOwn(RELATIVE_RANGES, op)
}

export function relativeDayRange(
  op: RelativeOperator,
  today: string,
  n: number,
  weekStartsOn: 0 | 1 = 1,
): DayRange {
  return RELATIVE_RANGES[op](today, n, weekStartsOn)
}

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/

/** An ISO 8601 instant with an explicit offset (`Z` or `±hh:mm`), at most millisecond precision; else null. */
export function parseInstant(s: string): number | null {
  const m = INSTANT.exec(s)
  if (!m || !isValidDay(m[1]!)) return null
  const ms = Date.parse(s)
  return Number.isFinite(ms) ? ms : null
}
