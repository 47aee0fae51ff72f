import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

interface Cluster {
  id: string
  status: string
  members: { id: string; title: string }[]
  pairs: {
    a: string
    b: string
    score: number
    decision: string
    reasons: { comparison: string; points: number; left: string; fields: string[] }[]
  }[]
  bestScore: number
  minScore: number
}

/** The review queue: scan job → clusters with reasons → dismiss / auto-merge (docs/dedup.md). */
describe('duplicate review queue', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  let repToken: string
  const ids: Record<string, string> = {}

  const person = async (key: string, body: Record<string, unknown>, token = ws.token) => {
    const r = await t.call('POST', '/api/v1/records/person?allowDuplicate=true', { token, body })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    ids[key] = r.body.id
  }

  async function scan(token = ws.token) {
    const s = await t.call('POST', '/api/v1/dedup/person/scan', { token })
    expect(s.status, JSON.stringify(s.body)).toBe(202)
    const done = await waitFor(
      async () => (await t.call('GET', '/api/v1/dedup/person/scan', { token })).body,
      (b) => b.scan?.id === s.body.scan.id && (b.scan.status === 'done' || b.scan.status === 'failed'),
      60_000,
    )
    expect(done.scan.status, JSON.stringify(done.scan)).toBe('done')
    return done.scan
  }

  async function clusters(token = ws.token, query = ''): Promise<Cluster[]> {
    const r = await t.call('GET', `/api/v1/dedup/person/clusters${query}`, { token })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.data
  }

  const has = (list: Cluster[], ...keys: string[]) =>
    list.find((c) => keys.every((k) => c.members.some((m) => m.id === ids[k])))

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('dedup-review')
    other = await t.workspace('dedup-review-other')
    await t.kernel.startWorker()
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'own people' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { create: true, read: true, update: true, delete: true, readScope: 'own', writeScope: 'own' },
    })
    const email = `rep-${Date.now()}@review.example.com`
    await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Rep', password: 'review password 1', roleId: role.body.id },
    })
    repToken = (
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'review password 1' } })
    ).body.token

    await person('zhang', { name: '张伟', mobile: '138-1234-5678', email: 'zhang.wei@example.com' })
    await person('zhang2', { name: 'Zhang Wei', mobile: '+86 138 1234 5678', email: 'Zhang.Wei@example.com' })
    await person('li', { name: '李娜', email: 'li.na@example.com' })
    await person('li2', { name: '李娜', email: 'LI.NA@example.com' })
    await person('wang', { name: '王芳', mobile: '13700001111' })
    await person('zhao', { name: '赵敏', mobile: '13900000001' })
    await person('zhaoRep', { name: '赵敏', mobile: '13900000001' }, repToken)
    await person('sun', { name: '孙丽', email: 'sun.li@example.com' }, repToken)
    await person('sun2', { name: '孙丽', email: 'sun.li@example.com' }, repToken)
    // in the other workspace, the same person as `zhang`
    const o = await t.call('POST', '/api/v1/records/person?allowDuplicate=true', {
      token: other.token,
      body: { name: '张伟', mobile: '138-1234-5678' },
    })
    expect(o.status).toBe(201)
  })
  afterAll(async () => {
    await t.close()
  })

  it('scans in the background and lists clusters with scores and reasons', async () => {
    const before = await t.call('GET', '/api/v1/dedup/person/scan', { token: ws.token })
    expect(before.body).toMatchObject({
      scan: null,
      settings: { autoMergeAbove: null },
      canScan: true,
      canConfigure: true,
    })
    const s = await scan()
    expect(s).toMatchObject({ phase: 'done', done: 9, total: 9, merged: 0, autoMergeAbove: null })
    expect(s.clusters).toBeGreaterThanOrEqual(4)

    const list = await clusters()
    expect(list.length).toBe(s.clusters)
    const zhang = has(list, 'zhang', 'zhang2')!
    expect(zhang.status).toBe('open')
    expect(zhang.members.map((m) => m.title).sort()).toEqual(['Zhang Wei', '张伟'])
    expect(zhang.pairs).toHaveLength(1)
    expect(zhang.pairs[0]!.decision).toBe('duplicate')
    const phone = zhang.pairs[0]!.reasons.find((r) => r.comparison === 'phone')!
    expect(phone).toMatchObject({ left: '+8613812345678' })
    expect(phone.fields).toContain('mobile')
    expect(zhang.bestScore).toBe(zhang.pairs[0]!.score)
    expect(has(list, 'li', 'li2')).toBeDefined()
    expect(has(list, 'zhao', 'zhaoRep')).toBeDefined()
    expect(list.some((c) => c.members.some((m) => m.id === ids.wang))).toBe(false)
    // best first, and the cursor walks the same list one by one
    expect(list.map((c) => c.bestScore)).toEqual([...list.map((c) => c.bestScore)].sort((a, b) => b - a))
    const walked: string[] = []
    let cursor: string | null = null
    do {
      const r = await t.call(
        'GET',
        `/api/v1/dedup/person/clusters?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: ws.token },
      )
      expect(r.status).toBe(200)
      walked.push(...r.body.data.map((c: Cluster) => c.id))
      cursor = r.body.nextCursor
    } while (cursor)
    expect(walked).toEqual(list.map((c) => c.id))
    // the contract is documented
    const doc = await t.call('GET', '/api/openapi.json')
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/dedup/{object}/clusters')
  })

  it('keeps dismissed pairs dismissed on a re-scan', async () => {
    const li = has(await clusters(), 'li', 'li2')!
    const d = await t.call('POST', `/api/v1/dedup/clusters/${li.id}/dismiss`, { token: ws.token })
    expect(d.status, JSON.stringify(d.body)).toBe(200)
    expect(d.body.cluster.status).toBe('dismissed')
    expect(has(await clusters(), 'li', 'li2')).toBeUndefined()
    const s = await scan()
    const open = await clusters()
    expect(open.length).toBe(s.clusters)
    expect(has(open, 'li', 'li2')).toBeUndefined()
    expect(has(open, 'zhang', 'zhang2')).toBeDefined()
    const dismissed = await clusters(ws.token, '?status=dismissed')
    expect(dismissed.map((c) => c.id)).toEqual([li.id])
    // dismissing twice changes nothing
    const again = await t.call('POST', `/api/v1/dedup/clusters/${li.id}/dismiss`, { token: ws.token })
    expect(again.status).toBe(200)
  })

  it('shows only clusters whose records the caller may all read', async () => {
    const mine = await clusters(repToken)
    // the rep reads only the people they own: 孙丽 twice, not 赵敏 (one of the two is the admin's)
    expect(mine).toHaveLength(1)
    expect(mine[0]!.members.map((m) => m.id).sort()).toEqual([ids.sun, ids.sun2].sort())
    const state = await t.call('GET', '/api/v1/dedup/person/scan', { token: repToken })
    expect(state.body).toMatchObject({ canScan: true, canConfigure: false })
    const zhao = has(await clusters(), 'zhao', 'zhaoRep')!
    const d = await t.call('POST', `/api/v1/dedup/clusters/${zhao.id}/dismiss`, { token: repToken })
    expect(d.status).toBe(404)
    const put = await t.call('PUT', '/api/v1/dedup/person/settings', {
      token: repToken,
      body: { autoMergeAbove: 5 },
    })
    expect(put.status).toBe(403)
  })

  it('auto-merges clusters at or above the setting only, through the merge service', async () => {
    const open = await clusters()
    const zhang = has(open, 'zhang', 'zhang2')!
    const zhao = has(open, 'zhao', 'zhaoRep')!
    expect(zhang.minScore).not.toBe(zhao.minScore)
    const [high, low] = zhang.minScore > zhao.minScore ? [zhang, zhao] : [zhao, zhang]
    const put = await t.call('PUT', '/api/v1/dedup/person/settings', {
      token: ws.token,
      body: { autoMergeAbove: high.minScore },
    })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body).toEqual({ autoMergeAbove: high.minScore })
    const s = await scan()
    expect(s.autoMergeAbove).toBe(high.minScore)
    expect(s.merged).toBeGreaterThanOrEqual(1)
    expect(s.mergeFailed).toBe(0)
    const after = await clusters()
    const highIds = high.members.map((m) => m.id)
    expect(after.some((c) => c.members.some((m) => highIds.includes(m.id)))).toBe(false)
    expect(after.some((c) => c.members.map((m) => m.id).join() === low.members.map((m) => m.id).join())).toBe(
      true,
    )
    // one of the high cluster's records is gone into the other; the merge is in its history (undoable)
    const reads = await Promise.all(
      highIds.map((id) => t.call('GET', `/api/v1/records/person/${id}`, { token: ws.token })),
    )
    expect(reads.map((r) => r.status).sort()).toEqual([200, 404])
    expect(reads.find((r) => r.status === 404)!.body.code).toBe('record_merged')
    const survivor = reads.find((r) => r.status === 200)!.body.id
    const hist = await t.call('GET', `/api/v1/records/person/${survivor}/merges`, { token: ws.token })
    expect(hist.body.data).toHaveLength(1)
    await t.call('PUT', '/api/v1/dedup/person/settings', { token: ws.token, body: { autoMergeAbove: null } })
  })

  it('keeps workspaces apart', async () => {
    expect(await clusters(other.token)).toEqual([])
    const state = await t.call('GET', '/api/v1/dedup/person/scan', { token: other.token })
    expect(state.body.scan).toBeNull()
    const any = (await clusters())[0]!
    const d = await t.call('POST', `/api/v1/dedup/clusters/${any.id}/dismiss`, { token: other.token })
    expect(d.status).toBe(404)
    expect((await clusters())[0]!.status).toBe('open')
  })

  it('answers bad input with a problem naming the field', async () => {
    const unknown = await t.call('POST', '/api/v1/dedup/nope/scan', { token: ws.token })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('object_not_found')
    expect(unknown.headers.get('content-type')).toContain('application/problem+json')
    const bad = [
      { autoMergeAbove: 'high' },
      { autoMergeAbove: -1 },
      { autoMergeAbove: 1e9 },
      { autoMergeAbove: 5, extra: true },
      {},
    ]
    for (const body of bad) {
      const r = await t.call('PUT', '/api/v1/dedup/person/settings', { token: ws.token, body })
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.code).toBe('validation_failed')
    }
    const typed = await t.call('PUT', '/api/v1/dedup/person/settings', {
      token: ws.token,
      body: { autoMergeAbove: 'x' },
    })
    expect(typed.body.errors.map((e: { path: string }) => e.path)).toContain('autoMergeAbove')
    const cursor = await t.call('GET', '/api/v1/dedup/person/clusters?cursor=%27%3B--', { token: ws.token })
    expect(cursor.status).toBe(400)
    expect(cursor.body.errors[0].path).toBe('query.cursor')
    const limit = await t.call('GET', '/api/v1/dedup/person/clusters?limit=100000', { token: ws.token })
    expect(limit.status).toBe(400)
    const status = await t.call('GET', '/api/v1/dedup/person/clusters?status=merged', { token: ws.token })
    expect(status.status).toBe(400)
    for (const id of ['not-a-uuid', '00000000-0000-7000-8000-000000000000', 'x'.repeat(64)]) {
      const r = await t.call('POST', `/api/v1/dedup/clusters/${id}/dismiss`, { token: ws.token })
      expect(r.status).toBe(404)
    }
    const long = await t.call('GET', `/api/v1/dedup/${'x'.repeat(65)}/scan`, { token: ws.token })
    expect(long.status).toBe(400)
    const anon = await t.call('POST', '/api/v1/dedup/person/scan')
    expect(anon.status).toBe(401)
  })

  it('queues one scan for two concurrent starts; a lost scan does not block the object', async () => {
    const [x, y] = await Promise.all([
      t.call('POST', '/api/v1/dedup/person/scan', { token: ws.token }),
      t.call('POST', '/api/v1/dedup/person/scan', { token: repToken }),
    ])
    expect([x.status, y.status]).toEqual([202, 202])
    expect([x.body.started, y.body.started].sort()).toEqual([false, true])
    expect(x.body.scan.id).toBe(y.body.scan.id)
    await waitFor(
      async () => (await t.call('GET', '/api/v1/dedup/person/scan', { token: ws.token })).body,
      (b) => b.scan.status === 'done',
      60_000,
    )
    // a scan whose job vanished hours ago (and the earlier ones older still)
    const wsId = ws.created.workspace.id
    await sql`update dedup_scan set created_at = now() - interval '5 hours' where workspace_id = ${wsId}`.execute(
      t.database.db,
    )
    await sql`insert into dedup_scan (workspace_id, id, object_name, status, created_at)
      values (${wsId}, '01900000-0000-7000-8000-000000000001', 'person', 'running', now() - interval '4 hours')`.execute(
      t.database.db,
    )
    const s = await scan()
    expect(s.id).not.toBe('01900000-0000-7000-8000-000000000001')
    const lost = await sql<{ status: string; error: string }>`select status, error from dedup_scan
      where workspace_id = ${wsId} and id = '01900000-0000-7000-8000-000000000001'`.execute(t.database.db)
    expect(lost.rows[0]).toEqual({ status: 'failed', error: 'stale' })
  })
})

describe('a scan asked for before any worker ran', () => {
  it('waits queued and runs once a worker has created the queue', async () => {
    const t = await createTestKernel()
    try {
      const ws = await t.workspace('dedup-review-early')
      for (const body of [
        { name: '周杰', email: 'zhou.jie@example.com' },
        { name: '周杰', email: 'Zhou.Jie@example.com' },
      ]) {
        const r = await t.call('POST', '/api/v1/records/person?allowDuplicate=true', {
          token: ws.token,
          body,
        })
        expect(r.status).toBe(201)
      }
      const s = await t.call('POST', '/api/v1/dedup/person/scan', { token: ws.token })
      expect(s.status, JSON.stringify(s.body)).toBe(202)
      expect(s.body.scan.status).toBe('queued')
      await t.kernel.startWorker()
      const done = await waitFor(
        async () => (await t.call('GET', '/api/v1/dedup/person/scan', { token: ws.token })).body,
        (b) => b.scan.status === 'done',
        60_000,
      )
      expect(done.scan.clusters).toBe(1)
    } finally {
      await t.close()
    }
  }, 90_000)
})
