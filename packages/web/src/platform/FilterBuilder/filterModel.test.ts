import { describe, expect, it } from 'vitest'
import { companyMeta, everyTypeMeta, personMeta } from '../../test/fixtures.ts'
import type { ObjectMeta } from '../endpoints.ts'
import {
  chipsOf,
  type EditGroup,
  fromEdit,
  isComplete,
  pathOptions,
  resolvePath,
  toEdit,
  valueFor,
  withoutChip,
} from './filterModel.ts'

const byName = new Map<string, ObjectMeta>([companyMeta, personMeta, everyTypeMeta].map((o) => [o.name, o]))

describe('filter builder model', () => {
  it('resolves relation paths through the target metadata', () => {
    const p = resolvePath(personMeta, 'company.industry', byName)
    expect(p?.chain.map((f) => f.name)).toEqual(['company', 'industry'])
    expect(p?.operators).toEqual(['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'])
    expect(resolvePath(personMeta, 'address.city', byName)?.part).toBe('city')
    expect(resolvePath(personMeta, 'owner_id', byName)?.field.type).toBe('user')
    expect(resolvePath(personMeta, 'company.nope', byName)).toBeNull()
    expect(resolvePath(personMeta, 'email.x', byName)).toBeNull()
  })

  it('offers own fields, address parts and one group per relation target', () => {
    const groups = pathOptions(personMeta, byName, 'zh-CN')
    expect(groups[0]?.options.map((o) => o.value)).toContain('address.province')
    const company = groups.find((g) => g.label.startsWith('公司 ›'))
    expect(company?.options).toContainEqual({ value: 'company.industry', label: '公司 › 行业' })
  })

  it('starts each operator with a value of the right shape', () => {
    expect(valueFor('last_n_days', undefined)).toBe(7)
    expect(valueFor('in', 'a')).toEqual(['a'])
    expect(valueFor('eq', ['a', 'b'])).toBe('a')
    expect(valueFor('this_month', 'x')).toBeUndefined()
    expect(isComplete({ kind: 'condition', key: 'k', field: 'x', op: 'has_any', value: [] })).toBe(false)
    expect(isComplete({ kind: 'condition', key: 'k', field: 'x', op: 'is_empty' })).toBe(true)
  })

  it('round-trips an AST with nested and/or groups and keeps `not` as it is', () => {
    const ast = {
      and: [
        { field: 'company.industry', op: 'eq' as const, value: 'software' },
        {
          or: [
            { field: 'created_at', op: 'last_n_days' as const, value: 30 },
            { field: 'owner_id', op: 'eq' as const, value: '$me' },
          ],
        },
        { not: { field: 'email', op: 'is_empty' as const } },
      ],
    }
    expect(fromEdit(toEdit(ast))).toEqual(ast)
    // a single condition stays a single condition
    expect(fromEdit(toEdit({ field: 'created_at', op: 'this_month' }))).toEqual({
      field: 'created_at',
      op: 'this_month',
    })
  })

  it('drops incomplete rows and empty groups', () => {
    const g: EditGroup = {
      kind: 'group',
      key: 'r',
      join: 'or',
      items: [
        { kind: 'condition', key: 'a', field: 'name', op: 'contains', value: '' },
        { kind: 'group', key: 'g', join: 'and', items: [] },
        { kind: 'condition', key: 'b', field: 'name', op: 'contains', value: '张' },
        { kind: 'condition', key: 'c', field: 'created_at', op: 'this_week', value: 3 },
      ],
    }
    expect(fromEdit(g)).toEqual({
      or: [
        { field: 'name', op: 'contains', value: '张' },
        { field: 'created_at', op: 'this_week' },
      ],
    })
    expect(fromEdit(toEdit(null))).toBeNull()
  })

  it('splits a filter into removable chips', () => {
    const a = { field: 'name', op: 'contains' as const, value: '张' }
    const b = { field: 'company.industry', op: 'in' as const, value: ['software'] }
    expect(chipsOf({ and: [a, b] })).toEqual([a, b])
    expect(chipsOf({ or: [a, b] })).toEqual([{ or: [a, b] }])
    expect(withoutChip({ and: [a, b] }, 0)).toEqual(b)
    expect(withoutChip(a, 0)).toBeNull()
  })
})
