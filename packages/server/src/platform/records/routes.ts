import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { activityPatchSchema } from '@kemai/shared/api/activities.api'
import {
  activityInputSchema,
  batchRequestSchema,
  batchResponseSchema,
  listQuerySchema,
  listResponseSchema,
  recordInputSchema,
  recordSchema,
  timelineItemSchema,
  timelineResponseSchema,
} from '@kemai/shared/api/records.api'
import { translate } from '@kemai/shared/i18n/messages'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody, problem } from '../../http/openapi.ts'
import { errors } from '../errors.ts'

const objectParam = z.object({ object: z.string().max(64) })
const idParams = z.object({ object: z.string().max(64), id: z.string().max(64) })
const activityParams = idParams.extend({ activityId: z.uuid() })

/** `filter` arrives as JSON text in the query string. */
export function parseFilterParam(raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return undefined
  try {
    return JSON.parse(raw)
  } catch {
    throw errors.invalidFilter([{ path: 'filter', code: 'invalid_format' }])
  }
}

/** `If-Match: 3`, `"3"` or `W/"3"` → 3. */
export function parseIfMatch(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw.trim())
  if (!m) throw errors.badRequest([{ path: 'If-Match', code: 'invalid_format' }])
  return Number(m[1])
}

const tags = ['Records']

/** `?allowDuplicate=true`: write even when the record may duplicate existing ones (docs/api.md). */
const writeQuery = z.object({
  allowDuplicate: z.enum(['true', 'false']).optional().openapi({
    description: 'Skip the duplicate check (409 `duplicate_candidates`) of objects that have one',
  }),
})
const DUPLICATES_409 = problem(
  'A unique value is taken, or (code `duplicate_candidates`) the record may duplicate the existing ones in `candidates`',
)

export function recordsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}',
      tags,
      summary: 'List records (filter, sort, cursor pagination)',
      request: {
        params: objectParam,
        query: listQuerySchema.extend({ deleted: z.enum(['true', 'false']).optional() }),
      },
      responses: { 200: json(listResponseSchema, 'A page of records'), ...ERRORS },
    }),
    async (c) => {
      const actor = requireActor(c)
      const { object } = c.req.valid('param')
      const q = c.req.valid('query')
      const { records, views } = c.get('services')
      const { filter, sort } = await views.apply(actor, object, {
        viewId: q.view,
        filter: parseFilterParam(q.filter),
        sort: q.sort,
      })
      const r = await records.list(actor, object, {
        filter,
        sort,
        limit: q.limit,
        cursor: q.cursor,
        count: q.count === 'true',
        deleted: q.deleted === 'true',
      })
      return c.json(r as z.infer<typeof listResponseSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}',
      tags,
      summary: 'Create a record',
      request: {
        params: objectParam,
        query: writeQuery,
        body: jsonBody(recordInputSchema),
      },
      responses: {
        201: json(recordSchema, 'The created record'),
        ...ERRORS,
        409: DUPLICATES_409,
      },
    }),
    async (c) => {
      const rec = await c
        .get('services')
        .records.create(requireActor(c), c.req.valid('param').object, c.req.valid('json'), {
          allowDuplicate: c.req.valid('query').allowDuplicate === 'true',
        })
      return c.json(rec as z.infer<typeof recordSchema>, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/batch',
      tags,
      summary: 'Up to 1000 creates, updates and deletes; all-or-nothing unless partial',
      request: {
        params: objectParam,
        body: jsonBody(batchRequestSchema),
      },
      responses: {
        200: json(batchResponseSchema, 'One result per operation'),
        ...ERRORS,
        409: problem('Conflict'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const locale = c.get('locale')
      const results = await c
        .get('services')
        .records.batch(requireActor(c), c.req.valid('param').object, body.operations, {
          partial: body.partial,
          allowDuplicate: body.allowDuplicate,
        })
      return c.json(
        {
          results: results.map((r) =>
            r.ok
              ? r
              : {
                  index: r.index,
                  ok: false,
                  error: {
                    code: r.error.code,
                    status: r.error.status,
                    title: translate(locale, r.error.code, r.error.params),
                    errors: r.error.issues.map((i) => ({
                      path: i.path,
                      code: i.code,
                      message: translate(locale, `field.${i.code}`, i.params),
                    })),
                    ...('candidates' in r.error.extra ? { candidates: r.error.extra.candidates } : {}),
                    ...('keyIndex' in r.error.extra ? { keyIndex: r.error.extra.keyIndex } : {}),
                  },
                },
          ),
        } as z.infer<typeof batchResponseSchema>,
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/{id}',
      tags,
      summary: 'Read one record',
      request: { params: idParams },
      responses: { 200: json(recordSchema, 'The record'), ...ERRORS },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      const rec = await c.get('services').records.get(requireActor(c), object, id)
      c.header('ETag', `"${rec.version}"`)
      return c.json(rec as z.infer<typeof recordSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/records/{object}/{id}',
      tags,
      summary: 'Update fields of a record (If-Match: version for optimistic concurrency)',
      request: {
        params: idParams,
        headers: z.object({ 'if-match': z.string().max(20).optional() }),
        query: writeQuery,
        body: jsonBody(recordInputSchema),
      },
      responses: {
        200: json(recordSchema, 'The updated record'),
        ...ERRORS,
        409: problem(
          'Stale version (`current` holds the record as it is), or (code `duplicate_candidates`) the edit makes it a possible duplicate of the records in `candidates`',
        ),
      },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      const ifVersion = parseIfMatch(c.req.header('if-match'))
      const rec = await c.get('services').records.update(requireActor(c), object, id, c.req.valid('json'), {
        ifVersion,
        allowDuplicate: c.req.valid('query').allowDuplicate === 'true',
      })
      c.header('ETag', `"${rec.version}"`)
      return c.json(rec as z.infer<typeof recordSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/records/{object}/{id}',
      tags,
      summary: 'Move a record to the recycle bin',
      request: { params: idParams },
      responses: { 200: json(recordSchema, 'The deleted record'), ...ERRORS, 409: problem('Stale version') },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      const ifVersion = parseIfMatch(c.req.header('if-match'))
      const rec = await c.get('services').records.delete(requireActor(c), object, id, { ifVersion })
      return c.json(rec as z.infer<typeof recordSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/{id}/restore',
      tags,
      summary: 'Restore a record from the recycle bin',
      request: { params: idParams },
      responses: {
        200: json(recordSchema, 'The restored record'),
        ...ERRORS,
        409: problem('A unique value is taken'),
      },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      const rec = await c.get('services').records.restore(requireActor(c), object, id)
      return c.json(rec as z.infer<typeof recordSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/{id}/related/{relation}',
      tags,
      summary: 'Records of another object that point at this one (the inverse one-to-many list)',
      request: {
        params: idParams.extend({ relation: z.string().max(64) }),
        query: listQuerySchema.omit({ view: true }),
      },
      responses: { 200: json(listResponseSchema, 'A page of related records'), ...ERRORS },
    }),
    async (c) => {
      const { object, id, relation } = c.req.valid('param')
      const q = c.req.valid('query')
      const r = await c.get('services').records.related(requireActor(c), object, id, relation, {
        filter: parseFilterParam(q.filter),
        sort: q.sort,
        limit: q.limit,
        cursor: q.cursor,
        count: q.count === 'true',
      })
      return c.json(r as z.infer<typeof listResponseSchema>, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/{id}/timeline',
      tags,
      summary: 'Activities and field history of a record, newest first',
      request: {
        params: idParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(4096).optional(),
          types: z.string().max(200).optional(),
          hideDone: z
            .enum(['true', 'false'])
            .optional()
            .openapi({ description: 'Leave out tasks that are done' }),
        }),
      },
      responses: { 200: json(timelineResponseSchema, 'A page of the timeline'), ...ERRORS },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      const q = c.req.valid('query')
      const r = await c.get('services').timeline.list(requireActor(c), object, id, {
        limit: q.limit,
        cursor: q.cursor,
        types: q.types?.split(','),
        hideDone: q.hideDone === 'true',
      })
      return c.json(r, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/{id}/activities',
      tags,
      summary: 'Add a note, task, call, meeting or email to the record timeline',
      request: {
        params: idParams,
        body: jsonBody(activityInputSchema),
      },
      responses: { 201: json(timelineItemSchema, 'The new timeline item'), ...ERRORS },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      const item = await c
        .get('services')
        .timeline.addActivity(requireActor(c), object, id, c.req.valid('json'))
      return c.json(item, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/records/{object}/{id}/activities/{activityId}',
      tags,
      summary:
        'Edit a note, task, call or meeting of the record timeline, or tick a task done (author or admin)',
      request: {
        params: activityParams,
        body: jsonBody(activityPatchSchema),
      },
      responses: { 200: json(timelineItemSchema, 'The activity as it is now'), ...ERRORS },
    }),
    async (c) => {
      const { object, id, activityId } = c.req.valid('param')
      const item = await c
        .get('services')
        .timeline.updateActivity(requireActor(c), object, id, activityId, c.req.valid('json'))
      return c.json(item, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/records/{object}/{id}/activities/{activityId}',
      tags,
      summary: 'Delete a note, task, call or meeting from every timeline it is on (author or admin)',
      request: { params: activityParams },
      responses: { 204: { description: 'Deleted' }, ...ERRORS },
    }),
    async (c) => {
      const { object, id, activityId } = c.req.valid('param')
      await c.get('services').timeline.deleteActivity(requireActor(c), object, id, activityId)
      return c.body(null, 204)
    },
  )
}
