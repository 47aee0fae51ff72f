import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webRoutes } from './web.ts'

let dist: string
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head></html>'
const JS = `console.log(${JSON.stringify('客脉'.repeat(2000))})`

function appOver(dir: string) {
  const app = new Hono()
  app.get('/api/health', (c) => c.json({ status: 'ok' }))
  webRoutes(app, { dir })
  app.notFound((c) => c.json({ code: 'not_found' }, 404))
  return app
}

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'kemai-web-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), INDEX)
  writeFileSync(join(dist, 'assets', 'index-Ab12Cd.js'), JS)
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *\n')
  writeFileSync(join(dist, '..', 'secret.txt'), 'outside')
})
afterAll(() => {
  rmSync(dist, { recursive: true, force: true })
  rmSync(join(dist, '..', 'secret.txt'), { force: true })
})

describe('web app serving', () => {
  it('lets other sites frame the public web forms (/f/{key}) and nothing else', async () => {
    const app = appOver(dist)
    const form = await app.request('/f/AbCdEfGhIjKlMnOpQrStUvWx')
    expect(form.status).toBe(200)
    expect(await form.text()).toBe(INDEX)
    expect(form.headers.get('content-security-policy')).toContain('frame-ancestors *')
    expect(form.headers.get('content-security-policy')).toContain("script-src 'self'")
    for (const path of ['/', '/settings/forms', '/login'])
      expect((await app.request(path)).headers.get('content-security-policy'), path).toContain(
        "frame-ancestors 'none'",
      )
  })

  it('serves index.html for / and every app path, revalidated, with a CSP', async () => {
    const app = appOver(dist)
    for (const path of [
      '/',
      '/login',
      '/o/person',
      '/o/person/01a243f1-5c8b-7702-b7c0-d04ddc4bfb2d',
      '/settings/users',
    ]) {
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(await res.text()).toBe(INDEX)
    }
  })

  it('keeps /api to the API: unknown API paths are not the app', async () => {
    const app = appOver(dist)
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' })
    const res = await app.request('/api/v1/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ code: 'not_found' })
    expect((await app.request('/api')).status).toBe(404)
  })

  it('serves hashed assets for a year, gzipped when the client accepts it', async () => {
    const app = appOver(dist)
    const res = await app.request('/assets/index-Ab12Cd.js', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.length).toBeLessThan(Buffer.byteLength(JS) / 4)
    expect(gunzipSync(body).toString()).toBe(JS)

    const plain = await app.request('/assets/index-Ab12Cd.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(JS)
  })

  it('answers 304 to a matching ETag, and HEAD without a body', async () => {
    const app = appOver(dist)
    const first = await app.request('/assets/index-Ab12Cd.js')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^".+"$/)
    expect(
      (await app.request('/assets/index-Ab12Cd.js', { headers: { 'if-none-match': etag } })).status,
    ).toBe(304)
    const head = await app.request('/robots.txt', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('14')
    expect(await head.text()).toBe('')
  })

  it('gives 404 for a missing asset or file instead of the app', async () => {
    const app = appOver(dist)
    expect((await app.request('/assets/index-OLD123.js')).status).toBe(404)
    expect((await app.request('/favicon.ico')).status).toBe(404)
  })

  it('never leaves the dist folder', async () => {
    const app = appOver(dist)
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00'])
      expect(await (await app.request(path)).text(), path).not.toBe('outside')
  })

  it('explains how to build the app when dist is missing', async () => {
    const app = appOver(join(dist, 'nope'))
    const res = await app.request('/o/person')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('npm run build')
  })
})
