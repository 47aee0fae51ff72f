import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { availableColumns, cardFields, columnWindow, listColumns } from './columns.ts'

const t = ((k: string) => k) as unknown as TFunction
const field = (name: string, options: FieldMeta['options'] = {}): FieldMeta =>
  ({
    name,
    type: 'text',
    label: { 'zh-CN': name, en: name },
    options,
    isSystem: false,
    isActive: true,
  }) as FieldMeta
const object = {
  name: 'person',
  titleField: 'name',
  fields: [field('email'), field('name'), field('name_pinyin', { hideInList: true }), field('city')],
} as unknown as ObjectMeta

describe('list columns', () => {
  it('puts the title first and leaves out fields hidden in lists', () => {
    expect(listColumns(object, 'en', t).map((c) => c.key)).toEqual([
      'name',
      'email',
      'city',
      'owner_id',
      'created_at',
    ])
  })

  it('still offers hidden fields in the column picker', () => {
    const keys = availableColumns(object, 'en', t).map((c) => c.key)
    expect(keys).toContain('name_pinyin')
    expect(keys.at(-1)).toBe('updated_at')
  })

  it('keeps hidden fields off phone cards', () => {
    expect(cardFields(object).map((f) => f.name)).toEqual(['email', 'city'])
  })

  describe('the columns a row renders', () => {
    // title 200, then 100 px columns: column i (i ≥ 1) spans [100 i + 100, 100 i + 200)
    const widths = [200, ...Array.from({ length: 19 }, () => 100)]

    it('renders the columns in view and `overscan` more, none under a view that starts at 0', () => {
      expect(columnWindow(widths, 0, 700, 2)).toEqual({ from: 1, to: 7, gap: 0 })
      expect(columnWindow(widths, 0, 700, 0)).toEqual({ from: 1, to: 5, gap: 0 })
    })

    it('skips the columns scrolled past, and says how wide they are', () => {
      // view [1000, 1500): columns 9 to 13 cross it
      expect(columnWindow(widths, 1000, 500, 1)).toEqual({ from: 8, to: 14, gap: 700 })
      // a column half in view counts
      expect(columnWindow(widths, 1050, 500, 0)).toEqual({ from: 9, to: 14, gap: 800 })
    })

    it('stops at the last column, and renders every column when all fit', () => {
      expect(columnWindow(widths, 1500, 700, 2)).toEqual({ from: 12, to: 19, gap: 1100 })
      expect(columnWindow(widths, 0, 5000, 2)).toEqual({ from: 1, to: 19, gap: 0 })
      expect(columnWindow([200], 0, 1280, 2)).toEqual({ from: 1, to: 0, gap: 0 })
    })
  })
})
