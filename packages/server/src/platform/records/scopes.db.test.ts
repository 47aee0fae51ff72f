import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/**
 * The record-scope matrix: own / team / team_and_below / all, for read and write, over a three-level team
 * tree. Every read path (get, list, count, groups, search, timeline, related) and every write path
 * (update, delete, batch) must agree.
 *
 *   root
 *   ├── east        manager M, reps E1, E2
 *   │   └── east_sub   rep S
 *   └── west        rep W
 */
describe('record scopes', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const users: Record<string, { id: string; token: string }> = {}
  const recordOf: Record<string, string> = {}
  const admin = () => ({ token: ws.token })

  async function role(name: string, scope: string, writeScope = scope) {
    const r = await t.call('POST', '/api/v1/roles', { ...admin(), body: { name } })
    for (const object of ['person', 'company']) {
      const g = await t.call('PUT', `/api/v1/roles/${r.body.id}/grants/${object}`, {
        ...admin(),
        body: { create: true, read: true, update: true, delete: true, readScope: scope, writeScope },
      })
      expect(g.status, JSON.stringify(g.body)).toBeLessThan(300)
    }
    return r.body.id as string
  }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('scopes')
    const team = async (name: string, parentId: string) =>
      (await t.call('POST', '/api/v1/teams', { ...admin(), body: { name, parentId } })).body.id as string
    const east = await team('East', ws.created.rootTeamId)
    const eastSub = await team('East sub', east)
    const west = await team('West', ws.created.rootTeamId)
    const roles = {
      own: await role('own', 'own'),
      team: await role('team', 'team'),
      below: await role('below', 'team_and_below'),
      all: await role('all read, own write', 'all', 'own'),
    }
    const spec: [string, string, string, boolean][] = [
      ['M', east, roles.below, true],
      ['E1', east, roles.team, false],
      ['E2', east, roles.own, false],
      ['S', eastSub, roles.own, false],
      ['W', west, roles.all, false],
    ]
    for (const [name, teamId, roleId, manager] of spec) {
      const email = `${name.toLowerCase()}-${Date.now()}@scopes.example.com`
      const u = await t.call('POST', '/api/v1/users', {
        ...admin(),
        body: { email, name, password: 'scope password 1', roleId, teamIds: [teamId] },
      })
      expect(u.status, JSON.stringify(u.body)).toBe(201)
      if (manager)
        await t.call('PUT', `/api/v1/teams/${teamId}/members/${u.body.id}`, {
          ...admin(),
          body: { isManager: true },
        })
      const login = await t.call('POST', '/api/v1/auth/login', {
        body: { email, password: 'scope password 1' },
      })
      users[name] = { id: u.body.id, token: login.body.token }
    }
    for (const name of Object.keys(users)) {
      const r = await t.call('POST', '/api/v1/records/person', {
        token: users[name]!.token,
        body: { name: `张 of ${name}` },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      recordOf[name] = r.body.id
      await t.call('POST', `/api/v1/records/person/${r.body.id}/activities`, {
        token: users[name]!.token,
        body: { type: 'call', subject: `call ${name}` },
      })
    }
  })
  afterAll(async () => {
    await t.close()
  })

  // who sees whose records
  const READ: Record<string, string[]> = {
    M: ['M', 'E1', 'E2', 'S'],
    E1: ['M', 'E1', 'E2'],
    E2: ['E2'],
    S: ['S'],
    W: ['M', 'E1', 'E2', 'S', 'W'],
  }
  const WRITE: Record<string, string[]> = {
    M: ['M', 'E1', 'E2', 'S'],
    E1: ['M', 'E1', 'E2'],
    E2: ['E2'],
    S: ['S'],
    W: ['W'],
  }

  it('list, count, groups and search show exactly the readable owners', async () => {
    for (const [who, visible] of Object.entries(READ)) {
      const token = users[who]!.token
      const list = await t.call('GET', '/api/v1/records/person?count=true&limit=100', { token })
      const names = list.body.data.map((r: { name: string }) => r.name.replace('张 of ', '')).sort()
      expect(names, who).toEqual([...visible].sort())
      expect(list.body.total, who).toBe(visible.length)
      const groups = await t.call('GET', '/api/v1/records/person/groups?groupBy=owner_id', { token })
      expect(
        groups.body.data.reduce((n: number, g: { count: number }) => n + g.count, 0),
        who,
      ).toBe(visible.length)
      const search = await t.call('GET', '/api/v1/search?q=张', { token })
      const hits = search.body.groups
        .flatMap((g: { hits: { recordId: string }[] }) => g.hits.map((h) => h.recordId))
        .sort()
      expect(hits, who).toEqual(visible.map((v) => recordOf[v]).sort())
    }
  })

  it('get and timeline answer 404 outside the read scope', async () => {
    for (const [who, visible] of Object.entries(READ)) {
      for (const owner of Object.keys(users)) {
        const expected = visible.includes(owner) ? 200 : 404
        const token = users[who]!.token
        expect(
          (await t.call('GET', `/api/v1/records/person/${recordOf[owner]}`, { token })).status,
          `${who} get ${owner}`,
        ).toBe(expected)
        expect(
          (await t.call('GET', `/api/v1/records/person/${recordOf[owner]}/timeline`, { token })).status,
          `${who} timeline ${owner}`,
        ).toBe(expected)
      }
    }
  })

  it('update and delete are allowed exactly in the write scope (403 when readable, 404 when not)', async () => {
    for (const [who, writable] of Object.entries(WRITE)) {
      for (const owner of Object.keys(users)) {
        const token = users[who]!.token
        const r = await t.call('PATCH', `/api/v1/records/person/${recordOf[owner]}`, {
          token,
          body: { title: `by ${who}` },
        })
        const expected = writable.includes(owner) ? 200 : READ[who]!.includes(owner) ? 403 : 404
        expect(r.status, `${who} update ${owner}`).toBe(expected)
        const batch = await t.call('POST', '/api/v1/records/person/batch', {
          token,
          body: {
            operations: [{ op: 'update', id: recordOf[owner], data: { title: `batch ${who}` } }],
            partial: true,
          },
        })
        expect(batch.body.results[0].ok, `${who} batch ${owner}`).toBe(writable.includes(owner))
      }
    }
  })

  it('a record cannot be given to an owner outside the write scope', async () => {
    const r = await t.call('POST', '/api/v1/records/person', {
      token: users.E2!.token,
      body: { name: 'gift', owner_id: users.M!.id },
    })
    expect(r.status).toBe(400)
    expect(r.body.errors[0]).toMatchObject({ path: 'owner_id', code: 'forbidden_field' })
    const ok = await t.call('POST', '/api/v1/records/person', {
      token: users.M!.token,
      body: { name: 'assigned', owner_id: users.S!.id },
    })
    expect(ok.status).toBe(201)
  })

  it('field rules hide and protect fields; metadata changes need an admin', async () => {
    const r = await t.call('POST', '/api/v1/roles', { ...admin(), body: { name: 'no email' } })
    await t.call('PUT', `/api/v1/roles/${r.body.id}/grants/person`, {
      ...admin(),
      body: {
        create: true,
        read: true,
        update: true,
        delete: false,
        readScope: 'all',
        writeScope: 'all',
        fields: { email: 'hidden', title: 'read' },
      },
    })
    const email = `fields-${Date.now()}@scopes.example.com`
    await t.call('POST', '/api/v1/users', {
      ...admin(),
      body: { email, name: 'F', password: 'scope password 1', roleId: r.body.id },
    })
    const token = (
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'scope password 1' } })
    ).body.token
    await t.call('PATCH', `/api/v1/records/person/${recordOf.M}`, {
      ...admin(),
      body: { email: 'm@example.com' },
    })
    const got = await t.call('GET', `/api/v1/records/person/${recordOf.M}`, { token })
    expect(got.body).not.toHaveProperty('email')
    expect(got.body).toHaveProperty('title')
    const upd = await t.call('PATCH', `/api/v1/records/person/${recordOf.M}`, {
      token,
      body: { title: 'x', email: 'x@example.com' },
    })
    expect(upd.status).toBe(400)
    expect(upd.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'title'])
    const f = `filter=${encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: 'm@example.com' }))}`
    expect((await t.call('GET', `/api/v1/records/person?${f}`, { token })).status).toBe(400)
    const tl = await t.call('GET', `/api/v1/records/person/${recordOf.M}/timeline?types=change`, { token })
    expect(tl.body.data.some((x: { change: { field: string } }) => x.change.field === 'email')).toBe(false)
    expect((await t.call('DELETE', `/api/v1/records/person/${recordOf.M}`, { token })).status).toBe(403)
    const meta = await t.call('POST', '/api/v1/metadata/objects', {
      token,
      body: { name: 'nope', label: { 'zh-CN': 'x', en: 'x' } },
    })
    expect(meta.status).toBe(403)
  })

  it('a filter through a relation treats a related record outside the read scope as missing', async () => {
    // the admin's finance company, and E2's (own scope) person linked to it
    const co = await t.call('POST', '/api/v1/records/company', {
      ...admin(),
      body: { name: '保密金融公司', industry: 'finance' },
    })
    expect(co.status).toBe(201)
    const p = await t.call('POST', '/api/v1/records/person', {
      token: users.E2!.token,
      body: { name: '李雷', company: co.body.id },
    })
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    const names = async (token: string, filter: unknown) => {
      const q = encodeURIComponent(JSON.stringify(filter))
      const r = await t.call('GET', `/api/v1/records/person?filter=${q}`, { token })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return r.body.data.map((x: { name: string }) => x.name)
    }
    const isFinance = { field: 'company.industry', op: 'eq', value: 'finance' }
    // E2 cannot read the company, so it cannot learn its industry by filtering on it
    expect(await names(users.E2!.token, isFinance)).toEqual([])
    expect(
      await names(users.E2!.token, { field: 'company.industry', op: 'neq', value: 'finance' }),
    ).toContain('李雷')
    // W reads every company and person (read scope all); so does the admin
    expect(await names(users.W!.token, isFinance)).toEqual(['李雷'])
    expect(await names(ws.token, isFinance)).toEqual(['李雷'])
  })
})
