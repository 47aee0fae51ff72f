/**
 * Wall-clock time in a named zone → an instant. Date pickers give the time the user typed; the
 * workspace's zone (not the browser's) says which instant that is (docs/api.md: date-times carry an
 * offset). No dayjs plugin needed: Intl knows the zone rules.
 */

const fmt = new Map<string, Intl.DateTimeFormat>()

/** Offset of `timeZone` from UTC at `utcMs`, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  let f = fmt.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    fmt.set(timeZone, f)
  }
  const p: Record<string, number> = {}
  for (const part of f.formatToParts(new Date(utcMs)))
    if (part.type !== 'literal') p[part.type] = Number(part.value)
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000)
}

/** `2026-12-05T10:00:00` in Asia/Shanghai → `2026-12-05T10:00:00+08:00`. */
export function wallTimeToIso(wall: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall)
  if (!m) throw new Error(`not a wall-clock time: ${wall}`)
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const guess = Date.UTC(y, mo - 1, d, h, mi, s)
  let offset = zoneOffsetMinutes(guess - zoneOffsetMinutes(guess, timeZone) * 60_000, timeZone)
  if (!Number.isFinite(offset)) offset = 0
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** An instant → the wall-clock time in `timeZone` (`YYYY-MM-DDTHH:mm:ss`), for filling a date picker. */
export function isoToWallTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso)
  const local = new Date(ms + zoneOffsetMinutes(ms, timeZone) * 60_000)
  return local.toISOString().slice(0, 19)
}
