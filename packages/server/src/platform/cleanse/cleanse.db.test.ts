import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/** `/records/{object}/cleanse/scan|apply`: suggestions over what the caller may read, fixes through the write path. */
describe('data cleansing', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  let rep: string
  const ids: Record<string, string> = {}
  const scan = (object: string, body: unknown, token = ws.token) =>
    t.call('POST', `/api/v1/records/${object}/cleanse/scan`, { token, body })
  const apply = (object: string, body: unknown, token = ws.token) =>
    t.call('POST', `/api/v1/records/${object}/cleanse/apply`, { token, body })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('cleanse')
    other = await t.workspace('cleanse-other')
    const people = {
      spaced: { name: '张 伟', title: 'ＣＥＯ', tags: ['VIP', 'ｖｉｐ', '重点客户'] },
      clean: { name: '李娜', title: '销售总监', tags: ['VIP'] },
      latin: { name: 'Anna  Müller', title: 'Head of Sales' },
    }
    for (const [k, body] of Object.entries(people)) {
      const r = await t.call('POST', '/api/v1/records/person?allowDuplicate=true', { token: ws.token, body })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      ids[k] = r.body.id
    }
    const co = await t.call('POST', '/api/v1/records/company?allowDuplicate=true', {
      token: ws.token,
      body: { name: '西湖科技', address: { text: '浙江杭州西湖区文三路９０号' } },
    })
    expect(co.status, JSON.stringify(co.body)).toBe(201)
    ids.company = co.body.id

    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'own people' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { create: true, read: true, update: true, delete: false, readScope: 'own', writeScope: 'own' },
    })
    const email = `rep-${Date.now()}@cleanse.example.com`
    await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Rep', password: 'cleanse password 1', roleId: role.body.id },
    })
    rep = (await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'cleanse password 1' } }))
      .body.token
  })
  afterAll(async () => {
    await t.close()
  })

  it('suggests fixes with their rules, and nothing for clean records', async () => {
    const r = await scan('person', {})
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.scanned).toBe(3)
    const byId = Object.fromEntries(r.body.data.map((s: { id: string }) => [s.id, s]))
    expect(byId[ids.clean!]).toBeUndefined()
    expect(byId[ids.spaced!].fixes).toEqual([
      { field: 'name', rules: ['cjk_name_spaces'], old: '张 伟', new: '张伟' },
      { field: 'title', rules: ['fullwidth'], old: 'ＣＥＯ', new: 'CEO' },
      { field: 'tags', rules: ['tags'], old: ['VIP', 'ｖｉｐ', '重点客户'], new: ['VIP', '重点客户'] },
    ])
    expect(byId[ids.latin!].fixes).toEqual([
      { field: 'name', rules: ['whitespace'], old: 'Anna  Müller', new: 'Anna Müller' },
    ])
    expect(r.body.counts).toMatchObject({ cjk_name_spaces: 1, fullwidth: 1, tags: 1, whitespace: 1 })

    const only = await scan('person', { rules: ['tags'] })
    expect(only.body.data.map((s: { id: string }) => s.id)).toEqual([ids.spaced])

    const company = await scan('company', {})
    expect(company.body.data[0].fixes[0]).toMatchObject({
      field: 'address',
      rules: ['fullwidth', 'address_codes'],
      new: {
        text: '浙江杭州西湖区文三路90号',
        province: '330000',
        city: '330100',
        district: '330106',
        country: 'CN',
      },
    })
  })

  it('pages with a cursor and honours the filter', async () => {
    const first = await scan('person', { limit: 1 })
    expect(first.body.scanned).toBe(1)
    expect(first.body.nextCursor).toBeTruthy()
    const rest = await scan('person', { cursor: first.body.nextCursor, limit: 10 })
    expect(rest.body.scanned).toBe(2)
    expect(rest.body.nextCursor).toBeNull()
    const filtered = await scan('person', { filter: { field: 'name', op: 'eq', value: 'Anna  Müller' } })
    expect(filtered.body.scanned).toBe(1)
  })

  it('applies chosen fixes through the write path and leaves changed records alone', async () => {
    const s = await scan('person', {})
    const spaced = s.body.data.find((x: { id: string }) => x.id === ids.spaced)
    const latin = s.body.data.find((x: { id: string }) => x.id === ids.latin)
    // someone edits Anna after the scan
    const edit = await t.call('PATCH', `/api/v1/records/person/${ids.latin}`, {
      token: ws.token,
      body: { title: 'VP Sales' },
    })
    expect(edit.status).toBe(200)
    const r = await apply('person', {
      items: [
        { id: spaced.id, version: spaced.version, fields: ['name', 'tags'] },
        { id: latin.id, version: latin.version, fields: ['name'] },
        { id: ids.clean, version: 1, fields: ['name'] },
      ],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ applied: 1, failed: 1 })
    expect(r.body.results[0]).toMatchObject({ id: ids.spaced, ok: true, changed: ['name', 'tags'] })
    expect(r.body.results[1]).toMatchObject({
      id: ids.latin,
      ok: false,
      error: { code: 'version_conflict', status: 409 },
    })
    expect(r.body.results[2]).toMatchObject({ id: ids.clean, ok: true, changed: [] })

    const rec = await t.call('GET', `/api/v1/records/person/${ids.spaced}`, { token: ws.token })
    expect(rec.body).toMatchObject({ name: '张伟', title: 'ＣＥＯ', tags: ['VIP', '重点客户'] })
    const timeline = await t.call('GET', `/api/v1/records/person/${ids.spaced}/timeline`, { token: ws.token })
    const changes = timeline.body.data.filter((i: { kind: string }) => i.kind === 'change')
    expect(
      changes.map((c: { change: { field: string; channel: string } }) => [c.change.field, c.change.channel]),
    ).toEqual(
      expect.arrayContaining([
        ['name', 'cleanse'],
        ['tags', 'cleanse'],
      ]),
    )
    // what is left: the title only
    const again = await scan('person', { filter: { field: 'id', op: 'eq', value: ids.spaced } })
    expect(again.body.data[0].fixes.map((f: { field: string }) => f.field)).toEqual(['title'])
  })

  it('sees only what the caller may read, and nothing of another workspace', async () => {
    const r = await scan('person', {}, rep)
    expect(r.status).toBe(200)
    expect(r.body.scanned).toBe(0)
    const a = await apply('person', { items: [{ id: ids.spaced, version: 1, fields: ['title'] }] }, rep)
    expect(a.body.results[0]).toMatchObject({ ok: false, error: { code: 'record_not_found', status: 404 } })
    const b = await apply(
      'person',
      { items: [{ id: ids.spaced, version: 1, fields: ['title'] }] },
      other.token,
    )
    expect(b.body.results[0]).toMatchObject({ ok: false, error: { code: 'record_not_found' } })
  })

  it('refuses bad input with the field', async () => {
    const cases: [string, unknown, number, string?][] = [
      ['person', { items: [] }, 400, 'items'],
      ['person', { items: [{ id: 'nope', version: 1, fields: ['name'] }] }, 400, 'items.0.id'],
      ['person', { items: [{ id: ids.clean, version: 1, fields: ['no_such'] }] }, 400, 'items.0.fields.0'],
      [
        'person',
        {
          items: [
            { id: ids.clean, version: 1, fields: ['name'] },
            { id: ids.clean, version: 1, fields: ['name'] },
          ],
        },
        400,
        'items.1.id',
      ],
      ['person', { items: [{ id: ids.clean, version: 1, fields: ['name'] }], extra: 1 }, 400],
      ['no_such_object', { items: [{ id: ids.clean, version: 1, fields: ['name'] }] }, 404],
    ]
    for (const [object, body, status, path] of cases) {
      const r = await apply(object, body)
      expect(r.status, JSON.stringify(r.body)).toBe(status)
      if (path) expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    const many = Array.from({ length: 501 }, () => ({ id: ids.clean, version: 1, fields: ['name'] }))
    expect((await apply('person', { items: many })).status).toBe(400)
    expect((await scan('person', { limit: 5000 })).status).toBe(400)
    expect((await scan('person', { rules: ['nope'] })).status).toBe(400)
    const badFilter = await scan('person', { filter: { field: 'nope', op: 'eq', value: 1 } })
    expect(badFilter.status).toBe(400)
    expect(badFilter.body.code).toBe('invalid_filter')
  })
})
