import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/** `GET /records/{object}/groups?totals=true`: the totals row of a list, with or without grouping. */
describe('list totals', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let rep: { token: string }
  const totals = (query: string, token = ws.token) =>
    t.call('GET', `/api/v1/records/company/groups?${query}`, { token })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('totals')
    const companies = [
      {
        name: 'A',
        industry: 'finance',
        employees: 10,
        annual_revenue: { amount: '100.50', currency: 'CNY' },
      },
      { name: 'B', industry: 'finance', employees: 5, annual_revenue: { amount: '20', currency: 'USD' } },
      { name: 'C', industry: 'retail', employees: 1, annual_revenue: { amount: '0.25', currency: 'CNY' } },
      { name: 'D' },
    ]
    for (const body of companies) {
      const r = await t.call('POST', '/api/v1/records/company', { token: ws.token, body })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
    // a rep who reads only their own companies
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'own' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/company`, {
      token: ws.token,
      body: { create: true, read: true, update: true, delete: true, readScope: 'own', writeScope: 'own' },
    })
    const email = `rep-${Date.now()}@totals.example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Rep', password: 'totals password 1', roleId: role.body.id },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'totals password 1' },
    })
    rep = { token: login.body.token }
    await t.call('POST', '/api/v1/records/company', {
      token: rep.token,
      body: { name: 'R', employees: 7, annual_revenue: { amount: '3', currency: 'CNY' } },
    })
  })
  afterAll(async () => {
    await t.close()
  })

  it('sums the whole list without grouping: numbers, and money per currency', async () => {
    const r = await totals('totals=true&sum=employees,annual_revenue')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.data).toEqual([])
    expect(r.body.total).toEqual({
      key: null,
      count: 5,
      sums: { employees: 23, annual_revenue: { CNY: '103.75', USD: '20.00' } },
    })
  })

  it('applies the filter, and returns groups and totals in one answer', async () => {
    const filter = encodeURIComponent(JSON.stringify({ field: 'industry', op: 'eq', value: 'finance' }))
    const r = await totals(`groupBy=industry&totals=true&sum=employees&filter=${filter}`)
    expect(r.status).toBe(200)
    expect(r.body.data).toEqual([{ key: 'finance', count: 2, sums: { employees: 15 } }])
    expect(r.body.total).toEqual({ key: null, count: 2, sums: { employees: 15 } })
    // an empty list has totals too
    const none = encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: '没有' }))
    const empty = await totals(`totals=true&sum=employees,annual_revenue&filter=${none}`)
    expect(empty.body.total).toEqual({ key: null, count: 0, sums: { employees: null, annual_revenue: {} } })
  })

  it('counts only what the caller may read', async () => {
    const r = await totals('totals=true&sum=employees,annual_revenue', rep.token)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.total).toEqual({
      key: null,
      count: 1,
      sums: { employees: 7, annual_revenue: { CNY: '3.00' } },
    })
  })

  it('refuses a request without groupBy or totals, bad sums and bad filters', async () => {
    const none = await totals('sum=employees')
    expect(none.status).toBe(400)
    expect(none.body.errors[0]).toMatchObject({ path: 'groupBy', code: 'required' })
    const bad = await totals('totals=true&sum=name')
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]).toMatchObject({ path: 'sum.0', code: 'invalid_value' })
    expect((await totals('totals=true&sum=a,b,c,d,e,f')).status).toBe(400)
    expect((await totals('totals=yes')).status).toBe(400)
    const filter = encodeURIComponent(JSON.stringify({ field: 'nope', op: 'eq', value: 1 }))
    expect((await totals(`totals=true&filter=${filter}`)).status).toBe(400)
    expect((await totals('totals=true&filter=%7Bnot-json')).status).toBe(400)
    expect((await t.call('GET', '/api/v1/records/company/groups?totals=true')).status).toBe(401)
  })
})
