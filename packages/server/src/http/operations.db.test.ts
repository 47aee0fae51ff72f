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
      config: { ...loadConfig({}), rateLimitPerIp: 3, rateLimitPerKey: 5 },
    })
    const expectLimited = async (r: Response) => {
      expect(r.status).toBe(429)
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await r.json()).code).toBe('rate_limited')
    }
    const signedIn = () =>
      app.request('/api/v1/records/person?limit=1', { headers: { authorization: `Bearer ${ws.token}` } })
    // signed-in requests count against the session's user, not the IP: 5 pass although the IP allows 3
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await signedIn()).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    await expectLimited(await signedIn())

    // requests without a valid credential count against the IP, made-up tokens included
    expect((await app.request('/api/health')).status).toBe(200)
    expect((await app.request('/api/health')).status).toBe(200)
    const madeUp = await app.request('/api/v1/records/person', {
      headers: { authorization: 'Bearer not-a-real-token' },
    })
    expect(madeUp.status).toBe(401)
    await expectLimited(await app.request('/api/health'))

    // an IP over its limit is refused before its credentials are looked up, even valid ones (here the
    // session's own budget is far from used up)
    const strict = buildApp({
      ...t.kernel.services,
      config: { ...loadConfig({}), rateLimitPerIp: 2, rateLimitPerKey: 1000 },
    })
    const headers = { authorization: `Bearer ${ws.token}` }
    expect((await strict.request('/api/v1/records/person?limit=1', { headers })).status).toBe(200)
    for (let i = 0; i < 2; i++) expect((await strict.request('/api/health')).status).toBe(200)
    await expectLimited(await strict.request('/api/v1/records/person?limit=1', { headers }))
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
