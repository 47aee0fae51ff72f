import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { recordSummarySchema } from '@kemai/shared/api/summary.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json } from '../../http/openapi.ts'
import { createSummaryService } from './summary.ts'

export function summaryRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/{id}/summary',
      tags: ['Records'],
      summary:
        "A record's key figures for its page: last contact, open tasks, and counts of the records of every object that point at it",
      request: { params: z.object({ object: z.string().max(64), id: z.string().max(64) }) },
      responses: { 200: json(recordSummarySchema, 'Key figures'), ...ERRORS },
    }),
    async (c) => {
      const s = c.get('services')
      const { object, id } = c.req.valid('param')
      const service = createSummaryService({ db: s.database.db, records: s.records, metadata: s.metadata })
      return c.json(await service.summary(requireActor(c), object, id), 200)
    },
  )
}
