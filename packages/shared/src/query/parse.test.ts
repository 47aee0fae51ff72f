import { describe, expect, it } from 'vitest'
import { FIELD_TYPES } from '../fields.ts'
import { FILTER_LIMITS, filterSchema } from './ast.ts'
import { OPERATOR_SPECS, OPERATORS, OPERATORS_BY_FIELD_TYPE } from './operators.ts'
import { bindFilter, FilterValidationError, parseFilter } from './parse.ts'
import { filterableFields, resolvePath } from './paths.ts'
import { companyObject, contactObject, resolveTestObject } from './test-objects.ts'

const parse = (json: unknown) => parseFilter(json, contactObject, resolveTestObject)
const U1 = '0190a3c4-1111-7000-8000-000000000001'

describe('parseFilter accepts', () => {
  const cases: [string, unknown][] = [
    ['an empty and', { and: [] }],
    ['an empty or', { or: [] }],
    ['a text eq', { field: 'name', op: 'eq', value: '张伟' }],
    ['a relation path', { field: 'company.industry', op: 'in', value: ['it', '制造'] }],
    ['three hops', { field: 'assistant.company.parent.name', op: 'contains', value: 'ab' }],
    ['an address part', { field: 'company.address.province', op: 'eq', value: '浙江' }],
    ['a whole address', { field: 'company.address', op: 'is_empty' }],
    ['null as "no value"', { field: 'email', op: 'is_not_empty', value: null }],
    ['$me', { field: 'reviewer', op: 'eq', value: '$me' }],
    ['$me and $myTeam in a list', { field: 'owner_id', op: 'in', value: ['$me', '$myTeam', U1] }],
    ['a system datetime', { field: 'created_at', op: 'last_n_days', value: 7 }],
    [
      'a datetime compared to a day',
      { field: 'last_contacted', op: 'between', value: ['2026-01-01', '2026-01-31'] },
    ],
    [
      'a datetime compared to an instant',
      { field: 'last_contacted', op: 'gt', value: '2026-01-01T08:00:00+08:00' },
    ],
    ['money', { field: 'deal_size', op: 'gte', value: { amount: '100.5', currency: 'CNY' } }],
    ['money as a number', { field: 'deal_size', op: 'lt', value: { amount: 99, currency: 'USD' } }],
    ['a rating', { field: 'company.rating', op: 'between', value: [2, 4] }],
    ['tags', { field: 'company.tags', op: 'has_all', value: ['vip', '重点'] }],
    [
      'nesting',
      {
        not: {
          or: [{ field: 'vip', op: 'eq', value: true }, { and: [{ field: 'score', op: 'gt', value: 0.5 }] }],
        },
      },
    ],
    ['an in with no values', { field: 'name', op: 'in', value: [] }],
    ['the id column', { field: 'id', op: 'in', value: [U1] }],
  ]
  it.each(cases)('%s', (_, json) => {
    const r = parse(json)
    expect(r.ok ? [] : r.errors).toEqual([])
    // everything parseFilter accepts has the structural shape of the API schema too
    expect(filterSchema.safeParse(json).success).toBe(true)
  })
})

describe('parseFilter normalises', () => {
  const cases: [string, unknown, unknown][] = [
    [
      'uuids to lower case',
      { field: 'id', op: 'eq', value: U1.toUpperCase() },
      { field: 'id', op: 'eq', value: U1 },
    ],
    [
      'money to 2 decimals',
      { field: 'deal_size', op: 'eq', value: { amount: 7.5, currency: 'CNY' } },
      { field: 'deal_size', op: 'eq', value: { amount: '7.50', currency: 'CNY' } },
    ],
    [
      'instants to UTC',
      { field: 'last_contacted', op: 'lt', value: '2026-03-01T00:00+08:00' },
      { field: 'last_contacted', op: 'lt', value: '2026-02-28T16:00:00.000Z' },
    ],
    ['a null value away', { field: 'vip', op: 'is_empty', value: null }, { field: 'vip', op: 'is_empty' }],
  ]
  it.each(cases)('%s', (_, json, expected) => {
    const r = parse(json)
    expect(r.ok && r.filter).toEqual(expected)
  })
})

describe('parseFilter rejects, with a path and a code', () => {
  const deep = (n: number): unknown => (n === 0 ? { field: 'name', op: 'is_empty' } : { not: deep(n - 1) })
  const cases: [string, unknown, string, string][] = [
    ['a non-object', 'name = 1', '', 'filter.bad_node'],
    ['null', null, '', 'filter.bad_node'],
    ['an array', [], '', 'filter.bad_node'],
    ['mixed keys', { and: [], or: [] }, '', 'filter.bad_node'],
    ['and of a non-array', { and: {} }, 'and', 'filter.bad_node'],
    ['an extra key on a condition', { field: 'name', op: 'eq', value: 'x', id: 1 }, 'id', 'filter.bad_node'],
    ['a missing field', { op: 'eq', value: 'x' }, 'field', 'filter.bad_node'],
    [
      'an unknown field',
      { and: [{ field: 'nope', op: 'eq', value: 1 }] },
      'and[0].field',
      'filter.unknown_field',
    ],
    [
      'an inactive field',
      { field: 'company.legacy_code', op: 'eq', value: 'x' },
      'field',
      'filter.unknown_field',
    ],
    [
      'an unknown address part',
      { field: 'company.address.street', op: 'eq', value: 'x' },
      'field',
      'filter.unknown_field',
    ],
    ['a bad path segment', { field: 'company..name', op: 'eq', value: 'x' }, 'field', 'filter.unknown_field'],
    [
      'traversing a non-relation',
      { field: 'name.length', op: 'eq', value: 1 },
      'field',
      'filter.not_a_relation',
    ],
    ['traversing a user', { field: 'owner_id.name', op: 'eq', value: 'x' }, 'field', 'filter.not_a_relation'],
    [
      'four hops',
      { field: 'assistant.assistant.assistant.assistant.name', op: 'eq', value: 'x' },
      'field',
      'filter.path_too_deep',
    ],
    [
      'a missing target object',
      { field: 'ghost.name', op: 'eq', value: 'x' },
      'field',
      'filter.unknown_object',
    ],
    ['many_to_many', { field: 'deals', op: 'is_empty' }, 'field', 'filter.not_filterable'],
    ['an unknown operator', { field: 'name', op: 'like', value: 'x' }, 'op', 'filter.bad_operator'],
    ['an operator of another type', { field: 'name', op: 'gt', value: 'x' }, 'op', 'filter.bad_operator'],
    [
      'text ops on a select',
      { field: 'company.industry', op: 'contains', value: 'i' },
      'op',
      'filter.bad_operator',
    ],
    ['a missing value', { field: 'name', op: 'eq' }, 'value', 'filter.missing_value'],
    [
      'a value where none is taken',
      { field: 'name', op: 'is_empty', value: 'x' },
      'value',
      'filter.bad_value',
    ],
    ['a number for text', { field: 'name', op: 'eq', value: 1 }, 'value', 'filter.bad_value'],
    ['an empty contains', { field: 'name', op: 'contains', value: '' }, 'value', 'filter.bad_value'],
    ['NUL in text', { field: 'name', op: 'eq', value: 'a\u0000b' }, 'value', 'filter.bad_value'],
    ['a lone surrogate', { field: 'name', op: 'eq', value: 'a\ud800' }, 'value', 'filter.bad_value'],
    ['too long a string', { field: 'name', op: 'eq', value: 'x'.repeat(1001) }, 'value', 'filter.bad_value'],
    ['NaN', { field: 'score', op: 'gt', value: Number.NaN }, 'value', 'filter.bad_value'],
    ['a fractional rating', { field: 'company.rating', op: 'eq', value: 2.5 }, 'value', 'filter.bad_value'],
    ['a bad date', { field: 'birthday', op: 'eq', value: '2026-02-30' }, 'value', 'filter.bad_value'],
    [
      'an instant for a date',
      { field: 'birthday', op: 'gt', value: '2026-02-01T00:00:00Z' },
      'value',
      'filter.bad_value',
    ],
    [
      'an instant without offset',
      { field: 'last_contacted', op: 'gt', value: '2026-02-01T00:00:00' },
      'value',
      'filter.bad_value',
    ],
    ['a bad uuid', { field: 'company', op: 'eq', value: 'acme' }, 'value', 'filter.bad_value'],
    ['$me on a relation', { field: 'company', op: 'eq', value: '$me' }, 'value', 'filter.bad_value'],
    ['$myTeam as a scalar', { field: 'reviewer', op: 'eq', value: '$myTeam' }, 'value', 'filter.bad_value'],
    ['a bad list item', { field: 'owner_id', op: 'in', value: [U1, 'x'] }, 'value[1]', 'filter.bad_value'],
    ['an empty has_any', { field: 'skills', op: 'has_any', value: [] }, 'value', 'filter.bad_value'],
    ['a one-ended between', { field: 'score', op: 'between', value: [1] }, 'value', 'filter.bad_value'],
    [
      'money in two currencies',
      {
        field: 'deal_size',
        op: 'between',
        value: [
          { amount: '1', currency: 'CNY' },
          { amount: '2', currency: 'USD' },
        ],
      },
      'value',
      'filter.bad_value',
    ],
    [
      '3 decimals of money',
      { field: 'deal_size', op: 'eq', value: { amount: '1.005', currency: 'CNY' } },
      'value',
      'filter.bad_value',
    ],
    [
      'a lower-case currency',
      { field: 'deal_size', op: 'eq', value: { amount: '1', currency: 'cny' } },
      'value',
      'filter.bad_value',
    ],
    ['0 days', { field: 'birthday', op: 'last_n_days', value: 0 }, 'value', 'filter.bad_value'],
    ['fractional days', { field: 'birthday', op: 'next_n_days', value: 1.5 }, 'value', 'filter.bad_value'],
    ['too deep', deep(FILTER_LIMITS.maxDepth), 'not.not.not.not.not.not.not.not.not.not', 'filter.too_deep'],
    [
      'too many nodes',
      { or: Array.from({ length: 201 }, () => ({ field: 'name', op: 'is_empty' })) },
      'or',
      'filter.too_large',
    ],
    [
      'too many values',
      { field: 'name', op: 'in', value: Array.from({ length: 1001 }, (_, i) => `n${i}`) },
      'value',
      'filter.too_many_values',
    ],
  ]
  it.each(cases)('%s', (_, json, path, code) => {
    const r = parse(json)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path, code })
  })

  it('reports every bad condition, not just the first', () => {
    const r = parse({
      and: [
        { field: 'nope', op: 'eq', value: 1 },
        { field: 'name', op: 'gt', value: 1 },
      ],
    })
    expect(r.ok ? [] : r.errors.map((e) => [e.path, e.code])).toEqual([
      ['and[0].field', 'filter.unknown_field'],
      ['and[1].op', 'filter.bad_operator'],
    ])
  })

  it('accepts the deepest and the largest filter within the limits', () => {
    expect(parse(deep(FILTER_LIMITS.maxDepth - 1)).ok).toBe(true)
    expect(parse({ or: Array.from({ length: 199 }, () => ({ field: 'name', op: 'is_empty' })) }).ok).toBe(
      true,
    )
  })
})

describe('parseFilter never throws', () => {
  it('on a deeply nested input (no stack overflow)', () => {
    let n: unknown = { field: 'name', op: 'is_empty' }
    for (let i = 0; i < 100_000; i++) n = { not: n }
    expect(parse(n)).toMatchObject({ ok: false, errors: [{ code: 'filter.too_deep' }] })
    expect(filterSchema.safeParse(n).success).toBe(false)
  })

  it('on a cyclic input', () => {
    const n: { and: unknown[] } = { and: [] }
    n.and.push(n)
    expect(parse(n).ok).toBe(false)
  })

  it('on a throwing getter', () => {
    const n = Object.defineProperty({ op: 'eq', value: 1 }, 'field', {
      enumerable: true,
      get() {
        throw new Error('boom')
      },
    })
    expect(parse(n)).toMatchObject({ ok: false, errors: [{ code: 'filter.bad_node' }] })
  })

  it('on prototype keys', () => {
    expect(parse(JSON.parse('{"__proto__": {"field": "name"}}')).ok).toBe(false)
    expect(parse({ field: 'constructor', op: 'eq', value: 'x' })).toMatchObject({
      errors: [{ code: 'filter.unknown_field' }],
    })
  })
})

describe('bindFilter', () => {
  it('throws a typed error with the issues', () => {
    expect(() => bindFilter({ field: 'nope', op: 'eq', value: 1 }, contactObject, resolveTestObject)).toThrow(
      FilterValidationError,
    )
  })
})

describe('the operator table', () => {
  it('lists only known operators, each with a spec', () => {
    for (const type of FIELD_TYPES) {
      for (const op of OPERATORS_BY_FIELD_TYPE[type]) expect(OPERATORS).toContain(op)
    }
    expect(Object.keys(OPERATOR_SPECS).sort()).toEqual([...OPERATORS].sort())
  })

  it('offers every operator on some field type', () => {
    const used = new Set(FIELD_TYPES.flatMap((t) => OPERATORS_BY_FIELD_TYPE[t]))
    expect(OPERATORS.filter((op) => !used.has(op))).toEqual([])
  })

  it('gives the filter builder the operators of each path', () => {
    const r = resolvePath(contactObject, 'company.address.city', resolveTestObject)
    expect(r.ok && r.path.operators).toContain('starts_with')
    expect(filterableFields(companyObject).map((f) => f.name)).toContain('owner_id')
    expect(filterableFields(contactObject).map((f) => f.name)).not.toContain('deals')
  })
})
