import { Readable } from 'node:stream'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createExportSchema,
  EXPORT_FINAL_STATUSES,
  exportCreatedSchema,
  exportJobSchema,
  exportListSchema,
} from '@kemai/shared/api/exports.api'
import { type AppEnv, clientIp, requireActor } from '../../../http/context.ts'
import { body, ERRORS, json, problem } from '../../access/openapi-parts.ts'
import { parseFilterParam } from '../../records/routes.ts'
import { progressStream } from '../progress-stream.ts'
import { localizedDisposition } from '../routes.ts'

const tags = ['Exports']
const idParam = z.object({ id: z.string().max(64) })
const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcf: 'text/vcard; charset=utf-8',
} as const

/** Background exports: start one for a list, follow it (JSON and SSE), cancel it, download its file (docs/export.md). */
export function exportJobRoutes(app: OpenAPIHono<AppEnv>): void {
  const svc = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').exportJobs

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/exports',
      tags,
      summary:
        'Export the records the caller may read in the background (CSV, XLSX or vCard; ≤ 1,000,000 rows); the caller is notified when the file is ready',
      request: { params: z.object({ object: z.string().max(64) }), ...body(createExportSchema) },
      responses: {
        202: json(exportCreatedSchema, 'The export is queued'),
        ...ERRORS,
        413: problem('Request body too large'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json')
      const filter = typeof input.filter === 'string' ? parseFilterParam(input.filter) : input.filter
      const job = await svc(c).start(
        requireActor(c),
        c.req.valid('param').object,
        { ...input, filter },
        { ip: clientIp(c) ?? null },
      )
      return c.json({ id: job.id, status: job.status }, 202)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/exports',
      tags,
      summary: 'My latest exports (at most 50, newest first; kept 7 days)',
      responses: { 200: json(exportListSchema, 'Exports'), ...ERRORS },
    }),
    async (c) => c.json({ data: await svc(c).list(requireActor(c)) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/exports/{id}',
      tags,
      summary: 'One of my exports: status, rows done/total, error, file name (404 for anyone else)',
      request: { params: idParam },
      responses: { 200: json(exportJobSchema, 'The export'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).get(requireActor(c), c.req.valid('param').id), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/exports/{id}/cancel',
      tags,
      summary:
        'Cancel one of my queued or running exports: cancelled at once, a running one stops at its next page and its partial file is removed (409 once it has ended)',
      request: { params: idParam },
      responses: { 200: json(exportJobSchema, 'The export, cancelled'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).cancel(requireActor(c), c.req.valid('param').id), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/exports/{id}/stream',
      tags,
      summary:
        'Follow one of my exports (Server-Sent Events): `event: progress` with the export at once and whenever it changed; ends at done, failed or cancelled',
      request: { params: idParam },
      responses: {
        200: {
          content: {
            'text/event-stream': {
              schema: z.string().openapi({
                description:
                  '`event: progress` events whose `data` is the export (as GET /api/v1/exports/{id} returns it) as JSON',
              }),
            },
          },
          description: 'The event stream',
        },
        ...ERRORS,
      },
    }),
    async (c) => {
      const actor = requireActor(c)
      const id = c.req.valid('param').id
      return progressStream(
        c,
        () => svc(c).get(actor, id),
        (status) => EXPORT_FINAL_STATUSES.has(status),
      ) as never
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/exports/{id}/download',
      tags,
      summary:
        'The file of a finished export, named in the language it was started in (409 until it is done)',
      request: { params: idParam },
      responses: {
        200: {
          content: {
            'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
          },
          description: 'The file (text/csv, XLSX or text/vcard)',
        },
        ...ERRORS,
      },
    }),
    async (c) => {
      const { job, stream } = await svc(c).open(requireActor(c), c.req.valid('param').id)
      const name = job.fileName ?? `${job.object}.${job.format}`
      const base = name.endsWith(`.${job.format}`) ? name.slice(0, -job.format.length - 1) : name
      return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
        'content-type': MIME[job.format],
        'content-disposition': localizedDisposition(job.object, base, job.format),
        'x-content-type-options': 'nosniff',
        ...(job.size === null ? {} : { 'content-length': String(job.size) }),
      }) as never
    },
  )
}
