import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/**
 * The metadata a role sees: objects it may read, without the fields its grant hides and without inverse
 * lists it could not open (their source object, or its relation field, is not readable). Admins see all.
 */
describe('metadata as a role sees it', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let reader = ''

  async function userWith(grants: Record<string, unknown>): Promise<string> {
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: `r${Date.now()}` } })
    expect(role.status, JSON.stringify(role.body)).toBe(201)
    for (const [object, grant] of Object.entries(grants)) {
      const g = await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/${object}`, {
        token: ws.token,
        body: grant,
      })
      expect(g.status, JSON.stringify(g.body)).toBe(200)
    }
    const email = `reader-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Reader', password: 'reader password 1', roleId: role.body.id },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'reader password 1' },
    })
    return login.body.token as string
  }

  const names = (o: { fields: { name: string }[] }) => o.fields.map((f) => f.name)

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('visibility')
    reader = await userWith({
      person: {
        read: true,
        readScope: 'all',
        writeScope: 'none',
        fields: { mobile: 'hidden', email: 'read' },
      },
    })
  })

  afterAll(async () => {
    await t.close()
  })

  it('leaves out hidden fields, unreadable objects and the inverse lists of unreadable objects', async () => {
    const list = await t.call('GET', '/api/v1/metadata/objects', { token: reader })
    expect(list.status).toBe(200)
    expect(list.body.data.map((o: { name: string }) => o.name)).toEqual(['person'])
    const person = list.body.data[0]
    expect(names(person)).not.toContain('mobile')
    // read-only fields stay: they are shown, just not editable
    expect(names(person)).toEqual(expect.arrayContaining(['name', 'email', 'company']))
    // person_relation points at person, but the reader cannot read it
    expect(person.inverses).toEqual([])

    const one = await t.call('GET', '/api/v1/metadata/objects/person', { token: reader })
    expect(one.status).toBe(200)
    expect(names(one.body)).toEqual(names(person))
    const company = await t.call('GET', '/api/v1/metadata/objects/company', { token: reader })
    expect(company.status).toBe(404)
  })

  it('keeps inverse lists whose source the role reads, and drops one whose relation field it hides', async () => {
    const token = await userWith({
      person: { read: true, readScope: 'all', fields: { company: 'hidden' } },
      company: { read: true, readScope: 'all' },
      company_relation: { read: true, readScope: 'all', fields: { to_company: 'hidden' } },
    })
    const r = await t.call('GET', '/api/v1/metadata/objects/company', { token })
    expect(r.status).toBe(200)
    const inverses = r.body.inverses.map(
      (i: { fromObject: string; field: string }) => `${i.fromObject}.${i.field}`,
    )
    // company.parent (own object, readable) and company_relation.from_company stay; person.company and
    // company_relation.to_company are hidden fields
    expect(inverses).toContain('company.parent')
    expect(inverses).toContain('company_relation.from_company')
    expect(inverses).not.toContain('person.company')
    expect(inverses).not.toContain('company_relation.to_company')
  })

  it('shows everything to an admin', async () => {
    const r = await t.call('GET', '/api/v1/metadata/objects/person', { token: ws.token })
    expect(names(r.body)).toContain('mobile')
    expect(r.body.inverses.map((i: { fromObject: string }) => i.fromObject)).toContain('person_relation')
  })

  it('matches what the records carry', async () => {
    const created = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: { name: '张伟', mobile: '13912345678', email: 'zw@example.com' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const meta = await t.call('GET', '/api/v1/metadata/objects/person', { token: reader })
    const rec = await t.call('GET', `/api/v1/records/person/${created.body.id}`, { token: reader })
    expect(rec.status).toBe(200)
    for (const f of names(meta.body)) expect(Object.hasOwn(rec.body, f), f).toBe(true)
    expect(rec.body.mobile).toBeUndefined()
  })
})
