import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cronMatches, localTime, parseCron } from './cron.ts'

const spec = (expr: string) => {
  const r = parseCron(expr)
  if (!r.ok) throw new Error(r.reason)
  return r.spec
}

describe('cron matching in a time zone', () => {
  it('reads wall-clock fields in the zone, across DST and the date line', () => {
    const at = new Date('2026-03-08T07:30:00Z') // New York switches to DST at 07:00 UTC
    expect(localTime(at, 'America/New_York')).toMatchObject({
      hour: 3,
      minute: 30,
      date: '2026-03-08',
      dayOfWeek: 0,
    })
    expect(localTime(at, 'Asia/Shanghai')).toMatchObject({ hour: 15, time: '15:30', date: '2026-03-08' })
    expect(localTime(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({
      date: '2027-01-01',
      time: '00:00',
      month: 1,
      dayOfMonth: 1,
    })
  })

  it('matches weekday working hours every 15 minutes', () => {
    const s = spec('*/15 9-18 * * MON-FRI')
    const tz = 'Asia/Shanghai'
    expect(cronMatches(s, localTime(new Date('2026-12-07T01:15:00Z'), tz))).toBe(true) // Mon 09:15
    expect(cronMatches(s, localTime(new Date('2026-12-07T01:16:00Z'), tz))).toBe(false)
    expect(cronMatches(s, localTime(new Date('2026-12-06T01:15:00Z'), tz))).toBe(false) // Sunday
    expect(cronMatches(s, localTime(new Date('2026-12-07T11:00:00Z'), tz))).toBe(false) // 19:00
  })

  it('uses the either-day rule when both day fields are restricted', () => {
    const s = spec('0 9 1 * MON')
    const tz = 'UTC'
    expect(cronMatches(s, localTime(new Date('2026-12-01T09:00:00Z'), tz))).toBe(true) // the 1st (a Tuesday)
    expect(cronMatches(s, localTime(new Date('2026-12-07T09:00:00Z'), tz))).toBe(true) // a Monday
    expect(cronMatches(s, localTime(new Date('2026-12-08T09:00:00Z'), tz))).toBe(false)
    // only day-of-month restricted: weekday does not matter
    expect(cronMatches(spec('0 9 8 * *'), localTime(new Date('2026-12-08T09:00:00Z'), tz))).toBe(true)
  })

  it('"* * * * *" matches every minute, and a fixed minute exactly once an hour', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.integer({ min: 0, max: 59 }),
        (sec, minute) => {
          const at = new Date(sec * 1000)
          const t = localTime(at, 'Asia/Shanghai')
          expect(cronMatches(spec('* * * * *'), t)).toBe(true)
          expect(cronMatches(spec(`${minute} * * * *`), t)).toBe(t.minute === minute)
        },
      ),
    )
  })
})
