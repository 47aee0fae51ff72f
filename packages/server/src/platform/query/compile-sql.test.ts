import type { Filter } from '@kemai/shared/query/ast'
import { FilterValidationError } from '@kemai/shared/query/parse'
import { contactObject, resolveTestObject } from '@kemai/shared/query/test-objects'
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import { type CompileContext, compileFilter } from './compile-sql.ts'
import { likePattern } from './operators-sql.ts'

// compiles without a database
const db = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
})

const WS = '0190a3c4-0000-7000-8000-0000000000ff'
const ME = '0190a3c4-0000-7000-8000-00000000000a'
const TEAM = ['0190a3c4-0000-7000-8000-00000000000b', '0190a3c4-0000-7000-8000-00000000000c']

const ctx: CompileContext = {
  object: contactObject,
  resolveObject: resolveTestObject,
  alias: 'c',
  tableOf: (name) => ({ schema: 'ws_demo', table: `obj_${name}` }),
  workspaceId: WS,
  now: new Date('2026-04-15T02:00:00Z'), // Wednesday, 10:00 in Shanghai
  me: ME,
  myTeam: TEAM,
}

function compiled(where: RawBuilder<boolean>) {
  const q =
    sql`select ${sql.id('c', 'id')} from ${sql.id('ws_demo', 'obj_contact')} as ${sql.id('c')} where ${where}`.compile(
      db,
    )
  return { sql: q.sql, parameters: q.parameters }
}

const where = (filter: Filter, c: CompileContext = ctx) => {
  const q = compiled(compileFilter(filter, c))
  return { sql: q.sql.slice(q.sql.indexOf(' where ') + 7), parameters: q.parameters }
}

describe('SQL shapes', () => {
  const cases: [string, Filter, string, unknown[]][] = [
    ['eq stays index-friendly', { field: 'name', op: 'eq', value: '张伟' }, '"c"."name" = $1', ['张伟']],
    [
      'in is = any(array)',
      { field: 'name', op: 'in', value: ['a', 'b'] },
      '"c"."name" = any($1)',
      [['a', 'b']],
    ],
    ['in [] is false', { field: 'name', op: 'in', value: [] }, 'false', []],
    ['neq is null-safe', { field: 'name', op: 'neq', value: 'a' }, '("c"."name" = $1) is not true', ['a']],
    [
      'not is null-safe',
      { not: { field: 'score', op: 'gt', value: 1 } },
      '("c"."score" > $1) is not true',
      [1],
    ],
    ['not of a non-null expression is plain NOT', { not: { or: [] } }, 'not (false)', []],
    [
      'is_empty of a user is NOT IS NOT NULL (= an indexable IS NULL)',
      { field: 'owner_id', op: 'is_empty' },
      'not ("c"."owner_id" is not null)',
      [],
    ],
    ['is_empty of text', { field: 'name', op: 'is_empty' }, `("c"."name" <> '') is not true`, []],
    ['is_not_empty of a number', { field: 'score', op: 'is_not_empty' }, '"c"."score" is not null', []],
    [
      'is_empty of tags',
      { field: 'skills', op: 'is_empty' },
      '(cardinality("c"."skills") > 0) is not true',
      [],
    ],
    ['has_any', { field: 'skills', op: 'has_any', value: ['sql'] }, '"c"."skills" && $1', [['sql']]],
    [
      'has_all',
      { field: 'skills', op: 'has_all', value: ['sql', 'ts'] },
      '"c"."skills" @> $1',
      [['sql', 'ts']],
    ],
    [
      'contains: ICU lower, escaped LIKE pattern',
      { field: 'name', op: 'contains', value: '5%_A' },
      `lower("c"."name" collate "und-x-icu") like $1 escape '\\'`,
      ['%5\\%\\_a%'],
    ],
    [
      'money compares amount and currency',
      { field: 'deal_size', op: 'gt', value: { amount: '10', currency: 'CNY' } },
      '("c"."deal_size" > $1 and "c"."deal_size__cur" = $2)',
      ['10.00', 'CNY'],
    ],
    [
      'a date relative range',
      { field: 'birthday', op: 'this_month' },
      '("c"."birthday" >= $1 and "c"."birthday" < $2)',
      ['2026-04-01', '2026-05-01'],
    ],
    [
      'a datetime relative range, in Shanghai days',
      { field: 'last_contacted', op: 'today' },
      '("c"."last_contacted" >= $1 and "c"."last_contacted" < $2)',
      ['2026-04-14T16:00:00.000Z', '2026-04-15T16:00:00.000Z'],
    ],
    [
      'a datetime lte a day',
      { field: 'created_at', op: 'lte', value: '2026-04-01' },
      '"c"."created_at" < $1',
      ['2026-04-01T16:00:00.000Z'],
    ],
    ['$me', { field: 'owner_id', op: 'eq', value: '$me' }, '"c"."owner_id" = $1', [ME]],
    [
      '$myTeam',
      { field: 'owner_id', op: 'in', value: ['$me', '$myTeam'] },
      '"c"."owner_id" = any($1)',
      [[ME, ...TEAM]],
    ],
  ]
  it.each(cases)('%s', (_, filter, text, parameters) => {
    expect(where(filter)).toEqual({ sql: text, parameters })
  })

  it('nobody signed in: eq $me is false, neq $me is true', () => {
    const nobody = { ...ctx, me: null, myTeam: [] }
    expect(where({ field: 'owner_id', op: 'eq', value: '$me' }, nobody).sql).toBe('false')
    expect(where({ field: 'owner_id', op: 'neq', value: '$me' }, nobody).sql).toBe('not (false)')
  })

  it('goes through a relation with EXISTS, scoped to the workspace and to live rows', () => {
    expect(where({ field: 'company.industry', op: 'eq', value: 'it' })).toEqual({
      sql: 'exists (select 1 from "ws_demo"."obj_company" as "c_r1" where "c_r1"."workspace_id" = $1 and "c_r1"."id" = "c"."company" and "c_r1"."deleted_at" is null and "c_r1"."industry" = $2)',
      parameters: [WS, 'it'],
    })
  })

  it('negated operators through a relation become NOT EXISTS of the positive one', () => {
    const neq = where({ field: 'company.industry', op: 'neq', value: 'it' }).sql
    const empty = where({ field: 'company.parent.name', op: 'is_empty' }).sql
    expect(neq).toMatch(/^not exists \(select 1 .* and "c_r1"\."industry" = \$2\)$/)
    expect(empty).toMatch(
      /^not exists \(select 1 .*exists \(select 1 from "ws_demo"\."obj_company" as "c_r2" .*"c_r2"\."id" = "c_r1"\."parent" .* and "c_r2"\."name" <> ''\)\)$/,
    )
  })

  it('binds every value: nothing from a value reaches the SQL text', () => {
    const evil = "x'); drop table obj_contact; --"
    const q = where({
      or: [
        { field: 'name', op: 'eq', value: evil },
        { field: 'name', op: 'contains', value: evil },
        { field: 'company.address.city', op: 'in', value: [evil] },
      ],
    })
    expect(q.sql).not.toContain('drop')
    expect(q.parameters).toContain(evil)
  })

  it('throws FilterValidationError on an invalid filter', () => {
    expect(() => compileFilter({ field: 'name', op: 'gt', value: 'x' }, ctx)).toThrow(FilterValidationError)
  })
})

describe('likePattern', () => {
  const cases: [Parameters<typeof likePattern>[0], string, string][] = [
    ['contains', 'a%b', '%a\\%b%'],
    ['starts_with', 'a_b', 'a\\_b%'],
    ['ends_with', 'a\\b', '%a\\\\b'],
  ]
  it.each(cases)('%s %s', (mode, needle, pattern) => expect(likePattern(mode, needle)).toBe(pattern))
})

/** Breaks a one-line query at AND/OR/EXISTS by parenthesis depth, for reviewable snapshots. */
function pretty(text: string): string {
  let out = ''
  let depth = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === "'") quoted = !quoted
    if (!quoted) {
      if (ch === '(') depth++
      if (ch === ')') depth--
      const rest = text.slice(i)
      const m = /^ (and|or|where) /.exec(rest)
      if (m) {
        out += `\n${'  '.repeat(depth + 1)}${m[1]} `
        i += m[0].length - 1
        continue
      }
    }
    out += ch
  }
  return out
}

describe('SQL snapshots (query/__sql__)', () => {
  const snapshots: [string, string, Filter][] = [
    [
      'eq',
      'a plain eq: col = $1, usable by the (workspace_id, col) index',
      { field: 'email', op: 'eq', value: 'li@example.cn' },
    ],
    [
      'saved-view',
      'a saved view: my open deals this month, not in retail',
      {
        and: [
          { field: 'owner_id', op: 'in', value: ['$me', '$myTeam'] },
          { field: 'last_contacted', op: 'this_month' },
          { field: 'company.industry', op: 'neq', value: 'retail' },
          { field: 'deal_size', op: 'gte', value: { amount: '10000', currency: 'CNY' } },
        ],
      },
    ],
    [
      'relation-depth-3',
      'three hops; a positive condition is EXISTS, a negated one NOT EXISTS',
      {
        or: [
          { field: 'assistant.company.parent.name', op: 'contains', value: '集团' },
          { field: 'assistant.company.parent.tags', op: 'has_none', value: ['blacklist'] },
        ],
      },
    ],
    [
      'nulls-and-not',
      'NOT and negated operators never leak NULL',
      {
        not: {
          or: [
            { field: 'name', op: 'starts_with', value: 'Test_' },
            { field: 'vip', op: 'neq', value: true },
            { field: 'company', op: 'is_empty' },
          ],
        },
      },
    ],
    [
      'dates',
      'dates and datetimes in the workspace time zone (Asia/Shanghai), now = 2026-04-15 10:00',
      {
        and: [
          { field: 'birthday', op: 'next_n_days', value: 7 },
          { field: 'created_at', op: 'between', value: ['2026-01-01', '2026-03-31'] },
          { field: 'last_contacted', op: 'before_last_n_days', value: 30 },
        ],
      },
    ],
    [
      'address-and-json',
      'address parts and empty json',
      {
        and: [
          { field: 'company.address.province', op: 'in', value: ['浙江', '江苏'] },
          { field: 'data', op: 'is_not_empty' },
          { field: 'avatar', op: 'is_empty' },
        ],
      },
    ],
  ]
  it.each(snapshots)('%s', async (name, description, filter) => {
    const q = compiled(compileFilter(filter, ctx))
    const text = [
      `-- ${description}`,
      `-- filter: ${JSON.stringify(filter)}`,
      pretty(q.sql),
      `-- parameters: ${JSON.stringify(q.parameters)}`,
      '',
    ].join('\n')
    await expect(text).toMatchFileSnapshot(`./__sql__/${name}.sql`)
  })
})
