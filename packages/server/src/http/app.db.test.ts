import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../test/kernel.ts'

/** Bad input never gives a 500 or a half-written change (issue: API). */
describe('HTTP contract: bad input', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const count = async () =>
    (await t.call('GET', '/api/v1/records/person?count=true&limit=1', { token: ws.token })).body
      .total as number
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('badinput')
  })
  afterAll(async () => {
    await t.close()
  })

  it('health, OpenAPI 3.1 and the docs page answer', async () => {
    const h = await t.call('GET', '/api/health')
    expect(h.body).toMatchObject({ status: 'ok', db: t.database.kind })
    const spec = await t.call('GET', '/api/openapi.json')
    expect(spec.body.openapi).toBe('3.1.0')
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/records/{object}', '/api/v1/search', '/api/v1/metadata/objects']),
    )
    expect((await t.call('GET', '/api/docs')).status).toBe(200)
  })

  it('answers 401 without credentials and with a forged token, in the caller language', async () => {
    const r = await t.call('GET', '/api/v1/records/person', { locale: 'zh-CN' })
    expect(r.status).toBe(401)
    expect(r.body).toMatchObject({ code: 'unauthenticated', title: '请先登录', status: 401 })
    expect(r.body.requestId).toBeTruthy()
    expect((await t.call('GET', '/api/v1/records/person', { token: 'x'.repeat(64) })).status).toBe(401)
  })

  it('unknown objects, fields and ids are 404/400, never 500', async () => {
    expect((await t.call('GET', '/api/v1/records/nope', { token: ws.token })).body.code).toBe(
      'object_not_found',
    )
    expect((await t.call('GET', '/api/v1/records/person/not-a-uuid', { token: ws.token })).status).toBe(404)
    expect(
      (
        await t.call('GET', '/api/v1/records/person/00000000-0000-0000-0000-000000000000', {
          token: ws.token,
        })
      ).status,
    ).toBe(404)
    expect((await t.call('GET', `/api/v1/records/${'x'.repeat(100)}`, { token: ws.token })).status).toBe(400)
    const sort = await t.call('GET', '/api/v1/records/person?sort=nope', { token: ws.token })
    expect(sort.status).toBe(400)
    expect(sort.body.errors[0].path).toBe('sort')
  })

  it('malformed JSON, wrong content type, invalid UTF-8 and bodies over 1 MB', async () => {
    const before = await count()
    const bad = await t.call('POST', '/api/v1/records/person', { token: ws.token, body: '{"name": ' })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('invalid_json')
    const type = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: 'name=x',
      headers: { 'content-type': 'text/plain' },
    })
    expect(type.status).toBe(415)
    const res = await t.app.request('/api/v1/records/person', {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).code).toBe('invalid_utf8')
    const big = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: { name: 'x'.repeat(1_100_000) },
    })
    expect(big.status).toBe(413)
    expect(big.body.code).toBe('payload_too_large')
    const notObject = await t.call('POST', '/api/v1/records/person', { token: ws.token, body: [1, 2] })
    expect(notObject.status).toBe(400)
    expect(await count()).toBe(before)
  })

  it('wrong types, negative or huge limits, bad cursors and stale versions', async () => {
    const wrong = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: { name: 42, tags: 'x', company: 'x' },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['company', 'name', 'tags'])
    for (const q of [
      'limit=-1',
      'limit=0',
      'limit=100000',
      'limit=abc',
      'cursor=%%%',
      'cursor=bm90IGpzb24',
      'count=maybe',
    ]) {
      const r = await t.call('GET', `/api/v1/records/person?${q}`, { token: ws.token })
      expect(r.status, q).toBe(400)
    }
    const p = await t.call('POST', '/api/v1/records/person', { token: ws.token, body: { name: 'Stale' } })
    for (const v of ['abc', '-1', '"x"']) {
      expect(
        (
          await t.call('PATCH', `/api/v1/records/person/${p.body.id}`, {
            token: ws.token,
            body: { title: 'x' },
            headers: { 'if-match': v },
          })
        ).status,
      ).toBe(400)
    }
    expect(
      (
        await t.call('PATCH', `/api/v1/records/person/${p.body.id}`, {
          token: ws.token,
          body: { title: 'x' },
          headers: { 'if-match': '"7"' },
        })
      ).status,
    ).toBe(409)
  })

  it('SQL-looking strings are stored as text, never executed', async () => {
    const evil = `Robert'); DROP TABLE obj_person; --`
    const r = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: { name: evil, title: '1 OR 1=1' },
    })
    expect(r.status).toBe(201)
    const filter = encodeURIComponent(
      JSON.stringify({ field: 'name', op: 'contains', value: `'; DROP TABLE x; --%_` }),
    )
    expect((await t.call('GET', `/api/v1/records/person?filter=${filter}`, { token: ws.token })).status).toBe(
      200,
    )
    expect((await t.call('GET', `/api/v1/records/person/${r.body.id}`, { token: ws.token })).body.name).toBe(
      evil,
    )
    const sort = await t.call(
      'GET',
      `/api/v1/records/person?sort=${encodeURIComponent('name;drop table x')}`,
      { token: ws.token },
    )
    expect(sort.status).toBe(400)
  })

  it('malformed, too deep and too large filters are 400 invalid_filter with paths', async () => {
    const notJson = await t.call('GET', '/api/v1/records/person?filter=%7Bnope', { token: ws.token })
    expect(notJson.body.code).toBe('invalid_filter')
    let deep: unknown = { field: 'name', op: 'eq', value: 'x' }
    for (let i = 0; i < 50; i++) deep = { not: deep }
    const tooDeep = await t.call(
      'GET',
      `/api/v1/records/person?filter=${encodeURIComponent(JSON.stringify(deep))}`,
      { token: ws.token },
    )
    expect(tooDeep.status).toBe(400)
    expect(tooDeep.body.code).toBe('invalid_filter')
    const wide = { or: Array.from({ length: 500 }, (_, i) => ({ field: 'name', op: 'eq', value: `n${i}` })) }
    expect(
      (
        await t.call('GET', `/api/v1/records/person?filter=${encodeURIComponent(JSON.stringify(wide))}`, {
          token: ws.token,
        })
      ).status,
    ).toBe(400)
    const unknown = await t.call(
      'GET',
      `/api/v1/records/person?filter=${encodeURIComponent(JSON.stringify({ field: 'company.nope', op: 'eq', value: 1 }))}`,
      { token: ws.token },
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0].path).toContain('filter')
  })

  it('never answers 500 to arbitrary JSON bodies or filters (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 6 }), async (body, filter) => {
        const c = await t.call('POST', '/api/v1/records/person', {
          token: ws.token,
          body: body === undefined ? null : body,
        })
        expect(c.status).toBeLessThan(500)
        const l = await t.call(
          'GET',
          `/api/v1/records/person?limit=1&filter=${encodeURIComponent(JSON.stringify(filter))}`,
          { token: ws.token },
        )
        expect(l.status).toBeLessThan(500)
      }),
      { numRuns: 150 },
    )
  })
})
