import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

describe('records service through the HTTP API', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('acme')
  })
  afterAll(async () => {
    await t.close()
  })

  it('creates, reads, updates with If-Match, deletes and restores a record', async () => {
    const c = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '阿里巴巴(中国)有限公司', industry: 'software', phone: '0571-88888888' },
    })
    expect(c.status).toBe(201)
    expect(c.body.phone).toBe('+8657188888888')
    expect(c.body.version).toBe(1)
    const p = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: { name: '张伟', company: c.body.id, mobile: '138-1234-5678', email: ' Zhang.Wei@Example.COM ' },
    })
    expect(p.status).toBe(201)
    expect(p.body.email).toBe('zhang.wei@example.com')
    expect(p.body.owner_id).toBe(ws.created.owner.id)

    const u = await t.call('PATCH', `/api/v1/records/person/${p.body.id}`, {
      token: ws.token,
      body: { title: '销售总监' },
      headers: { 'if-match': '1' },
    })
    expect(u.status).toBe(200)
    expect(u.body.version).toBe(2)
    const stale = await t.call('PATCH', `/api/v1/records/person/${p.body.id}`, {
      token: ws.token,
      body: { title: 'CEO' },
      headers: { 'if-match': '1' },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.code).toBe('version_conflict')
    expect(stale.body.current.title).toBe('销售总监')

    const tl = await t.call('GET', `/api/v1/records/person/${p.body.id}/timeline`, { token: ws.token })
    expect(tl.status).toBe(200)
    expect(tl.body.data[0].kind).toBe('change')
    expect(tl.body.data[0].change).toMatchObject({
      field: 'title',
      old: null,
      new: '销售总监',
      channel: 'api',
    })
    expect(tl.body.data.at(-1).kind).toBe('created')

    const related = await t.call('GET', `/api/v1/records/company/${c.body.id}/related/people`, {
      token: ws.token,
    })
    expect(related.body.data.map((r: { id: string }) => r.id)).toEqual([p.body.id])

    expect((await t.call('DELETE', `/api/v1/records/person/${p.body.id}`, { token: ws.token })).status).toBe(
      200,
    )
    expect((await t.call('GET', `/api/v1/records/person/${p.body.id}`, { token: ws.token })).status).toBe(404)
    const bin = await t.call('GET', '/api/v1/records/person?deleted=true', { token: ws.token })
    expect(bin.body.data.map((r: { id: string }) => r.id)).toContain(p.body.id)
    expect(
      (await t.call('POST', `/api/v1/records/person/${p.body.id}/restore`, { token: ws.token })).status,
    ).toBe(200)
    expect((await t.call('GET', `/api/v1/records/person/${p.body.id}`, { token: ws.token })).body.name).toBe(
      '张伟',
    )
  })

  it('rejects bad input with field paths in the caller language and writes nothing', async () => {
    const before = await t.call('GET', '/api/v1/records/person?count=true&limit=1', { token: ws.token })
    const r = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      locale: 'zh-CN',
      body: {
        name: '',
        email: 'not-an-email',
        mobile: '12',
        nope: 1,
        company: '00000000-0000-0000-0000-000000000000',
      },
    })
    expect(r.status).toBe(400)
    expect(r.headers.get('content-type')).toContain('application/problem+json')
    expect(r.body.code).toBe('validation_failed')
    const paths = r.body.errors.map((e: { path: string }) => e.path).sort()
    expect(paths).toEqual(['email', 'mobile', 'name', 'nope'])
    expect(r.body.errors.find((e: { path: string }) => e.path === 'email').message).toBe('邮箱格式不正确')
    const after = await t.call('GET', '/api/v1/records/person?count=true&limit=1', { token: ws.token })
    expect(after.body.total).toBe(before.body.total)
  })

  it('batch is all-or-nothing unless partial', async () => {
    const ops = [
      { op: 'create', data: { name: 'Batch A' } },
      { op: 'create', data: { name: 'Batch B', email: 'bad' } },
    ]
    const all = await t.call('POST', '/api/v1/records/person/batch', {
      token: ws.token,
      body: { operations: ops },
    })
    expect(all.status).toBe(400)
    expect(all.body.errors[0].path).toBe('operations.1.data.email')
    const list = await t.call(
      'GET',
      `/api/v1/records/person?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'starts_with', value: 'Batch' }))}`,
      { token: ws.token },
    )
    expect(list.body.data).toHaveLength(0)
    const partial = await t.call('POST', '/api/v1/records/person/batch', {
      token: ws.token,
      body: { operations: ops, partial: true },
    })
    expect(partial.status).toBe(200)
    expect(partial.body.results.map((x: { ok: boolean }) => x.ok)).toEqual([true, false])
    expect(partial.body.results[1].error.errors[0].path).toBe('operations.1.data.email')
  })

  it('a batch of updates is one locking read and one write; a failing one is named by its index', async () => {
    const call = (body: unknown) =>
      t.call('POST', '/api/v1/records/person/batch', { token: ws.token, body, locale: 'en' })
    const made = await call({
      operations: Array.from({ length: 5 }, (_, i) => ({ op: 'create', data: { name: `Many ${i}` } })),
    })
    expect(made.status).toBe(200)
    const recs = made.body.results.map((r: { record: { id: string; version: number } }) => r.record)
    const ok = await call({
      operations: recs.map((r: { id: string; version: number }, i: number) => ({
        op: 'update',
        id: r.id,
        version: r.version,
        data: { title: `T${i}` },
      })),
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(
      ok.body.results.map((r: { record: { title: string; version: number } }) => r.record.title),
    ).toEqual(['T0', 'T1', 'T2', 'T3', 'T4'])
    expect(ok.body.results.every((r: { record: { version: number } }) => r.record.version === 2)).toBe(true)
    const history = await sql<{ new_value: unknown }>`select new_value from field_history
      where record_id = ${recs[3].id} and field_name = 'title'`.execute(t.database.db)
    expect(history.rows.map((h) => h.new_value)).toEqual(['T3'])
    // a stale version at index 2: nothing is written, and the problem names the operation
    const stale = await call({
      operations: recs.map((r: { id: string }, i: number) => ({
        op: 'update',
        id: r.id,
        version: i === 2 ? 1 : 2,
        data: { title: `U${i}` },
      })),
    })
    expect(stale.status).toBe(409)
    expect(stale.body.errors[0].path).toBe('operations.2')
    const missing = await call({
      operations: [
        { op: 'update', id: recs[0].id, data: { title: 'V0' } },
        { op: 'update', id: '00000000-0000-7000-8000-000000000000', data: { title: 'V1' } },
      ],
    })
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0].path).toBe('operations.1')
    const bad = await call({
      operations: [
        { op: 'update', id: recs[0].id, data: { title: 'W0' } },
        { op: 'update', id: recs[1].id, data: { email: 'not an address' } },
      ],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('operations.1.data.email')
    // the same record twice in one batch: both changes, one after the other
    const twice = await call({
      operations: [
        { op: 'update', id: recs[4].id, data: { title: 'X1' } },
        { op: 'update', id: recs[4].id, data: { department: 'X2' } },
      ],
    })
    expect(twice.status).toBe(200)
    expect(twice.body.results[1].record).toMatchObject({ title: 'X1', department: 'X2', version: 4 })
    const after = await t.call('GET', `/api/v1/records/person/${recs[0].id}`, { token: ws.token })
    expect(after.body).toMatchObject({ title: 'T0', version: 2 })
    // a create, then a run of updates
    const mixed = await call({
      operations: [
        { op: 'create', data: { name: 'Many 5' } },
        { op: 'update', id: recs[0].id, data: { title: 'Y0' } },
        { op: 'update', id: recs[1].id, data: { title: 'Y1' } },
      ],
    })
    expect(mixed.status, JSON.stringify(mixed.body)).toBe(200)
    expect(mixed.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true])
    // rules between the records of one batch hold as if sent one by one: the same mobile twice is a duplicate
    const same = await call({
      operations: [
        { op: 'update', id: recs[2].id, data: { mobile: '13800138077' } },
        { op: 'update', id: recs[3].id, data: { mobile: '13800138077' } },
      ],
    })
    expect(same.status, JSON.stringify(same.body)).toBe(409)
    const companies = await t.call('POST', '/api/v1/records/company/batch', {
      token: ws.token,
      body: {
        operations: [
          { op: 'create', data: { name: '环甲' } },
          { op: 'create', data: { name: '环乙' } },
        ],
      },
    })
    const [ca, cb] = companies.body.results.map((r: { id: string }) => r.id)
    const loop = await t.call('POST', '/api/v1/records/company/batch', {
      token: ws.token,
      body: {
        operations: [
          { op: 'update', id: ca, data: { parent: cb } },
          { op: 'update', id: cb, data: { parent: ca } },
        ],
      },
    })
    expect(loop.status, JSON.stringify(loop.body)).toBe(400)
    const a = await t.call('GET', `/api/v1/records/company/${ca}`, { token: ws.token })
    expect(a.body.parent).toBeNull()
  })

  it('lists with filter through a relation, sort and cursor pagination', async () => {
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: 'Globex', industry: 'finance' },
    })
    // seven people of one name pattern at one company: possible duplicates, created on purpose
    for (let i = 0; i < 7; i++) {
      await t.call('POST', '/api/v1/records/person?allowDuplicate=true', {
        token: ws.token,
        body: { name: `Page ${i}`, company: co.body.id },
      })
    }
    const filter = encodeURIComponent(
      JSON.stringify({ field: 'company.industry', op: 'eq', value: 'finance' }),
    )
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const r: { body: { data: { name: string }[]; nextCursor: string | null } } = await t.call(
        'GET',
        `/api/v1/records/person?filter=${filter}&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: ws.token },
      )
      seen.push(...r.body.data.map((x) => x.name))
      cursor = r.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(['Page 0', 'Page 1', 'Page 2', 'Page 3', 'Page 4', 'Page 5', 'Page 6'])
  })

  it('writes the row, history, search document and event together, or none of them', async () => {
    const { metadata, records } = t.kernel.services
    await metadata.createField(ws.admin, 'company', {
      name: 'tax_no',
      type: 'text',
      label: { 'zh-CN': '税号', en: 'Tax number' },
      options: { unique: true },
    })
    // similar names on purpose: this is about the write's effects, not the duplicate check
    const dup = { allowDuplicate: true }
    const a = await records.create(ws.admin, 'company', { name: '甲方科技', tax_no: 'T-1' }, dup)
    const b = await records.create(ws.admin, 'company', { name: '乙方科技', tax_no: 'T-2' }, dup)
    const effects = async (id: string) => {
      const db = t.database.db
      const n = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(db)).rows[0]!.n
      return {
        history: await n(
          sql<{ n: number }>`select count(*)::int as n from field_history where record_id = ${id}`,
        ),
        events: await n(
          sql<{ n: number }>`select count(*)::int as n from outbox_event where record_id = ${id}`,
        ),
        title: (
          await sql<{ title: string }>`select title from search_doc where record_id = ${id}`.execute(db)
        ).rows[0]?.title,
      }
    }
    expect(await effects(b.id)).toEqual({ history: 0, events: 1, title: '乙方科技' })

    // a unique violation in the row aborts the whole statement: no history, no event, old search document
    await expect(
      records.update(ws.admin, 'company', b.id, { name: '乙方科技二', tax_no: 'T-1' }, dup),
    ).rejects.toMatchObject({ status: 409 })
    expect(await effects(b.id)).toEqual({ history: 0, events: 1, title: '乙方科技' })
    expect((await records.get(ws.admin, 'company', b.id)).version).toBe(1)

    const u = await records.update(ws.admin, 'company', b.id, { name: '乙方科技二', tax_no: 'T-3' }, dup)
    expect(u.version).toBe(2)
    // name, tax_no and the name's pinyin sort key (the contacts module's before hook)
    expect(await effects(b.id)).toEqual({ history: 3, events: 2, title: '乙方科技二' })

    await records.delete(ws.admin, 'company', b.id)
    expect(await effects(b.id)).toEqual({ history: 4, events: 3, title: undefined })
    await records.restore(ws.admin, 'company', b.id)
    expect(await effects(b.id)).toEqual({ history: 5, events: 4, title: '乙方科技二' })
    expect(a.tax_no).toBe('T-1')
  })
})
