import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { webhookRoutes } from './routes.ts'
import { createWebhookService } from './service.ts'

describe('webhook routes', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    const service = createWebhookService({ db: t.database.db })
    webhookRoutes(t.app, () => service)
    ws = await t.workspace('hooks-http')
  })
  afterAll(async () => {
    await t?.close()
  })

  it('create, list, change, read the log, delete', async () => {
    const token = ws.token
    const bad = await t.call('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'ftp://example.com/x', eventTypes: ['record.*'] },
    })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'url', code: 'invalid_url' })])

    const created = await t.call('POST', '/api/v1/webhooks', {
      token,
      body: { url: 'https://hooks.example.com/kemai', eventTypes: ['record.*'], objectNames: ['lead'] },
    })
    expect(created.status).toBe(201)
    expect(created.body.secret).toMatch(/^whsec_/)
    const id = created.body.id as string

    const list = await t.call('GET', '/api/v1/webhooks', { token })
    expect(list.status).toBe(200)
    expect(list.body.data).toEqual([expect.objectContaining({ id, objectNames: ['lead'] })])
    expect(list.body.data[0]).not.toHaveProperty('secret')

    const rotated = await t.call('PATCH', `/api/v1/webhooks/${id}`, { token, body: { rotateSecret: true } })
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(created.body.secret)

    const log = await t.call('GET', `/api/v1/webhooks/${id}/deliveries?limit=5`, { token })
    expect(log).toMatchObject({ status: 200, body: { data: [], nextCursor: null } })
    const missing = await t.call(
      'POST',
      `/api/v1/webhooks/${id}/deliveries/00000000-0000-7000-8000-000000000000/redeliver`,
      { token },
    )
    expect(missing.status).toBe(404)

    expect((await t.call('DELETE', `/api/v1/webhooks/${id}`, { token })).status).toBe(204)
    expect((await t.call('DELETE', `/api/v1/webhooks/${id}`, { token })).status).toBe(404)
    expect((await t.call('GET', '/api/v1/webhooks')).status).toBe(401)
  })

  it('appears in the OpenAPI document', async () => {
    const spec = await t.call('GET', '/api/openapi.json')
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}',
        '/api/v1/webhooks/{id}/deliveries',
        '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      ]),
    )
    expect(spec.body.components.schemas).toHaveProperty('WebhookWithSecret')
  })
})
