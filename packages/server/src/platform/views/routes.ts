import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  groupsQuerySchema,
  groupsResponseSchema,
  viewInputSchema,
  viewSchema,
} from '@kemai/shared/api/views.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody } from '../../http/openapi.ts'
import { errors } from '../errors.ts'
import { parseFilterParam } from '../records/routes.ts'

const tags = ['Views']

const idParam = z.object({ id: z.string().max(64) })

export function viewsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/views',
      tags,
      summary: "Saved views of an object: shared ones and the caller's private ones",
      request: { query: z.object({ object: z.string().max(64) }) },
      responses: { 200: json(z.object({ data: z.array(viewSchema) }), 'Views'), ...ERRORS },
    }),
    async (c) =>
      c.json({ data: await c.get('services').views.list(requireActor(c), c.req.valid('query').object) }, 200),
  )
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/views',
      tags,
      summary: 'Save a view (shared views: admins only)',
      request: { body: jsonBody(viewInputSchema) },
      responses: { 201: json(viewSchema, 'The view'), ...ERRORS },
    }),
    async (c) => c.json(await c.get('services').views.create(requireActor(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/views/{id}',
      tags,
      summary: 'One view',
      request: { params: idParam },
      responses: { 200: json(viewSchema, 'The view'), ...ERRORS },
    }),
    async (c) => c.json(await c.get('services').views.get(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/views/{id}',
      tags,
      summary: 'Change a view (its owner or an admin)',
      request: {
        params: idParam,
        body: jsonBody(viewInputSchema.partial()),
      },
      responses: { 200: json(viewSchema, 'The view'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c.get('services').views.update(requireActor(c), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  )
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/views/{id}',
      tags,
      summary: 'Delete a view (its owner or an admin)',
      request: { params: idParam },
      responses: { 204: { description: 'Deleted' }, ...ERRORS },
    }),
    async (c) => {
      await c.get('services').views.remove(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/groups',
      tags: ['Records'],
      summary:
        'Count and sums per value of a field (list group-by, kanban columns) and of the whole list (totals)',
      request: {
        params: z.object({ object: z.string().max(64) }),
        query: groupsQuerySchema,
      },
      responses: { 200: json(groupsResponseSchema, 'Groups, and the totals when asked'), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query')
      if (q.groupBy === undefined && q.totals !== 'true')
        throw errors.badRequest([{ path: 'groupBy', code: 'required' }])
      const actor = requireActor(c)
      const object = c.req.valid('param').object
      const opts = { sums: q.sum ? q.sum.split(',').filter(Boolean) : [], filter: parseFilterParam(q.filter) }
      const { records } = c.get('services')
      const data =
        q.groupBy === undefined ? [] : await records.groups(actor, object, { ...opts, groupBy: q.groupBy })
      const total = q.totals === 'true' ? await records.totals(actor, object, opts) : undefined
      return c.json(total ? { data, total } : { data }, 200)
    },
  )
}
