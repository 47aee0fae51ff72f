import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { newId } from '../db/ids.ts'
import { runScan } from './scan.ts'

const N = 10_000
/** every DUP_EVERY-th person is entered a second time, written differently */
const DUP_EVERY = 20

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗']
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红']

/** A scan of 10,000 people written through the records service, 500 of them twice, timed. */
describe('duplicate scan at scale', () => {
  let t: TestKernel
  let ws: TestWorkspace

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('dedup-scale')
    const people: Record<string, unknown>[] = []
    for (let i = 0; i < N; i++) {
      const name =
        SURNAMES[i % SURNAMES.length]! +
        GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! +
        GIVEN[Math.floor(i / (SURNAMES.length * GIVEN.length)) % GIVEN.length]!
      const mobile = `139${String(i).padStart(8, '0')}`
      people.push({ name, mobile, email: `p${i}@scale.example.com` })
      if (i % DUP_EVERY === 0)
        people.push({
          name,
          mobile: `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`,
          email: `P${i}@Scale.Example.com`,
        })
    }
    for (let i = 0; i < people.length; i += 1000) {
      await t.kernel.services.records.batch(
        ws.admin,
        'person',
        people.slice(i, i + 1000).map((data) => ({ op: 'create' as const, data })),
        { allowDuplicate: true },
      )
    }
  }, 600_000)
  afterAll(async () => {
    await t.close()
  })

  it('finds every planted pair', async () => {
    const workspaceId = ws.created.workspace.id
    const scanId = newId()
    await t.database.db
      .insertInto('dedup_scan')
      .values({ workspace_id: workspaceId, id: scanId, object_name: 'person' })
      .execute()
    const started = performance.now()
    await runScan(
      { db: t.database.db, metadata: t.kernel.services.metadata, merges: t.kernel.services.merges },
      { workspaceId, object: 'person', scanId },
    )
    const ms = performance.now() - started
    const scan = await sql<{
      status: string
      done: number
      total: number
      clusters: number
      pairs: number
    }>`select status, done, total, clusters, pairs from dedup_scan
      where workspace_id = ${workspaceId} and id = ${scanId}`.execute(t.database.db)
    const s = scan.rows[0]!
    const planted = N / DUP_EVERY
    console.log(
      `dedup scan: ${s.total} records, ${s.clusters} clusters, ${s.pairs} pairs in ${Math.round(ms)} ms`,
    )
    expect(s).toMatchObject({ status: 'done', done: N + planted, total: N + planted })
    // every planted pair is its own cluster (nothing else shares a phone or an e-mail)
    const found = await sql<{ n: number }>`select count(*)::int as n from dedup_cluster
      where workspace_id = ${workspaceId} and cardinality(member_ids) = 2 and min_score >= 8`.execute(
      t.database.db,
    )
    expect(found.rows[0]!.n).toBe(planted)
    expect(ms).toBeLessThan(60_000)
  }, 120_000)
})
