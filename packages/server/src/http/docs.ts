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

/** The API reference (Swagger UI served from the installed package: no CDN). `/` is the web app (web.ts). */
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
}
