import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { up } from './migration.ts'
import {
  deleteSearchDoc,
  type SearchDocWrite,
  type SearchHit,
  type SearchVisibility,
  search,
  searchDocOwnerId,
  upsertSearchDoc,
  upsertSearchDocs,
} from './search.repo.ts'
import { buildQuery, buildSearchDoc } from './tokenize.ts'
import { parseTsvector, tsMatch } from './tsquery-eval.ts'

let t: Database
const W1 = randomUUID()
const W2 = randomUUID()
const U1 = randomUUID()
const U2 = randomUUID()
const U3 = randomUUID()
const ALL: SearchVisibility = { contact: 'all', company: 'all', lead: 'all' }

/** title → record id, for readable assertions */
const ids = new Map<string, string>()
function doc(
  objectName: string,
  title: string,
  ownerId: string,
  extra: Partial<SearchDocWrite> = {},
  workspaceId = W1,
): SearchDocWrite {
  const recordId = randomUUID()
  ids.set(`${workspaceId === W1 ? '' : 'w2:'}${title}`, recordId)
  return { workspaceId, objectName, recordId, title, ownerId, texts: [], ...extra }
}

const seed: SearchDocWrite[] = [
  doc('contact', '张伟', U1, {
    subtitle: '销售总监',
    texts: ['+86 138-1234-5678', 'wei.z@example.com'],
    personNameTexts: ['张伟'],
  }),
  doc('contact', '张伟明', U2, { personNameTexts: ['张伟明'] }),
  doc('contact', '章伟', U1, { personNameTexts: ['章伟'] }),
  doc('contact', '李娜', U2, { subtitle: '张伟的同事', personNameTexts: ['李娜'] }),
  doc('contact', '王小明', U3, { personNameTexts: ['王小明'] }),
  doc('contact', '單田芳', U1, { personNameTexts: ['單田芳'] }),
  doc('contact', 'John Smith', U2, {
    texts: ['john.smith@acme.com', 'Acme Corp'],
    personNameTexts: ['John Smith'],
  }),
  doc('company', '阿里巴巴(中国)有限公司', U1, { texts: ['0571-88888888', '杭州市余杭区文一西路969号'] }),
  doc('company', '阿里云计算有限公司', U2),
  doc('company', '腾讯科技(深圳)有限公司', U3),
  doc('lead', '张伟的报价单', U3),
  doc('contact', '张伟', U1, { personNameTexts: ['张伟'] }, W2),
]

const titles = (hits: readonly SearchHit[]) => hits.map((h) => h.title)
const find = (q: string, visibility: SearchVisibility = ALL, extra = {}) =>
  search(t.db, { workspaceId: W1, q, visibility, ...extra })

beforeAll(async () => {
  t = await createTestDb()
  await up(t.db) // idempotent; a no-op once the lead's migration list includes it
  await up(t.db)
  await upsertSearchDocs(t.db, seed)
})

afterAll(async () => {
  await t?.close()
})

describe('matching', () => {
  it.each([
    ['张伟', 'title'],
    ['張偉', 'title'],
    ['张', 'title_prefix'],
    ['zhangwei', 'pinyin'],
    ['zhang wei', 'pinyin'],
    ['ZhangWei', 'pinyin'],
    ['zw', 'initials'],
    ['13812345678', 'token'],
    ['+86 138 1234 5678', 'token'],
    ['5678', 'token'],
    ['zhangwie', 'fuzzy'], // typo: swapped letters, corrected to ~zhangwei
    ['zhagnwei', 'fuzzy'],
    ['zangwei', 'fuzzy'], // z/zh mix-up of pinyin keyboards
  ])('%s finds the contact 张伟 (%s)', async (q, how) => {
    const r = await find(q, { contact: 'all' })
    const hit = r.hits.find((h) => h.recordId === ids.get('张伟'))
    expect(hit, JSON.stringify(titles(r.hits))).toBeDefined()
    expect(hit!.matchedBy).toBe(how)
  })

  it.each([
    ['阿里巴巴', 'title_prefix'],
    ['阿里', 'title_prefix'],
    ['alibaba', 'pinyin'],
    ['albb', 'initials'],
    ['阿里八八', 'pinyin'], // homophone typo
    ['有限公司', 'token'],
    ['余杭', 'token'],
    ['88888888', 'token'],
  ])('%s finds 阿里巴巴(中国)有限公司 (%s)', async (q, how) => {
    const r = await find(q, { company: 'all' })
    const hit = r.hits.find((h) => h.title === '阿里巴巴(中国)有限公司')
    expect(hit, JSON.stringify(titles(r.hits))).toBeDefined()
    expect(hit!.matchedBy).toBe(how)
  })

  it('finds English names, e-mail parts and typos in them', async () => {
    for (const q of ['john', 'smith', 'john smith', 'acme', 'js']) {
      expect(titles((await find(q)).hits), q).toContain('John Smith')
    }
    const typo = await find('jonh smith')
    expect(typo.hits.find((h) => h.title === 'John Smith')?.matchedBy).toBe('fuzzy')
  })

  it('reads a person surname by its surname pronunciation (單 → shan)', async () => {
    const r = await find('shantianfang')
    expect(r.hits[0]).toMatchObject({ title: '單田芳', matchedBy: 'pinyin' })
  })

  it('finds a given name by its characters and its pinyin', async () => {
    expect(titles((await find('小明')).hits)).toContain('王小明')
    expect(titles((await find('xiaoming')).hits)).toContain('王小明')
  })

  it('finds "contains" substrings of three characters or more through the trigram fallback', async () => {
    const r = await find('ei.z@exam')
    expect(r.hits.find((h) => h.title === '张伟')?.matchedBy).toBe('contains')
  })

  it('returns nothing for a query with no match, an empty query or nothing visible', async () => {
    expect((await find('量子计算机')).hits).toEqual([])
    expect((await find('   ')).hits).toEqual([])
    expect((await find('张伟', {})).hits).toEqual([])
  })
})

describe('ranking', () => {
  it('orders exact title > title prefix > token > pinyin', async () => {
    const r = await find('张伟')
    const order = titles(r.hits)
    expect(order[0]).toBe('张伟')
    expect(r.hits[0]!.matchedBy).toBe('title')
    const at = (title: string) => order.indexOf(title)
    expect(at('张伟明')).toBeGreaterThan(at('张伟'))
    expect(at('李娜')).toBeGreaterThan(at('张伟明')) // 张伟 only in the subtitle
    expect(at('章伟')).toBeGreaterThan(at('李娜')) // homophone through pinyin
    expect(r.hits.find((h) => h.title === '章伟')?.matchedBy).toBe('pinyin')
    const scores = r.hits.map((h) => h.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
  })

  it('groups by object, best group first, at most `limit` per object', async () => {
    const r = await find('张伟', ALL, { limit: 2 })
    expect(r.groups.map((g) => g.objectName)).toEqual(['contact', 'lead'])
    expect(r.groups[0]!.hits).toHaveLength(2)
    expect(r.groups[1]!.hits.map((h) => h.title)).toEqual(['张伟的报价单'])
    expect(r.hits).toHaveLength(3)
  })

  it('restricts to the objects asked for', async () => {
    const r = await find('张伟', ALL, { objects: ['lead'] })
    expect(r.groups.map((g) => g.objectName)).toEqual(['lead'])
  })

  it('prefers the exact pinyin of a title over a longer one (zhangwei: 张伟, 章伟 before 张伟明)', async () => {
    const order = titles((await find('zhangwei', { contact: 'all' })).hits)
    expect(order.slice(0, 2).sort()).toEqual(['张伟', '章伟'])
    expect(order).toContain('张伟明')
  })
})

describe('visibility', () => {
  it('shows only the owners allowed, per object', async () => {
    const r = await find('张伟', { contact: { ownerIn: [U1] }, lead: 'none' })
    expect(r.hits.length).toBeGreaterThan(0)
    expect(r.hits.every((h) => h.objectName === 'contact' && h.ownerId === U1)).toBe(true)
    expect(titles(r.hits)).not.toContain('张伟明')
  })

  it('takes the owner list recordScopeOwners returns as it is', async () => {
    const r = await find('张伟', { contact: [U2, U3], lead: 'all' })
    expect(titles(r.hits).sort()).toEqual(['张伟明', '张伟的报价单', '李娜'].sort())
  })

  it('treats a missing object, "none" and an empty owner list as invisible', async () => {
    expect((await find('张伟', { company: 'all' })).hits).toEqual([])
    expect((await find('张伟', { contact: 'none', lead: { ownerIn: [] } })).hits).toEqual([])
    expect((await find('张伟', { contact: [], lead: [] })).hits).toEqual([])
  })

  it('accepts a SQL predicate on search_doc (what access control passes for teams)', async () => {
    const visibility: SearchVisibility = {
      contact: sql<boolean>`${searchDocOwnerId} in (${sql.join([U2, U3])})`,
    }
    const r = await find('张伟', visibility)
    expect(titles(r.hits)).toEqual(['张伟明', '李娜'])
  })

  it('never returns another workspace', async () => {
    const r = await search(t.db, { workspaceId: W2, q: '张', visibility: ALL })
    expect(r.hits.map((h) => h.recordId)).toEqual([ids.get('w2:张伟')])
    const mine = await find('张伟')
    expect(mine.hits.map((h) => h.recordId)).not.toContain(ids.get('w2:张伟'))
  })

  it('leaks nothing across random owners, objects, workspaces and queries', async () => {
    const owners = [U1, U2, U3, null]
    const objects = ['contact', 'company', 'lead']
    const names = ['张伟', '张伟明', '阿里巴巴', 'John Smith', '章伟', '王小明', '腾讯']
    const docs: SearchDocWrite[] = []
    const truth = new Map<string, { workspaceId: string; objectName: string; ownerId: string | null }>()
    const ws = randomUUID()
    const other = randomUUID()
    for (let i = 0; i < 120; i++) {
      const d = {
        workspaceId: i % 4 === 0 ? other : ws,
        objectName: objects[i % 3]!,
        recordId: randomUUID(),
        title: `${names[i % names.length]}${i % 5 === 0 ? '' : i}`,
        ownerId: owners[i % 4]!,
      }
      docs.push(d)
      truth.set(d.recordId, d)
    }
    await upsertSearchDocs(t.db, docs)
    const rule = fc.oneof(
      fc.constant('all' as const),
      fc.constant('none' as const),
      fc.subarray([U1, U2, U3]).map((ownerIn) => ({ ownerIn })),
      fc.subarray([U1, U2, U3]),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.record({ contact: rule, company: rule, lead: rule }, { requiredKeys: [] }),
        fc.constantFrom('张伟', '张', 'zw', 'zhangwei', '阿里', 'john', 'albb', '1', 'tengxun', '王小明'),
        async (visibility, q) => {
          const r = await search(t.db, { workspaceId: ws, q, visibility, limit: 100 })
          for (const h of r.hits) {
            const d = truth.get(h.recordId)
            expect(d, 'a hit from outside this test data').toBeDefined()
            expect(d!.workspaceId).toBe(ws)
            const v = visibility[h.objectName as keyof typeof visibility]
            expect(v).toBeDefined()
            expect(v).not.toBe('none')
            if (Array.isArray(v)) expect(v).toContain(h.ownerId)
            else if (v && typeof v === 'object') expect(v.ownerIn).toContain(h.ownerId)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('inside a caller transaction', () => {
  it('runs as kemai_app (no RLS in the way) and gives the caller its settings back', async () => {
    await t.db.transaction().execute(async (trx) => {
      const settings = sql<{
        seq: string
        idx: string
        jit: string
      }>`select current_setting('enable_seqscan') as seq,
        current_setting('enable_indexscan') as idx, current_setting('jit') as jit`
      const before = (await settings.execute(trx)).rows[0]
      await sql`select set_config('role', 'kemai_app', true)`.execute(trx)
      const r = await search(trx, { workspaceId: W1, q: '张伟', visibility: ALL })
      expect(r.hits[0]).toMatchObject({ title: '张伟', matchedBy: 'title' })
      expect((await search(trx, { workspaceId: W1, q: 'zw', visibility: ALL })).hits.length).toBeGreaterThan(
        0,
      )
      expect((await settings.execute(trx)).rows[0]).toEqual(before)
      const role = await sql<{ r: string }>`select current_user as r`.execute(trx)
      expect(role.rows[0]!.r).toBe('kemai_app')
    })
  })
})

describe('writes', () => {
  it('rewrites a document on upsert and removes it on delete', async () => {
    const d = doc('contact', '赵敏', U1, { personNameTexts: ['赵敏'] })
    await upsertSearchDoc(t.db, d)
    expect(titles((await find('zhaomin')).hits)).toEqual(['赵敏'])
    await upsertSearchDoc(t.db, { ...d, title: '周芷若', personNameTexts: ['周芷若'] })
    expect((await find('zhaomin')).hits).toEqual([])
    expect(titles((await find('zzr')).hits)).toEqual(['周芷若'])
    await t.db.transaction().execute((trx) => deleteSearchDoc(trx, d))
    expect((await find('zzr')).hits).toEqual([])
  })

  it('rejects ids that are not uuids before touching the database', async () => {
    await expect(
      upsertSearchDoc(t.db, { ...doc('contact', 'x', U1), recordId: "1' or '1'='1" }),
    ).rejects.toThrow(/uuid/)
    await expect(find('x', { contact: { ownerIn: ['nope'] } })).rejects.toThrow(/uuid/)
  })

  it('stores hostile and huge input harmlessly', async () => {
    const hostile = doc('contact', "Robert'); drop table search_doc; --", U1, {
      subtitle: '\u0000\u0007张\u200b伟\ud800',
      texts: ['x'.repeat(1_000_000), '张伟'.repeat(300_000)],
    })
    await upsertSearchDoc(t.db, hostile)
    const r = await find("robert'); drop table")
    expect(r.hits.map((h) => h.recordId)).toContain(hostile.recordId)
    expect((await find("'; drop table search_doc; --")).hits.length).toBeGreaterThan(0)
    expect((await find('\u0000'.repeat(10))).hits).toEqual([])
    expect((await find('张'.repeat(1_000_000))).hits.length).toBeGreaterThanOrEqual(0)
    const count = await sql<{ n: number }>`select count(*)::int as n from search_doc`.execute(t.db)
    expect(count.rows[0]!.n).toBeGreaterThan(10)
  })
})

describe('the in-memory matcher agrees with the database', () => {
  it('for random documents and queries', async () => {
    const piece = fc.constantFrom(
      '张',
      '伟',
      '阿里',
      '巴巴',
      '中國',
      'zhang',
      'wei',
      'ab',
      '42',
      '5678',
      ' ',
      "'",
    )
    const text = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''))
    const pairs = fc.sample(fc.tuple(text, text), { numRuns: 300, seed: 42 })
    const vectors: string[] = []
    const queries: string[] = []
    const expected: boolean[] = []
    for (const [d, q] of pairs) {
      const query = buildQuery(q)
      if (!query) continue
      const v = buildSearchDoc({ title: d, personNameTexts: [d] }).tokens
      for (const ts of [query.tsAny, query.tsText, query.tsTitle]) {
        vectors.push(v)
        queries.push(ts)
        expected.push(tsMatch(parseTsvector(v), ts))
      }
    }
    const r = await sql<{ m: boolean }>`select v::tsvector @@ q::tsquery as m
      from unnest(${vectors}::text[], ${queries}::text[]) with ordinality as x(v, q, i) order by i`.execute(
      t.db,
    )
    expect(r.rows.map((x) => x.m)).toEqual(expected)
    expect(expected.filter((x) => x).length).toBeGreaterThan(50)
  })
})
