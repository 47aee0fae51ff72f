import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { searchQuerySchema, searchResponseSchema } from '@kemai/shared/api/search.api'
import { problemSchema } from '@kemai/shared/errors'
import { type AppEnv, requireActor } from '../../http/context.ts'

export function searchRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/search',
      tags: ['Search'],
      summary: 'Global search across objects: characters, pinyin, initials and typos; grouped by object',
      request: {
        query: searchQuerySchema,
      },
      responses: {
        200: {
          content: {
            'application/json': {
              schema: searchResponseSchema,
            },
          },
          description: 'Hits grouped by object, best first',
        },
        400: {
          content: { 'application/problem+json': { schema: problemSchema } },
          description: 'Invalid query',
        },
        401: {
          content: { 'application/problem+json': { schema: problemSchema } },
          description: 'Not signed in',
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const r = await c.get('services').search.search(requireActor(c), q.q, {
        objects: q.objects?.split(',').filter(Boolean),
        limit: q.limit,
      })
      const strip = ({ ownerId: _o, updatedAt: _u, ...h }: (typeof r.hits)[number]) => h
      return c.json(
        { groups: r.groups.map((g) => ({ objectName: g.objectName, hits: g.hits.map(strip) })) },
        200,
      )
    },
  )
}
