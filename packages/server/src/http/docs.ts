import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './context.ts'

const require = createRequire(import.meta.url)
const ASSETS = dirname(require.resolve('swagger-ui-dist/package.json'))
const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kemai API</title><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui', deepLinking: true })</script>
</body></html>`

const LANDING = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>客脉 Kemai</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328;line-height:1.6}
a{color:#1677ff}code{background:#f5f5f5;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>客脉 Kemai</h1>
<p>服务已启动。API 文档：<a href="/api/docs">/api/docs</a>，健康检查：<a href="/api/health">/api/health</a>。</p>
<p>The server is running. API reference: <a href="/api/docs">/api/docs</a> · health: <a href="/api/health">/api/health</a>.</p>
<p>Web 界面由 <code>packages/web</code> 提供，构建后会在此地址打开。The web app (<code>packages/web</code>) is served here once built.</p>
</body></html>`

/** The API reference (Swagger UI served from the installed package: no CDN) and the landing page. */
export function docsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get('/api/docs', (c) => c.html(PAGE))
  app.get('/api/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    const type = FILES[file]
    if (!type) return c.notFound()
    return c.body(await readFile(join(ASSETS, file)), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    })
  })
  app.get('/', (c) => c.html(LANDING))
}
