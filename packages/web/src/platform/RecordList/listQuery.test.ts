import { describe, expect, it } from 'vitest'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import { buildQuickFilter, nextSort, parseQuickFilter, readFilterParam, searchPaths } from './listQuery.ts'

describe('quick filter ⇄ filter AST', () => {
  it('searches every text-like field and the address text', () => {
    expect(searchPaths(personMeta)).toEqual([
      'name',
      'family_name',
      'given_name',
      'title',
      'email',
      'mobile',
      'address.text',
    ])
  })

  it('builds an and of a contains-or and select ins, and reads it back', () => {
    const state = { q: '张', selects: { industry: ['software', 'finance'] } }
    const f = buildQuickFilter(companyMeta, state)
    expect(f).toEqual({
      and: [
        {
          or: [
            { field: 'name', op: 'contains', value: '张' },
            { field: 'website', op: 'contains', value: '张' },
            { field: 'phone', op: 'contains', value: '张' },
            { field: 'address.text', op: 'contains', value: '张' },
          ],
        },
        { field: 'industry', op: 'in', value: ['software', 'finance'] },
      ],
    })
    expect(parseQuickFilter(companyMeta, f)).toEqual(state)
  })

  it('gives null for an empty state and an empty state for null', () => {
    expect(buildQuickFilter(personMeta, { q: '  ', selects: { x: [] } })).toBeNull()
    expect(parseQuickFilter(personMeta, null)).toEqual({ q: '', selects: {} })
  })

  it('does not claim a filter it could not have built', () => {
    expect(parseQuickFilter(personMeta, { field: 'created_at', op: 'last_n_days', value: 7 })).toBeNull()
    expect(
      parseQuickFilter(personMeta, {
        or: [
          { field: 'name', op: 'contains', value: 'a' },
          { field: 'email', op: 'contains', value: 'b' },
        ],
      }),
    ).toBeNull()
  })

  it('reads the URL parameter defensively', () => {
    expect(readFilterParam(null)).toEqual({ filter: null, bad: false })
    expect(readFilterParam('{"field":"name","op":"eq","value":"x"}').filter).toEqual({
      field: 'name',
      op: 'eq',
      value: 'x',
    })
    expect(readFilterParam('{oops').bad).toBe(true)
    expect(readFilterParam('[1]').bad).toBe(true)
  })

  it('cycles sort on header clicks', () => {
    expect(nextSort(null, 'name')).toBe('name')
    expect(nextSort('name', 'name')).toBe('-name')
    expect(nextSort('-name', 'name')).toBeNull()
    expect(nextSort('-email', 'name')).toBe('name')
  })
})
