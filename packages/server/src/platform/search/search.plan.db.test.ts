import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { NO_STATS } from './density.ts'
import { up } from './migration.ts'
import {
  loadLexemeStats,
  SEARCH_SETTINGS,
  type SearchVisibility,
  search,
  searchSql,
  upsertSearchDocs,
} from './search.repo.ts'
import { syntheticDocs } from './search-fixtures.ts'

// Query plans on a few thousand synthetic documents: every stage must start from an index, never from a
// sequential scan of search_doc, on PGlite and on PostgreSQL alike. (Figures at 240k and 1M rows: docs/search.md.)

let t: Database
const W = '11111111-1111-4111-8111-111111111111'
const OWNERS = Array.from({ length: 10 }, (_, i) => `22222222-2222-4222-8222-${String(i).padStart(12, '0')}`)
const VISIBILITY: SearchVisibility = { contact: 'all', company: 'all', lead: { ownerIn: OWNERS.slice(0, 3) } }

beforeAll(async () => {
  t = await createTestDb()
  await up(t.db)
  const docs = syntheticDocs({ workspaceId: W, count: 4_000, owners: OWNERS })
  const other = syntheticDocs({
    workspaceId: '33333333-3333-4333-8333-333333333333',
    count: 1_000,
    owners: OWNERS,
  })
  for (const batch of [docs.slice(0, 2_000), docs.slice(2_000), other]) await upsertSearchDocs(t.db, batch)
  await sql`analyze search_doc`.execute(t.db)
})

afterAll(async () => {
  await t?.close()
})

async function plan(q: string, stats = NO_STATS): Promise<string> {
  const compiled = searchSql({ workspaceId: W, q, visibility: VISIBILITY }, stats)!
  return t.db.transaction().execute(async (trx) => {
    for (const [name, value] of Object.entries(SEARCH_SETTINGS)) {
      await sql`select set_config(${name}, ${value}, true)`.execute(trx)
    }
    const r = await sql<{ 'QUERY PLAN': string }>`explain (costs off) ${compiled.query}`.execute(trx)
    return r.rows.map((row) => row['QUERY PLAN']).join('\n')
  })
}

describe('query plans', () => {
  it.each([
    ['张伟', ['search_doc_title', 'search_doc_tokens']],
    ['zw', ['search_doc_tokens']],
    ['wangfang', ['search_doc_tokens']],
    ['13812345678', ['search_doc_tokens', 'search_doc_trgm']],
    ['jonh smith', ['search_doc_trgm']],
  ])('%s starts every stage from an index (%j)', async (q, indexes) => {
    const p = await plan(q)
    if (process.env.SHOW_PLANS) console.log(p)
    expect(p).not.toMatch(/Seq Scan on search_doc/)
    for (const index of indexes) expect(p).toContain(index)
  })

  // Broad terms on 4,000 rows: reading the workspace's title index is legitimately cheaper than the GIN
  // index here, and the planner may pick it; what must never happen is a sequential scan of the table.
  it.each(['张', '有限公司', 'zh', 'zhangwie'])('%s never scans the table without statistics', async (q) => {
    expect(await plan(q)).not.toMatch(/Seq Scan on search_doc/)
  })

  it('keeps the title stage on the btree prefix range', async () => {
    const p = await plan('张伟')
    expect(p).toMatch(/lower\(title\) ~>=~ '张伟'::text\) AND \(lower\(title\) ~<~ '张传'::text\)/)
  })

  it('reads a dense term from a bounded sample, with the index scan as a gated fallback', async () => {
    const stats = await loadLexemeStats(t.db)
    expect(stats.freqs.get('公司')).toBeGreaterThan(0.2) // a third of the documents are companies
    const compiled = searchSql({ workspaceId: W, q: '有限公司', visibility: VISIBILITY }, stats)!
    expect(compiled.dense).toEqual(['c_text', 'c_any'])
    const p = await plan('有限公司', stats)
    expect(p).toMatch(/c_text_sample[\s\S]*Limit[\s\S]*Seq Scan on search_doc/)
    expect(p).toMatch(/One-Time Filter: \(\(?(InitPlan \d+\)\.col1|\$\d+) < /)
    expect(searchSql({ workspaceId: W, q: '张伟', visibility: VISIBILITY }, stats)!.dense).toEqual([])
    // Same results whichever plan: the dense plan only changes which 10 of thousands of companies come first.
    const dense = await search(t.db, { workspaceId: W, q: '有限公司', visibility: VISIBILITY, stats })
    expect(dense.hits).toHaveLength(10)
    expect(dense.hits.every((h) => h.title.includes('有限公司'))).toBe(true)
    for (const q of ['张伟', 'zw', 'wangfang']) {
      const a = await search(t.db, { workspaceId: W, q, visibility: VISIBILITY, stats })
      const b = await search(t.db, { workspaceId: W, q, visibility: VISIBILITY, stats: NO_STATS })
      expect(
        a.hits.map((h) => h.recordId),
        q,
      ).toEqual(b.hits.map((h) => h.recordId))
    }
  })
})
