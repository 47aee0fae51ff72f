import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

describe('saved views and group-by', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('views')
    const a = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: {
        name: 'A',
        industry: 'finance',
        annual_revenue: { amount: '100.50', currency: 'CNY' },
        employees: 10,
      },
    })
    expect(a.status).toBe(201)
    await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: {
        name: 'B',
        industry: 'finance',
        annual_revenue: { amount: '20', currency: 'USD' },
        employees: 5,
      },
    })
    await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: 'C', industry: 'retail', employees: 1 },
    })
    await t.call('POST', '/api/v1/records/company', { token: ws.token, body: { name: 'D' } })
  })
  afterAll(async () => {
    await t.close()
  })

  it('groups with counts, number sums and per-currency sums', async () => {
    const r = await t.call(
      'GET',
      '/api/v1/records/company/groups?groupBy=industry&sum=employees,annual_revenue',
      { token: ws.token },
    )
    expect(r.status).toBe(200)
    const byKey = Object.fromEntries(r.body.data.map((g: { key: string | null }) => [String(g.key), g]))
    expect(byKey.finance).toEqual({
      key: 'finance',
      count: 2,
      sums: { employees: 15, annual_revenue: { CNY: '100.50', USD: '20.00' } },
    })
    expect(byKey.retail.count).toBe(1)
    expect(byKey.null.count).toBe(1)
    expect(
      (await t.call('GET', '/api/v1/records/company/groups?groupBy=address', { token: ws.token })).status,
    ).toBe(400)
    expect(
      (await t.call('GET', '/api/v1/records/company/groups?groupBy=industry&sum=name', { token: ws.token }))
        .status,
    ).toBe(400)
  })

  it('saves list and kanban views, applies them, and keeps private views private', async () => {
    const v = await t.call('POST', '/api/v1/views', {
      token: ws.token,
      body: {
        objectName: 'company',
        name: '金融客户',
        columns: [{ field: 'name' }, { field: 'industry', width: 160 }],
        sort: [{ field: 'name', desc: true }],
        filter: { field: 'industry', op: 'eq', value: 'finance' },
        groupBy: 'industry',
        aggregate: [{ field: 'employees', fn: 'sum' }],
      },
    })
    expect(v.status, JSON.stringify(v.body)).toBe(201)
    const list = await t.call('GET', `/api/v1/records/company?view=${v.body.id}`, { token: ws.token })
    expect(list.body.data.map((r: { name: string }) => r.name)).toEqual(['B', 'A'])
    const kanban = await t.call('POST', '/api/v1/views', {
      token: ws.token,
      body: {
        objectName: 'company',
        name: 'Board',
        kind: 'kanban',
        kanbanField: 'industry',
        visibility: 'shared',
      },
    })
    expect(kanban.status).toBe(201)
    const badKanban = await t.call('POST', '/api/v1/views', {
      token: ws.token,
      body: { objectName: 'company', name: 'x', kind: 'kanban', kanbanField: 'name' },
    })
    expect(badKanban.body.errors[0].path).toBe('kanbanField')
    const badFilter = await t.call('POST', '/api/v1/views', {
      token: ws.token,
      body: { objectName: 'company', name: 'x', filter: { field: 'nope', op: 'eq', value: 1 } },
    })
    expect(badFilter.status).toBe(400)
    expect(badFilter.body.code).toBe('invalid_filter')
    const badColumn = await t.call('POST', '/api/v1/views', {
      token: ws.token,
      body: { objectName: 'company', name: 'x', columns: [{ field: 'nope' }] },
    })
    expect(badColumn.body.errors[0].path).toBe('columns.0.field')

    // another user sees the shared view, not the private one
    const email = `viewer-${Date.now()}@example.com`
    await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Viewer', password: 'viewer password 1' },
    })
    const token = (
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'viewer password 1' } })
    ).body.token
    const seen = await t.call('GET', '/api/v1/views?object=company', { token })
    expect(seen.body.data.map((x: { name: string }) => x.name)).toEqual(['Board'])
    expect((await t.call('GET', `/api/v1/views/${v.body.id}`, { token })).status).toBe(404)
    expect((await t.call('DELETE', `/api/v1/views/${kanban.body.id}`, { token })).status).toBe(403)
    const renamed = await t.call('PATCH', `/api/v1/views/${v.body.id}`, {
      token: ws.token,
      body: { name: 'Finance' },
    })
    expect(renamed.body).toMatchObject({ name: 'Finance', groupBy: 'industry' })
    expect((await t.call('DELETE', `/api/v1/views/${v.body.id}`, { token: ws.token })).status).toBe(204)
  })
})
