import { describe, expect, it } from 'vitest'
import { personMeta } from '../../test/fixtures.ts'
import type { ObjectMeta } from '../endpoints.ts'
import { keyFieldsOf, sectionsOf } from './sections.ts'

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en })
const names = (o: ObjectMeta) => sectionsOf(o).map((s) => [s.key, s.fields.map((f) => f.name)])

describe('record page sections', () => {
  it('falls back to one section of every active field, in field order, without a layout', () => {
    const inactive = {
      ...personMeta,
      fields: personMeta.fields.map((f) => (f.name === 'tags' ? { ...f, isActive: false } : f)),
    }
    const [only, ...rest] = sectionsOf(inactive)
    expect(rest).toEqual([])
    expect(only?.label).toBeNull()
    expect(only?.fields.map((f) => f.name)).toEqual([
      'name',
      'family_name',
      'given_name',
      'company',
      'title',
      'email',
      'mobile',
      'address',
    ])
  })

  it('follows the layout, skipping unknown, inactive and repeated fields and empty sections', () => {
    const o: ObjectMeta = {
      ...personMeta,
      fields: personMeta.fields.map((f) => (f.name === 'address' ? { ...f, isActive: false } : f)),
      layout: {
        sections: [
          {
            key: 'main',
            label: label('基本', 'Basics'),
            columns: 2,
            collapsed: false,
            fields: ['name', 'title', 'gone', 'name'],
          },
          { key: 'empty', label: label('空', 'Empty'), columns: 1, collapsed: false, fields: ['address'] },
          {
            key: 'contact',
            label: label('联系方式', 'Contact'),
            columns: 1,
            collapsed: true,
            fields: ['mobile', 'email', 'title'],
          },
        ],
      },
    }
    expect(names(o)).toEqual([
      ['main', ['name', 'title']],
      ['contact', ['mobile', 'email']],
    ])
    expect(sectionsOf(o)[1]).toMatchObject({
      columns: 1,
      collapsed: true,
      label: label('联系方式', 'Contact'),
    })
  })

  it('falls back when no section names a field that still exists', () => {
    const o: ObjectMeta = {
      ...personMeta,
      layout: {
        sections: [{ key: 'a', label: label('甲', 'A'), columns: 2, collapsed: false, fields: ['gone'] }],
      },
    }
    expect(names(o)).toEqual([['details', personMeta.fields.map((f) => f.name)]])
  })

  it('takes the header key fields from the layout, or the important ones without a layout', () => {
    expect(keyFieldsOf(personMeta).map((f) => f.name)).toEqual(['company', 'email', 'mobile'])
    expect(keyFieldsOf(personMeta, 2).map((f) => f.name)).toEqual(['company', 'email'])
    const o: ObjectMeta = {
      ...personMeta,
      layout: {
        sections: [
          {
            key: 'a',
            label: label('甲', 'A'),
            columns: 2,
            collapsed: false,
            fields: ['name', 'title', 'address', 'mobile', 'given_name', 'email', 'company'],
          },
        ],
      },
    }
    expect(keyFieldsOf(o).map((f) => f.name)).toEqual(['title', 'mobile', 'given_name', 'email'])
  })
})
