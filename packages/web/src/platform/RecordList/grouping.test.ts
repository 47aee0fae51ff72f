import { describe, expect, it } from 'vitest'
import { companyMeta, everyTypeMeta, personRecord } from '../../test/fixtures.ts'
import { displayItems, groupableFields, groupedSort, summedFields } from './grouping.ts'

describe('list grouping', () => {
  const rows = [
    personRecord('甲', { title: 'a' }),
    personRecord('乙', { title: 'a' }),
    personRecord('丙', { title: null }),
    personRecord('丁', { title: 'b' }),
  ]

  it('puts a header with the server count before each run of rows', () => {
    const items = displayItems(rows, 'title', [{ key: 'a', count: 12, sums: {} }], new Set())
    expect(
      items.map((i) => (i.kind === 'group' ? `#${String(i.key)}:${i.summary?.count ?? '?'}` : i.row.name)),
    ).toEqual(['#a:12', '甲', '乙', '#null:?', '丙', '#b:?', '丁'])
  })

  it('gives a value that heads two runs (a row edited into another group) distinct render keys', () => {
    const moved = [...rows, personRecord('戊', { title: 'a' })]
    const heads = displayItems(moved, 'title', null, new Set()).filter((i) => i.kind === 'group')
    expect(heads.map((h) => h.id)).toEqual(['"a"', 'null', '"b"', '"a"'])
    expect(new Set(heads.map((h) => h.renderKey)).size).toBe(heads.length)
  })

  it('hides the rows of a collapsed group, keeps its header', () => {
    const items = displayItems(rows, 'title', null, new Set(['"a"']))
    expect(items.map((i) => (i.kind === 'group' ? `#${i.collapsed}` : i.row.name))).toEqual([
      '#true',
      '#false',
      '丙',
      '#false',
      '丁',
    ])
    expect(displayItems(rows, null, null, new Set())).toHaveLength(4)
  })

  it('sorts by the group field first, then by the user sort', () => {
    expect(groupedSort('industry', null)).toBe('industry,-created_at')
    expect(groupedSort('industry', '-created_at')).toBe('industry,-created_at')
    expect(groupedSort('industry', '-industry,name')).toBe('-industry,name')
    expect(groupedSort('industry', 'name,industry')).toBe('industry,name')
    expect(groupedSort('industry', 'industry')).toBe('industry')
    expect(groupedSort(null, 'name')).toBe('name')
  })

  it('offers few-valued fields for grouping and sums number and money columns', () => {
    expect(groupableFields(everyTypeMeta).map((f) => f.name)).toEqual(['won', 'stage', 'company'])
    const cols = companyMeta.fields.map((field) => ({ field }))
    expect(summedFields(cols).map((f) => f.name)).toEqual(['employees', 'annual_revenue'])
  })
})
