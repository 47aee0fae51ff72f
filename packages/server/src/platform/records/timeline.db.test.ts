import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

describe('timeline', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('timeline')
  })
  afterAll(async () => {
    await t.close()
  })

  it('merges activities and field history newest first, pages with a cursor and filters by type', async () => {
    const co = await t.call('POST', '/api/v1/records/company', { token: ws.token, body: { name: '腾讯' } })
    const p = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: { name: '李娜', company: co.body.id },
    })
    for (let i = 0; i < 5; i++) {
      await t.call('PATCH', `/api/v1/records/person/${p.body.id}`, {
        token: ws.token,
        body: { title: `T${i}` },
      })
      await t.call('POST', `/api/v1/records/person/${p.body.id}/activities`, {
        token: ws.token,
        body: {
          type: i % 2 ? 'call' : 'note',
          subject: `A${i}`,
          links: [{ object: 'company', id: co.body.id }],
        },
      })
    }
    const all: { kind: string; at: string }[] = []
    let cursor: string | null = null
    do {
      const r: { status: number; body: { data: { kind: string; at: string }[]; nextCursor: string | null } } =
        await t.call(
          'GET',
          `/api/v1/records/person/${p.body.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          { token: ws.token },
        )
      expect(r.status).toBe(200)
      all.push(...r.body.data)
      cursor = r.body.nextCursor
    } while (cursor)
    expect(all).toHaveLength(11)
    expect(all.at(-1)!.kind).toBe('created')
    expect([...all].sort((a, b) => (a.at < b.at ? 1 : -1)).map((x) => x.at)).toEqual(all.map((x) => x.at))
    const calls = await t.call('GET', `/api/v1/records/person/${p.body.id}/timeline?types=call`, {
      token: ws.token,
    })
    expect(calls.body.data).toHaveLength(2)
    // the activity linked to the company is on the company's timeline too
    const companyTl = await t.call('GET', `/api/v1/records/company/${co.body.id}/timeline?types=note,call`, {
      token: ws.token,
    })
    expect(companyTl.body.data).toHaveLength(5)
    const bad = await t.call('POST', `/api/v1/records/person/${p.body.id}/activities`, {
      token: ws.token,
      body: { type: 'fax' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('type')
    expect(
      (await t.call('GET', `/api/v1/records/person/${p.body.id}/timeline?cursor=abc`, { token: ws.token }))
        .status,
    ).toBe(400)
  })
})
