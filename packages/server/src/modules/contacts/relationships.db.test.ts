import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/** person ↔ person and company ↔ company links as records of the two relationship objects. */
describe('relationship graph objects', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const p: Record<string, string> = {}
  const c: Record<string, string> = {}
  const create = (object: string, body: unknown) =>
    t.call('POST', `/api/v1/records/${object}?allowDuplicate=true`, { token: ws.token, body })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('relationships')
    for (const name of ['王总', '李经理', '赵工']) p[name] = (await create('person', { name })).body.id
    for (const name of ['甲公司', '乙公司']) c[name] = (await create('company', { name })).body.id
  })
  afterAll(async () => {
    await t.close()
  })

  it('links people and companies and lists a person’s links both ways', async () => {
    const a = await create('person_relation', {
      from_person: p.李经理,
      kind: 'reports_to',
      to_person: p.王总,
    })
    expect(a.status, JSON.stringify(a.body)).toBe(201)
    expect(
      (await create('person_relation', { from_person: p.赵工, kind: 'reports_to', to_person: p.李经理 }))
        .status,
    ).toBe(201)
    expect(
      (await create('company_relation', { from_company: c.甲公司, kind: 'competitor', to_company: c.乙公司 }))
        .status,
    ).toBe(201)

    const out = await t.call('GET', `/api/v1/records/person/${p.李经理}/related/relations_out`, {
      token: ws.token,
    })
    const into = await t.call('GET', `/api/v1/records/person/${p.李经理}/related/relations_in`, {
      token: ws.token,
    })
    expect(out.status, JSON.stringify(out.body)).toBe(200)
    expect(out.body.data.map((r: { to_person: string }) => r.to_person)).toEqual([p.王总])
    expect(into.body.data.map((r: { from_person: string }) => r.from_person)).toEqual([p.赵工])
  })

  it('refuses a link to itself, the same link twice and an unknown kind, in the user’s language', async () => {
    const self = await create('person_relation', {
      from_person: p.王总,
      kind: 'colleague',
      to_person: p.王总,
    })
    expect(self.status).toBe(400)
    expect(self.body.errors[0]).toMatchObject({ path: 'to_person', code: 'same_record' })
    const twice = await create('person_relation', {
      from_person: p.李经理,
      kind: 'reports_to',
      to_person: p.王总,
    })
    expect(twice.status).toBe(409)
    expect(twice.body.errors[0].code).toBe('link_exists')
    // another kind between the same people is a different link
    expect(
      (await create('person_relation', { from_person: p.李经理, kind: 'friend', to_person: p.王总 })).status,
    ).toBe(201)
    const bad = await create('person_relation', { from_person: p.王总, kind: 'boss', to_person: p.赵工 })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('kind')
    const missing = await t.call('POST', '/api/v1/records/company_relation', {
      token: ws.token,
      body: { from_company: c.甲公司, kind: 'partner' },
      headers: { 'accept-language': 'en' },
    })
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0]).toMatchObject({ path: 'to_company', code: 'required' })
  })

  it('checks an edit the same way, and lets a deleted link be recreated', async () => {
    const link = await create('person_relation', {
      from_person: p.赵工,
      kind: 'colleague',
      to_person: p.王总,
    })
    expect(link.status).toBe(201)
    const edit = await t.call('PATCH', `/api/v1/records/person_relation/${link.body.id}`, {
      token: ws.token,
      body: { to_person: p.赵工 },
    })
    expect(edit.status).toBe(400)
    expect(
      (await t.call('DELETE', `/api/v1/records/person_relation/${link.body.id}`, { token: ws.token })).status,
    ).toBe(200)
    expect(
      (await create('person_relation', { from_person: p.赵工, kind: 'colleague', to_person: p.王总 })).status,
    ).toBe(201)
    // the deleted one cannot come back beside its twin
    const restore = await t.call('POST', `/api/v1/records/person_relation/${link.body.id}/restore`, {
      token: ws.token,
    })
    expect(restore.status).toBe(409)
  })
})
