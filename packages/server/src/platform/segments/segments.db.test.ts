import type { EventEnvelope } from '@kemai/shared/api/events.api'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { withWorkspace } from '../db/tx.ts'
import { waitFor } from '../events/test-support.ts'
import { RECOMPUTE_QUEUE, recompute, sweep } from './jobs.ts'
import { applyEvent } from './listener.ts'

describe('segments: membership on change, recompute job, read scope, lists', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  const ids: Record<string, string> = {}

  /** Waits until every event is dispatched and the segment queues are idle. */
  async function settle() {
    const events = t.kernel.services.events!
    await waitFor(
      async () => {
        await events.dispatchOnce()
        const m = await events.metrics()
        const busy = ['kemai.listener.segments', RECOMPUTE_QUEUE].reduce((n, q) => {
          const s = m.queues[q]
          return n + (s ? s.created + s.retry + s.active : 0)
        }, 0)
        return m.outbox.pending + busy
      },
      (n) => n === 0,
      30_000,
    )
  }

  const call = (method: string, path: string, body?: unknown, token = ws.token) =>
    t.call(method, path, { token, body })

  async function create(object: string, body: Record<string, unknown>) {
    const r = await call('POST', `/api/v1/records/${object}`, body)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.id as string
  }

  async function memberIds(segmentId: string, token = ws.token): Promise<string[]> {
    const r = await call('GET', `/api/v1/segments/${segmentId}/members?limit=500`, undefined, token)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return (r.body.data as { id: string }[]).map((x) => x.id).sort()
  }

  /** The filter run straight through the records list: what full recompute must equal. */
  async function sqlIds(filter: unknown): Promise<string[]> {
    const r = await call(
      'GET',
      `/api/v1/records/person?limit=500&filter=${encodeURIComponent(JSON.stringify(filter))}`,
    )
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return (r.body.data as { id: string }[]).map((x) => x.id).sort()
  }

  async function historyOf(segmentId: string) {
    const r = await call('GET', `/api/v1/segments/${segmentId}/history?limit=200`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.data as { recordId: string; change: string; cause: string }[]
  }

  async function segmentEvents(segmentId: string) {
    const r = await sql<{ type: string; record_id: string }>`select type, record_id from outbox_event
      where workspace_id = ${ws.created.workspace.id} and type like 'segment.%'
        and payload->>'segmentId' = ${segmentId} order by seq`.execute(t.database.db)
    return r.rows
  }

  const customers = { field: 'lifecycle_stage', op: 'eq', value: 'customer' }
  const inFinance = { field: 'company.industry', op: 'eq', value: 'finance' }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('segments')
    other = await t.workspace('segments-other')
    await t.kernel.startWorker()
    ids.a = await create('company', { name: '金融甲公司', industry: 'finance' })
    ids.b = await create('company', { name: '零售乙公司', industry: 'retail' })
    ids.p1 = await create('person', { name: '张伟', company: ids.a, lifecycle_stage: 'lead' })
    ids.p2 = await create('person', { name: '李娜', company: ids.b, lifecycle_stage: 'customer' })
    ids.p3 = await create('person', { name: '王芳', lifecycle_stage: 'customer' })
    await settle()
  })
  afterAll(async () => {
    await t.close()
  })

  it('computes a new segment in the background; its count equals the SQL count', async () => {
    const s = await call('POST', '/api/v1/segments', {
      objectName: 'person',
      name: { 'zh-CN': '客户', en: 'Customers' },
      filter: customers,
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    ids.s1 = s.body.id
    const s2 = await call('POST', '/api/v1/segments', {
      objectName: 'person',
      name: '金融行业联系人',
      filter: inFinance,
    })
    expect(s2.status, JSON.stringify(s2.body)).toBe(201)
    ids.s2 = s2.body.id
    await settle()
    const got = await call('GET', `/api/v1/segments/${ids.s1}`)
    expect(got.body).toMatchObject({ status: 'ready', count: 2, name: { 'zh-CN': '客户', en: 'Customers' } })
    expect(await memberIds(ids.s1!)).toEqual(await sqlIds(customers))
    expect(await memberIds(ids.s2!)).toEqual([ids.p1])
    const h = await historyOf(ids.s1!)
    expect(h.map((x) => [x.change, x.cause])).toEqual([
      ['entered', 'recompute'],
      ['entered', 'recompute'],
    ])
    const list = await call('GET', '/api/v1/segments?object=person')
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([ids.s1, ids.s2])
  })

  it('records entered and left on create, update, delete and restore, and through related records', async () => {
    const r1 = await call('PATCH', `/api/v1/records/person/${ids.p1}`, { lifecycle_stage: 'customer' })
    expect(r1.status, JSON.stringify(r1.body)).toBe(200)
    ids.p4 = await create('person', { name: '赵磊', lifecycle_stage: 'customer', company: ids.b })
    expect((await call('DELETE', `/api/v1/records/person/${ids.p3}`)).status).toBe(200)
    // a company changes: its people enter the finance segment without an event of their own
    expect((await call('PATCH', `/api/v1/records/company/${ids.b}`, { industry: 'finance' })).status).toBe(
      200,
    )
    await settle()
    expect(await memberIds(ids.s1!)).toEqual([ids.p1, ids.p2, ids.p4].sort())
    expect(await memberIds(ids.s1!)).toEqual(await sqlIds(customers))
    expect(await memberIds(ids.s2!)).toEqual([ids.p1, ids.p2, ids.p4].sort())
    expect(await memberIds(ids.s2!)).toEqual(await sqlIds(inFinance))

    expect((await call('POST', `/api/v1/records/person/${ids.p3}/restore`)).status).toBe(200)
    expect((await call('PATCH', `/api/v1/records/company/${ids.b}`, { industry: 'retail' })).status).toBe(200)
    await settle()
    expect(await memberIds(ids.s1!)).toEqual([ids.p1, ids.p2, ids.p3, ids.p4].sort())
    expect(await memberIds(ids.s2!)).toEqual([ids.p1])

    const h = (await historyOf(ids.s1!)).filter((x) => x.cause === 'record')
    const p3 = h.filter((x) => x.recordId === ids.p3).map((x) => x.change)
    expect(p3).toEqual(['entered', 'left']) // newest first: left on delete, entered on restore
    const ev = await segmentEvents(ids.s1!)
    const p1Entered = ev.filter((e) => e.record_id === ids.p1 && e.type === 'segment.entered')
    expect(p1Entered).toHaveLength(1)
    // every history row has exactly one event
    expect(ev).toHaveLength((await historyOf(ids.s1!)).length)
  })

  it('replaying an event changes nothing and emits nothing', async () => {
    await settle()
    const r = await sql<EventEnvelope & { object_name: string; record_id: string; actor_id: string }>`
      select id, type, workspace_id as "workspaceId", object_name as "objectName", record_id as "recordId",
        actor_id as "actorId", payload from outbox_event
      where workspace_id = ${ws.created.workspace.id} and type = 'record.updated' and object_name = 'person'
      order by seq desc limit 1`.execute(t.database.db)
    const event = r.rows[0]!
    const before = (await segmentEvents(ids.s1!)).length
    for (let i = 0; i < 2; i++) {
      const out = await withWorkspace(t.database.db, ws.created.workspace.id, async (trx, info) =>
        applyEvent(trx, await t.kernel.services.metadata.schemaIn(trx, info), event),
      )
      expect(out).toEqual([])
    }
    expect((await segmentEvents(ids.s1!)).length).toBe(before)
  })

  it('a record gone for good (retention) leaves every segment it was in', async () => {
    const id = await create('person', { name: '孙悦', lifecycle_stage: 'customer', company: ids.a })
    await settle()
    expect(await memberIds(ids.s1!)).toContain(id)
    expect(await memberIds(ids.s2!)).toContain(id)
    const wsId = ws.created.workspace.id
    await sql`delete from ${sql.id(ws.created.workspace.db_schema, 'obj_person')} where id = ${id}`.execute(
      t.database.db,
    )
    const event = {
      id: '01a243f1-51d0-71a2-9a0b-4f0a151b9999',
      seq: 0,
      type: 'record.deleted',
      workspaceId: wsId,
      objectName: 'person',
      recordId: id,
      actorId: null,
      channel: 'system',
      occurredAt: new Date().toISOString(),
      payload: { hard: true },
    } as EventEnvelope
    const out = await withWorkspace(t.database.db, wsId, async (trx, info) =>
      applyEvent(trx, await t.kernel.services.metadata.schemaIn(trx, info), event),
    )
    expect(out.map((x) => [x.segmentId, x.change]).sort()).toEqual(
      [
        [ids.s1, 'left'],
        [ids.s2, 'left'],
      ].sort(),
    )
    const left = await sql<{ n: number }>`select count(*)::int as n from segment_member
      where workspace_id = ${wsId} and record_id = ${id}`.execute(t.database.db)
    expect(left.rows[0]!.n).toBe(0)
  })

  it('recomputes in resumable batches and ends equal to the SQL result', async () => {
    for (let i = 0; i < 5; i++) await create('person', { name: `批量${i}`, lifecycle_stage: 'customer' })
    await settle()
    const filter = { field: 'name', op: 'contains', value: '批量' }
    const db = t.database.db
    const wsId = ws.created.workspace.id
    // change the filter without a worker job: run the job by hand, two records per batch, stop after one
    await sql`update segment set filter = ${JSON.stringify(filter)}::jsonb, generation = generation + 1, cursor = null
      where workspace_id = ${wsId} and id = ${ids.s1}`.execute(db)
    const gen = await sql<{
      generation: number
    }>`select generation from segment where id = ${ids.s1}`.execute(db)
    const data = {
      workspaceId: wsId,
      segmentId: ids.s1!,
      generation: gen.rows[0]!.generation,
      cause: 'recompute' as const,
    }
    const deps = { db, metadata: t.kernel.services.metadata }
    expect(await recompute(deps, data, { batchSize: 2, maxBatches: 1 })).toBe('paused')
    const mid = await sql<{ cursor: string | null }>`select cursor from segment where id = ${ids.s1}`.execute(
      db,
    )
    expect(mid.rows[0]!.cursor).not.toBeNull()
    expect((await call('GET', `/api/v1/segments/${ids.s1}`)).body.status).toBe('computing')
    // a stale generation stops at once
    expect(await recompute(deps, { ...data, generation: data.generation - 1 })).toBe('superseded')
    expect(await recompute(deps, data, { batchSize: 2 })).toBe('done')
    expect(await memberIds(ids.s1!)).toEqual(await sqlIds(filter))
    expect((await call('GET', `/api/v1/segments/${ids.s1}`)).body).toMatchObject({
      status: 'ready',
      count: 5,
    })
    // set it back through the API: the worker recomputes
    const back = await call('PATCH', `/api/v1/segments/${ids.s1}`, { filter: customers })
    expect(back.status, JSON.stringify(back.body)).toBe(200)
    await settle()
    expect(await memberIds(ids.s1!)).toEqual(await sqlIds(customers))
  })

  it('recomputes filters with relative dates once per local day', async () => {
    const s = await call('POST', '/api/v1/segments', {
      objectName: 'person',
      name: '近期新建',
      filter: { field: 'created_at', op: 'last_n_days', value: 1 },
    })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    await settle()
    const tomorrow = new Date(Date.now() + 86_400_000)
    const first = await sweep(t.database.db, tomorrow)
    expect(first).toBeGreaterThanOrEqual(1)
    await settle()
    expect(await sweep(t.database.db, tomorrow)).toBe(0)
    expect((await call('GET', `/api/v1/segments/${s.body.id}`)).body.status).toBe('ready')
    const gone = await call('DELETE', `/api/v1/segments/${s.body.id}`)
    expect(gone.status).toBe(204)
  })

  it('counts and lists only members the caller may read; hidden fields make a segment forbidden', async () => {
    const email = `seg-rep-${Date.now()}@example.com`
    const u = await call('POST', '/api/v1/users', { email, name: '销售小刘', password: 'segment password 1' })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const role = await call('POST', '/api/v1/roles', { name: 'own people' })
    const grant = await call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      create: true,
      read: true,
      update: true,
      delete: false,
      readScope: 'own',
      writeScope: 'own',
      fields: { title: 'hidden' },
    })
    expect(grant.status, JSON.stringify(grant.body)).toBe(200)
    await call('PUT', `/api/v1/roles/${role.body.id}/grants/company`, {
      create: false,
      read: true,
      update: false,
      delete: false,
      readScope: 'own',
      writeScope: 'own',
    })
    await call('PATCH', `/api/v1/users/${u.body.id}`, { roleId: role.body.id })
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'segment password 1' },
    })
    const rep = login.body.token as string
    await call('PATCH', `/api/v1/records/person/${ids.p2}`, { owner_id: u.body.id })
    await call('PATCH', `/api/v1/segments/${ids.s1}`, { visibility: 'shared' })
    await call('PATCH', `/api/v1/segments/${ids.s2}`, { visibility: 'shared' })
    await settle()
    const seen = await call('GET', `/api/v1/segments/${ids.s1}`, undefined, rep)
    expect(seen.status, JSON.stringify(seen.body)).toBe(200)
    expect(seen.body.count).toBe(1)
    expect(await memberIds(ids.s1!, rep)).toEqual([ids.p2])
    // through a relation into companies the rep cannot all read: run live in the rep's scope, so
    // the finance company they cannot read tells them nothing
    const fin = await call('GET', `/api/v1/segments/${ids.s2}`, undefined, rep)
    expect(fin.status, JSON.stringify(fin.body)).toBe(200)
    expect(fin.body.count).toBe(0)
    const hist = await call('GET', `/api/v1/segments/${ids.s1}/history?limit=200`, undefined, rep)
    expect(new Set(hist.body.data.map((x: { recordId: string }) => x.recordId))).toEqual(new Set([ids.p2]))
    // a shared segment on a field hidden from the rep
    const hidden = await call('POST', '/api/v1/segments', {
      objectName: 'person',
      name: 'CEO',
      filter: { field: 'title', op: 'eq', value: 'CEO' },
      visibility: 'shared',
    })
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(201)
    expect((await call('GET', `/api/v1/segments/${hidden.body.id}`, undefined, rep)).status).toBe(403)
    const listed = await call('GET', '/api/v1/segments?object=person', undefined, rep)
    expect(listed.body.data.map((x: { id: string }) => x.id)).not.toContain(hidden.body.id)
    // the rep may not change the admin's segment, nor share their own
    expect((await call('PATCH', `/api/v1/segments/${ids.s1}`, { name: 'x' }, rep)).status).toBe(403)
    const mine = await call(
      'POST',
      '/api/v1/segments',
      { objectName: 'person', name: '我的', filter: customers, visibility: 'shared' },
      rep,
    )
    expect(mine.status).toBe(403)
  })

  it('keeps workspaces apart', async () => {
    expect((await call('GET', `/api/v1/segments/${ids.s1}`, undefined, other.token)).status).toBe(404)
    expect((await call('GET', `/api/v1/segments/${ids.s1}/members`, undefined, other.token)).status).toBe(404)
    expect((await call('GET', '/api/v1/segments?object=person', undefined, other.token)).body.data).toEqual(
      [],
    )
    const rls = await withWorkspace(t.database.db, other.created.workspace.id, (trx) =>
      sql<{
        n: number
      }>`select (select count(*) from segment_member)::int + (select count(*) from segment)::int as n`.execute(
        trx,
      ),
    )
    expect(rls.rows[0]!.n).toBe(0)
  })

  it('refuses bad input with a path and writes nothing', async () => {
    const before = await call('GET', '/api/v1/segments?object=person')
    const bad = await call('POST', '/api/v1/segments', {
      objectName: 'person',
      name: 'x',
      filter: { and: [{ field: 'nope', op: 'eq', value: 1 }] },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('invalid_filter')
    expect(bad.body.errors[0].path).toMatch(/^filter\.and/)
    const cases: [unknown, string][] = [
      [{ objectName: 'person', name: '', filter: customers }, 'name'],
      [{ objectName: 'person', name: 'x'.repeat(101), filter: customers }, 'name'],
      [{ objectName: 'person', name: {}, filter: customers }, 'name'],
      [{ objectName: 'nope', name: 'x', filter: customers }, 'objectName'],
      [{ objectName: 'person', name: 'x' }, 'filter'],
      [{ objectName: 'person', name: 'x', filter: customers, extra: 1 }, ''],
      [
        { objectName: 'person', name: 'x', filter: { field: 'name', op: 'eq', value: 'x'.repeat(1001) } },
        'filter',
      ],
    ]
    for (const [body, path] of cases) {
      const r = await call('POST', '/api/v1/segments', body)
      expect(r.status, JSON.stringify(body).slice(0, 100)).toBe(400)
      if (path)
        expect(
          r.body.errors.some((e: { path: string }) => e.path.startsWith(path)),
          JSON.stringify(r.body),
        ).toBe(true)
    }
    expect((await call('GET', '/api/v1/segments/not-a-uuid')).status).toBe(404)
    expect((await call('GET', `/api/v1/segments/${ids.s1}/history?cursor=abc`)).status).toBe(400)
    expect((await call('GET', `/api/v1/segments/${ids.s1}/members?limit=1000`)).status).toBe(400)
    expect((await call('GET', '/api/v1/segments?object=person')).body.data).toHaveLength(
      before.body.data.length,
    )
    expect((await t.call('GET', '/api/v1/segments?object=person')).status).toBe(401)
  })

  it('static lists: add by selection or by filter, remove, bad ids refused whole', async () => {
    const l = await call('POST', '/api/v1/lists', { objectName: 'person', name: { en: 'Trade show 2026' } })
    expect(l.status, JSON.stringify(l.body)).toBe(201)
    const id = l.body.id
    const bad = await call('POST', `/api/v1/lists/${id}/members`, {
      recordIds: [ids.p1, '00000000-0000-4000-8000-000000000001', 'x'],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['recordIds.1', 'recordIds.2'])
    expect((await call('GET', `/api/v1/lists/${id}`)).body.count).toBe(0)
    const add = await call('POST', `/api/v1/lists/${id}/members`, { recordIds: [ids.p1, ids.p2, ids.p1] })
    expect(add.body).toEqual({ changed: 2, count: 2 })
    const byFilter = await call('POST', `/api/v1/lists/${id}/members`, {
      filter: { field: 'name', op: 'contains', value: '批量' },
    })
    expect(byFilter.body).toEqual({ changed: 5, count: 7 })
    const badFilter = await call('POST', `/api/v1/lists/${id}/members`, {
      filter: { field: 'x', op: 'eq', value: 1 },
    })
    expect(badFilter.status).toBe(400)
    expect(badFilter.body.code).toBe('invalid_filter')
    const rm = await call('POST', `/api/v1/lists/${id}/members/remove`, { recordIds: [ids.p1] })
    expect(rm.body).toEqual({ changed: 1, count: 6 })
    const members = await call('GET', `/api/v1/lists/${id}/members?limit=2&sort=name`)
    expect(members.body.data).toHaveLength(2)
    expect(members.body.total).toBe(6)
    expect(members.body.nextCursor).toBeTruthy()
    expect((await call('GET', `/api/v1/lists/${id}`, undefined, other.token)).status).toBe(404)
    expect((await call('GET', '/api/v1/lists?object=person')).body.data).toHaveLength(1)
    expect((await call('DELETE', `/api/v1/lists/${id}`)).status).toBe(204)
  })
})
