import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { availableColumns, cardFields, listColumns } from './columns.ts'

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
})
