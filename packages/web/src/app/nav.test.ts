import { describe, expect, it } from 'vitest'
import { companyMeta, personMeta } from '../test/fixtures.ts'
import { navGroups, objectOfPath } from './nav.ts'

describe('navigation', () => {
  it('groups objects by module, custom objects last', () => {
    const custom = {
      ...companyMeta,
      name: 'project',
      module: null,
      pluralLabel: { 'zh-CN': '项目', en: 'Projects' },
    }
    expect(navGroups([custom, companyMeta, personMeta], 'zh-CN')).toEqual([
      {
        module: 'contacts',
        objects: [
          { name: 'company', label: '公司' },
          { name: 'person', label: '联系人' },
        ],
      },
      { module: '', objects: [{ name: 'project', label: '项目' }] },
    ])
    expect(navGroups([personMeta], 'en')[0]?.objects[0]?.label).toBe('People')
  })
  it('leaves link objects out', () => {
    const link = { ...personMeta, name: 'person_relation', isJunction: true }
    expect(navGroups([personMeta, link], 'zh-CN')[0]?.objects.map((o) => o.name)).toEqual(['person'])
  })
  it('finds the object of a path', () => {
    expect(objectOfPath('/o/person/01a2')).toBe('person')
    expect(objectOfPath('/o/company')).toBe('company')
    expect(objectOfPath('/settings')).toBeNull()
  })
})
