import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Context, Env, Hono } from 'hono'

/** Where `vite build` puts the web app (packages/web/dist), next to this package in the repository. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.txt',
  '.webmanifest',
])

/** Vite names every file under assets/ by its content hash: such a URL never changes meaning. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

// antd injects its styles as <style> elements at run time, hence 'unsafe-inline' for styles only
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ')
/** Web forms (`/f/{key}`) are made to be embedded in other sites' pages (an iframe): any site may frame them. */
const EMBEDDABLE_CSP = CSP.replace("frame-ancestors 'none'", 'frame-ancestors *')

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>客脉 Kemai</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328;line-height:1.6}
a{color:#1677ff}code{background:#f5f5f5;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>客脉 Kemai</h1>
<p>Web 界面尚未构建：运行 <code>npm run build</code> 后刷新（<code>npm start</code> 会自动构建）。API 文档：<a href="/api/docs">/api/docs</a>。</p>
<p>The web app is not built yet: run <code>npm run build</code> and reload (<code>npm start</code> builds it for you). API reference: <a href="/api/docs">/api/docs</a>.</p>
</body></html>`

interface CachedFile {
  body: Buffer
  gzip: Buffer | null
  type: string
  etag: string
  mtimeMs: number
}

export interface WebOptions {
  /** the built app (index.html + assets/); default packages/web/dist */
  dir?: string
}

/**
 * Serves the built web app on the API's port (ARCHITECTURE §1): files of `dist/` as they are (hashed
 * assets cached for a year, gzip when the client takes it), and `index.html` for every other GET that
 * is not under /api, so `/o/person/<id>`, `/settings/…` or `/login` open the single-page app on reload.
 * Register it after the API routes.
 */
export function webRoutes<E extends Env>(app: Hono<E>, opts: WebOptions = {}): void {
  const root = resolve(opts.dir ?? DEFAULT_WEB_DIR)
  const cache = new Map<string, CachedFile>()

  async function load(file: string): Promise<CachedFile | null> {
    let s: Awaited<ReturnType<typeof stat>>
    try {
      s = await stat(file)
    } catch {
      return null
    }
    if (!s.isFile()) return null
    const hit = cache.get(file)
    if (hit && hit.mtimeMs === s.mtimeMs) return hit
    const body = await readFile(file)
    const ext = extname(file).toLowerCase()
    const entry: CachedFile = {
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
      mtimeMs: s.mtimeMs,
    }
    cache.set(file, entry)
    return entry
  }

  function send(c: Context<E>, f: CachedFile, cacheControl: string, html: boolean, csp = CSP): Response {
    const headers: Record<string, string> = {
      'content-type': f.type,
      'cache-control': cacheControl,
      etag: f.etag,
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
    }
    if (html) {
      headers['content-security-policy'] = csp
      headers['referrer-policy'] = 'same-origin'
    }
    if (c.req.header('if-none-match') === f.etag) return c.body(null, 304, headers)
    const gzip = f.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
    if (gzip) headers['content-encoding'] = 'gzip'
    const body = gzip ? f.gzip! : f.body
    headers['content-length'] = String(body.length)
    if (c.req.method === 'HEAD') return c.body(null, 200, headers)
    return c.body(new Uint8Array(body), 200, headers)
  }

  app.on(['GET', 'HEAD'], '*', async (c) => {
    const path = c.req.path
    if (path === '/api' || path.startsWith('/api/')) return c.notFound()
    let decoded: string
    try {
      decoded = decodeURIComponent(path)
    } catch {
      return c.notFound()
    }
    if (decoded.includes('\0')) return c.notFound()
    const file = resolve(root, `.${decoded}`)
    if (file !== root && !file.startsWith(root + sep)) return c.notFound()

    if (file !== root && !decoded.endsWith('/')) {
      const f = await load(file)
      if (f)
        return send(
          c,
          f,
          decoded.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
          f.type.startsWith('text/html'),
        )
    }
    // a missing asset or file (it has an extension) is a 404, not the app: a stale tab asking for an
    // old chunk must fail loudly rather than parse index.html as JavaScript
    const last = decoded.slice(decoded.lastIndexOf('/') + 1)
    if (decoded.startsWith('/assets/') || last.includes('.')) return c.notFound()

    const index = await load(join(root, 'index.html'))
    if (!index) return c.html(NOT_BUILT, 200, { 'cache-control': REVALIDATE })
    return send(c, index, REVALIDATE, true, decoded.startsWith('/f/') ? EMBEDDABLE_CSP : CSP)
  })
}
