import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { useFastPasswordHashing } from './access.fixtures.ts'

let t: TestKernel
let a: TestWorkspace
let b: TestWorkspace

const cookieOf = (h: Headers) => /kemai_session=([^;]*)/.exec(h.get('set-cookie') ?? '')?.[1] ?? null

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestKernel()
  a = await t.workspace('routes-a')
  b = await t.workspace('routes-b')
})
afterAll(async () => {
  await t?.close()
})

describe('auth routes', () => {
  it('login sets an httpOnly SameSite=Lax cookie and returns token, user and workspace', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', {
      body: { email: a.email.toUpperCase(), password: a.password },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      user: { id: a.created.owner.id, isOwner: true },
      workspace: { slug: 'routes-a' },
    })
    expect(r.body.user.password_hash).toBeUndefined()
    const setCookie = r.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^kemai_session=[A-Za-z0-9_-]{43};/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    expect(setCookie).toMatch(/Path=\//)
    expect(cookieOf(r.headers)).toBe(r.body.token)
    const me = await t.call('GET', '/api/v1/auth/me', {
      headers: { cookie: `kemai_session=${r.body.token}` },
    })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({
      isAdmin: true,
      apiKeyId: null,
      keyScopes: null,
      user: { id: a.created.owner.id },
    })
    const viaBearer = await t.call('GET', '/api/v1/auth/me', { token: r.body.token })
    expect(viaBearer.body.user.id).toBe(a.created.owner.id)
  })

  it('answers 401 problems without or with bad credentials', async () => {
    for (const opts of [
      {},
      { token: 'nope' },
      { headers: { cookie: 'kemai_session=nope' } },
      { token: `kemai_deadbeef_${'A'.repeat(43)}` },
    ]) {
      const r = await t.call('GET', '/api/v1/auth/me', opts)
      expect(r.status).toBe(401)
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/)
      expect(r.body.code).toBe('unauthenticated')
    }
    const wrong = await t.call('POST', '/api/v1/auth/login', {
      body: { email: a.email, password: 'wrong password' },
    })
    expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_credentials'])
  })

  it('refuses bad login input with field paths, and an oversized password without hashing it', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: { email: 'not-an-email' } })
    expect(r.status).toBe(400)
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password'])
    const long = await t.call('POST', '/api/v1/auth/login', {
      body: { email: a.email, password: 'x'.repeat(300_000) },
    })
    expect([long.status, long.body.errors[0]]).toEqual([
      400,
      expect.objectContaining({ path: 'password', code: 'too_long' }),
    ])
    const huge = await t.call('POST', '/api/v1/auth/login', {
      body: { email: a.email, password: 'x'.repeat(10 * 1024 * 1024) },
    })
    expect(huge.status).toBe(413)
  })

  it('rate-limits failed logins: 429 with Retry-After and a localised message', async () => {
    const email = 'nobody-429@example.com'
    for (let i = 0; i < 5; i++) {
      expect(
        (await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'wrong password' } })).status,
      ).toBe(401)
    }
    const r = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'wrong password' },
      locale: 'zh-CN',
    })
    expect(r.status).toBe(429)
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(r.body).toMatchObject({ code: 'rate_limited' })
    expect(r.body.title).toMatch(/请求过于频繁/)
  })

  it('logout ends the session and clears the cookie', async () => {
    const { body } = await t.call('POST', '/api/v1/auth/login', {
      body: { email: a.email, password: a.password },
    })
    const out = await t.call('POST', '/api/v1/auth/logout', {
      headers: { cookie: `kemai_session=${body.token}` },
    })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/kemai_session=;.*Max-Age=0/)
    expect((await t.call('GET', '/api/v1/auth/me', { token: body.token })).status).toBe(401)
    expect((await t.call('POST', '/api/v1/auth/logout')).status).toBe(204)
  })
})

describe('management routes', () => {
  let rep: { id: string; token: string }

  it('admins create users; a sales rep can read users but not manage them or read roles', async () => {
    const created = await t.call('POST', '/api/v1/users', {
      token: a.token,
      body: {
        email: 'rep@routes-a.test',
        name: '张伟',
        password: 'zhang wei secret',
        roleId: a.created.roles.salesRep,
        teamIds: [a.created.rootTeamId],
      },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: '张伟', roleId: a.created.roles.salesRep, isActive: true })
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'rep@routes-a.test', password: 'zhang wei secret' },
    })
    rep = { id: created.body.id, token: login.body.token }
    expect((await t.call('GET', '/api/v1/users', { token: rep.token })).body.data.length).toBe(2)
    expect((await t.call('GET', '/api/v1/roles', { token: rep.token })).status).toBe(403)
    expect(
      (
        await t.call('POST', '/api/v1/users', {
          token: rep.token,
          body: { email: 'x@y.test', name: 'x', password: 'fine secret' },
        })
      ).status,
    ).toBe(403)
    expect((await t.call('GET', '/api/v1/audit-log', { token: rep.token })).status).toBe(403)
    const self = await t.call('PATCH', `/api/v1/users/${rep.id}`, {
      token: rep.token,
      body: { locale: 'en' },
    })
    expect([self.status, self.body.locale]).toEqual([200, 'en'])
    const dup = await t.call('POST', '/api/v1/users', {
      token: a.token,
      body: { email: 'REP@routes-a.test', name: 'x', password: 'fine secret' },
    })
    expect([dup.status, dup.body.errors]).toEqual([
      409,
      [expect.objectContaining({ path: 'email', code: 'not_unique' })],
    ])
  })

  it('teams: create, move, refuse cycles and deleting non-empty teams', async () => {
    const t1 = await t.call('POST', '/api/v1/teams', {
      token: a.token,
      body: { name: '华东区', parentId: a.created.rootTeamId },
    })
    const t2 = await t.call('POST', '/api/v1/teams', {
      token: a.token,
      body: { name: '上海', parentId: t1.body.id },
    })
    expect([t1.status, t2.status]).toEqual([201, 201])
    const cycle = await t.call('PATCH', `/api/v1/teams/${t1.body.id}`, {
      token: a.token,
      body: { parentId: t2.body.id },
    })
    expect([cycle.status, cycle.body.errors[0].path]).toEqual([400, 'parentId'])
    expect(
      (
        await t.call('PUT', `/api/v1/teams/${t2.body.id}/members/${rep.id}`, {
          token: a.token,
          body: { isManager: true },
        })
      ).status,
    ).toBe(204)
    expect(
      (await t.call('GET', `/api/v1/teams/${t2.body.id}/members`, { token: rep.token })).body.data,
    ).toEqual([{ userId: rep.id, isManager: true }])
    expect((await t.call('DELETE', `/api/v1/teams/${t2.body.id}`, { token: a.token })).status).toBe(409)
    const moved = await t.call('PATCH', `/api/v1/teams/${t2.body.id}`, {
      token: a.token,
      body: { parentId: a.created.rootTeamId, name: 'Shanghai' },
    })
    expect(moved.body).toMatchObject({ name: 'Shanghai', parentId: a.created.rootTeamId, memberCount: 1 })
    const list = await t.call('GET', '/api/v1/teams', { token: rep.token })
    expect(list.body.data.length).toBe(3)
  })

  it('roles: create with grants, set and remove one grant (also the * default)', async () => {
    const r = await t.call('POST', '/api/v1/roles', {
      token: a.token,
      body: {
        name: 'Viewer',
        grants: [{ object: 'person', read: true, readScope: 'all', fields: { mobile: 'hidden' } }],
      },
    })
    expect(r.status).toBe(201)
    expect(r.body.grants).toEqual([
      {
        object: 'person',
        create: false,
        read: true,
        update: false,
        delete: false,
        readScope: 'all',
        writeScope: 'own',
        fields: { mobile: 'hidden' },
      },
    ])
    const set = await t.call('PUT', `/api/v1/roles/${r.body.id}/grants/*`, {
      token: a.token,
      body: { read: true },
    })
    expect(set.body.grants.map((g: { object: string }) => g.object)).toEqual(['*', 'person'])
    expect(
      (await t.call('DELETE', `/api/v1/roles/${r.body.id}/grants/person`, { token: a.token })).status,
    ).toBe(204)
    const bad = await t.call('POST', '/api/v1/roles', {
      token: a.token,
      body: { name: 'Bad', grants: [{ object: 'x', readScope: 'planet' }] },
    })
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'grants.0.readScope'])
    expect(
      (await t.call('DELETE', `/api/v1/roles/${a.created.roles.admin}`, { token: a.token })).status,
    ).toBe(409)
  })

  it('API keys: shown once, act as their user within their scopes, revocable', async () => {
    const created = await t.call('POST', '/api/v1/api-keys', {
      token: a.token,
      body: { name: 'ERP', scopes: { person: 'read' } },
    })
    expect(created.status).toBe(201)
    expect(created.body.key).toMatch(/^kemai_[0-9a-f]{8}_/)
    const list = await t.call('GET', '/api/v1/api-keys', { token: a.token })
    expect(JSON.stringify(list.body)).not.toContain(created.body.key)
    const me = await t.call('GET', '/api/v1/auth/me', { token: created.body.key })
    expect(me.body).toMatchObject({ apiKeyId: created.body.id, keyScopes: { person: 'read' }, isAdmin: true })
    // the key lacks the * scope: no user management, no key management
    expect((await t.call('GET', '/api/v1/roles', { token: created.body.key })).status).toBe(403)
    expect(
      (
        await t.call('POST', '/api/v1/api-keys', {
          token: created.body.key,
          body: { name: 'x', scopes: { '*': 'write' } },
        })
      ).status,
    ).toBe(403)
    const rev = await t.call('DELETE', `/api/v1/api-keys/${created.body.id}`, { token: a.token })
    expect([rev.status, typeof rev.body.revokedAt]).toEqual([200, 'string'])
    expect((await t.call('GET', '/api/v1/auth/me', { token: created.body.key })).status).toBe(401)
    const bad = await t.call('POST', '/api/v1/api-keys', { token: a.token, body: { name: 'x', scopes: {} } })
    expect(bad.status).toBe(400)
  })

  it('the audit log pages and filters (auth.*), newest first', async () => {
    const p1 = await t.call('GET', '/api/v1/audit-log?action=auth.*&limit=2', { token: a.token })
    expect(p1.status).toBe(200)
    expect(p1.body.data).toHaveLength(2)
    expect(p1.body.data.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true)
    const p2 = await t.call('GET', `/api/v1/audit-log?action=auth.*&limit=2&cursor=${p1.body.nextCursor}`, {
      token: a.token,
    })
    expect(p2.body.data[0].id < p1.body.data[1].id).toBe(true)
    const byActor = await t.call('GET', `/api/v1/audit-log?actorId=${rep.id}`, { token: a.token })
    expect(byActor.body.data.every((e: { actorId: string }) => e.actorId === rep.id)).toBe(true)
    const bad = await t.call('GET', '/api/v1/audit-log?from=yesterday&limit=9999', { token: a.token })
    expect(bad.status).toBe(400)
  })

  it('deactivating a user ends their session at once', async () => {
    expect((await t.call('DELETE', `/api/v1/users/${rep.id}`, { token: a.token })).status).toBe(204)
    expect((await t.call('GET', '/api/v1/auth/me', { token: rep.token })).status).toBe(401)
  })

  it('workspace B sees none of A', async () => {
    expect((await t.call('GET', `/api/v1/users/${rep.id}`, { token: b.token })).status).toBe(404)
    expect((await t.call('GET', `/api/v1/teams/${a.created.rootTeamId}`, { token: b.token })).status).toBe(
      404,
    )
    expect(
      (await t.call('GET', `/api/v1/roles/${a.created.roles.salesRep}`, { token: b.token })).status,
    ).toBe(404)
    const log = await t.call('GET', '/api/v1/audit-log?limit=200', { token: b.token })
    expect(JSON.stringify(log.body)).not.toContain(a.created.owner.id)
  })

  it('the OpenAPI document lists the access endpoints', async () => {
    const spec = (await t.call('GET', '/api/openapi.json')).body
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/users/{id}',
      '/api/v1/teams/{id}/members/{userId}',
      '/api/v1/roles/{id}/grants/{object}',
      '/api/v1/api-keys',
      '/api/v1/audit-log',
    ]) {
      expect(Object.keys(spec.paths)).toContain(p)
    }
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(['LoginBody', 'User', 'Role', 'Grant', 'ApiKey', 'AuditPage']),
    )
  })
})
