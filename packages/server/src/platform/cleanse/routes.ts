import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  cleanseApplyBodySchema,
  cleanseApplyResponseSchema,
  cleanseScanBodySchema,
  cleanseScanResponseSchema,
} from '@kemai/shared/api/cleanse.api'
import { type AppContext, type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody } from '../../http/openapi.ts'
import { toProblem } from '../../http/problem.ts'
import { createCleanser } from './cleanse.service.ts'

const tags = ['Records']
const objectParam = z.object({ object: z.string().max(64) })

export function cleanseRoutes(app: OpenAPIHono<AppEnv>): void {
  const cleanser = (c: AppContext) =>
    createCleanser({ records: c.get('services').records, metadata: c.get('services').metadata })

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/cleanse/scan',
      tags,
      summary:
        'Suggest data fixes (full-width, whitespace, Chinese names, address codes, tags) for a page of the records the caller may read',
      request: { params: objectParam, body: jsonBody(cleanseScanBodySchema) },
      responses: {
        200: json(cleanseScanResponseSchema, 'Suggestions and the cursor of the next page'),
        ...ERRORS,
      },
    }),
    async (c) =>
      c.json(await cleanser(c).scan(requireActor(c), c.req.valid('param').object, c.req.valid('json')), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/cleanse/apply',
      tags,
      summary:
        'Apply suggested fixes, recomputed on the current records; a record changed since the scan is left alone (409 in its result)',
      request: { params: objectParam, body: jsonBody(cleanseApplyBodySchema) },
      responses: { 200: json(cleanseApplyResponseSchema, 'One result per record'), ...ERRORS },
    }),
    async (c) => {
      const out = await cleanser(c).apply(requireActor(c), c.req.valid('param').object, c.req.valid('json'))
      const locale = c.get('locale')
      return c.json(
        {
          applied: out.applied,
          failed: out.failed,
          results: out.results.map((r) => {
            if (r.ok) return r
            const { body } = toProblem(r.error, locale, c.get('requestId'))
            return {
              id: r.id,
              ok: false,
              error: { code: body.code, title: body.title, status: body.status, errors: body.errors },
            }
          }),
        },
        200,
      )
    },
  )
}
