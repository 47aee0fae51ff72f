import { describe, expect, it } from 'vitest'
import { isoToWallTime, wallTimeToIso, zoneOffsetMinutes } from './time-zone.ts'

describe('time zones', () => {
  it('knows the offset of a zone', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), 'Asia/Shanghai')).toBe(480)
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), 'UTC')).toBe(0)
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'Europe/Berlin')).toBe(120)
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), 'America/New_York')).toBe(-300)
  })
  it('turns wall-clock time in a zone into an ISO instant with offset', () => {
    expect(wallTimeToIso('2026-12-05T10:00', 'Asia/Shanghai')).toBe('2026-12-05T10:00:00+08:00')
    expect(wallTimeToIso('2026-07-01T09:30:15', 'Europe/Berlin')).toBe('2026-07-01T09:30:15+02:00')
    expect(wallTimeToIso('2026-01-15T23:00', 'America/New_York')).toBe('2026-01-15T23:00:00-05:00')
  })
  it('and back', () => {
    expect(isoToWallTime('2026-12-05T02:00:00Z', 'Asia/Shanghai')).toBe('2026-12-05T10:00:00')
  })
})
