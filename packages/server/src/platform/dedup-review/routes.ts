import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  dedupClustersPageSchema,
  dedupClustersQuerySchema,
  dedupDismissResponseSchema,
  dedupScanSchema,
  dedupScanStateSchema,
  dedupSettingsSchema,
} from '@kemai/shared/api/dedup-review.api'
import type { AppContext, AppEnv } from '../../http/context.ts'
import { requireActor } from '../../http/context.ts'
import { ERRORS, json, jsonBody } from '../../http/openapi.ts'
import type { Services } from '../../http/services.ts'
import { createDedupReviewService, type DedupReviewService } from './service.ts'

const objectParam = z.object({ object: z.string().max(64) })
const tags = ['Duplicates']

/** One review service per kernel, built from its database, metadata and merge service. */
const built = new WeakMap<Services, DedupReviewService>()
function service(c: AppContext): DedupReviewService {
  const s = c.get('services')
  let svc = built.get(s)
  if (!svc) {
    svc = createDedupReviewService({ db: s.database.db, metadata: s.metadata, merges: s.merges })
    built.set(s, svc)
  }
  return svc
}

/** The duplicate review queue (docs/dedup.md "Review queue"). */
export function dedupReviewRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/dedup/{object}/scan',
      tags,
      summary: 'Start a background duplicate scan of the object (or answer the one already running)',
      request: { params: objectParam },
      responses: {
        202: json(z.object({ scan: dedupScanSchema, started: z.boolean() }), 'The scan, queued or running'),
        ...ERRORS,
      },
    }),
    async (c) => c.json(await service(c).start(requireActor(c), c.req.valid('param').object), 202),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/dedup/{object}/scan',
      tags,
      summary: 'The latest scan of the object with its progress, and the auto-merge setting',
      request: { params: objectParam },
      responses: { 200: json(dedupScanStateSchema, 'Scan state'), ...ERRORS },
    }),
    async (c) => c.json(await service(c).state(requireActor(c), c.req.valid('param').object), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/dedup/{object}/clusters',
      tags,
      summary: 'Clusters of likely duplicates, best first, with the score and reasons of each pair',
      request: { params: objectParam, query: dedupClustersQuerySchema },
      responses: { 200: json(dedupClustersPageSchema, 'A page of clusters'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await service(c).clusters(requireActor(c), c.req.valid('param').object, c.req.valid('query')),
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/dedup/clusters/{id}/dismiss',
      tags,
      summary: 'Not duplicates: later scans leave the pairs of this cluster out',
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: json(dedupDismissResponseSchema, 'The dismissed cluster'), ...ERRORS },
    }),
    async (c) => c.json({ cluster: await service(c).dismiss(requireActor(c), c.req.valid('param').id) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/dedup/{object}/settings',
      tags,
      summary: 'Auto-merge: merge clusters whose every pair scores at or above this at the end of a scan',
      request: { params: objectParam, body: jsonBody(dedupSettingsSchema) },
      responses: { 200: json(dedupSettingsSchema, 'The setting'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await service(c).setSettings(requireActor(c), c.req.valid('param').object, c.req.valid('json')),
        200,
      ),
  )
}
