import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  mergeHistorySchema,
  mergePreviewQuerySchema,
  mergePreviewSchema,
  mergeRequestSchema,
  mergeResponseSchema,
  unmergeRequestSchema,
  unmergeResponseSchema,
} from '@kemai/shared/api/merge.api'
import { type AppContext, type AppEnv, clientIp, requireActor } from '../../../http/context.ts'
import { ERRORS, json, jsonBody, problem } from '../../../http/openapi.ts'
import { toProblem } from '../../../http/problem.ts'
import { AppError } from '../../errors.ts'
import type { MergeService } from './service.ts'

const objectParam = z.object({ object: z.string().max(64) })
const tags = ['Merge']

/**
 * Merge and unmerge routes (docs/merge.md), and the answer for a merged-away record: its GET says
 * where it went (404 `record_merged` with `mergedInto`). Mounted before the records routes, so the
 * middleware wraps their GET of one record.
 */
export function mergeRoutes(app: OpenAPIHono<AppEnv>): void {
  const merges = (c: AppContext): MergeService => c.get('services').merges

  app.use('/api/v1/records/:object/:id', async (c, next) => {
    await next()
    if (c.req.method !== 'GET' || c.res.status !== 404) return
    const err = c.error
    if (!(err instanceof AppError) || err.code !== 'record_not_found') return
    const actor = c.get('actor')
    if (!actor) return
    const into = await merges(c).mergedInto(actor, c.req.param('object'), c.req.param('id'))
    if (!into) return
    const { body, status, headers } = toProblem(
      new AppError('record_merged', 404, {}, [], { mergedInto: into }),
      c.get('locale'),
      c.get('requestId'),
    )
    c.res = new Response(JSON.stringify(body), { status, headers })
  })

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/merge/preview',
      tags,
      summary: 'The records side by side with the default value per field and what would move',
      request: { params: objectParam, query: mergePreviewQuerySchema },
      responses: { 200: json(mergePreviewSchema, 'The merge preview'), ...ERRORS },
    }),
    async (c) => {
      const ids = c.req
        .valid('query')
        .ids.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      const p = await merges(c).preview(requireActor(c), c.req.valid('param').object, ids)
      return c.json(p, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/merge',
      tags,
      summary: 'Merge 2–5 records into one (per-field choices; everything pointing at the others moves)',
      request: { params: objectParam, body: jsonBody(mergeRequestSchema) },
      responses: {
        200: json(mergeResponseSchema, 'The merge and the surviving record'),
        ...ERRORS,
        409: problem('A record changed since the preview, or a unique value is taken'),
      },
    }),
    async (c) => {
      const r = await merges(c).merge(
        requireActor(c),
        c.req.valid('param').object,
        c.req.valid('json'),
        clientIp(c),
      )
      return c.json(r, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/merges/{mergeId}/undo',
      tags,
      summary: `Unmerge: restore the merged records and their links (within the undo period)`,
      request: {
        params: z.object({ mergeId: z.string().max(64) }),
        body: { content: { 'application/json': { schema: unmergeRequestSchema } }, required: false },
      },
      responses: {
        200: json(unmergeResponseSchema, 'What was restored'),
        ...ERRORS,
        409: problem('Already undone, changed since the merge (`conflicts`), or the survivor is gone'),
        410: problem('The undo period is over'),
      },
    }),
    async (c) => {
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {}
      const r = await merges(c).undo(requireActor(c), c.req.valid('param').mergeId, body ?? {}, clientIp(c))
      return c.json(r, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/{id}/merges',
      tags,
      summary: 'The merges a record took part in, as survivor or as merged-away record, newest first',
      request: { params: objectParam.extend({ id: z.string().max(64) }) },
      responses: { 200: json(mergeHistorySchema, 'The merges'), ...ERRORS },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      return c.json({ data: await merges(c).history(requireActor(c), object, id) }, 200)
    },
  )
}
