import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cellText, safeCell } from './csv-export.ts'

describe('CSV export cells', () => {
  it('neutralises formula injection', () => {
    for (const evil of ['=cmd|"/c calc"!A1', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(safeCell(evil).startsWith("'")).toBe(true)
    }
    expect(safeCell('张伟')).toBe('张伟')
    expect(safeCell('1-2')).toBe('1-2')
  })

  it('never lets a cell start with a formula character (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(/^[=+\-@\t\r]/.test(safeCell(s))).toBe(false)
      }),
    )
  })

  it('renders every value shape as text', () => {
    expect(cellText({ type: 'currency' }, { amount: '12.50', currency: 'CNY' })).toBe('12.50 CNY')
    expect(cellText({ type: 'tags' }, ['a', 'b'])).toBe('a; b')
    expect(cellText({ type: 'address' }, { province: '330000', city: '330100', text: '西湖区文三路' })).toBe(
      '西湖区文三路 330100',
    )
    expect(cellText({ type: 'json' }, { a: 1 })).toBe('{"a":1}')
    expect(cellText({ type: 'text' }, null)).toBe('')
  })
})
