import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { fileInfoSchema, uploadQuerySchema } from '@kemai/shared/api/files.api'
import {
  createImportSchema,
  importListSchema,
  importSchema,
  previewQuerySchema,
  previewSchema,
  templateInputSchema,
  templateListSchema,
  templateSchema,
  updateImportSchema,
} from '@kemai/shared/api/imports.api'
import { type AppEnv, clientIp, requireActor } from '../../../http/context.ts'
import { body, ERRORS, json, NO_CONTENT, problem } from '../../access/openapi-parts.ts'
import { progressStream } from '../progress-stream.ts'

const tags = ['Imports']
const idParam = z.object({ id: z.string().max(64) })

/** The import upload takes the file's bytes as its body (up to the import limit); the JSON guard leaves it alone. */
export const isImportUpload = (method: string, path: string): boolean =>
  method === 'POST' && path === '/api/v1/imports/files'

/** `/api/v1/imports`: upload, create, map, preview, start, progress (JSON and SSE), cancel, undo, error report, templates. */
export function importRoutes(app: OpenAPIHono<AppEnv>): void {
  const svc = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').imports

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/imports/files',
      tags,
      summary: 'Upload a file to import (the body is the file; `?name=`); up to 200 MB',
      request: {
        query: uploadQuerySchema,
        body: {
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
          required: true,
        },
      },
      responses: {
        201: json(fileInfoSchema, 'The stored file'),
        ...ERRORS,
        413: problem('Larger than the import limit'),
      },
    }),
    async (c) => {
      const info = await c.get('services').importFiles.upload(requireActor(c), {
        name: c.req.valid('query').name,
        mime: c.req.header('content-type'),
        body: c.req.raw.body,
      })
      return c.json(info, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/imports',
      tags,
      summary: 'Create an import from an uploaded file: reads the header and maps the columns automatically',
      request: body(createImportSchema),
      responses: { 201: json(importSchema, 'The import (draft)'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).create(requireActor(c), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports',
      tags,
      summary: 'My recent imports (all imports for an admin), newest first',
      request: { query: z.object({ object: z.string().max(64).optional() }) },
      responses: { 200: json(importListSchema, 'Imports'), ...ERRORS },
    }),
    async (c) =>
      c.json({ data: await svc(c).list(requireActor(c), c.req.valid('query').object ?? null) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/{id}',
      tags,
      summary: 'An import with its progress (rows done/total, ETA)',
      request: { params: idParam },
      responses: { 200: json(importSchema, 'The import'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).get(requireActor(c), c.req.valid('param').id), 200),
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/imports/{id}',
      tags,
      summary: 'Change the mapping, the duplicate policy or the encoding of a draft import',
      request: { params: idParam, ...body(updateImportSchema) },
      responses: { 200: json(importSchema, 'The import'), ...ERRORS },
    }),
    async (c) =>
      c.json(await svc(c).update(requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/{id}/preview',
      tags,
      summary: 'The first rows mapped, matched and validated (nothing is written)',
      request: { params: idParam, query: previewQuerySchema },
      responses: { 200: json(previewSchema, 'Preview rows'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        {
          rows: await svc(c).preview(
            requireActor(c),
            c.req.valid('param').id,
            c.req.valid('query').limit ?? 20,
          ),
        },
        200,
      ),
  )

  for (const [action, summary] of [
    ['start', 'Start the import (a background job)'],
    ['cancel', 'Cancel a queued or running import (at the next batch boundary)'],
    ['undo', 'Undo a finished import: delete the records it created, set updated fields back'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/imports/{id}/${action}`,
        tags,
        summary,
        request: { params: idParam },
        responses: { 200: json(importSchema, 'The import'), ...ERRORS },
      }),
      async (c) => {
        const actor = requireActor(c)
        const id = c.req.valid('param').id
        const s = svc(c)
        const r =
          action === 'start'
            ? await s.start(actor, id, clientIp(c))
            : action === 'cancel'
              ? await s.cancel(actor, id)
              : await s.undo(actor, id, clientIp(c))
        return c.json(r, 200)
      },
    )
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/{id}/errors.csv',
      tags,
      summary: 'The failed rows with their problems, as CSV (UTF-8 with BOM)',
      request: { params: idParam },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' }, ...ERRORS },
    }),
    async (c) => {
      const gen = svc(c).errorReport(requireActor(c), c.req.valid('param').id, c.get('locale'))
      const first = await gen.next()
      const enc = new TextEncoder()
      const stream = new ReadableStream<Uint8Array>({
        start(ctl) {
          if (!first.done) ctl.enqueue(enc.encode(first.value))
        },
        async pull(ctl) {
          const n = await gen.next()
          if (n.done) ctl.close()
          else ctl.enqueue(enc.encode(n.value))
        },
        async cancel() {
          await gen.return(undefined)
        },
      })
      return c.body(stream, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="import-errors.csv"`,
      }) as never
    },
  )

  // Server-Sent Events: `event: progress` with the import (as GET returns it) whenever it changed, about once
  // a second, until it reaches a final state. A plain route, as the notification stream.
  app.get('/api/v1/imports/:id/stream', (c) => {
    const actor = requireActor(c)
    const id = c.req.param('id')
    return progressStream(
      c,
      () => svc(c).get(actor, id),
      (status) => ['done', 'cancelled', 'failed', 'undone', 'draft'].includes(status),
    )
  })

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/import-templates',
      tags,
      summary: 'Saved mappings of an object',
      request: { query: z.object({ object: z.string().min(1).max(64) }) },
      responses: { 200: json(templateListSchema, 'Templates'), ...ERRORS },
    }),
    async (c) => c.json({ data: await svc(c).templates(requireActor(c), c.req.valid('query').object) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/import-templates',
      tags,
      summary: 'Save a mapping as a template (same object and name: replaced)',
      request: body(templateInputSchema),
      responses: { 201: json(templateSchema, 'The template'), ...ERRORS },
    }),
    async (c) => c.json(await svc(c).saveTemplate(requireActor(c), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/import-templates/{id}',
      tags,
      summary: 'Delete a template',
      request: { params: idParam },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      await svc(c).deleteTemplate(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204) as never
    },
  )
}
