import { randomUUID } from 'node:crypto'
import { OpenAPIHono } from '@hono/zod-openapi'
import { pickLocale } from '@kemai/shared/i18n/messages'
import { HTTPException } from 'hono/http-exception'
import { authMiddleware } from '../platform/access/middleware.ts'
import { createRateLimiter } from '../platform/access/rate-limit.ts'
import { accessRoutes } from '../platform/access/routes.ts'
import { automationRoutes } from '../platform/automation/routes.ts'
import { cleanseRoutes } from '../platform/cleanse/routes.ts'
import { dedupReviewRoutes } from '../platform/dedup-review/routes.ts'
import { AppError, errors } from '../platform/errors.ts'
import { fileRoutes, isUploadRequest } from '../platform/files/routes.ts'
import { formsRoutes, isFormSubmit, publicFormsCors } from '../platform/forms/routes.ts'
import { exportJobRoutes } from '../platform/io/export-jobs/routes.ts'
import { importRoutes, isImportUpload } from '../platform/io/import/routes.ts'
import { ioRoutes } from '../platform/io/routes.ts'
import { rootLogger } from '../platform/log.ts'
import { metadataRoutes } from '../platform/metadata/routes.ts'
import { followRoutes, notificationRoutes } from '../platform/notifications/routes.ts'
import { mergeRoutes } from '../platform/records/merge/routes.ts'
import { recordsRoutes } from '../platform/records/routes.ts'
import { summaryRoutes } from '../platform/records/summary.routes.ts'
import { searchRoutes } from '../platform/search/routes.ts'
import { segmentsRoutes } from '../platform/segments/routes.ts'
import { viewsRoutes } from '../platform/views/routes.ts'
import { webhookRoutes } from '../platform/webhooks/routes.ts'
import { bodyGuard } from './body.ts'
import { type AppEnv, clientIp } from './context.ts'
import { docsRoutes } from './docs.ts'
import { toProblem } from './problem.ts'
import type { Services } from './services.ts'
import { type WebOptions, webRoutes } from './web.ts'
import { zodIssues } from './zod-issues.ts'

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/**
 * The HTTP app (ARCHITECTURE §7), built over the kernel's services; tests call `app.request()` on it.
 * Every path outside /api is the web app (`web.dir`, default packages/web/dist).
 */
export function buildApp(services: Services, options: { web?: WebOptions } = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const target = (result as { target?: string }).target
        const prefix =
          target === 'query' ? 'query' : target === 'param' ? 'path' : target === 'header' ? 'header' : ''
        throw errors.validation(zodIssues(result.error, prefix))
      }
    },
  })
  const perIp = createRateLimiter({ limit: Math.max(1, services.config.rateLimitPerIp), windowMs: 60_000 })
  const perKey = createRateLimiter({ limit: Math.max(1, services.config.rateLimitPerKey), windowMs: 60_000 })

  app.use('*', async (c, next) => {
    const started = performance.now()
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    c.set('requestId', requestId)
    c.set('services', services)
    c.set('locale', pickLocale(c.req.header('accept-language')))
    c.set('actor', null)
    c.set('sessionToken', null)
    c.header('X-Request-Id', requestId)
    await next()
    const seconds = (performance.now() - started) / 1000
    const route = c.req.routePath || 'unmatched'
    services.metrics.observeRequest(c.req.method, route, c.res.status, seconds)
    rootLogger.info(
      {
        requestId,
        method: c.req.method,
        route,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
      },
      'request',
    )
  })

  app.onError((e, c) => {
    const requestId = c.get('requestId') ?? randomUUID()
    // Hono's own 4xx (e.g. its JSON validator on an empty body) keep their status
    const err =
      e instanceof HTTPException && e.status < 500
        ? new AppError(e.status === 400 ? 'invalid_json' : 'bad_request', e.status)
        : e
    if (!(err instanceof AppError)) {
      rootLogger.error({ requestId, err: { message: err.message, stack: err.stack } }, 'unhandled error')
    }
    const { body, status, headers } = toProblem(err, c.get('locale') ?? 'zh-CN', requestId)
    return c.newResponse(JSON.stringify(body), status as 400, headers)
  })

  app.notFound((c) => {
    const { body, status, headers } = toProblem(
      errors.notFound(),
      c.get('locale') ?? 'zh-CN',
      c.get('requestId'),
    )
    return c.newResponse(JSON.stringify(body), status as 404, headers)
  })

  // public forms may be used from any site (no credentials); first, so that a 429 or 413 is readable too
  app.use('/api/v1/public/forms/*', publicFormsCors())
  // Requests with a valid session or API key count against that session's or key's limit; the others
  // (no credential, or one that is not valid) against their IP's. Signed-in people behind one office
  // address therefore do not share a budget. An IP over its limit is refused before its credentials are
  // looked up, so a flood of made-up tokens costs no database work.
  app.use('/api/*', async (c, next) => {
    const r = perIp.check(clientIp(c))
    if (!r.ok) throw errors.rateLimited(r.retryAfterSeconds)
    await next()
  })
  app.use(
    '/api/*',
    bodyGuard(undefined, (m, p) => isUploadRequest(m, p) || isImportUpload(m, p) || isFormSubmit(m, p)),
  )
  app.use('/api/*', authMiddleware(services.access))
  app.use('/api/*', async (c, next) => {
    const actor = c.get('actor')
    const r = actor
      ? perKey.hit(actor.apiKeyId ? `k:${actor.apiKeyId}` : `u:${actor.userId}`)
      : perIp.hit(clientIp(c))
    if (!r.ok) throw errors.rateLimited(r.retryAfterSeconds)
    await next()
  })

  app.get('/api/health', async (c) => {
    await services.database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute()
    return c.json({ status: 'ok', db: services.database.kind, version: services.config.version })
  })
  app.get('/api/metrics', async (c) =>
    c.text(await services.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }),
  )

  accessRoutes(app)
  ioRoutes(app)
  exportJobRoutes(app)
  importRoutes(app)
  cleanseRoutes(app)
  viewsRoutes(app)
  // before recordsRoutes: its middleware answers a merged-away record's GET with where it went
  mergeRoutes(app)
  recordsRoutes(app)
  summaryRoutes(app)
  metadataRoutes(app)
  searchRoutes(app)
  segmentsRoutes(app)
  automationRoutes(app)
  dedupReviewRoutes(app)
  webhookRoutes(app, (c) => c.get('services').webhooks)
  notificationRoutes(app)
  followRoutes(app)
  fileRoutes(app)
  formsRoutes(app)

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Kemai API',
      version: services.config.version,
      description:
        'Kemai (客脉) CRM: metadata-driven records, one filter language, search. Errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
  docsRoutes(app)
  webRoutes(app, options.web)
  return app
}

export { AppError }
