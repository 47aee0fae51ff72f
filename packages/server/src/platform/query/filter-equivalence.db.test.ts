import { FIELD_STORAGE, type FieldDef, type ObjectDef } from '@kemai/shared/fields'
import type { Condition, Filter, FilterScalar, FilterValue } from '@kemai/shared/query/ast'
import { createEvaluator, type FilterRecord } from '@kemai/shared/query/evaluate'
import { ADDRESS_PARTS, OPERATOR_SPECS, type Operator, type ValueDomain } from '@kemai/shared/query/operators'
import { parseFilter } from '@kemai/shared/query/parse'
import { filterableFields, resolvePath } from '@kemai/shared/query/paths'
import { companyObject, contactObject, resolveTestObject } from '@kemai/shared/query/test-objects'
import { addDays, startOfDay } from '@kemai/shared/query/time'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { columnsOf } from '../metadata/ddl.ts'
import { compileFilter } from './compile-sql.ts'

/**
 * The contract between the two back ends (ARCHITECTURE rule 2): for random filters over random records,
 * the SQL compiler and the in-memory evaluator select exactly the same records. Runs on PGlite, and on
 * PostgreSQL when DATABASE_URL is set. FILTER_EQ_RUNS overrides the number of filters (default 1000).
 */

const SCHEMA = 'fq_equiv'
const WS = '0190a3c4-0000-7000-8000-00000000f00d'
const OTHER_WS = '0190a3c4-0000-7000-8000-00000000beef'
const RUNS = Number(process.env.FILTER_EQ_RUNS ?? 1000)
const RECORDS = 200
const TZ = 'Asia/Shanghai'
const BASE_DAY = '2026-04-15'

const uuid = (prefix: string, n: number) => `0190a3c4-${prefix}-7000-8000-${n.toString(16).padStart(12, '0')}`
const USERS = Array.from({ length: 5 }, (_, i) => uuid('aaaa', i))
const COMPANY_IDS = Array.from({ length: RECORDS }, (_, i) => uuid('c0c0', i))
const CONTACT_IDS = Array.from({ length: RECORDS }, (_, i) => uuid('c7c7', i))
const FOREIGN_COMPANY = uuid('c0c0', 9999) // lives in another workspace
const DANGLING = uuid('dead', 1) // points nowhere

// ---------------------------------------------------------------- values

// case pairs, accents, Greek final sigma, dotted İ, fullwidth, CJK and LIKE's special characters
const TEXT_PIECES = [
  'a',
  'A',
  'b',
  'B',
  'é',
  'É',
  'ß',
  'İ',
  'i',
  'Σ',
  'σ',
  'ς',
  'Ａ',
  'ａ',
  'ǅ',
  '张',
  '伟',
  '王',
  '%',
  '_',
  '\\',
  ' ',
  "'",
]
const textArb = fc
  .array(fc.constantFrom(...TEXT_PIECES), { minLength: 1, maxLength: 5 })
  .map((p) => p.join(''))
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 5 })

const DAYS = [
  ...Array.from({ length: 40 }, (_, i) => addDays(BASE_DAY, i - 20)),
  '2025-12-31',
  '2026-01-01',
  '2026-03-31',
  '2026-04-01',
  '2026-06-30',
  '2026-07-01',
  '2026-04-12',
  '2026-04-13',
  '2026-04-19',
  '2026-04-20',
  '2025-04-15',
  '2027-01-01',
]
const dayArb = fc.oneof(
  fc.constantFrom(...DAYS),
  fc.integer({ min: -500, max: 500 }).map((n) => addDays(BASE_DAY, n)),
)

// instants at and around Shanghai midnight: the edges where time zone mistakes show
const NEAR_MIDNIGHT_MS = [0, -1, 1, -60_000, 60_000, 8 * 3_600_000, -8 * 3_600_000, 12 * 3_600_000]
const instantArb = fc.oneof(
  fc
    .tuple(dayArb, fc.constantFrom(...NEAR_MIDNIGHT_MS))
    .map(([d, off]) => new Date(startOfDay(d, TZ) + off).toISOString()),
  fc
    .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-06-01T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString()),
)

const NUMBERS = [-1.5, 0, -0, 0.1, 0.3, 0.1 + 0.2, 1, 2.5, 100, 1e6, 123.456]
const numberArb = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -5, max: 5 }))
const centsArb = fc.oneof(
  fc.constantFrom(0, 1250, -310, 10000, 9999, 1),
  fc.integer({ min: -20000, max: 20000 }),
)
const amountOf = (cents: number) =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`
const currencyArb = fc.constantFrom('CNY', 'USD')
const TAGS = ['a', 'A', 'b', '销售', 'vip']
const tagsArb = fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 4 })
const ADDRESS_VALUES = ['浙江', '杭州', '', 'Zhejiang', 'zhejiang', '西湖区', 'a%b']
const addressArb = fc.oneof(
  fc.constant({}),
  fc.dictionary(fc.constantFrom(...ADDRESS_PARTS), fc.constantFrom(...ADDRESS_VALUES), { maxKeys: 3 }),
)
const JSON_VALUES: unknown[] = [{}, [], 0, '', 'x', { a: 1 }, [1], false, 'null-json']
const jsonArb = fc.constantFrom(...JSON_VALUES)
const fileArb = fc.constantFrom<unknown>([], [{ id: USERS[0], name: 'a.pdf', size: 1 }], {})

// ---------------------------------------------------------------- records

type Row = Record<string, unknown>

/** An API-shaped value for one field (relations handled apart). */
function fieldValueArb(f: FieldDef): fc.Arbitrary<unknown> {
  const byType: Partial<Record<FieldDef['type'], fc.Arbitrary<unknown>>> = {
    text: fc.oneof(textArb, fc.constant('')),
    long_text: textArb,
    email: textArb,
    phone: fc.constantFrom('+8613812345678', '+8657188888888'),
    url: textArb,
    select: fc.constantFrom('it', 'retail', '制造', 'IT'),
    number: numberArb,
    percent: numberArb,
    rating: fc.integer({ min: 0, max: 5 }),
    currency: fc.tuple(centsArb, currencyArb).map(([c, currency]) => ({ amount: amountOf(c), currency })),
    date: dayArb,
    datetime: instantArb,
    boolean: fc.boolean(),
    multi_select: tagsArb,
    tags: tagsArb,
    address: addressArb,
    json: jsonArb,
    file: fileArb,
    user: fc.constantFrom(...USERS),
  }
  return maybe(byType[f.type] ?? fc.constant(null))
}

const relationArb = (ids: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.constantFrom(FOREIGN_COMPANY, DANGLING) },
    { weight: 2, arbitrary: fc.constant(null) },
  )

function recordArb(object: ObjectDef, id: string): fc.Arbitrary<Row> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {
    id: fc.constant(id),
    owner_id: maybe(fc.constantFrom(...USERS)),
    created_by: fc.constantFrom(...USERS),
    updated_by: maybe(fc.constantFrom(...USERS)),
    created_at: instantArb,
    updated_at: instantArb,
    deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  }
  for (const f of object.fields) {
    if (f.type === 'many_to_many') continue
    if (f.type === 'relation') {
      fields[f.name] = relationArb(f.options.target === 'contact' ? CONTACT_IDS : COMPANY_IDS)
    } else fields[f.name] = fieldValueArb(f)
  }
  return fc.record(fields)
}

/** Relations expanded to `{ id, ...fields }` when the related row is live in the workspace, as the records service would. */
function expand(
  row: Row,
  object: ObjectDef,
  live: Map<string, Map<string, Row>>,
  depth: number,
): FilterRecord {
  const out: Row = { ...row }
  delete out.deleted
  for (const f of object.fields) {
    if (f.type !== 'relation' || typeof row[f.name] !== 'string') continue
    const target = resolveTestObject(f.options.target ?? '')
    const related = target && live.get(target.name)?.get(row[f.name] as string)
    if (target && related && depth > 0) out[f.name] = expand(related, target, live, depth - 1)
  }
  return out
}

// ---------------------------------------------------------------- storage

async function createTable(db: Database['db'], object: ObjectDef) {
  // the metadata engine's own column mapping, so the test tables are the product's tables
  const cols = object.fields.flatMap((f) => columnsOf(f).map((c) => `"${c.name}" ${c.sqlType}`))
  await sql
    .raw(`create table "${SCHEMA}"."obj_${object.name}" (
      workspace_id uuid not null, id uuid not null, version int not null default 1, owner_id uuid,
      created_at timestamptz not null, created_by uuid, updated_at timestamptz not null, updated_by uuid,
      deleted_at timestamptz, ${cols.join(', ')}, primary key (workspace_id, id))`)
    .execute(db)
}

function toColumns(row: Row, object: ObjectDef, workspaceId: string): Row {
  const out: Row = {
    workspace_id: workspaceId,
    id: row.id,
    owner_id: row.owner_id,
    created_at: row.created_at,
    created_by: row.created_by,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
    deleted_at: row.deleted ? '2026-01-01T00:00:00Z' : null,
  }
  for (const f of object.fields) {
    const v = row[f.name]
    const storage = FIELD_STORAGE[f.type]
    if (storage === 'none') continue
    if (storage === 'money') {
      const m = v as { amount: string; currency: string } | null
      out[f.name] = m?.amount ?? null
      out[`${f.name}__cur`] = m?.currency ?? null
    } else if (storage === 'jsonb') {
      // 'null-json' stands for a JSON null in a jsonb column, which the API also shapes as null
      out[f.name] = v === null ? null : v === 'null-json' ? 'null' : JSON.stringify(v)
    } else out[f.name] = v
  }
  return out
}

/** What the API returns for a stored row: a JSON null reads as null. */
function apiShape(row: Row): Row {
  const out: Row = {}
  for (const [k, v] of Object.entries(row)) out[k] = v === 'null-json' ? null : v
  return out
}

// ---------------------------------------------------------------- filters

interface PathInfo {
  path: string
  domain: ValueDomain
  operators: readonly Operator[]
  hops: number
}

/** Every path a filter on `object` may name: fields, address parts, and the same through up to 3 relations. */
function pathsOf(object: ObjectDef): PathInfo[] {
  const out: PathInfo[] = []
  const walk = (obj: ObjectDef, prefix: string, hops: number) => {
    for (const f of filterableFields(obj)) {
      const names = f.type === 'address' ? [f.name, ...ADDRESS_PARTS.map((p) => `${f.name}.${p}`)] : [f.name]
      for (const name of names) {
        const r = resolvePath(object, prefix + name, resolveTestObject)
        if (r.ok) out.push({ path: prefix + name, domain: r.path.domain, operators: r.path.operators, hops })
      }
      const target =
        f.type === 'relation' && f.options.target ? resolveTestObject(f.options.target) : undefined
      if (target && hops < 3) walk(target, `${prefix}${f.name}.`, hops + 1)
    }
  }
  walk(object, '', 0)
  return out
}

const ALL_IDS = [...COMPANY_IDS.slice(0, 30), ...CONTACT_IDS.slice(0, 30), FOREIGN_COMPANY, DANGLING]

function scalarArb(domain: ValueDomain): fc.Arbitrary<FilterScalar> {
  const byDomain: Record<ValueDomain, fc.Arbitrary<FilterScalar>> = {
    text: fc.oneof(textArb, fc.constantFrom('it', 'retail', '制造', '浙江', 'zhejiang', '+8613812345678')),
    number: numberArb,
    integer: fc.integer({ min: -1, max: 6 }),
    money: fc.tuple(centsArb, currencyArb, fc.boolean()).map(([c, currency, asNumber]) => ({
      amount: asNumber ? c / 100 : amountOf(c),
      currency,
    })),
    date: dayArb,
    datetime: fc.oneof(
      dayArb,
      instantArb,
      instantArb.map((iso) => iso.replace('Z', '+00:00')),
    ),
    boolean: fc.boolean(),
    id: fc.oneof(
      fc.constantFrom(...ALL_IDS),
      fc.constantFrom(...ALL_IDS).map((s) => s.toUpperCase()),
    ),
    user: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...USERS) },
      { weight: 1, arbitrary: fc.constant('$me') },
    ),
    text_list: fc.constantFrom(...TAGS),
    json: fc.constant('x'),
  }
  return byDomain[domain]
}

function valueArb(op: Operator, domain: ValueDomain): fc.Arbitrary<FilterValue | undefined> {
  const item = domain === 'user' ? fc.oneof(scalarArb(domain), fc.constant('$myTeam')) : scalarArb(domain)
  switch (OPERATOR_SPECS[op].value) {
    case 'none':
      return fc.constantFrom(undefined, null)
    case 'scalar':
      return scalarArb(domain)
    case 'text':
      return textArb
    case 'days':
      return fc.oneof(fc.constantFrom(1, 7, 30), fc.integer({ min: 1, max: 400 }))
    case 'list':
      return fc.array(item, { maxLength: 4 })
    case 'nonempty_list':
      return fc.array(item, { minLength: 1, maxLength: 3 })
    case 'pair':
      return domain === 'money'
        ? fc.tuple(centsArb, centsArb, currencyArb).map(([a, b, currency]) => [
            { amount: amountOf(a), currency },
            { amount: amountOf(b), currency },
          ])
        : fc.tuple(scalarArb(domain), scalarArb(domain)).map(([a, b]) => [a, b])
  }
}

function conditionArb(paths: PathInfo[]): fc.Arbitrary<Condition> {
  const near = paths.filter((p) => p.hops <= 1)
  const far = paths.filter((p) => p.hops > 1)
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...near) },
      { weight: 1, arbitrary: fc.constantFrom(...far) },
    )
    .chain((p) =>
      fc
        .constantFrom(...p.operators)
        .chain((op) =>
          valueArb(op, p.domain).map(
            (value): Condition =>
              value === undefined ? { field: p.path, op } : { field: p.path, op, value },
          ),
        ),
    )
}

function filterArb(paths: PathInfo[]): fc.Arbitrary<Filter> {
  const { node } = fc.letrec<{ node: Filter }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'filter', withCrossShrink: true },
      { weight: 5, arbitrary: conditionArb(paths) },
      { weight: 2, arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((and) => ({ and })) },
      { weight: 2, arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((or) => ({ or })) },
      { weight: 1, arbitrary: tie('node').map((not) => ({ not })) },
    ),
  }))
  return node
}

const NOWS = [
  '2026-04-15T02:00:00.000Z', // Wednesday 10:00 in Shanghai
  '2026-03-31T15:59:59.999Z', // the last ms of Q1 in Shanghai (already April in UTC+9, still March 31 in UTC)
  '2026-03-31T16:00:00.000Z', // the first ms of Q2 in Shanghai
  '2025-12-31T16:00:00.000Z', // new year's midnight in Shanghai
  '2026-04-19T15:59:59.999Z', // the last ms of a Sunday (end of the week)
  '2026-04-12T20:00:00.000Z', // Monday 04:00 in Shanghai, still Sunday in UTC
]

// ---------------------------------------------------------------- the test

describe('SQL compiler ≡ in-memory evaluator', () => {
  let t: Database
  const data = new Map<string, { records: FilterRecord[] }>()

  beforeAll(async () => {
    t = await createTestDb()
    await sql`create schema ${sql.id(SCHEMA)}`.execute(t.db)
    const live = new Map<string, Map<string, Row>>()
    const rows = new Map<string, Row[]>()
    for (const [object, ids] of [
      [companyObject, COMPANY_IDS],
      [contactObject, CONTACT_IDS],
    ] as const) {
      await createTable(t.db, object)
      const [generated] = fc.sample(fc.tuple(...ids.map((id) => recordArb(object, id))), {
        numRuns: 1,
        seed: 20260415,
      })
      const all = (generated ?? []).map(apiShape)
      rows.set(object.name, all)
      live.set(object.name, new Map(all.filter((r) => !r.deleted).map((r) => [r.id as string, r])))
      const stored = (generated ?? []).map((r) => toColumns(r, object, WS))
      // a company of another workspace with the same shape: relations to it must read as missing
      if (object === companyObject)
        stored.push(
          toColumns({ ...(generated ?? [])[0], id: FOREIGN_COMPANY, deleted: false }, object, OTHER_WS),
        )
      for (let i = 0; i < stored.length; i += 50) {
        await t.db
          .withSchema(SCHEMA)
          .insertInto(`obj_${object.name}`)
          .values(stored.slice(i, i + 50))
          .execute()
      }
    }
    // Fresh tables have no statistics: the planner then guesses 1 row per workspace and nests loops
    // through 3 hops (200^4 rows). PostgreSQL's autovacuum would analyze them; PGlite has no autovacuum.
    await sql`analyze ${sql.id(SCHEMA, 'obj_company')}`.execute(t.db)
    await sql`analyze ${sql.id(SCHEMA, 'obj_contact')}`.execute(t.db)
    for (const object of [companyObject, contactObject]) {
      const records = (rows.get(object.name) ?? [])
        .filter((r) => !r.deleted)
        .map((r) => expand(r, object, live, 3))
      data.set(object.name, { records })
    }
  })

  afterAll(async () => {
    await t?.close()
  })

  it(`selects the same records for ${RUNS} random filters`, async () => {
    const objects = new Map([contactObject, companyObject].map((o) => [o.name, o]))
    const pathsByObject = new Map([...objects.values()].map((o) => [o.name, pathsOf(o)]))
    const caseArb = fc
      .record({
        // a name, so that a counterexample stays readable
        objectName: fc.constantFrom(...objects.keys()),
        now: fc.constantFrom(...NOWS),
        me: fc.option(fc.constantFrom(...USERS), { nil: null, freq: 4 }),
        myTeam: fc.subarray(USERS, { maxLength: 3 }),
        weekStartsOn: fc.constantFrom<0 | 1>(1, 1, 0),
      })
      .chain((c) => filterArb(pathsByObject.get(c.objectName) ?? []).map((filter) => ({ ...c, filter })))

    let nonTrivial = 0
    const started = Date.now()
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ objectName, now, me, myTeam, weekStartsOn, filter }) => {
        const object = objects.get(objectName)!
        const parsed = parseFilter(filter, object, resolveTestObject)
        if (!parsed.ok) throw new Error(`generator made an invalid filter: ${JSON.stringify(parsed.errors)}`)
        const env = { now: new Date(now), timeZone: TZ, me, myTeam, weekStartsOn }
        const where = compileFilter(filter, {
          ...env,
          object,
          resolveObject: resolveTestObject,
          alias: 'b',
          tableOf: (name) => ({ schema: SCHEMA, table: `obj_${name}` }),
          workspaceId: WS,
        })
        const r = await sql<{
          id: string
        }>`select ${sql.id('b', 'id')} as id from ${sql.id(SCHEMA, `obj_${object.name}`)} as ${sql.id('b')}
          where ${sql.id('b', 'workspace_id')} = ${WS} and ${sql.id('b', 'deleted_at')} is null and ${where}`.execute(
          t.db,
        )
        const fromSql = r.rows.map((x) => x.id).sort()
        const matches = createEvaluator(filter, { ...env, object, resolveObject: resolveTestObject })
        const records = data.get(object.name)?.records ?? []
        const inMemory = records
          .filter(matches)
          .map((x) => x.id as string)
          .sort()
        if (inMemory.length > 0 && inMemory.length < records.length) nonTrivial++
        expect(fromSql).toEqual(inMemory)
      }),
      { numRuns: RUNS },
    )
    // the generator must produce filters that actually discriminate, or the test proves little
    console.log(
      `${RUNS} filters on ${t.kind}: ${Date.now() - started} ms, ${nonTrivial} selected some but not all records`,
    )
    if (RUNS >= 100) expect(nonTrivial).toBeGreaterThan(RUNS * 0.3)
  }, 600_000)
})
