import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

interface Received {
  from: string
  to: string[]
  raw: string
}

describe('send_email steps: templates, SMTP on loopback, one Message-ID across retries', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let smtp: SMTPServer
  const mails: Received[] = []
  let refuse = 0

  const call = (method: string, path: string, body?: unknown, token = ws.token, locale = 'en') =>
    t.call(method, path, { token, body, locale })

  async function install(name: string, definition: unknown) {
    const c = await call('POST', '/api/v1/workflows', { name, definition })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const p = await call('POST', `/api/v1/workflows/${c.body.id}/publish`)
    return { id: c.body.id as string, publish: p }
  }

  const fastForward = () =>
    t.database.db.executeQuery({
      sql: "update pgboss.job set start_after = now() where name = 'automation.run' and state in ('created', 'retry')",
      parameters: [],
      query: { kind: 'RawNode' },
    } as never)

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom(_address, _session, cb) {
        if (refuse > 0) {
          refuse--
          const err = new Error('mailbox busy') as Error & { responseCode: number }
          err.responseCode = 451
          cb(err)
          return
        }
        cb()
      },
      onData(stream, session, cb) {
        let raw = ''
        stream.on('data', (c: Buffer) => {
          raw += c.toString()
        })
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          })
          cb()
        })
      },
    })
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r))
    const port = (smtp.server.address() as AddressInfo).port
    t = await createTestKernel({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Kemai <crm@example.com>' })
    ws = await t.workspace('email')
    await t.kernel.startWorker()
  })
  afterAll(async () => {
    await t.close()
    await new Promise<void>((r) => smtp.close(() => r()))
  })

  it('manages templates with validation and the automation right', async () => {
    const bad = await call('POST', '/api/v1/email-templates', { name: 'x', subject: '', body: 'b' })
    expect(bad.status).toBe(400)
    expect(
      (await call('POST', '/api/v1/email-templates', { name: 'x', subject: 's', body: 'b', extra: 1 }))
        .status,
    ).toBe(400)
    const c = await call('POST', '/api/v1/email-templates', { name: '欢迎', subject: 'Hello', body: '你好' })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const put = await call('PUT', `/api/v1/email-templates/${c.body.id}`, {
      name: '欢迎信',
      subject: 'Hi',
      body: '您好',
    })
    expect(put.body).toMatchObject({ name: '欢迎信', subject: 'Hi', body: '您好' })
    expect(
      (await call('GET', '/api/v1/email-templates')).body.data.map((x: { id: string }) => x.id),
    ).toContain(c.body.id)
    expect((await call('DELETE', `/api/v1/email-templates/${c.body.id}`)).status).toBe(204)
    expect((await call('GET', `/api/v1/email-templates/${c.body.id}`)).status).toBe(404)
    expect(
      (await call('PUT', '/api/v1/email-templates/nope', { name: 'a', subject: 'b', body: 'c' })).status,
    ).toBe(404)
    const email = `tpl-${Date.now()}@example.com`
    await call('POST', '/api/v1/users', { email, name: '无权', password: 'template password 1' })
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'template password 1' },
    })
    expect((await call('GET', '/api/v1/email-templates', undefined, login.body.token)).status).toBe(403)
  })

  it('sends the rendered template to the record and the owner; a refusal is retried with the same Message-ID', async () => {
    const tpl = await call('POST', '/api/v1/email-templates', {
      name: '跟进',
      subject: 'Follow-up: {{trigger.record.name}}',
      body: '{{trigger.record.name}}，您好：\n我们会在 {{today}} 联系您。',
    })
    const missing = await install('缺模板', {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'mail',
      steps: [
        {
          id: 'mail',
          type: 'send_email',
          templateId: '00000000-0000-4000-8000-000000000009',
          to: ['a@example.com'],
          next: null,
        },
      ],
    })
    expect(missing.publish.status).toBe(400)
    expect(missing.publish.body.problems[0]).toMatchObject({
      stepId: 'mail',
      code: 'workflow.unknown_template',
    })

    const wf = await install('跟进邮件', {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'mail',
      steps: [
        {
          id: 'mail',
          type: 'send_email',
          templateId: tpl.body.id,
          to: ['{{trigger.record.email}}'],
          cc: [{ kind: 'owner' }],
          next: 'note',
        },
        { id: 'note', type: 'add_note', body: 'sent {{steps.mail.output.messageId}}', next: null },
      ],
    })
    expect(wf.publish.status, JSON.stringify(wf.publish.body)).toBe(200)
    await call('POST', `/api/v1/workflows/${wf.id}/enable`)
    refuse = 1
    const p = await call('POST', '/api/v1/records/person', { name: 'Li Lei', email: 'lilei@example.com' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: 'Sales' })
    const done = await waitFor<{ id: string; status: string }[]>(
      async () => {
        await fastForward()
        return (await call('GET', `/api/v1/workflow-runs?workflowId=${wf.id}`)).body.data
      },
      (r) => r[0]?.status === 'succeeded' || r[0]?.status === 'failed',
      60_000,
    )
    expect(done[0]!.status).toBe('succeeded')
    expect(mails).toHaveLength(1)
    const m = mails[0]!
    expect(m.from).toBe('crm@example.com')
    expect(m.to.sort()).toEqual([ws.email, 'lilei@example.com'].sort())
    expect(m.raw).toContain('Subject: Follow-up: Li Lei')
    const detail = await call('GET', `/api/v1/workflow-runs/${done[0]!.id}`)
    const step = detail.body.steps[0]
    expect(step).toMatchObject({ stepId: 'mail', status: 'succeeded', attempt: 2 })
    expect(m.raw).toContain(`Message-ID: ${step.output.messageId}`)
    expect(detail.body.steps[1].input.body).toBe(`sent ${step.output.messageId}`)
  })

  it('fails clearly when nobody can be written to', async () => {
    const tpl = await call('POST', '/api/v1/email-templates', { name: '空', subject: 'x', body: 'y' })
    const wf = await install('无收件人', {
      trigger: { type: 'record_updated', object: 'person', fields: ['wechat'] },
      start: 'mail',
      steps: [
        {
          id: 'mail',
          type: 'send_email',
          templateId: tpl.body.id,
          to: ['{{trigger.record.email}}'],
          next: null,
        },
      ],
    })
    await call('POST', `/api/v1/workflows/${wf.id}/enable`)
    const p = await call('POST', '/api/v1/records/person', { name: '无邮箱' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { wechat: 'x' })
    const [run] = await waitFor<{ status: string; error: unknown }[]>(
      async () => (await call('GET', `/api/v1/workflow-runs?workflowId=${wf.id}`)).body.data,
      (r) => r[0]?.status === 'failed',
    )
    expect(run!.error).toMatchObject({ code: 'workflow.no_recipient', stepId: 'mail' })
  })
})
