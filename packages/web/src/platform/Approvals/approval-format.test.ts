import { describe, expect, it } from 'vitest'
import { levelText, lockText } from './approval-format.ts'

const t = (key: string, opts?: Record<string, unknown>) =>
  opts ? `${key}(${Object.values(opts).join(',')})` : key

describe('approval texts', () => {
  it('says the level as position and mode, with its name first', () => {
    expect(levelText({ index: 1, count: 3, mode: 'all', id: 'l2', name: null }, t)).toBe(
      '2/3 · approvals.mode.all',
    )
    expect(levelText({ index: 0, count: 1, mode: 'any', id: 'l1', name: '主管' }, t)).toBe(
      '主管 1/1 · approvals.mode.any',
    )
    expect(levelText(null, t)).toBeNull()
  })
  it('says which fields are locked', () => {
    expect(lockText('all', (f) => f, t)).toBe('approvals.lockAll')
    expect(lockText([], (f) => f, t)).toBe('approvals.lockNone')
    expect(lockText(['title', 'amount'], (f) => f.toUpperCase(), t)).toBe(
      'approvals.lockFields(TITLE' + 'approvals.listSeparator' + 'AMOUNT)',
    )
  })
})
