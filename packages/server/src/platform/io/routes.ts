import { Readable } from 'node:stream'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { type AppEnv, clientIp, requireActor } from '../../http/context.ts'
import { problem } from '../../http/openapi.ts'
import { parseFilterParam } from '../records/routes.ts'
import { parseColumnsQuery } from './csv-export.ts'
import { textBody } from './export-pages.ts'

const exportRequest = {
  params: z.object({ object: z.string().max(64) }),
  query: z.object({
    filter: z.string().max(65_536).optional(),
    sort: z.string().max(500).optional(),
    view: z.string().uuid().optional(),
    /** the columns after `id`, comma-separated, in order: field names and owner_id, created_at, updated_at */
    columns: z.string().max(10_000).optional(),
  }),
}
const exportErrors = {
  400: problem('Invalid filter or too many rows'),
  401: problem('Not signed in'),
  403: problem('Not allowed'),
  404: problem('Unknown object'),
}

/** What both exports need: the actor, the object and the filter/sort after applying a saved view. */
async function exportInput(c: Context<AppEnv>) {
  const actor = requireActor(c)
  const object = c.req.param('object') ?? ''
  const q = c.req.query()
  const { filter, sort } = await c.get('services').views.apply(actor, object, {
    viewId: q.view,
    filter: parseFilterParam(q.filter),
    sort: q.sort,
  })
  return {
    actor,
    object,
    opts: { filter, sort, locale: c.get('locale'), ip: clientIp(c), columns: parseColumnsQuery(q.columns) },
  }
}

const disposition = (object: string, ext: string) => `attachment; filename="${object}.${ext}"`

/**
 * A download named in the caller's language (联系人.vcf), with the object name as the ASCII fallback:
 * RFC 6266 `filename*` in RFC 5987 encoding, which leaves only attr-chars unescaped.
 */
export function localizedDisposition(object: string, label: string, ext: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const name = `${label.replace(/[\x00-\x1f\x7f/\\:*?"<>|]/g, '_').trim() || object}.${ext}`
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${object}.${ext}"; filename*=UTF-8''${encoded}`
}

export function ioRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/export.csv',
      tags: ['Records'],
      summary:
        'Export the records the caller may read as CSV (UTF-8 with BOM, formula-safe, audited; ≤ 100,000 rows)',
      request: exportRequest,
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
        ...exportErrors,
      },
    }),
    async (c) => {
      const { actor, object, opts } = await exportInput(c)
      const gen = c.get('services').exporter.export(actor, object, opts)
      // the first chunk runs every check: errors still become a problem response
      const first = await gen.next()
      return c.body(textBody(gen, first), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': disposition(object, 'csv'),
      }) as never
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/export.xlsx',
      tags: ['Records'],
      summary:
        'The same export as an Excel workbook (numbers as numbers, text cells never formulas; audited)',
      request: exportRequest,
      responses: {
        200: {
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: z.string().openapi({ format: 'binary' }),
            },
          },
          description: 'XLSX',
        },
        ...exportErrors,
      },
    }),
    async (c) => {
      const { actor, object, opts } = await exportInput(c)
      const stream = await c.get('services').exporter.xlsx(actor, object, opts)
      return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': disposition(object, 'xlsx'),
      }) as never
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/export.vcf',
      tags: ['Records'],
      summary:
        'The same export as vCards 4.0 (RFC 6350), for objects of people such as person; others answer 400 export.vcard_unsupported (audited)',
      request: { params: exportRequest.params, query: exportRequest.query.omit({ columns: true }) },
      responses: {
        200: { content: { 'text/vcard': { schema: z.string() } }, description: 'vCard 4.0' },
        ...exportErrors,
      },
    }),
    async (c) => {
      const { actor, object, opts } = await exportInput(c)
      const { label, cards } = await c.get('services').exporter.vcard(actor, object, opts)
      const first = await cards.next()
      return c.body(textBody(cards, first), 200, {
        'content-type': 'text/vcard; charset=utf-8',
        'content-disposition': localizedDisposition(object, label, 'vcf'),
      }) as never
    },
  )
}
