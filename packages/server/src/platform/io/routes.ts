import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { type AppEnv, clientIp, requireActor } from '../../http/context.ts'
import { problem } from '../../http/openapi.ts'
import { parseFilterParam } from '../records/routes.ts'

export function ioRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/export.csv',
      tags: ['Records'],
      summary:
        'Export the records the caller may read as CSV (UTF-8 with BOM, formula-safe, audited; ≤ 100,000 rows)',
      request: {
        params: z.object({ object: z.string().max(64) }),
        query: z.object({
          filter: z.string().max(65_536).optional(),
          sort: z.string().max(500).optional(),
          view: z.string().uuid().optional(),
        }),
      },
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
        400: problem('Invalid filter or too many rows'),
        401: problem('Not signed in'),
        403: problem('Not allowed'),
        404: problem('Unknown object'),
      },
    }),
    async (c) => {
      const actor = requireActor(c)
      const { object } = c.req.valid('param')
      const q = c.req.valid('query')
      const { exporter, views } = c.get('services')
      const { filter, sort } = await views.apply(actor, object, {
        viewId: q.view,
        filter: parseFilterParam(q.filter),
        sort: q.sort,
      })
      const gen = exporter.export(actor, object, { filter, sort, locale: c.get('locale'), ip: clientIp(c) })
      // the first chunk runs every check: errors still become a problem response
      const first = await gen.next()
      const encoder = new TextEncoder()
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          if (!first.done) controller.enqueue(encoder.encode(first.value))
        },
        async pull(controller) {
          const next = await gen.next()
          if (next.done) controller.close()
          else controller.enqueue(encoder.encode(next.value))
        },
        async cancel() {
          await gen.return(undefined)
        },
      })
      return c.body(stream, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${object}.csv"`,
      }) as never
    },
  )
}
