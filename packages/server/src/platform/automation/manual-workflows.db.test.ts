import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/** `GET /api/v1/workflows/manual?object=` (runs.service.ts `manualWorkflows`), what "Run workflow" lists. */
describe('workflows to run by hand: for anyone who may read the object', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const ids: Record<string, string> = {}

  const call = (method: string, path: string, body?: unknown, token = ws.token, locale = 'en') =>
    t.call(method, path, { token, body, locale })

  const grant = (object: string, read: boolean) => ({
    object,
    create: false,
    read,
    update: false,
    delete: false,
    readScope: read ? 'all' : 'none',
    writeScope: 'none',
  })

  async function loginAs(grants: Record<string, unknown>[], tag: string): Promise<string> {
    const email = `manual-${tag}-${Date.now()}@example.com`
    const password = 'manual password 1'
    const u = await call('POST', '/api/v1/users', { email, name: `用户 ${tag}`, password })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const r = await call('POST', '/api/v1/roles', { name: `role ${tag}` })
    for (const g of grants) {
      const { object, ...rest } = g as { object: string }
      const put = await call('PUT', `/api/v1/roles/${r.body.id}/grants/${object}`, rest)
      expect(put.status, JSON.stringify(put.body)).toBe(200)
    }
    await call('PATCH', `/api/v1/users/${u.body.id}`, { roleId: r.body.id })
    const login = await t.call('POST', '/api/v1/auth/login', { body: { email, password } })
    return login.body.token as string
  }

  const manual = (object: string, bulk?: boolean) => ({
    trigger: { type: 'manual', object, ...(bulk === undefined ? {} : { bulk }) },
    start: 'n',
    steps: [{ id: 'n', type: 'add_note', body: '手动', next: null }],
  })

  async function workflow(
    name: string,
    definition: unknown,
    opts: { publish?: boolean; enable?: boolean } = {},
  ): Promise<string> {
    const c = await call('POST', '/api/v1/workflows', { name, definition })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    if (opts.publish !== false)
      expect((await call('POST', `/api/v1/workflows/${c.body.id}/publish`)).status).toBe(200)
    if (opts.enable !== false && opts.publish !== false)
      expect((await call('POST', `/api/v1/workflows/${c.body.id}/enable`)).status).toBe(200)
    return c.body.id
  }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('manual-workflows')
    // the run queue exists once the worker has started
    await t.kernel.startWorker()
    ids.bulk = await workflow('A 批量', manual('person', true))
    ids.single = await workflow('B 单条', manual('person'))
    ids.disabled = await workflow('C 已停用', manual('person', true), { enable: false })
    ids.draft = await workflow('D 草稿', manual('person', true), { publish: false })
    ids.company = await workflow('E 公司', manual('company', true))
    ids.event = await workflow('F 事件', {
      trigger: { type: 'record_created', object: 'person' },
      start: 'n',
      steps: [{ id: 'n', type: 'add_note', body: '新建', next: null }],
    })
    // published without bulk, the draft since says bulk: the published version counts
    ids.changed = await workflow('G 草稿改了', manual('person', false))
    const patch = await call('PATCH', `/api/v1/workflows/${ids.changed}`, {
      definition: manual('person', true),
    })
    expect(patch.status).toBe(200)
    // published as manual on person, the draft since moved to company: still offered on person
    ids.moved = await workflow('H 改了对象', manual('person'))
    await call('PATCH', `/api/v1/workflows/${ids.moved}`, { definition: manual('company', true) })
  })
  afterAll(async () => {
    await t.close()
  })

  it('lists the enabled workflows with a published manual trigger on the object, bulk from that version', async () => {
    const r = await call('GET', '/api/v1/workflows/manual?object=person')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toEqual({
      data: [
        { id: ids.bulk, name: 'A 批量', bulk: true },
        { id: ids.single, name: 'B 单条', bulk: false },
        { id: ids.changed, name: 'G 草稿改了', bulk: false },
        { id: ids.moved, name: 'H 改了对象', bulk: false },
      ],
    })
    const company = await call('GET', '/api/v1/workflows/manual?object=company')
    expect(company.body.data).toEqual([{ id: ids.company, name: 'E 公司', bulk: true }])
    // an object without any: an empty list
    await call('DELETE', `/api/v1/workflows/${ids.company}`)
    expect((await call('GET', '/api/v1/workflows/manual?object=company')).body).toEqual({ data: [] })
    ids.company = await workflow('E 公司', manual('company', true))
  })

  it('needs only the right to read the object, not the automation grant', async () => {
    const reader = await loginAs([grant('person', true)], 'reader')
    expect((await call('GET', '/api/v1/workflows', undefined, reader)).status).toBe(403)
    const r = await call('GET', '/api/v1/workflows/manual?object=person', undefined, reader)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.data.map((w: { id: string }) => w.id)).toEqual([
      ids.bulk,
      ids.single,
      ids.changed,
      ids.moved,
    ])
    // and may start what is listed
    const p = await call('POST', '/api/v1/records/person', { name: '手动丙' })
    const started = await call(
      'POST',
      `/api/v1/workflows/${ids.single}/run`,
      { recordIds: [p.body.id] },
      reader,
    )
    expect(started.status, JSON.stringify(started.body)).toBe(202)
    // an object they may not read: 403, as the records API answers
    const company = await call('GET', '/api/v1/workflows/manual?object=company', undefined, reader)
    expect(company.status).toBe(403)
    expect((await call('GET', '/api/v1/records/company', undefined, reader)).status).toBe(403)
    const none = await loginAs([grant('person', false)], 'none')
    expect((await call('GET', '/api/v1/workflows/manual?object=person', undefined, none)).status).toBe(403)
    // an API key needs a scope on the object
    const key = (
      await call('POST', '/api/v1/api-keys', { name: 'manual company key', scopes: { company: 'read' } })
    ).body.key as string
    expect((await call('GET', '/api/v1/workflows/manual?object=company', undefined, key)).status).toBe(200)
    expect((await call('GET', '/api/v1/workflows/manual?object=person', undefined, key)).status).toBe(403)
  })

  it('refuses bad parameters, unknown objects and strangers', async () => {
    const missing = await call('GET', '/api/v1/workflows/manual')
    expect(missing.status).toBe(400)
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/)
    expect(missing.body.errors[0].path).toBe('query.object')
    for (const bad of ['Person', '1x', 'a-b', `x${'y'.repeat(60)}`, '%27%3B%20drop%20table%20workflow'])
      expect((await call('GET', `/api/v1/workflows/manual?object=${bad}`)).status, bad).toBe(400)
    const zh = await call('GET', '/api/v1/workflows/manual?object=A', undefined, ws.token, 'zh-CN')
    expect(zh.body.errors[0]).toMatchObject({ path: 'query.object', code: 'invalid_format' })
    expect(zh.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/)
    const unknown = await call('GET', '/api/v1/workflows/manual?object=ghost')
    expect(unknown.status).toBe(404)
    expect((await call('GET', '/api/v1/records/ghost')).status).toBe(404)
    // the pseudo-object of the automation grant is not an object
    expect((await call('GET', '/api/v1/workflows/manual?object=_automation')).status).toBe(400)
    expect((await t.call('GET', '/api/v1/workflows/manual?object=person')).status).toBe(401)
    const other = await t.workspace('manual-workflows-other')
    const theirs = await call('GET', '/api/v1/workflows/manual?object=person', undefined, other.token)
    expect(theirs.body).toEqual({ data: [] })
    // "manual" is not taken for a workflow id by the other routes
    expect((await call('GET', '/api/v1/workflows/manual/versions')).status).toBe(404)
  })
})
