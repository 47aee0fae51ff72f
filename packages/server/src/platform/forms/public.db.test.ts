import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

describe('public forms: the definition and submissions, without login', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let form: { id: string; publicKey: string }
  let ipSeq = 0
  /** each test its own address: the per-IP limit (3 a minute here) is its own test */
  const newIp = () => `198.51.100.${++ipSeq}`

  const admin = (method: string, path: string, body?: unknown) =>
    t.call(method, path, { token: ws.token, body, locale: 'en' })

  /** a submission as a browser's fetch sends it */
  const submit = (
    key: string,
    body: unknown,
    opts: { ip?: string; locale?: string; headers?: Record<string, string> } = {},
  ) =>
    t.call('POST', `/api/v1/public/forms/${key}/submit`, {
      body,
      locale: opts.locale ?? 'en',
      headers: {
        'x-forwarded-for': opts.ip ?? newIp(),
        origin: 'https://www.example.com',
        ...(opts.headers ?? {}),
      },
    })

  const raw = (key: string, body: string, headers: Record<string, string>) =>
    t.app.request(`/api/v1/public/forms/${key}/submit`, {
      method: 'POST',
      headers: { 'x-forwarded-for': newIp(), ...headers },
      body,
    })

  const db = () => t.database.db
  /** a table of the workspace (object tables are in its own schema) */
  const tbl = (table: string) =>
    sql.table(table.startsWith('obj_') ? `${ws.created.workspace.db_schema}.${table}` : table)
  const count = async (table: string, where = sql`true`) =>
    Number(
      (
        await sql<{ n: number }>`select count(*) as n from ${tbl(table)}
          where workspace_id = ${ws.created.workspace.id} and ${where}`.execute(db())
      ).rows[0]!.n,
    )
  const people = () => count('obj_person')

  beforeAll(async () => {
    t = await createTestKernel({ formRateLimitPerIp: 3, trustProxy: true })
    ws = await t.workspace('public-forms')
    const c = await admin('POST', '/api/v1/forms', {
      name: '官网线索',
      objectName: 'person',
      enabled: true,
      title: { 'zh-CN': '联系我们' },
      description: { en: 'We answer within a day.' },
      successMessage: { 'zh-CN': '谢谢，我们会尽快联系您', en: 'Thanks, we will be in touch' },
      ownerId: ws.created.owner.id,
      fields: [
        { field: 'name', label: { 'zh-CN': '姓名', en: 'Your name' } },
        { field: 'email', required: true },
        { field: 'mobile' },
        { field: 'gender' },
        { field: 'birthday' },
        { field: 'source', hidden: true, value: 'website' },
      ],
    })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    form = c.body
  })
  afterAll(async () => {
    await t.close()
  })

  it('shows the definition in both languages, without hidden fields, to any site', async () => {
    const r = await t.call('GET', `/api/v1/public/forms/${form.publicKey}`, {
      headers: { origin: 'https://www.example.com' },
    })
    expect(r.status).toBe(200)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(r.headers.get('cache-control')).toBe('no-store')
    expect(r.body).toMatchObject({
      key: form.publicKey,
      title: { 'zh-CN': '联系我们', en: '联系我们' },
      description: { 'zh-CN': 'We answer within a day.', en: 'We answer within a day.' },
      submitLabel: { 'zh-CN': '提交', en: 'Submit' },
      successMessage: { en: 'Thanks, we will be in touch' },
      redirectUrl: null,
      honeypot: '_website',
    })
    expect(
      r.body.fields.map((f: { name: string; type: string; required: boolean }) => [
        f.name,
        f.type,
        f.required,
      ]),
    ).toEqual([
      ['name', 'text', true],
      ['email', 'email', true],
      ['mobile', 'phone', false],
      ['gender', 'select', false],
      ['birthday', 'date', false],
    ])
    expect(r.body.fields[0].label).toEqual({ 'zh-CN': '姓名', en: 'Your name' })
    expect(r.body.fields[1].label).toEqual({ 'zh-CN': '邮箱', en: 'Email' })
    expect(r.body.fields[3].choices.length).toBeGreaterThan(1)
    expect(r.body.fields[3].choices[0].label['zh-CN']).toBeTruthy()
    // nothing internal leaks: no form id, owner, object or hidden value
    expect(JSON.stringify(r.body)).not.toContain(form.id)
    expect(JSON.stringify(r.body)).not.toContain('"website"')
    const pre = await t.app.request(`/api/v1/public/forms/${form.publicKey}/submit`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://www.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST')
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('a good submission creates the record, its log row and form.submitted in one transaction', async () => {
    const before = await people()
    const r = await submit(
      form.publicKey,
      {
        name: '  王芳 ',
        email: 'WangFang@Example.com',
        mobile: '138-1234-5678',
        gender: 'female',
        _website: '',
      },
      {
        locale: 'zh-CN',
        headers: {
          referer: 'https://www.example.com/contact?utm_source=ad&token=secret',
          'user-agent': `Mozilla/5.0 ${'x'.repeat(500)}`,
        },
      },
    )
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(r.body).toEqual({ ok: true, message: '谢谢，我们会尽快联系您', redirectUrl: null })
    expect(await people()).toBe(before + 1)
    const rec = (
      await sql<{
        id: string
        name: string
        email: string
        mobile: string
        source: string
        owner_id: string
      }>`
        select id, name, email, mobile, source, owner_id from ${tbl('obj_person')}
        where workspace_id = ${ws.created.workspace.id} and name = '王芳'`.execute(db())
    ).rows[0]!
    expect(rec).toMatchObject({
      email: 'wangfang@example.com',
      mobile: '+8613812345678',
      source: 'website',
      owner_id: ws.created.owner.id,
    })
    const log = (
      await sql<{
        outcome: string
        record_id: string
        referrer: string
        user_agent: string
        ip_hash: string
        locale: string
      }>`
        select outcome, record_id, referrer, user_agent, ip_hash, locale from form_submission
        where workspace_id = ${ws.created.workspace.id} and record_id = ${rec.id}`.execute(db())
    ).rows[0]!
    expect(log).toMatchObject({
      outcome: 'created',
      referrer: 'https://www.example.com/contact',
      locale: 'zh-CN',
    })
    expect(log.user_agent).toHaveLength(200)
    expect(log.ip_hash).toMatch(/^[0-9a-f]{16}$/)
    const events = await sql<{ type: string; channel: string; payload: Record<string, unknown> }>`
      select type, channel, payload from outbox_event
      where workspace_id = ${ws.created.workspace.id} and record_id = ${rec.id} order by seq`.execute(db())
    expect(events.rows.map((e) => [e.type, e.channel])).toEqual([
      ['record.created', 'form'],
      ['form.submitted', 'form'],
    ])
    expect(events.rows[1]!.payload).toMatchObject({
      formId: form.id,
      formName: '官网线索',
      objectName: 'person',
      recordId: rec.id,
      record: { id: rec.id, name: '王芳', email: 'wangfang@example.com', source: 'website' },
    })
    // the admin sees it in the log, with the record's title, and in the counts
    const subs = await admin('GET', `/api/v1/forms/${form.id}/submissions`)
    expect(subs.body.data[0]).toMatchObject({ outcome: 'created', recordId: rec.id, recordTitle: '王芳' })
    const f = await admin('GET', `/api/v1/forms/${form.id}`)
    expect(f.body.submissionCount).toBeGreaterThanOrEqual(1)
    expect(f.body.lastSubmittedAt).not.toBeNull()
  })

  it('a submission the records service refuses leaves nothing behind', async () => {
    const before = [await people(), await count('form_submission'), await count('outbox_event')]
    // passes the form's own check, fails the phone number check of the write path
    const r = await submit(form.publicKey, { name: '号码错', email: 'a@example.com', mobile: '+86 123' })
    expect(r.status).toBe(400)
    expect(r.body.errors).toEqual([
      { path: 'mobile', code: 'invalid_phone', message: 'Invalid phone number' },
    ])
    expect([await people(), await count('form_submission'), await count('outbox_event')]).toEqual(before)
  })

  it('a filled honeypot is answered like a good submission, creates nothing and is logged as spam', async () => {
    const before = [await people(), await count('outbox_event')]
    const r = await submit(form.publicKey, {
      name: 'Bot',
      email: 'bot@example.com',
      _website: 'http://spam.example',
    })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ ok: true, message: 'Thanks, we will be in touch', redirectUrl: null })
    expect([await people(), await count('outbox_event')]).toEqual(before)
    expect(await count('form_submission', sql`outcome = 'spam'`)).toBe(1)
    expect((await admin('GET', `/api/v1/forms/${form.id}`)).body.spamCount).toBe(1)
  })

  it('unknown, malformed and disabled forms are 404', async () => {
    expect((await t.call('GET', '/api/v1/public/forms/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
    expect((await t.call('GET', '/api/v1/public/forms/x')).status).toBe(404)
    expect((await t.call('GET', `/api/v1/public/forms/${encodeURIComponent("' or 1=1 --")}`)).status).toBe(
      404,
    )
    expect((await submit('AAAAAAAAAAAAAAAAAAAAAAAA', { name: 'x', email: 'x@example.com' })).status).toBe(404)
    const c = await admin('POST', '/api/v1/forms', {
      name: '停用',
      objectName: 'person',
      fields: [{ field: 'name' }],
    })
    expect(c.body.enabled).toBe(false)
    expect((await t.call('GET', `/api/v1/public/forms/${c.body.publicKey}`)).status).toBe(404)
    const s = await submit(c.body.publicKey, { name: 'x' })
    expect(s.status).toBe(404)
    expect(s.headers.get('content-type')).toContain('application/problem+json')
  })

  it('bad bodies: malformed JSON, not an object, wrong type, too large, wrong types of values', async () => {
    const before = await people()
    const key = form.publicKey
    const bad = await raw(key, '{"name":', { 'content-type': 'application/json' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { code: string }).code).toBe('invalid_json')
    expect((await raw(key, '[1,2]', { 'content-type': 'application/json' })).status).toBe(400)
    expect((await raw(key, 'name=x', { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await raw(key, '\xff\xfe', { 'content-type': 'application/json' })).status).toBe(400)
    const big = JSON.stringify({ name: 'x', email: 'x@example.com', notes: 'y'.repeat(70 * 1024) })
    const tooBig = await raw(key, big, { 'content-type': 'application/json' })
    expect(tooBig.status).toBe(413)
    expect(tooBig.headers.get('access-control-allow-origin')).toBe('*')
    // a body that lies about its length is cut off while streaming
    const stream = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < 80; i++) ctl.enqueue(new TextEncoder().encode('x'.repeat(1024)))
        ctl.close()
      },
    })
    const streamed = await t.app.request(`/api/v1/public/forms/${key}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': newIp() },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    const types = await submit(
      key,
      { name: ['x'], email: 42, birthday: '2026-02-30', gender: 'robot', owner_id: ws.created.owner.id },
      { locale: 'zh-CN' },
    )
    expect(types.status).toBe(400)
    expect(types.body.errors).toEqual([
      { path: 'owner_id', code: 'unknown_field', message: '未知字段' },
      { path: 'name', code: 'invalid_type', message: '类型错误，应为string' },
      { path: 'email', code: 'invalid_type', message: '类型错误，应为string' },
      { path: 'gender', code: 'invalid_option', message: '不是可选的值：robot' },
      { path: 'birthday', code: 'invalid_date', message: '日期无效' },
    ])
    const missing = await submit(key, {}, { locale: 'en' })
    expect(missing.body.errors).toEqual([
      { path: 'name', code: 'required', message: 'Required' },
      { path: 'email', code: 'required', message: 'Required' },
    ])
    expect(await people()).toBe(before)
  })

  it('keeps hostile strings as plain data', async () => {
    const name = `<script>alert('x')</script>'; drop table obj_person; --`
    const r = await submit(form.publicKey, { name, email: 'h@example.com', __proto__: { admin: true } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const got = await sql<{ name: string }>`select name from ${tbl('obj_person')}
      where workspace_id = ${ws.created.workspace.id} and email = 'h@example.com'`.execute(db())
    expect(got.rows).toEqual([{ name }])
  })

  it('does not fail on a likely duplicate: both are created, for the duplicate review to find', async () => {
    const body = { name: '重复张三', email: 'dup@example.com', mobile: '13900001111' }
    expect((await submit(form.publicKey, body)).status).toBe(200)
    expect((await submit(form.publicKey, body)).status).toBe(200)
    expect(await count('obj_person', sql`email = 'dup@example.com'`)).toBe(2)
    // the same through the API is refused as a duplicate: the form deliberately is not
    const api = await admin('POST', '/api/v1/records/person', body)
    expect(api.status).toBe(409)
  })

  it('takes a plain HTML form post: 303 on success, an HTML page with the reasons otherwise', async () => {
    const ok = await raw(form.publicKey, 'name=%E6%9D%8E%E9%9B%B7&email=lilei%40example.com&_website=', {
      'content-type': 'application/x-www-form-urlencoded',
      'accept-language': 'zh-CN',
    })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe(`/f/${form.publicKey}?sent=1`)
    expect(await count('obj_person', sql`email = 'lilei@example.com'`)).toBe(1)
    const fd = new FormData()
    fd.append('name', 'Multipart')
    fd.append('email', 'not-an-email')
    fd.append('_locale', 'en')
    const badPost = await t.app.request(`/api/v1/public/forms/${form.publicKey}/submit`, {
      method: 'POST',
      headers: { 'x-forwarded-for': newIp(), 'accept-language': 'zh-CN' },
      body: fd,
    })
    expect(badPost.status).toBe(400)
    expect(badPost.headers.get('content-type')).toContain('text/html')
    const html = await badPost.text()
    expect(html).toContain('Invalid email address')
    expect(html).toContain(`/f/${form.publicKey}`)
    // with a redirect URL the visitor goes there
    await admin('PATCH', `/api/v1/forms/${form.id}`, { redirectUrl: 'https://www.example.com/thanks' })
    const redirected = await raw(form.publicKey, 'name=Redirect&email=r%40example.com', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(redirected.headers.get('location')).toBe('https://www.example.com/thanks')
    // fetch with JSON gets the URL to go to
    const json = await submit(form.publicKey, { name: 'J', email: 'j@example.com' })
    expect(json.body.redirectUrl).toBe('https://www.example.com/thanks')
    await admin('PATCH', `/api/v1/forms/${form.id}`, { redirectUrl: null })
  })

  it('limits submissions per address, and says when to try again', async () => {
    const ip = newIp()
    for (let i = 0; i < 3; i++)
      expect(
        (await submit(form.publicKey, { name: `限流${i}`, email: `rl${i}@example.com` }, { ip })).status,
      ).toBe(200)
    const limited = await submit(form.publicKey, { name: '限流x', email: 'rlx@example.com' }, { ip })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.headers.get('access-control-allow-origin')).toBe('*')
    expect(await count('obj_person', sql`email = 'rlx@example.com'`)).toBe(0)
    // another address is not held up
    expect((await submit(form.publicKey, { name: '别处', email: 'else@example.com' })).status).toBe(200)
  })
})
