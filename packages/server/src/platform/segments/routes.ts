import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  listMembersAddSchema,
  listMembersChangeSchema,
  listMembersRemoveSchema,
  membersQuerySchema,
  membersSchema,
  segmentHistorySchema,
  segmentInputSchema,
  segmentPatchSchema,
  segmentSchema,
  staticListInputSchema,
  staticListPatchSchema,
  staticListSchema,
} from '@kemai/shared/api/segments.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody } from '../../http/openapi.ts'

const idParam = z.object({ id: z.string().max(64) })
const objectQuery = z.object({ object: z.string().max(64) })

/**
 * Segments (`/api/v1/segments`) and static lists (`/api/v1/lists`) of any object (docs/segments.md).
 */
export function segmentsRoutes(app: OpenAPIHono<AppEnv>): void {
  const tags = ['Segments']
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments',
      tags,
      summary: "Segments of an object (shared ones and the caller's), each with its live count",
      request: { query: objectQuery },
      responses: { 200: json(z.object({ data: z.array(segmentSchema) }), 'Segments'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        { data: await c.get('services').segments.list(requireActor(c), c.req.valid('query').object) },
        200,
      ),
  )
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/segments',
      tags,
      summary: 'Save a filter as a segment; its membership is computed in the background',
      request: { body: jsonBody(segmentInputSchema) },
      responses: { 201: json(segmentSchema, 'The segment'), ...ERRORS },
    }),
    async (c) => c.json(await c.get('services').segments.create(requireActor(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/{id}',
      tags,
      summary: 'One segment with its live count',
      request: { params: idParam },
      responses: { 200: json(segmentSchema, 'The segment'), ...ERRORS },
    }),
    async (c) => c.json(await c.get('services').segments.get(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/segments/{id}',
      tags,
      summary: 'Change a segment (its owner or an admin); a new filter recomputes the membership',
      request: { params: idParam, body: jsonBody(segmentPatchSchema) },
      responses: { 200: json(segmentSchema, 'The segment'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c
          .get('services')
          .segments.update(requireActor(c), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  )
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/segments/{id}',
      tags,
      summary: 'Delete a segment with its membership and history (its owner or an admin)',
      request: { params: idParam },
      responses: { 204: { description: 'Deleted' }, ...ERRORS },
    }),
    async (c) => {
      await c.get('services').segments.remove(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/{id}/members',
      tags,
      summary: 'Members the caller may read, as records (sort and cursor as in the records list)',
      request: { params: idParam, query: membersQuerySchema },
      responses: { 200: json(membersSchema, 'Members'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c
          .get('services')
          .segments.members(requireActor(c), c.req.valid('param').id, c.req.valid('query')),
        200,
      ),
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/{id}/history',
      tags,
      summary: 'Who entered and left the segment, newest first (records the caller may read)',
      request: {
        params: idParam,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(20).optional(),
        }),
      },
      responses: { 200: json(segmentHistorySchema, 'History'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c
          .get('services')
          .segments.history(requireActor(c), c.req.valid('param').id, c.req.valid('query')),
        200,
      ),
  )

  const listTags = ['Lists']
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/lists',
      tags: listTags,
      summary: "Static lists of an object (shared ones and the caller's), each with its count",
      request: { query: objectQuery },
      responses: { 200: json(z.object({ data: z.array(staticListSchema) }), 'Lists'), ...ERRORS },
    }),
    async (c) =>
      c.json({ data: await c.get('services').lists.list(requireActor(c), c.req.valid('query').object) }, 200),
  )
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/lists',
      tags: listTags,
      summary: 'Create a static list',
      request: { body: jsonBody(staticListInputSchema) },
      responses: { 201: json(staticListSchema, 'The list'), ...ERRORS },
    }),
    async (c) => c.json(await c.get('services').lists.create(requireActor(c), c.req.valid('json')), 201),
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/lists/{id}',
      tags: listTags,
      summary: 'One static list with its count',
      request: { params: idParam },
      responses: { 200: json(staticListSchema, 'The list'), ...ERRORS },
    }),
    async (c) => c.json(await c.get('services').lists.get(requireActor(c), c.req.valid('param').id), 200),
  )
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/lists/{id}',
      tags: listTags,
      summary: 'Rename or share a list (its owner or an admin)',
      request: { params: idParam, body: jsonBody(staticListPatchSchema) },
      responses: { 200: json(staticListSchema, 'The list'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c.get('services').lists.update(requireActor(c), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  )
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/lists/{id}',
      tags: listTags,
      summary: 'Delete a list (its owner or an admin); the records stay',
      request: { params: idParam },
      responses: { 204: { description: 'Deleted' }, ...ERRORS },
    }),
    async (c) => {
      await c.get('services').lists.remove(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/lists/{id}/members',
      tags: listTags,
      summary: 'Members the caller may read, as records',
      request: { params: idParam, query: membersQuerySchema },
      responses: { 200: json(membersSchema, 'Members'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c.get('services').lists.members(requireActor(c), c.req.valid('param').id, c.req.valid('query')),
        200,
      ),
  )
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/lists/{id}/members',
      tags: listTags,
      summary: 'Add records by id (a list selection) or every readable record matching a filter',
      request: { params: idParam, body: jsonBody(listMembersAddSchema) },
      responses: { 200: json(listMembersChangeSchema, 'Changed'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c.get('services').lists.add(requireActor(c), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  )
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/lists/{id}/members/remove',
      tags: listTags,
      summary: 'Remove records from a list',
      request: { params: idParam, body: jsonBody(listMembersRemoveSchema) },
      responses: { 200: json(listMembersChangeSchema, 'Changed'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c
          .get('services')
          .lists.removeMembers(requireActor(c), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  )
}
