import { createServer, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyWebhook } from './platform/webhooks/signature.ts'
import { createTestKernel, type TestKernel, type TestWorkspace } from './test/kernel.ts'

/** The whole path: a record change → outbox → dispatcher → webhook listener → signed POST. */
describe('kernel: from a record change to a signed webhook', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const received: { headers: IncomingMessage['headers']; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => {
      body += d
    })
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200).end('ok')
    })
  })
  let url = ''
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
    t = await createTestKernel()
    ws = await t.workspace('kernel-hooks')
    await t.kernel.startWorker()
  })
  afterAll(async () => {
    await t.close()
    server.close()
  })

  it('delivers record.created with a valid signature and logs the delivery', async () => {
    const hook = await t.call('POST', '/api/v1/webhooks', {
      token: ws.token,
      body: { url, eventTypes: ['record.*'], objectNames: ['person'] },
    })
    expect(hook.status, JSON.stringify(hook.body)).toBe(201)
    const secret = hook.body.secret as string
    expect(secret).toBeTruthy()
    await t.call('POST', '/api/v1/records/company', { token: ws.token, body: { name: 'not delivered' } })
    const p = await t.call('POST', '/api/v1/records/person', { token: ws.token, body: { name: '王芳' } })
    const deadline = Date.now() + 30_000
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(received).toHaveLength(1)
    const msg = received[0]!
    const event = JSON.parse(msg.body)
    expect(event).toMatchObject({ type: 'record.created', objectName: 'person', recordId: p.body.id })
    expect(event.payload.record.name).toBe('王芳')
    expect(msg.headers['x-kemai-event']).toBe('record.created')
    const ok = verifyWebhook(
      secret,
      {
        signature: String(msg.headers['x-kemai-signature']),
        timestamp: String(msg.headers['x-kemai-timestamp']),
      },
      msg.body,
    )
    expect(ok).toBe(true)
    let log: { body: { data: { status: string; responseStatus: number }[] } } = { body: { data: [] } }
    while (Date.now() < deadline) {
      log = await t.call('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`, { token: ws.token })
      if (log.body.data[0]?.status === 'delivered' || log.body.data[0]?.status === 'succeeded') break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(log.body.data[0]).toMatchObject({ responseStatus: 200 })
  })
})
