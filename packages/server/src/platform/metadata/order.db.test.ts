import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en })

describe('field order and record counts (settings pages)', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('order')
    await t.call('POST', '/api/v1/metadata/objects', {
      token: ws.token,
      body: { name: 'gadget', label: L('设备', 'Gadget') },
    })
    for (const name of ['color', 'weight', 'serial'])
      await t.call('POST', '/api/v1/metadata/objects/gadget/fields', {
        token: ws.token,
        body: { name, type: 'text', label: L(name, name) },
      })
  })
  afterAll(async () => {
    await t.close()
  })

  const fieldNames = async () =>
    (await t.call('GET', '/api/v1/metadata/objects/gadget', { token: ws.token })).body.fields.map(
      (f: { name: string }) => f.name,
    )

  it('reorders every field of an object in one PATCH, and the order stays', async () => {
    expect(await fieldNames()).toEqual(['name', 'color', 'weight', 'serial'])
    const r = await t.call('PATCH', '/api/v1/metadata/objects/gadget', {
      token: ws.token,
      body: { fieldOrder: ['serial', 'name', 'weight', 'color'] },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.fields.map((f: { name: string }) => f.name)).toEqual(['serial', 'name', 'weight', 'color'])
    expect(await fieldNames()).toEqual(['serial', 'name', 'weight', 'color'])
    // a field added later goes last
    await t.call('POST', '/api/v1/metadata/objects/gadget/fields', {
      token: ws.token,
      body: { name: 'price', type: 'currency', label: L('价格', 'Price') },
    })
    expect(await fieldNames()).toEqual(['serial', 'name', 'weight', 'color', 'price'])
  })

  it('refuses an order that misses, repeats or invents a field, and changes nothing', async () => {
    const before = await fieldNames()
    const bad = await t.call('PATCH', '/api/v1/metadata/objects/gadget', {
      token: ws.token,
      body: { fieldOrder: ['name', 'name', 'nope', 'color', 'weight', 'price'], label: L('新', 'New') },
      locale: 'zh-CN',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual([
      'fieldOrder.1 not_unique',
      'fieldOrder.2 unknown_field',
      'fieldOrder required',
    ])
    expect(bad.body.errors[0].message).toBeTruthy()
    expect(await fieldNames()).toEqual(before)
    const got = await t.call('GET', '/api/v1/metadata/objects/gadget', { token: ws.token })
    expect(got.body.label.en).toBe('Gadget')
    const malformed = await t.call('PATCH', '/api/v1/metadata/objects/gadget', {
      token: ws.token,
      body: { fieldOrder: 'name' },
    })
    expect(malformed.status).toBe(400)
    const huge = await t.call('PATCH', '/api/v1/metadata/objects/gadget', {
      token: ws.token,
      body: { fieldOrder: Array.from({ length: 1001 }, (_, i) => `f${i}`) },
    })
    expect(huge.status).toBe(400)
  })

  it('removes an option set to null and keeps the others (merge patch)', async () => {
    const set = await t.call('PATCH', '/api/v1/metadata/objects/gadget/fields/weight', {
      token: ws.token,
      body: { options: { maxLength: 20, regex: '^[0-9]+$', help: { en: 'grams' } } },
    })
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    const cleared = await t.call('PATCH', '/api/v1/metadata/objects/gadget/fields/weight', {
      token: ws.token,
      body: { options: { regex: null, help: null } },
    })
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200)
    expect(cleared.body.options).toEqual({ maxLength: 20 })
    const bad = await t.call('PATCH', '/api/v1/metadata/objects/gadget/fields/weight', {
      token: ws.token,
      body: { options: { maxLength: 'long' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('options.maxLength')
  })

  it('counts live records per object for admins only', async () => {
    const before = await t.call('GET', '/api/v1/metadata/counts', { token: ws.token })
    expect(before.status).toBe(200)
    expect(before.body.data.gadget).toBe(0)
    expect(typeof before.body.data.company).toBe('number')
    const ids: string[] = []
    for (const name of ['a', 'b', 'c']) {
      const r = await t.call('POST', '/api/v1/records/gadget', { token: ws.token, body: { name } })
      ids.push(r.body.id)
    }
    await t.call('DELETE', `/api/v1/records/gadget/${ids[0]}`, { token: ws.token })
    const after = await t.call('GET', '/api/v1/metadata/counts', { token: ws.token })
    expect(after.body.data.gadget).toBe(2)
    expect(after.body.data.company).toBe(before.body.data.company)
    await t.call('PATCH', `/api/v1/records/gadget/${ids[1]}`, { token: ws.token, body: { color: 'red' } })
    const one = await t.call('GET', '/api/v1/metadata/objects/gadget/counts', { token: ws.token })
    expect(one.status, JSON.stringify(one.body)).toBe(200)
    // the deleted record still holds its name (recycle bin): a field delete would destroy it too
    expect(one.body).toEqual({
      records: 2,
      fields: { serial: 0, name: 3, weight: 0, color: 1, price: 0 },
    })
    const del = await t.call('DELETE', '/api/v1/metadata/objects/gadget/fields/color', { token: ws.token })
    expect(del.status).toBe(409)
    expect(del.body.records).toBe(one.body.fields.color)
    expect((await t.call('GET', '/api/v1/metadata/objects/nope/counts', { token: ws.token })).status).toBe(
      404,
    )

    const email = `member-${Date.now()}@example.com`
    await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Member', password: 'member password 1' },
    })
    const token = (
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'member password 1' } })
    ).body.token
    expect((await t.call('GET', '/api/v1/metadata/counts', { token })).status).toBe(403)
    expect((await t.call('GET', '/api/v1/metadata/objects/gadget/counts', { token })).status).toBe(403)
    const reorder = await t.call('PATCH', '/api/v1/metadata/objects/gadget', {
      token,
      body: { fieldOrder: await fieldNames() },
    })
    expect(reorder.status).toBe(403)
  })
})
