import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/**
 * Global search for a role that hides a searchable field (a person's mobile): the value does not show as
 * a hit's subtitle and does not find the record, while what the role may read still does.
 */
describe('search with hidden fields', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let reader = ''

  const find = async (token: string, q: string) => {
    const r = await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}&objects=person`, { token })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.groups.flatMap((g: { hits: unknown[] }) => g.hits) as {
      recordId: string
      title: string
      subtitle: string | null
    }[]
  }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('search-hidden')
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'reader' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { read: true, readScope: 'all', writeScope: 'none', fields: { mobile: 'hidden', email: 'read' } },
    })
    const email = `reader-${Date.now()}@example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Reader', password: 'reader password 1', roleId: role.body.id },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    reader = (await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'reader password 1' } }))
      .body.token
    for (const body of [
      { name: '张伟', mobile: '13912345678' },
      { name: '李娜', mobile: '13887654321', email: 'lina@example.com' },
    ]) {
      const r = await t.call('POST', '/api/v1/records/person', { token: ws.token, body })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
  })

  afterAll(async () => {
    await t.close()
  })

  it('does not show a hidden phone as the subtitle', async () => {
    const [admin] = await find(ws.token, '张伟')
    expect(admin?.subtitle).toBe('+8613912345678')
    const [hit] = await find(reader, '张伟')
    expect(hit?.title).toBe('张伟')
    expect(hit?.subtitle).toBeNull()
    // a readable value still is the subtitle
    const [lina] = await find(reader, '李娜')
    expect(lina?.subtitle).toBe('lina@example.com')
  })

  it('does not find a record by a hidden value, whole or in part', async () => {
    for (const q of ['13912345678', '+86 139 1234 5678', '1391234']) {
      expect(
        (await find(ws.token, q)).map((h) => h.title),
        q,
      ).toContain('张伟')
      expect(await find(reader, q), q).toEqual([])
    }
  })

  it('still finds by the values the role may read: name, pinyin, initials, e-mail', async () => {
    for (const [q, title] of [
      ['张', '张伟'],
      ['zhangwei', '张伟'],
      ['zw', '张伟'],
      ['lina@example.com', '李娜'],
      ['example', '李娜'],
    ] as const) {
      expect(
        (await find(reader, q)).map((h) => h.title),
        q,
      ).toContain(title)
    }
  })
})
