import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatMoney, formatPhone } from './format.ts'

describe('format', () => {
  it('shows date-times in the workspace time zone', () => {
    expect(formatDateTime('2026-12-05T18:30:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026/12/06 02:30')
    expect(formatDateTime('2026-12-05T18:30:00Z', 'en', 'UTC')).toBe('12/05/2026, 18:30')
  })
  it('shows dates as written', () => {
    expect(formatDate('2026-01-31', 'zh-CN')).toBe('2026/01/31')
  })
  it('shows money with its code', () => {
    expect(formatMoney('315240000.00', 'CNY', 'en')).toMatch(/^CNY\s315,240,000\.00$/)
    expect(formatMoney('12.5', 'USD', 'zh-CN')).toMatch(/USD\s?12\.50/)
  })
  it('groups Chinese phone numbers', () => {
    expect(formatPhone('+8613312168390')).toBe('+86 133 1216 8390')
    expect(formatPhone('+8657188888888')).toBe('+86 571 8888 8888')
    expect(formatPhone('+861088888888')).toBe('+86 10 8888 8888')
    expect(formatPhone('+12065550179')).toBe('+1 206-555-0179')
    expect(formatPhone('+4930123456')).toBe('+4930123456')
  })
})
