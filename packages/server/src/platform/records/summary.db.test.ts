import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/** `GET /records/{object}/{id}/summary`: the 360° page's key figures, each within the caller's rights. */
describe('record summary', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let company: string
  let person: string
  const summary = (object: string, id: string, token = ws.token) =>
    t.call('GET', `/api/v1/records/${object}/${id}/summary`, { token })
  const metric = (body: { metrics: { key: string; value: unknown }[] }, key: string) =>
    body.metrics.find((m) => m.key === key)?.value

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('summary')
    company = (
      await t.call('POST', '/api/v1/records/company?allowDuplicate=true', {
        token: ws.token,
        body: { name: '汇总公司' },
      })
    ).body.id
    for (const name of ['甲', '乙', '丙'])
      await t.call('POST', '/api/v1/records/person?allowDuplicate=true', {
        token: ws.token,
        body: { name, company },
      })
    person = (
      await t.call('POST', '/api/v1/records/person?allowDuplicate=true', {
        token: ws.token,
        body: { name: '丁', company },
      })
    ).body.id
  })
  afterAll(async () => {
    await t.close()
  })

  it('counts the records pointing at a record, per inverse relation', async () => {
    const r = await summary('company', company)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(metric(r.body, 'related:people')).toBe(4)
    expect(r.body.metrics.find((m: { key: string }) => m.key === 'related:people')).toMatchObject({
      kind: 'number',
      related: 'people',
      label: { 'zh-CN': '联系人' },
    })
    expect(metric(r.body, 'last_contact')).toBeNull()
    expect(metric(r.body, 'open_tasks')).toBe(0)
  })

  it('knows the last contact and the open tasks from the timeline', async () => {
    const add = (body: unknown) =>
      t.call('POST', `/api/v1/records/person/${person}/activities`, { token: ws.token, body })
    expect((await add({ type: 'call', subject: '电话', occurred_at: '2026-11-20T02:00:00Z' })).status).toBe(
      201,
    )
    expect(
      (await add({ type: 'meeting', subject: '拜访', occurred_at: '2026-11-28T06:00:00Z' })).status,
    ).toBe(201)
    await add({ type: 'task', subject: '发报价', due_at: '2026-12-10T02:00:00Z' })
    await add({
      type: 'task',
      subject: '已完成',
      due_at: '2026-11-10T02:00:00Z',
      done: true,
    })
    const r = await summary('person', person)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(metric(r.body, 'last_contact')).toBe('2026-11-28T06:00:00.000Z')
    expect(metric(r.body, 'open_tasks')).toBe(1)
  })

  it('is a 404 for a record the caller cannot see, and for another workspace', async () => {
    const other = await t.workspace('summary-other')
    expect((await summary('company', company, other.token)).status).toBe(404)
    expect((await summary('company', '00000000-0000-7000-8000-000000000000')).status).toBe(404)
    expect((await summary('nope', company)).status).toBe(404)
  })
})
