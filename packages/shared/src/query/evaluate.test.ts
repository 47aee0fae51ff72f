import { describe, expect, it } from 'vitest'
import type { Filter } from './ast.ts'
import {
  createEvaluator,
  type EvalContext,
  evaluateFilter,
  type FilterRecord,
  relationPaths,
} from './evaluate.ts'
import { FilterValidationError } from './parse.ts'
import { contactObject, resolveTestObject } from './test-objects.ts'

const ME = '0190a3c4-0000-7000-8000-00000000000a'
const TEAM1 = '0190a3c4-0000-7000-8000-00000000000b'
const TEAM2 = '0190a3c4-0000-7000-8000-00000000000c'
const OTHER = '0190a3c4-0000-7000-8000-00000000000d'
const C1 = '0190a3c4-0000-7000-8000-0000000000c1'

// Wednesday 2026-04-15 10:00 in Shanghai
const ctx: EvalContext = {
  object: contactObject,
  resolveObject: resolveTestObject,
  now: new Date('2026-04-15T02:00:00Z'),
  me: ME,
  myTeam: [TEAM1, TEAM2],
}

type Case = [string, Filter, FilterRecord, boolean]
const run = (cases: Case[], c: EvalContext = ctx) =>
  it.each(cases)('%s', (_, filter, record, expected) =>
    expect(evaluateFilter(filter, record, c)).toBe(expected),
  )

describe('nulls: a value that is not there fails every positive operator, and negations are their exact NOT', () => {
  run([
    ['eq on null', { field: 'name', op: 'eq', value: 'a' }, { name: null }, false],
    ['neq on null', { field: 'name', op: 'neq', value: 'a' }, { name: null }, true],
    ['not(eq) on null = neq', { not: { field: 'name', op: 'eq', value: 'a' } }, {}, true],
    ['not_in on null', { field: 'name', op: 'not_in', value: ['a'] }, {}, true],
    ['not_contains on null', { field: 'name', op: 'not_contains', value: 'a' }, {}, true],
    ['gt on null', { field: 'score', op: 'gt', value: -1 }, {}, false],
    ['not(gt) on null', { not: { field: 'score', op: 'gt', value: -1 } }, {}, true],
    ['is_empty on null', { field: 'name', op: 'is_empty' }, { name: null }, true],
    ['is_empty on a missing key', { field: 'name', op: 'is_empty' }, {}, true],
    ['is_empty on ""', { field: 'name', op: 'is_empty' }, { name: '' }, true],
    ['is_not_empty on " "', { field: 'name', op: 'is_not_empty' }, { name: ' ' }, true],
    ['eq false on a null boolean', { field: 'vip', op: 'eq', value: false }, { vip: null }, false],
    ['neq true on a null boolean', { field: 'vip', op: 'neq', value: true }, { vip: null }, true],
    ['has_none on null tags', { field: 'skills', op: 'has_none', value: ['sql'] }, { skills: null }, true],
    ['is_empty on []', { field: 'skills', op: 'is_empty' }, { skills: [] }, true],
    ['is_empty on json {}', { field: 'data', op: 'is_empty' }, { data: {} }, true],
    ['is_empty on json []', { field: 'data', op: 'is_empty' }, { data: [] }, true],
    ['is_not_empty on json 0', { field: 'data', op: 'is_not_empty' }, { data: 0 }, true],
    ['is_empty on a file', { field: 'avatar', op: 'is_empty' }, { avatar: null }, true],
    ['empty and', { and: [] }, {}, true],
    ['empty or', { or: [] }, {}, false],
    ['not of empty or', { not: { or: [] } }, {}, true],
  ])
})

describe('text: eq is exact, contains/starts_with/ends_with ignore case, % and _ are literal', () => {
  run([
    ['eq is case-sensitive', { field: 'name', op: 'eq', value: 'Zhang' }, { name: 'zhang' }, false],
    ['in', { field: 'name', op: 'in', value: ['a', '张伟'] }, { name: '张伟' }, true],
    ['in []', { field: 'name', op: 'in', value: [] }, { name: 'x' }, false],
    ['not_in []', { field: 'name', op: 'not_in', value: [] }, { name: 'x' }, true],
    ['contains ignores case', { field: 'name', op: 'contains', value: 'HANG' }, { name: 'zhang 伟' }, true],
    ['contains CJK', { field: 'name', op: 'contains', value: '伟' }, { name: '张伟' }, true],
    ['contains accented', { field: 'name', op: 'contains', value: 'élan' }, { name: 'ÉLAN Ltd' }, true],
    ['contains Greek', { field: 'name', op: 'contains', value: 'σ' }, { name: 'ΣΟΦΙΑ' }, true],
    ['starts_with', { field: 'email', op: 'starts_with', value: 'Li@' }, { email: 'li@example.cn' }, true],
    ['ends_with', { field: 'email', op: 'ends_with', value: '.CN' }, { email: 'li@example.cn' }, true],
    ['% is literal', { field: 'name', op: 'contains', value: '5%' }, { name: '50 off' }, false],
    ['% matches itself', { field: 'name', op: 'contains', value: '5%' }, { name: '15% off' }, true],
    ['_ is literal', { field: 'name', op: 'starts_with', value: 'a_' }, { name: 'ab' }, false],
    ['backslash is literal', { field: 'name', op: 'contains', value: '\\' }, { name: 'a\\b' }, true],
    [
      'not_contains',
      { field: 'notes', op: 'not_contains', value: 'VIP' },
      { notes: 'a vip customer' },
      false,
    ],
    [
      'an address part',
      { field: 'company.address.province', op: 'eq', value: '浙江' },
      { company: { id: C1, address: { province: '浙江' } } },
      true,
    ],
    [
      'an address part on a null address',
      { field: 'company.address.city', op: 'is_empty' },
      { company: { id: C1, address: null } },
      true,
    ],
  ])
})

describe('numbers, money and booleans', () => {
  const money = (amount: string, currency = 'CNY') => ({ amount, currency })
  run([
    ['gt', { field: 'score', op: 'gt', value: 0.5 }, { score: 0.75 }, true],
    ['between is inclusive', { field: 'score', op: 'between', value: [0.5, 1] }, { score: 1 }, true],
    [
      'between backwards is empty',
      { field: 'score', op: 'between', value: [1, 0.5] },
      { score: 0.75 },
      false,
    ],
    ['0.1 + 0.2 is not 0.3', { field: 'score', op: 'eq', value: 0.3 }, { score: 0.1 + 0.2 }, false],
    ['money eq', { field: 'deal_size', op: 'eq', value: money('12.5') }, { deal_size: money('12.50') }, true],
    [
      'money gt',
      { field: 'deal_size', op: 'gt', value: money('99.99') },
      { deal_size: money('100.00') },
      true,
    ],
    [
      'money in another currency never compares',
      { field: 'deal_size', op: 'gt', value: money('1') },
      { deal_size: money('100.00', 'USD') },
      false,
    ],
    [
      'money neq in another currency',
      { field: 'deal_size', op: 'neq', value: money('100') },
      { deal_size: money('100.00', 'USD') },
      true,
    ],
    [
      'negative money',
      { field: 'deal_size', op: 'lt', value: money('-0.5') },
      { deal_size: money('-1.00') },
      true,
    ],
    ['money is_empty', { field: 'deal_size', op: 'is_empty' }, { deal_size: null }, true],
    ['boolean eq', { field: 'vip', op: 'eq', value: true }, { vip: true }, true],
    [
      'rating between',
      { field: 'company.rating', op: 'between', value: [3, 5] },
      { company: { id: C1, rating: 3 } },
      true,
    ],
    [
      'tags has_all',
      { field: 'skills', op: 'has_all', value: ['sql', 'ts'] },
      { skills: ['ts', 'sql', 'go'] },
      true,
    ],
    [
      'tags has_all, one missing',
      { field: 'skills', op: 'has_all', value: ['sql', 'ts'] },
      { skills: ['sql'] },
      false,
    ],
    ['tags has_any', { field: 'skills', op: 'has_any', value: ['销售', 'x'] }, { skills: ['销售'] }, true],
    [
      'tags are case-sensitive',
      { field: 'skills', op: 'has_any', value: ['SQL'] },
      { skills: ['sql'] },
      false,
    ],
  ])
})

describe('dates and datetimes: days are days of the workspace time zone (Asia/Shanghai by default)', () => {
  run([
    ['today, date', { field: 'birthday', op: 'today' }, { birthday: '2026-04-15' }, true],
    ['yesterday, date', { field: 'birthday', op: 'yesterday' }, { birthday: '2026-04-14' }, true],
    [
      'today starts at Shanghai midnight',
      { field: 'last_contacted', op: 'today' },
      { last_contacted: '2026-04-14T16:00:00.000Z' },
      true,
    ],
    [
      'one ms before is yesterday',
      { field: 'last_contacted', op: 'today' },
      { last_contacted: '2026-04-14T15:59:59.999Z' },
      false,
    ],
    [
      'one ms before is yesterday (2)',
      { field: 'last_contacted', op: 'yesterday' },
      { last_contacted: '2026-04-14T15:59:59.999Z' },
      true,
    ],
    [
      'today ends at the next midnight',
      { field: 'last_contacted', op: 'today' },
      { last_contacted: '2026-04-15T15:59:59.999Z' },
      true,
    ],
    [
      'tomorrow',
      { field: 'last_contacted', op: 'tomorrow' },
      { last_contacted: '2026-04-15T16:00:00.000Z' },
      true,
    ],
    [
      'last_n_days includes today',
      { field: 'birthday', op: 'last_n_days', value: 3 },
      { birthday: '2026-04-13' },
      true,
    ],
    [
      'last_n_days 3 stops 3 days back',
      { field: 'birthday', op: 'last_n_days', value: 3 },
      { birthday: '2026-04-12' },
      false,
    ],
    [
      'before_last_n_days',
      { field: 'birthday', op: 'before_last_n_days', value: 3 },
      { birthday: '2026-04-12' },
      true,
    ],
    ['this_week starts on Monday', { field: 'birthday', op: 'this_week' }, { birthday: '2026-04-13' }, true],
    [
      'last_month',
      { field: 'created_at', op: 'last_month' },
      { created_at: '2026-03-31T15:59:59.999Z' },
      true,
    ],
    [
      'last_month ends at Shanghai midnight',
      { field: 'created_at', op: 'last_month' },
      { created_at: '2026-03-31T16:00:00.000Z' },
      false,
    ],
    ['this_quarter', { field: 'birthday', op: 'this_quarter' }, { birthday: '2026-06-30' }, true],
    ['this_year', { field: 'birthday', op: 'this_year' }, { birthday: '2025-12-31' }, false],
    [
      'a datetime eq a day = that whole day',
      { field: 'last_contacted', op: 'eq', value: '2026-04-01' },
      { last_contacted: '2026-03-31T16:30:00Z' },
      true,
    ],
    [
      'a datetime gt a day = after that day',
      { field: 'last_contacted', op: 'gt', value: '2026-04-01' },
      { last_contacted: '2026-04-01T15:00:00Z' },
      false,
    ],
    [
      'a datetime lte a day includes it',
      { field: 'last_contacted', op: 'lte', value: '2026-04-01' },
      { last_contacted: '2026-04-01T15:59:59.999Z' },
      true,
    ],
    [
      'a datetime lt a day excludes it',
      { field: 'last_contacted', op: 'lt', value: '2026-04-01' },
      { last_contacted: '2026-03-31T16:00:00Z' },
      false,
    ],
    [
      'between days includes both',
      { field: 'last_contacted', op: 'between', value: ['2026-04-01', '2026-04-02'] },
      { last_contacted: '2026-04-02T15:59:59Z' },
      true,
    ],
    [
      'an instant is exact',
      { field: 'last_contacted', op: 'gte', value: '2026-04-01T08:00:00+08:00' },
      { last_contacted: '2026-04-01T00:00:00Z' },
      true,
    ],
    [
      'a Date object as a value',
      { field: 'last_contacted', op: 'today' },
      { last_contacted: new Date('2026-04-15T01:00:00Z') },
      true,
    ],
    ['a date eq', { field: 'birthday', op: 'eq', value: '2026-04-01' }, { birthday: '2026-04-01' }, true],
    [
      'a date between',
      { field: 'birthday', op: 'between', value: ['2026-01-01', '2026-01-31'] },
      { birthday: '2026-01-31' },
      true,
    ],
  ])

  it('uses the given time zone', () => {
    const f: Filter = { field: 'last_contacted', op: 'today' }
    // now is 10:00 on the 15th in Shanghai but 22:00 on the 14th in New York; this is 01:00 on the 15th there
    const r = { last_contacted: '2026-04-15T05:00:00Z' }
    expect(evaluateFilter(f, r, ctx)).toBe(true)
    expect(evaluateFilter(f, r, { ...ctx, timeZone: 'America/New_York' })).toBe(false)
  })

  it('weeks may start on Sunday', () => {
    const f: Filter = { field: 'birthday', op: 'this_week' }
    expect(evaluateFilter(f, { birthday: '2026-04-12' }, ctx)).toBe(false)
    expect(evaluateFilter(f, { birthday: '2026-04-12' }, { ...ctx, weekStartsOn: 0 })).toBe(true)
  })
})

describe('users: $me and $myTeam', () => {
  run([
    ['eq $me', { field: 'reviewer', op: 'eq', value: '$me' }, { reviewer: ME }, true],
    ['eq $me, someone else', { field: 'reviewer', op: 'eq', value: '$me' }, { reviewer: OTHER }, false],
    ['in $myTeam', { field: 'owner_id', op: 'in', value: ['$myTeam'] }, { owner_id: TEAM2 }, true],
    ['in $me, $myTeam', { field: 'owner_id', op: 'in', value: ['$me', '$myTeam'] }, { owner_id: ME }, true],
    ['not_in $myTeam', { field: 'owner_id', op: 'not_in', value: ['$myTeam'] }, { owner_id: OTHER }, true],
    [
      'ids ignore case',
      { field: 'owner_id', op: 'eq', value: OTHER },
      { owner_id: OTHER.toUpperCase() },
      true,
    ],
  ])

  describe('with nobody signed in', () => {
    run(
      [
        ['eq $me matches nobody', { field: 'reviewer', op: 'eq', value: '$me' }, { reviewer: null }, false],
        [
          'neq $me matches everybody',
          { field: 'reviewer', op: 'neq', value: '$me' },
          { reviewer: OTHER },
          true,
        ],
        [
          'in [$me, $myTeam] with an empty team',
          { field: 'owner_id', op: 'in', value: ['$me', '$myTeam'] },
          { owner_id: OTHER },
          false,
        ],
      ],
      { ...ctx, me: null, myTeam: [] },
    )
  })
})

describe('relation paths: an expanded record is read through; a null, id-only or missing one reads as null', () => {
  const company = {
    id: C1,
    name: 'Acme',
    industry: 'it',
    parent: { id: OTHER, name: 'Holding', industry: 'retail' },
  }
  run([
    ['the relation id', { field: 'company', op: 'eq', value: C1 }, { company: C1 }, true],
    ['the relation id of an expanded record', { field: 'company', op: 'eq', value: C1 }, { company }, true],
    ['the relation is_empty', { field: 'company', op: 'is_empty' }, { company: null }, true],
    ['one hop', { field: 'company.industry', op: 'eq', value: 'it' }, { company }, true],
    ['two hops', { field: 'company.parent.industry', op: 'eq', value: 'retail' }, { company }, true],
    [
      'three hops',
      { field: 'assistant.company.parent.name', op: 'starts_with', value: 'hold' },
      { assistant: { id: ME, company } },
      true,
    ],
    ['no related record', { field: 'company.industry', op: 'eq', value: 'it' }, { company: null }, false],
    [
      'no related record, neq',
      { field: 'company.industry', op: 'neq', value: 'it' },
      { company: null },
      true,
    ],
    ['no related record, is_empty', { field: 'company.industry', op: 'is_empty' }, { company: null }, true],
    ['not expanded = missing', { field: 'company.industry', op: 'eq', value: 'it' }, { company: C1 }, false],
    ['not expanded, is_empty', { field: 'company.name', op: 'is_empty' }, { company: C1 }, true],
    ['a hop further is missing', { field: 'company.parent.parent.name', op: 'is_empty' }, { company }, true],
  ])

  it('lists the paths to expand', () => {
    const f: Filter = {
      and: [
        { field: 'assistant.company.parent.name', op: 'eq', value: 'x' },
        { field: 'company.address.city', op: 'eq', value: 'y' },
        { field: 'name', op: 'is_empty' },
      ],
    }
    expect(relationPaths(f, contactObject, resolveTestObject)).toEqual([
      'assistant',
      'assistant.company',
      'assistant.company.parent',
      'company',
    ])
  })
})

describe('errors', () => {
  it('throws FilterValidationError for an invalid filter', () => {
    expect(() => evaluateFilter({ field: 'nope', op: 'eq', value: 1 } as Filter, {}, ctx)).toThrow(
      FilterValidationError,
    )
  })

  it('throws FilterValidationError for an unknown time zone', () => {
    expect(() => createEvaluator({ and: [] }, { ...ctx, timeZone: 'Mars/Olympus' })).toThrow(
      FilterValidationError,
    )
  })

  it('does not throw on malformed record values: they read as null', () => {
    const f: Filter = {
      and: [
        { field: 'score', op: 'is_empty' },
        { field: 'birthday', op: 'is_empty' },
        { field: 'last_contacted', op: 'is_empty' },
        { field: 'deal_size', op: 'is_empty' },
        { field: 'skills', op: 'is_empty' },
      ],
    }
    const bad = {
      score: 'high',
      birthday: 20260101,
      last_contacted: 'soon',
      deal_size: { amount: 'x', currency: 'CNY' },
      skills: 'sql',
    }
    expect(evaluateFilter(f, bad, ctx)).toBe(true)
  })
})
