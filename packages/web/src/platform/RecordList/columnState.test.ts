import { describe, expect, it } from 'vitest'
import {
  applyColumns,
  choicesFromView,
  choicesOf,
  columnsParam,
  moveColumn,
  parseColumnsParam,
  viewColumns,
} from './columnState.ts'
import type { ListColumn } from './columns.ts'

const col = (key: string, width = 100): ListColumn => ({ key, title: key, width, sortable: true })
const AVAILABLE = [col('name', 200), col('email', 230), col('company', 220), col('owner_id', 110)]
const DEFAULTS = ['name', 'email', 'company']

describe('column state', () => {
  it('reads and writes the URL parameter', () => {
    expect(parseColumnsParam('name,email:230,company')).toEqual([
      { key: 'name' },
      { key: 'email', width: 230 },
      { key: 'company' },
    ])
    expect(columnsParam([{ key: 'name' }, { key: 'email', width: 300 }])).toBe('name,email:300')
    expect(parseColumnsParam(null)).toBeNull()
    expect(parseColumnsParam('')).toBeNull()
  })

  it('skips hostile and malformed parts, clamps widths, keeps the first of duplicates', () => {
    expect(parseColumnsParam('"><script>,Name,email:abc,email:9,x:99999999')).toEqual([
      { key: 'email' },
      { key: 'x', width: 2000 },
    ])
    expect(parseColumnsParam('a:10')).toEqual([{ key: 'a', width: 60 }])
    expect(parseColumnsParam(Array.from({ length: 500 }, (_, i) => `f${i}`).join(','))?.length).toBe(100)
  })

  it('orders and sizes the columns, drops unknown ones, keeps the title first', () => {
    const shown = applyColumns(
      AVAILABLE,
      [{ key: 'owner_id' }, { key: 'gone' }, { key: 'email', width: 300 }],
      DEFAULTS,
    )
    expect(shown.map((c) => [c.key, c.width])).toEqual([
      ['name', 200],
      ['owner_id', 110],
      ['email', 300],
    ])
    expect(applyColumns(AVAILABLE, null, DEFAULTS).map((c) => c.key)).toEqual(DEFAULTS)
    expect(
      applyColumns(AVAILABLE, [{ key: 'company' }, { key: 'name', width: 150 }], DEFAULTS)[0],
    ).toMatchObject({
      key: 'name',
      width: 150,
    })
  })

  it('writes a width only when it was changed, and converts to a view', () => {
    const shown = applyColumns(AVAILABLE, [{ key: 'name' }, { key: 'email', width: 300 }], DEFAULTS)
    const choices = choicesOf(shown, AVAILABLE)
    expect(choices).toEqual([{ key: 'name' }, { key: 'email', width: 300 }])
    expect(viewColumns(choices)).toEqual([{ field: 'name' }, { field: 'email', width: 300 }])
    expect(choicesFromView(viewColumns(choices))).toEqual(choices)
    expect(choicesFromView([])).toBeNull()
  })

  it('moves a dragged column to the drop place, never the title column', () => {
    const keys = (l: ListColumn[]) => l.map((c) => c.key)
    expect(keys(moveColumn(AVAILABLE, 'owner_id', 'email', 'name'))).toEqual([
      'name',
      'owner_id',
      'email',
      'company',
    ])
    expect(keys(moveColumn(AVAILABLE, 'email', 'company', 'name'))).toEqual([
      'name',
      'company',
      'email',
      'owner_id',
    ])
    expect(moveColumn(AVAILABLE, 'email', 'name', 'name')).toBe(AVAILABLE)
    expect(moveColumn(AVAILABLE, 'name', 'email', 'name')).toBe(AVAILABLE)
    expect(moveColumn(AVAILABLE, 'gone', 'email', 'name')).toBe(AVAILABLE)
  })
})
