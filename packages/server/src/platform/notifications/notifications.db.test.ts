import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

describe('notifications: assignment and @mention, inbox, live stream', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let rep: { id: string; token: string }
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('notify')
    const email = `rep-${Date.now()}@notify.example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: '李销售', password: 'notify password 1' },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'notify password 1' },
    })
    rep = { id: u.body.id, token: login.body.token }
    await t.kernel.startWorker()
  })
  afterAll(async () => {
    await t.close()
  })

  const inbox = async (token: string, query = '') => {
    const r = await t.call('GET', `/api/v1/notifications${query}`, { token })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body as { data: { id: string; kind: string; title: string; recordId: string }[]; unread: number }
  }

  it('tells the new owner when a record is given to them, and nobody about their own actions', async () => {
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '通知测试公司', owner_id: rep.id },
    })
    expect(co.status, JSON.stringify(co.body)).toBe(201)
    const got = await waitFor(
      () => inbox(rep.token),
      (b) => b.data.length >= 1,
    )
    expect(got.data[0]).toMatchObject({ kind: 'assigned', title: '通知测试公司', recordId: co.body.id })
    expect(got.unread).toBe(1)
    // the admin takes it back: a change of owner to oneself notifies nobody
    const back = await t.call('PATCH', `/api/v1/records/company/${co.body.id}`, {
      token: ws.token,
      body: { owner_id: ws.created.owner.id },
    })
    expect(back.status, JSON.stringify(back.body)).toBe(200)
    await t.kernel.services.events?.dispatchOnce()
    await new Promise((r) => setTimeout(r, 300))
    expect((await inbox(ws.token)).data).toHaveLength(0)
    // a change that is not about the owner notifies nobody
    await t.call('PATCH', `/api/v1/records/company/${co.body.id}`, {
      token: ws.token,
      body: { name: '改名公司' },
    })
    await t.kernel.services.events?.dispatchOnce()
    expect((await inbox(rep.token)).data).toHaveLength(1)
  })

  it('tells @mentioned users, and refuses mentions of unknown users without writing anything', async () => {
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '提及公司' },
    })
    const bad = await t.call('POST', `/api/v1/records/company/${co.body.id}/activities`, {
      token: ws.token,
      body: { type: 'note', body: '@nobody', mentions: ['00000000-0000-4000-8000-000000000009'] },
      locale: 'zh-CN',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]).toMatchObject({ path: 'mentions.0', code: 'invalid_value' })
    const tl = await t.call('GET', `/api/v1/records/company/${co.body.id}/timeline?types=note`, {
      token: ws.token,
    })
    expect(tl.body.data).toHaveLength(0)

    const note = await t.call('POST', `/api/v1/records/company/${co.body.id}/activities`, {
      token: ws.token,
      body: { type: 'note', subject: '请跟进', body: '@李销售 请跟进', mentions: [rep.id] },
    })
    expect(note.status, JSON.stringify(note.body)).toBe(201)
    expect(note.body.activity.mentions).toEqual([rep.id])
    const got = await waitFor(
      () => inbox(rep.token, '?unread=true'),
      (b) => b.data.some((n) => n.kind === 'mentioned'),
    )
    expect(got.data.find((n) => n.kind === 'mentioned')).toMatchObject({
      title: '提及公司',
      recordId: co.body.id,
    })
  })

  it('marks some or all read; bad input is refused; API keys have no inbox', async () => {
    const before = await inbox(rep.token)
    expect(before.unread).toBeGreaterThanOrEqual(2)
    const one = await t.call('POST', '/api/v1/notifications/read', {
      token: rep.token,
      body: { ids: [before.data[0]!.id] },
    })
    expect(one.body).toEqual({ unread: before.unread - 1 })
    // another user's ids change nothing
    await t.call('POST', '/api/v1/notifications/read', {
      token: ws.token,
      body: { ids: [before.data[1]!.id] },
    })
    expect((await inbox(rep.token)).unread).toBe(before.unread - 1)
    const all = await t.call('POST', '/api/v1/notifications/read', { token: rep.token, body: { all: true } })
    expect(all.body).toEqual({ unread: 0 })

    for (const body of [
      {},
      { ids: [], all: true },
      { ids: ['x'] },
      { all: false },
      { all: true, extra: 1 },
    ]) {
      const r = await t.call('POST', '/api/v1/notifications/read', { token: rep.token, body })
      expect(r.status, JSON.stringify(body)).toBe(400)
    }
    expect((await t.call('GET', '/api/v1/notifications?cursor=abc', { token: rep.token })).status).toBe(400)
    expect((await t.call('GET', '/api/v1/notifications?limit=1000', { token: rep.token })).status).toBe(400)
    expect((await t.call('GET', '/api/v1/notifications')).status).toBe(401)
    const key = await t.call('POST', '/api/v1/api-keys', {
      token: ws.token,
      body: { name: 'k', scopes: { company: 'read' } },
    })
    expect(key.status, JSON.stringify(key.body)).toBe(201)
    expect((await t.call('GET', '/api/v1/notifications', { token: key.body.key })).status).toBe(403)
  })

  it('tells followers of a record about its changes and activities, not the one who made them', async () => {
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '关注公司' },
    })
    // following needs reading the record: the rep gets a role that reads every company
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'company reader' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/company`, {
      token: ws.token,
      body: { create: false, read: true, update: false, delete: false, readScope: 'all', writeScope: 'own' },
    })
    const set = await t.call('PATCH', `/api/v1/users/${rep.id}`, {
      token: ws.token,
      body: { roleId: role.body.id },
    })
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    const f = await t.call('PUT', `/api/v1/records/company/${co.body.id}/follow`, { token: rep.token })
    expect(f.status, JSON.stringify(f.body)).toBe(200)
    expect(f.body).toMatchObject({ following: true, count: 1, userIds: [rep.id] })
    // following twice is harmless; the admin follows too
    expect(
      (await t.call('PUT', `/api/v1/records/company/${co.body.id}/follow`, { token: rep.token })).body.count,
    ).toBe(1)
    await t.call('PUT', `/api/v1/records/company/${co.body.id}/follow`, { token: ws.token })
    const seen = (await inbox(rep.token)).data.length
    await t.call('PATCH', `/api/v1/records/company/${co.body.id}`, {
      token: ws.token,
      body: { industry: 'finance' },
    })
    await t.call('POST', `/api/v1/records/company/${co.body.id}/activities`, {
      token: ws.token,
      body: { type: 'call', subject: '电话回访' },
    })
    const got = await waitFor(
      () => inbox(rep.token),
      (b) => b.data.length >= seen + 2,
    )
    const followed = got.data.filter((n) => n.kind === 'followed')
    expect(followed.map((n) => n.title)).toEqual(['关注公司', '关注公司'])
    // the admin made both changes: no notification for them
    expect((await inbox(ws.token)).data.some((n) => n.kind === 'followed')).toBe(false)
    const un = await t.call('DELETE', `/api/v1/records/company/${co.body.id}/follow`, { token: rep.token })
    expect(un.body).toMatchObject({ following: false, count: 1 })
    const who = await t.call('GET', `/api/v1/records/company/${co.body.id}/followers`, { token: rep.token })
    expect(who.body).toMatchObject({ following: false, userIds: [ws.created.owner.id] })
    expect(
      (
        await t.call('PUT', '/api/v1/records/company/00000000-0000-4000-8000-000000000001/follow', {
          token: rep.token,
        })
      ).status,
    ).toBe(404)
  })

  it('pushes new notifications to an open stream', async () => {
    await t.call('POST', '/api/v1/notifications/read', { token: rep.token, body: { all: true } })
    const res = await t.app.request('/api/v1/notifications/stream', {
      headers: { authorization: `Bearer ${rep.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const until = async (needle: string) => {
      const deadline = Date.now() + 20_000
      while (!text.includes(needle) && Date.now() < deadline) {
        const { value, done } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
      }
      return text
    }
    expect(await until('event: ready')).toContain('"unread":0')
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '推送公司', owner_id: rep.id },
    })
    expect(co.status).toBe(201)
    const all = await until('推送公司')
    const line = all.split('\n').find((l) => l.startsWith('data:') && l.includes('推送公司'))!
    const payload = JSON.parse(line.slice(5))
    expect(payload).toMatchObject({ unread: 1, notification: { kind: 'assigned', recordId: co.body.id } })
    await reader.cancel()
    await waitFor(
      async () => t.kernel.services.notificationHub.streams,
      (n) => n === 0,
      5000,
    )
  })
})
