import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

describe('forms API: create and change forms checked against metadata, keys, log, access', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace

  const call = (method: string, path: string, body?: unknown, token = ws.token, locale = 'en') =>
    t.call(method, path, { token, body, locale })

  const contactForm = (more: Record<string, unknown> = {}) => ({
    name: '官网联系表单',
    objectName: 'person',
    enabled: true,
    title: { 'zh-CN': '联系我们', en: 'Contact us' },
    successMessage: { 'zh-CN': '谢谢，我们会尽快联系您', en: 'Thanks, we will be in touch' },
    fields: [
      { field: 'name', label: { 'zh-CN': '您的姓名' } },
      { field: 'email', required: true, placeholder: { en: 'you@example.com' } },
      { field: 'mobile' },
      { field: 'source', hidden: true, value: 'website' },
    ],
    ...more,
  })

  async function loginAs(grants: { object: string; [k: string]: unknown }[], tag: string): Promise<string> {
    const email = `forms-${tag}-${Date.now()}@example.com`
    const password = 'forms password 1'
    const u = await call('POST', '/api/v1/users', { email, name: `用户 ${tag}`, password })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const r = await call('POST', '/api/v1/roles', { name: `role ${tag}` })
    for (const { object, ...rest } of grants) {
      const put = await call('PUT', `/api/v1/roles/${r.body.id}/grants/${object}`, rest)
      expect(put.status, JSON.stringify(put.body)).toBe(200)
    }
    await call('PATCH', `/api/v1/users/${u.body.id}`, { roleId: r.body.id })
    return (await t.call('POST', '/api/v1/auth/login', { body: { email, password } })).body.token as string
  }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('forms')
    other = await t.workspace('forms-other')
  })
  afterAll(async () => {
    await t.close()
  })

  it('creates a form: fields in order, the object’s required field made required, a public key, audited', async () => {
    const c = await call('POST', '/api/v1/forms', contactForm())
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    expect(c.body).toMatchObject({
      name: '官网联系表单',
      objectName: 'person',
      enabled: true,
      title: { 'zh-CN': '联系我们', en: 'Contact us' },
      fields: [
        { field: 'name', required: true, hidden: false, label: { 'zh-CN': '您的姓名' } },
        { field: 'email', required: true, hidden: false, placeholder: { en: 'you@example.com' } },
        { field: 'mobile', required: false, hidden: false },
        { field: 'source', required: false, hidden: true, value: 'website' },
      ],
      submissionCount: 0,
      spamCount: 0,
      lastSubmittedAt: null,
      problems: [],
      redirectUrl: null,
    })
    expect(c.body.publicKey).toMatch(/^[A-Za-z0-9_-]{24}$/)
    const got = await call('GET', `/api/v1/forms/${c.body.id}`)
    expect(got.body).toEqual(c.body)
    const list = await call('GET', '/api/v1/forms')
    expect(list.body.data.map((f: { id: string }) => f.id)).toEqual([c.body.id])
    expect((await call('GET', '/api/v1/forms?object=company')).body.data).toEqual([])
    const log = await sql<{ action: string }>`select action from audit_log
      where workspace_id = ${ws.created.workspace.id} and target_id = ${c.body.id}`.execute(t.database.db)
    expect(log.rows.map((r) => r.action)).toEqual(['metadata.form_created'])
  })

  it('refuses fields that do not fit the object, each with its path, and writes nothing', async () => {
    const before = (await call('GET', '/api/v1/forms')).body.data.length
    const bad = await call('POST', '/api/v1/forms', {
      ...contactForm(),
      fields: [
        { field: 'email' },
        { field: 'email' },
        { field: 'nope' },
        { field: 'company' },
        { field: 'tags' },
        { field: 'gender', hidden: true, value: 'unicorn' },
        { field: 'birthday', hidden: true },
      ],
    })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    expect(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['fields.1.field', 'forms.duplicate_field'],
      ['fields.2.field', 'forms.unknown_field'],
      ['fields.3.field', 'forms.field_type'],
      ['fields.4.field', 'forms.field_type'],
      ['fields.5.value', 'invalid_option'],
      ['fields.6.value', 'required'],
      ['fields', 'forms.required_missing'],
    ])
    expect(bad.body.errors[6].message).toBe(
      'Required field name has no default value, so it must be on the form',
    )
    const zh = await t.call('POST', '/api/v1/forms', {
      token: ws.token,
      locale: 'zh-CN',
      body: { ...contactForm(), fields: [{ field: 'email' }] },
    })
    expect(zh.body.errors[0].message).toBe('必填字段 name 没有默认值，必须放在表单上')
    // an unknown or inactive object, and shape errors
    const noObject = await call('POST', '/api/v1/forms', { ...contactForm(), objectName: 'spaceship' })
    expect(noObject.body.errors).toEqual([
      { path: 'objectName', code: 'forms.unknown_object', message: expect.stringContaining('spaceship') },
    ])
    const shape = await call('POST', '/api/v1/forms', {
      ...contactForm(),
      name: '',
      fields: [],
      redirectUrl: 'javascript:alert(1)',
      extra: 1,
    })
    expect(shape.status).toBe(400)
    expect(shape.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['extra', 'fields', 'name', 'redirectUrl'].sort(),
    )
    expect((await call('POST', '/api/v1/forms', '{"name":')).status).toBe(400)
    expect((await call('GET', '/api/v1/forms')).body.data.length).toBe(before)
  })

  it('changes a form: fields replaced and checked, texts kept, owner checked; the object stays', async () => {
    const c = await call('POST', '/api/v1/forms', contactForm({ name: '改动' }))
    const id = c.body.id
    const p = await call('PATCH', `/api/v1/forms/${id}`, {
      fields: [{ field: 'name' }, { field: 'title', help: { 'zh-CN': '例如：采购经理' } }],
      redirectUrl: 'https://example.com/thanks',
      ownerId: ws.created.owner.id,
    })
    expect(p.status, JSON.stringify(p.body)).toBe(200)
    expect(p.body).toMatchObject({
      title: { en: 'Contact us' },
      fields: [{ field: 'name' }, { field: 'title', help: { 'zh-CN': '例如：采购经理' } }],
      redirectUrl: 'https://example.com/thanks',
      ownerId: ws.created.owner.id,
    })
    const bad = await call('PATCH', `/api/v1/forms/${id}`, {
      fields: [{ field: 'title' }],
      ownerId: '00000000-0000-4000-8000-000000000000',
    })
    expect(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['fields', 'forms.required_missing'],
      ['ownerId', 'forms.unknown_owner'],
    ])
    expect(
      (await call('PATCH', `/api/v1/forms/${id}`, { objectName: 'company' })).body.errors[0],
    ).toMatchObject({
      path: 'objectName',
      code: 'unknown_field',
    })
    const off = await call('PATCH', `/api/v1/forms/${id}`, { enabled: false, title: { 'zh-CN': '', en: '' } })
    expect(off.body).toMatchObject({ enabled: false, title: {} })
  })

  it('a new key replaces the old one; delete removes the form', async () => {
    const c = await call('POST', '/api/v1/forms', contactForm({ name: '换钥匙' }))
    const r = await call('POST', `/api/v1/forms/${c.body.id}/regenerate-key`)
    expect(r.status).toBe(200)
    expect(r.body.publicKey).not.toBe(c.body.publicKey)
    expect((await t.call('GET', `/api/v1/public/forms/${c.body.publicKey}`)).status).toBe(404)
    expect((await t.call('GET', `/api/v1/public/forms/${r.body.publicKey}`)).status).toBe(200)
    expect((await call('DELETE', `/api/v1/forms/${c.body.id}`)).status).toBe(204)
    expect((await call('GET', `/api/v1/forms/${c.body.id}`)).status).toBe(404)
    expect((await call('DELETE', `/api/v1/forms/${c.body.id}`)).status).toBe(404)
  })

  it('another workspace’s form is not found, and its id cannot be used', async () => {
    const mine = await call('POST', '/api/v1/forms', contactForm({ name: '别人的' }))
    for (const [method, path, body] of [
      ['GET', `/api/v1/forms/${mine.body.id}`],
      ['PATCH', `/api/v1/forms/${mine.body.id}`, { name: 'x' }],
      ['DELETE', `/api/v1/forms/${mine.body.id}`],
      ['POST', `/api/v1/forms/${mine.body.id}/regenerate-key`],
      ['GET', `/api/v1/forms/${mine.body.id}/submissions`],
      ['GET', '/api/v1/forms/not-a-uuid'],
    ] as const)
      expect((await call(method, path, body, other.token)).status, `${method} ${path}`).toBe(404)
    expect((await call('GET', '/api/v1/forms', undefined, other.token)).body.data).toEqual([])
    expect((await call('GET', `/api/v1/forms/${mine.body.id}`)).body.name).toBe('别人的')
  })

  it('only admins manage forms; workflow readers may read them; anonymous callers get 401', async () => {
    const c = await call('POST', '/api/v1/forms', contactForm({ name: '权限' }))
    const member = await loginAs([{ object: 'person', create: true, read: true, update: true }], 'member')
    expect((await call('GET', '/api/v1/forms', undefined, member)).status).toBe(403)
    expect((await call('POST', '/api/v1/forms', contactForm(), member)).status).toBe(403)
    const reader = await loginAs([{ object: '_automation', read: true }], 'reader')
    expect((await call('GET', `/api/v1/forms?object=person`, undefined, reader)).status).toBe(200)
    expect((await call('GET', `/api/v1/forms/${c.body.id}/submissions`, undefined, reader)).status).toBe(200)
    expect((await call('PATCH', `/api/v1/forms/${c.body.id}`, { name: 'x' }, reader)).status).toBe(403)
    expect((await call('DELETE', `/api/v1/forms/${c.body.id}`, undefined, reader)).status).toBe(403)
    expect((await t.call('GET', '/api/v1/forms')).status).toBe(401)
  })

  it('reports what no longer fits after the object changed, and still lets the form be disabled', async () => {
    const f = await call('POST', '/api/v1/metadata/objects/person/fields', {
      name: 'budget_note',
      type: 'text',
      label: { 'zh-CN': '预算说明', en: 'Budget note' },
    })
    expect(f.status, JSON.stringify(f.body)).toBe(201)
    const c = await call('POST', '/api/v1/forms', {
      ...contactForm({ name: '字段停用' }),
      fields: [{ field: 'name' }, { field: 'budget_note' }],
    })
    expect(c.status).toBe(201)
    await call('PATCH', '/api/v1/metadata/objects/person/fields/budget_note', { isActive: false })
    const got = await call('GET', `/api/v1/forms/${c.body.id}`)
    expect(got.body.problems).toEqual([
      {
        path: 'fields.1.field',
        code: 'forms.unknown_field',
        message: expect.stringContaining('budget_note'),
      },
    ])
    // the public form leaves the field out
    const pub = await t.call('GET', `/api/v1/public/forms/${c.body.publicKey}`)
    expect(pub.body.fields.map((x: { name: string }) => x.name)).toEqual(['name'])
    expect((await call('PATCH', `/api/v1/forms/${c.body.id}`, { enabled: false })).status).toBe(200)
    expect((await call('PATCH', `/api/v1/forms/${c.body.id}`, { enabled: true })).status).toBe(400)
  })
})
