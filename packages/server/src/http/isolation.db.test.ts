import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../test/kernel.ts'

/**
 * Two workspaces with data; every endpoint of the OpenAPI document is called by workspace A's admin with
 * workspace B's ids, filters and references. Nothing of B may be read, changed or linked (zero leaks).
 */
describe('workspace isolation', () => {
  let t: TestKernel
  let a: TestWorkspace
  let b: TestWorkspace
  const B: Record<string, string> = {}
  const L = (s: string) => ({ 'zh-CN': s, en: s })

  beforeAll(async () => {
    t = await createTestKernel()
    a = await t.workspace('iso-a')
    b = await t.workspace('iso-b')
    const as = (ws: TestWorkspace) => ({ token: ws.token })
    for (const ws of [a, b]) {
      await t.call('POST', '/api/v1/metadata/objects', {
        ...as(ws),
        body: { name: 'project', label: L('Project') },
      })
    }
    B.company = (
      await t.call('POST', '/api/v1/records/company', { ...as(b), body: { name: 'SECRET-B Corp' } })
    ).body.id
    B.person = (
      await t.call('POST', '/api/v1/records/person', {
        ...as(b),
        body: { name: 'SECRET-B Person', company: B.company, email: 'secret-b@example.com' },
      })
    ).body.id
    B.project = (
      await t.call('POST', '/api/v1/records/project', { ...as(b), body: { name: 'SECRET-B Project' } })
    ).body.id
    B.activity = (
      await t.call('POST', `/api/v1/records/person/${B.person}/activities`, {
        ...as(b),
        body: { type: 'note', body: 'SECRET-B note' },
      })
    ).body.id
    B.team = (
      await t.call('POST', '/api/v1/teams', {
        ...as(b),
        body: { name: 'SECRET-B Team', parentId: b.created.rootTeamId },
      })
    ).body.id
    B.role = (await t.call('POST', '/api/v1/roles', { ...as(b), body: { name: 'SECRET-B Role' } })).body.id
    B.user = (
      await t.call('POST', '/api/v1/users', {
        ...as(b),
        body: { email: 'secret-b-user@example.com', name: 'SECRET-B User', password: 'secret-b password 1' },
      })
    ).body.id
    B.view = (
      await t.call('POST', '/api/v1/views', {
        ...as(b),
        body: { objectName: 'person', name: 'SECRET-B View' },
      })
    ).body.id
    const key = await t.call('POST', '/api/v1/api-keys', {
      ...as(b),
      body: { name: 'SECRET-B Key', scopes: { '*': 'write' } },
    })
    B.apiKey = key.body.id
    B.owner = b.created.owner.id
    B.root = b.created.rootTeamId
    for (const [k, v] of Object.entries(B)) expect(v, k).toMatch(/^[0-9a-f-]{36}$/)
    // A has data of its own under the same object names
    await t.call('POST', '/api/v1/records/person', { ...as(a), body: { name: 'A Person' } })
  })
  afterAll(async () => {
    await t.close()
  })

  it('no endpoint reads, changes or links anything of workspace B', async () => {
    const spec = (await t.call('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>
    }
    const ids = Object.values(B)
    const markers = [...ids, 'SECRET-B', 'secret-b']
    const filters = [
      { field: 'id', op: 'in', value: ids },
      { field: 'company', op: 'eq', value: B.company },
      { field: 'owner_id', op: 'eq', value: B.owner },
      { field: 'company.name', op: 'contains', value: 'SECRET' },
    ]
    const body = {
      name: 'iso probe',
      title: 'iso',
      company: B.company,
      owner_id: B.owner,
      parentId: B.team,
      roleId: B.role,
      teamIds: [B.team],
      objectName: 'person',
      email: `iso-${Date.now()}@example.com`,
      password: 'iso probe password',
      operations: [
        { op: 'update', id: B.person, data: { name: 'pwned' } },
        { op: 'delete', id: B.company },
      ],
      partial: true,
      type: 'note',
      body: 'iso',
      links: [{ object: 'person', id: B.person }],
      isManager: false,
      scopes: { person: 'read' },
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['record.created'],
    }
    const skip = new Set([
      'post /api/v1/auth/logout',
      'post /api/v1/auth/password',
      'post /api/v1/auth/login',
    ])
    let calls = 0
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const method of Object.keys(ops)) {
        if (skip.has(`${method} ${path}`)) continue
        const idValues: string[] = path.includes('{id}') ? ids : [B.person!]
        for (const id of idValues) {
          const url = path
            .replace('{object}', 'person')
            .replace('{id}', id)
            .replace('{field}', 'name')
            .replace('{relation}', 'people')
            .replace('{userId}', B.user!)
            .replace(/\{[a-zA-Z]+\}/g, id)
          const queries =
            method === 'get'
              ? [
                  '',
                  ...filters.map((f) => `filter=${encodeURIComponent(JSON.stringify(f))}`),
                  'q=SECRET',
                  'q=secret-b',
                  'object=person',
                  'groupBy=owner_id',
                ]
              : ['']
          for (const q of queries) {
            const full = q ? `${url}${url.includes('?') ? '&' : '?'}${q}` : url
            const r = await t.call(method.toUpperCase(), full, {
              token: a.token,
              body: method === 'get' || method === 'delete' ? undefined : body,
            })
            calls++
            expect(r.status, `${method} ${full}`).toBeLessThan(500)
            const text = JSON.stringify(r.body)
            for (const m of markers)
              expect(text.includes(m), `${method} ${full} leaked ${m}: ${text.slice(0, 300)}`).toBe(false)
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(100)

    // B is untouched
    const p = await t.call('GET', `/api/v1/records/person/${B.person}`, { token: b.token })
    expect(p.body).toMatchObject({ name: 'SECRET-B Person', version: 1, company: B.company })
    expect((await t.call('GET', `/api/v1/records/company/${B.company}`, { token: b.token })).status).toBe(200)
    const teams = await t.call('GET', '/api/v1/teams', { token: b.token })
    expect(teams.body.data.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([B.team, B.root]))
    expect((await t.call('GET', `/api/v1/users/${B.user}`, { token: b.token })).body.isActive).toBe(true)
    expect((await t.call('GET', `/api/v1/views/${B.view}`, { token: b.token })).status).toBe(200)
    const tl = await t.call('GET', `/api/v1/records/person/${B.person}/timeline`, { token: b.token })
    expect(tl.body.data.filter((x: { kind: string }) => x.kind === 'activity')).toHaveLength(1)
  }, 600_000)

  it('row-level security hides other workspaces even from a query without a workspace filter', async () => {
    const { withWorkspace } = await import('../platform/db/tx.ts')
    const seen = await withWorkspace(t.database.db, a.created.workspace.id, async (trx) => {
      const people = await trx
        .withSchema(b.created.workspace.db_schema)
        .selectFrom('obj_person')
        .select('id')
        .execute()
      const history = await trx.selectFrom('field_history').select('workspace_id').execute()
      const users = await trx.selectFrom('app_user').select(['workspace_id']).execute()
      return { people, history, users }
    }).catch((e: { code?: string }) => ({ error: e.code }))
    if ('error' in seen) {
      // no privilege on another workspace's schema is an even stronger answer
      expect(seen.error).toBe('42501')
    } else {
      expect(seen.people).toEqual([])
      expect(seen.history.every((h) => h.workspace_id === a.created.workspace.id)).toBe(true)
      expect(seen.users.every((u) => u.workspace_id === a.created.workspace.id)).toBe(true)
    }
  })
})
