import { describe, expect, it } from 'vitest'
import { isSortableType, parseSortParam } from './sort.ts'

describe('sort helpers', () => {
  it('parses sort=a,-b', () => {
    expect(parseSortParam('name,-created_at')).toEqual([
      { field: 'name', desc: false },
      { field: 'created_at', desc: true },
    ])
    expect(parseSortParam(' , ')).toEqual([])
    expect(parseSortParam(null)).toEqual([])
  })
  it('knows which types have no order', () => {
    expect(isSortableType('text')).toBe(true)
    expect(isSortableType('currency')).toBe(true)
    expect(isSortableType('tags')).toBe(false)
    expect(isSortableType('address')).toBe(false)
  })
})
