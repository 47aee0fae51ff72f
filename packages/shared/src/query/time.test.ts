import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RELATIVE_DATE_OPERATORS } from './operators.ts'
import {
  addDays,
  isRelativeOperator,
  isValidDay,
  localDay,
  parseInstant,
  relativeDayRange,
  startOfDay,
} from './time.ts'

const at = (iso: string) => Date.parse(iso)

describe('startOfDay', () => {
  const cases: [string, string, string][] = [
    ['2026-01-01', 'Asia/Shanghai', '2025-12-31T16:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    // Shanghai kept DST in 1986–1991; 1988-04-10 started it at 02:00, so the day still starts at 00:00 +08
    ['1988-04-10', 'Asia/Shanghai', '1988-04-09T16:00:00.000Z'],
    // Santiago jumps from 00:00 to 01:00: the day starts at 01:00 -03
    ['2022-09-11', 'America/Santiago', '2022-09-11T04:00:00.000Z'],
    ['0001-01-01', 'UTC', '0001-01-01T00:00:00.000Z'],
  ]
  it.each(cases)('%s in %s', (day, tz, iso) => {
    expect(new Date(startOfDay(day, tz)).toISOString()).toBe(iso)
  })

  it('is the first instant of that local day, in any zone', () => {
    const zones = [
      'Asia/Shanghai',
      'America/Santiago',
      'America/Havana',
      'Europe/London',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Asia/Kathmandu',
    ]
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 30000 }), fc.constantFrom(...zones), (n, tz) => {
        const day = addDays('2000-01-01', n)
        const t = startOfDay(day, tz)
        expect(localDay(t, tz)).toBe(day)
        expect(localDay(t - 1, tz) < day).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

describe('localDay', () => {
  it('is the day in the zone, not in UTC', () => {
    expect(localDay(at('2026-03-31T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-03-31')
    expect(localDay(at('2026-03-31T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-04-01')
  })
})

describe('relativeDayRange', () => {
  // Wednesday 2026-04-15
  const cases: [string, number, 0 | 1, string | null, string | null][] = [
    ['today', 0, 1, '2026-04-15', '2026-04-16'],
    ['yesterday', 0, 1, '2026-04-14', '2026-04-15'],
    ['tomorrow', 0, 1, '2026-04-16', '2026-04-17'],
    ['last_n_days', 7, 1, '2026-04-09', '2026-04-16'],
    ['next_n_days', 7, 1, '2026-04-15', '2026-04-22'],
    ['before_last_n_days', 7, 1, null, '2026-04-09'],
    ['this_week', 0, 1, '2026-04-13', '2026-04-20'],
    ['this_week', 0, 0, '2026-04-12', '2026-04-19'],
    ['last_week', 0, 1, '2026-04-06', '2026-04-13'],
    ['next_week', 0, 1, '2026-04-20', '2026-04-27'],
    ['this_month', 0, 1, '2026-04-01', '2026-05-01'],
    ['last_month', 0, 1, '2026-03-01', '2026-04-01'],
    ['next_month', 0, 1, '2026-05-01', '2026-06-01'],
    ['this_quarter', 0, 1, '2026-04-01', '2026-07-01'],
    ['last_quarter', 0, 1, '2026-01-01', '2026-04-01'],
    ['next_quarter', 0, 1, '2026-07-01', '2026-10-01'],
    ['this_year', 0, 1, '2026-01-01', '2027-01-01'],
    ['last_year', 0, 1, '2025-01-01', '2026-01-01'],
    ['next_year', 0, 1, '2027-01-01', '2028-01-01'],
  ]
  it.each(cases)('%s (n=%i, week starts %i)', (op, n, w, from, to) => {
    if (!isRelativeOperator(op as never)) throw new Error(op)
    expect(relativeDayRange(op as never, '2026-04-15', n, w)).toEqual({ from, to })
  })

  it('crosses years: last_month in January, this_week on a Sunday', () => {
    expect(relativeDayRange('last_month', '2026-01-10', 0)).toEqual({ from: '2025-12-01', to: '2026-01-01' })
    expect(relativeDayRange('last_quarter', '2026-02-10', 0)).toEqual({
      from: '2025-10-01',
      to: '2026-01-01',
    })
    expect(relativeDayRange('this_week', '2026-01-04', 0)).toEqual({ from: '2025-12-29', to: '2026-01-05' })
  })

  it('covers every relative-date operator', () => {
    expect(RELATIVE_DATE_OPERATORS.filter((op) => !isRelativeOperator(op))).toEqual([])
  })
})

describe('values', () => {
  const days: [string, boolean][] = [
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['0000-01-01', false],
    ['2026-1-01', false],
  ]
  it.each(days)('day %s valid: %s', (s, ok) => expect(isValidDay(s)).toBe(ok))

  const instants: [string, string | null][] = [
    ['2026-01-01T00:00:00+08:00', '2025-12-31T16:00:00.000Z'],
    ['2026-01-01T00:00Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00.123Z', '2026-01-01T00:00:00.123Z'],
    ['2026-01-01T00:00:00', null],
    ['2026-01-01T00:00:00.1234Z', null],
    ['2026-02-30T00:00:00Z', null],
    ['2026-01-01 00:00:00Z', null],
  ]
  it.each(instants)('instant %s', (s, iso) => {
    const ms = parseInstant(s)
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(iso)
  })
})
