/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), as a schedule trigger stores
 * them. Items are `*`, `n`, `a-b`, with an optional `/step`, separated by commas; day-of-week 0 or 7 is
 * Sunday; month and day names (JAN, MON) are accepted.
 */

export interface CronSpec {
  minute: number[]
  hour: number[]
  dayOfMonth: number[]
  month: number[]
  dayOfWeek: number[]
}

export type CronResult =
  | { ok: true; spec: CronSpec }
  | { ok: false; field: keyof CronSpec | null; reason: string }

const FIELDS: { name: keyof CronSpec; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'dayOfWeek', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
]

function atom(s: string, f: (typeof FIELDS)[number]): number | null {
  if (/^\d{1,2}$/.test(s)) return Number(s)
  const i = f.names?.indexOf(s.toUpperCase()) ?? -1
  return i < 0 ? null : i + (f.name === 'month' ? 1 : 0)
}

function parseField(text: string, f: (typeof FIELDS)[number]): number[] | string {
  const out = new Set<number>()
  for (const item of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(item)
    if (!m) return `bad item "${item}"`
    const step = m[2] === undefined ? 1 : Number(m[2])
    if (step < 1) return 'step must be at least 1'
    let lo: number | null
    let hi: number | null
    if (m[1] === '*') {
      lo = f.min
      hi = f.max
    } else {
      const [a, b, extra] = m[1]!.split('-')
      if (extra !== undefined) return `bad range "${m[1]}"`
      lo = atom(a!, f)
      hi = b === undefined ? (m[2] === undefined ? lo : f.max) : atom(b, f)
    }
    if (lo === null || hi === null) return `bad value "${m[1]}"`
    if (lo < f.min || hi > f.max || lo > hi) return `out of range ${f.min}-${f.max}`
    for (let v = lo; v <= hi; v += step) out.add(f.name === 'dayOfWeek' && v === 7 ? 0 : v)
  }
  return [...out].sort((a, b) => a - b)
}

export function parseCron(expression: string): CronResult {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5) return { ok: false, field: null, reason: 'expected 5 fields' }
  const spec: Partial<CronSpec> = {}
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i]!
    const r = parseField(parts[i]!, f)
    if (typeof r === 'string') return { ok: false, field: f.name, reason: r }
    spec[f.name] = r
  }
  return { ok: true, spec: spec as CronSpec }
}

/** A moment's wall-clock fields in a time zone (what a cron expression is matched against). */
export interface LocalTime {
  minute: number
  hour: number
  dayOfMonth: number
  month: number
  /** 0 = Sunday */
  dayOfWeek: number
  /** YYYY-MM-DD */
  date: string
  /** HH:MM */
  time: string
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const formatters = new Map<string, Intl.DateTimeFormat>()

export function localTime(at: Date, timeZone: string): LocalTime {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]))
  const hour = Number(p.hour) % 24
  return {
    minute: Number(p.minute),
    hour,
    dayOfMonth: Number(p.day),
    month: Number(p.month),
    dayOfWeek: WEEKDAYS.indexOf(p.weekday!),
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${String(hour).padStart(2, '0')}:${p.minute}`,
  }
}

const FULL = { dayOfMonth: 31, dayOfWeek: 7 }

/**
 * Does the minute match? Standard cron day rule: when both day-of-month and day-of-week are restricted, a
 * day matching either is enough; otherwise both must match.
 */
export function cronMatches(spec: CronSpec, t: LocalTime): boolean {
  if (!spec.minute.includes(t.minute) || !spec.hour.includes(t.hour) || !spec.month.includes(t.month))
    return false
  const domRestricted = spec.dayOfMonth.length < FULL.dayOfMonth
  const dowRestricted = spec.dayOfWeek.length < FULL.dayOfWeek
  const dom = spec.dayOfMonth.includes(t.dayOfMonth)
  const dow = spec.dayOfWeek.includes(t.dayOfWeek)
  return domRestricted && dowRestricted ? dom || dow : dom && dow
}
