import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { createKernel } from '../kernel.ts'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../test/kernel.ts'
import { buildApp } from './app.ts'

describe('operations: rate limits, request ids, metrics', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('ops')
  })
  afterAll(async () => {
    await t.close()
  })

  it('answers 429 with Retry-After per IP and per key', async () => {
    const app = buildApp({
      ...t.kernel.services,
      config: { ...loadConfig({}), rateLimitPerIp: 5, rateLimitPerKey: 3 },
    })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      const r = await app.request('/api/v1/records/person?limit=1', {
        headers: { authorization: `Bearer ${ws.token}` },
      })
      statuses.push(r.status)
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
        const body = await r.json()
        expect(body.code).toBe('rate_limited')
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const anon = await app.request('/api/health')
    expect(anon.status).toBe(429) // the IP's 5 requests are used up
  })

  it('echoes a safe X-Request-Id and puts it in problems', async () => {
    const r = await t.call('GET', '/api/v1/records/nope', {
      token: ws.token,
      headers: { 'x-request-id': 'abc-123' },
    })
    expect(r.headers.get('x-request-id')).toBe('abc-123')
    expect(r.body.requestId).toBe('abc-123')
    const hostile = await t.call('GET', '/api/health', { headers: { 'x-request-id': 'a b<script>' } })
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('exposes Prometheus metrics with latency histograms by route, queue depth and outbox lag', async () => {
    await t.call('GET', '/api/v1/records/person', { token: ws.token })
    await t.kernel.startWorker()
    const r = await t.app.request('/api/metrics')
    const text = await r.text()
    expect(r.headers.get('content-type')).toContain('text/plain')
    expect(text).toContain(
      'kemai_http_request_duration_seconds_bucket{method="GET",route="/api/v1/records/:object",le="0.5"}',
    )
    expect(text).toMatch(/kemai_outbox_pending \d+/)
    expect(text).toMatch(/kemai_job_queue_depth \d+/)
    expect(text).toMatch(/process_resident_memory_bytes \d+/)
  })

  it('a kernel without a worker still serves metrics', async () => {
    const k = createKernel(t.database, loadConfig({}))
    const text = await (await buildApp(k.services).request('/api/metrics')).text()
    expect(text).toContain('kemai_http_request_duration_seconds')
  })
})
