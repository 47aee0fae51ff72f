import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createFormSchema,
  formListQuerySchema,
  formListSchema,
  formSchema,
  formSubmissionListSchema,
  MAX_SUBMISSION_BYTES,
  publicFormSchema,
  submissionListQuerySchema,
  submitResultSchema,
  updateFormSchema,
} from '@kemai/shared/api/forms.api'
import { fromFormData } from '@kemai/shared/forms/submission'
import { type Locale, translate } from '@kemai/shared/i18n/messages'
import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { type AppContext, type AppEnv, clientIp, requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody, problem } from '../../http/openapi.ts'
import type { Services } from '../../http/services.ts'
import { createRateLimiter, type RateLimiter } from '../access/rate-limit.ts'
import { AppError, errors } from '../errors.ts'
import { createFormsService, type FormsService } from './forms.service.ts'
import { createPublicFormsService, type PublicFormsService } from './public.service.ts'

const idParam = z.object({ id: z.string().max(64) })
const keyParam = z.object({ key: z.string().max(100) })
const SUBMIT_PATH = /^\/api\/v1\/public\/forms\/[^/]+\/submit$/

/** The submit endpoint reads its own body (JSON, urlencoded or multipart, at most 64 KB): bodyGuard lets it by. */
export const isFormSubmit = (method: string, path: string) => method === 'POST' && SUBMIT_PATH.test(path)

/**
 * CORS for the public form endpoints: any site may read the definition and post a submission. Safe because
 * they take no credentials (no cookie or token is read, `credentials` is not allowed) and answer only what
 * the public link already shows. Registered before the rate limits, so a 429 is readable too.
 */
export const publicFormsCors = (): MiddlewareHandler<AppEnv> =>
  cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Accept-Language'],
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  })

interface Built {
  admin: FormsService
  public: PublicFormsService
  limiter: RateLimiter
}
const built = new WeakMap<Services, Built>()

function forms(services: Services): Built {
  let b = built.get(services)
  if (!b) {
    const deps = { db: services.database.db, metadata: services.metadata, records: services.records }
    b = {
      admin: createFormsService(deps),
      public: createPublicFormsService({ ...deps, notify: () => services.events?.notify() }),
      limiter: createRateLimiter({
        limit: Math.max(1, services.config.formRateLimitPerIp),
        windowMs: 60_000,
      }),
    }
    built.set(services, b)
  }
  return b
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

/** The answer to a plain HTML form post that failed: the reasons in the visitor's language, and a way back. */
function errorPage(e: AppError, locale: Locale, key: string): string {
  const items = e.issues
    .map((i) => `<li><b>${esc(i.path)}</b>: ${esc(translate(locale, `field.${i.code}`, i.params))}</li>`)
    .join('')
  const back = locale === 'en' ? 'Go back and correct the form' : '返回修改表单'
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(translate(locale, e.code, e.params))}</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2328;line-height:1.6}a{color:#1677ff}</style></head>
<body><h1>${esc(translate(locale, e.code, e.params))}</h1>${items ? `<ul>${items}</ul>` : ''}
<p><a href="/f/${encodeURIComponent(key)}">${back}</a></p></body></html>`
}

/** Reads the submit body under its own limit: JSON, or a form post (urlencoded or multipart). */
async function readSubmission(c: AppContext): Promise<{ input: Record<string, unknown>; json: boolean }> {
  const limit = `${MAX_SUBMISSION_BYTES / 1024} KB`
  if (Number(c.req.header('content-length') ?? '0') > MAX_SUBMISSION_BYTES)
    throw errors.payloadTooLarge(limit)
  const chunks: Uint8Array[] = []
  let size = 0
  const body = c.req.raw.body
  if (body) {
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > MAX_SUBMISSION_BYTES) {
        await reader.cancel().catch(() => {})
        throw errors.payloadTooLarge(limit)
      }
      chunks.push(value)
    }
  }
  const bytes = Buffer.concat(chunks)
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    let data: FormData
    try {
      data = await new Response(bytes, { headers: { 'content-type': type } }).formData()
    } catch {
      throw errors.badRequest([{ path: 'body', code: 'invalid_format' }])
    }
    const entries: [string, string][] = []
    for (const [k, v] of data.entries())
      if (typeof v === 'string') entries.push([k, v])
      else throw errors.badRequest([{ path: k, code: 'invalid_type', params: { expected: 'string' } }])
    return { input: fromFormData(entries), json: false }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new AppError('invalid_utf8', 400)
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return { input: fromFormData(new URLSearchParams(text).entries()), json: false }
  if (!type.startsWith('application/json')) throw new AppError('unsupported_media_type', 415)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new AppError('invalid_json', 400)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw errors.validation([{ path: 'body', code: 'invalid_type', params: { expected: 'object' } }])
  return { input: parsed as Record<string, unknown>, json: true }
}

/** Web forms: administration (`/api/v1/forms`) and the public side (`/api/v1/public/forms/{key}`). */
export function formsRoutes(app: OpenAPIHono<AppEnv>): void {
  const tags = ['Forms']
  const route = <T extends Parameters<typeof createRoute>[0]>(r: T) => createRoute({ ...r, tags })
  const svc = (c: { get(k: 'services'): Services }) => forms(c.get('services')).admin
  const WITH_CONFLICT = { ...ERRORS, 409: problem('Conflict') }

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/forms',
      summary: 'Forms of the workspace (of one object with ?object=), with their submission counts',
      request: { query: formListQuerySchema },
      responses: { 200: json(formListSchema, 'Forms'), ...ERRORS },
    }),
    async (c) => c.json({ data: await svc(c).list(requireActor(c), c.req.valid('query').object) }, 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/forms',
      summary: "Create a form of an object (400 names each field that does not fit the object's metadata)",
      request: { body: jsonBody(createFormSchema) },
      responses: { 201: json(formSchema, 'The form'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).create(requireActor(c), c.req.valid('json')), 201),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/forms/{id}',
      summary: 'One form',
      request: { params: idParam },
      responses: { 200: json(formSchema, 'The form'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).get(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'patch',
      path: '/api/v1/forms/{id}',
      summary: 'Change a form (`fields` replaces the list; the object does not change)',
      request: { params: idParam, body: jsonBody(updateFormSchema) },
      responses: { 200: json(formSchema, 'The form'), ...ERRORS },
    }),
    async (c) =>
      c.json(await svc(c).update(requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route({
      method: 'delete',
      path: '/api/v1/forms/{id}',
      summary: 'Delete a form and its log (409 while an enabled workflow starts from it)',
      request: { params: idParam },
      responses: { 204: { description: 'Deleted' }, ...WITH_CONFLICT },
    }),
    async (c) => {
      await svc(c).remove(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/forms/{id}/regenerate-key',
      summary: 'A new public key: the old link and embeds stop working',
      request: { params: idParam },
      responses: { 200: json(formSchema, 'The form with its new key'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).regenerateKey(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/forms/{id}/submissions',
      summary: 'What came in through the form, newest first, with the records it created',
      request: { params: idParam, query: submissionListQuerySchema },
      responses: { 200: json(formSubmissionListSchema, 'Submissions'), ...ERRORS },
    }),
    async (c) =>
      c.json(await svc(c).submissions(requireActor(c), c.req.valid('param').id, c.req.valid('query')), 200),
  )

  const pub = (c: { get(k: 'services'): Services }) => forms(c.get('services')).public
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/public/forms/{key}',
      summary: 'A form as visitors see it, in both languages (no login; 404 when unknown or disabled)',
      security: [],
      request: { params: keyParam },
      responses: { 200: json(publicFormSchema, 'The form'), 404: problem('Unknown or disabled') },
    }),
    async (c) => {
      c.header('cache-control', 'no-store')
      return c.json(await pub(c).definition(c.req.valid('param').key), 200)
    },
  )
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/public/forms/{key}/submit',
      summary: 'Submit a form (no login, any site; rate-limited per IP; at most 64 KB)',
      description: [
        'Body: the values by field name, as JSON (`application/json`) or a plain HTML form post',
        '(`application/x-www-form-urlencoded` or `multipart/form-data`, no files). Keys starting with `_` are the',
        "form's own: `_website` is the honeypot (filled: 200 and nothing is created), `_locale` (`zh-CN`/`en`)",
        'picks the language of the answer. JSON answers 200 with the success message and redirect URL, or a',
        '400 problem with the path of each bad field in the Accept-Language; a form post answers 303 to the',
        "form's redirect URL (or its page with `?sent=1`), or a short HTML page with the reasons.",
      ].join(' '),
      security: [],
      request: { params: keyParam },
      responses: {
        200: json(submitResultSchema, 'Accepted'),
        303: { description: 'Accepted (a form post): redirected' },
        400: problem('Invalid submission'),
        404: problem('Unknown or disabled form'),
        413: problem('Body over 64 KB'),
        415: problem('Not JSON or a form post'),
        429: problem('Too many submissions from this address'),
      },
    }),
    async (c) => {
      const key = c.req.valid('param').key
      const wantsJson = (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')
      const jsonAnswer = wantsJson || (c.req.header('accept') ?? '').includes('application/json')
      try {
        const ip = clientIp(c)
        const r = forms(c.get('services')).limiter.hit(ip)
        if (!r.ok) throw errors.rateLimited(r.retryAfterSeconds)
        const { input } = await readSubmission(c)
        if (input._locale === 'en' || input._locale === 'zh-CN') c.set('locale', input._locale)
        const locale = c.get('locale')
        const out = await pub(c).submit(key, input, {
          locale,
          referrer: c.req.header('referer') ?? c.req.header('origin') ?? null,
          userAgent: c.req.header('user-agent') ?? null,
          ip,
        })
        if (jsonAnswer)
          return c.json({ ok: true as const, message: out.message, redirectUrl: out.redirectUrl }, 200)
        return c.redirect(out.redirectUrl ?? `/f/${encodeURIComponent(key)}?sent=1`, 303)
      } catch (e) {
        if (jsonAnswer || !(e instanceof AppError)) throw e
        return c.html(errorPage(e, c.get('locale'), key), e.status as 400, e.headers)
      }
    },
  )
}
