import { Readable } from 'node:stream'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { fileInfoSchema, fileListSchema, uploadQuerySchema } from '@kemai/shared/api/files.api'
import type { Context } from 'hono'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { ERRORS, json, NO_CONTENT, problem } from '../access/openapi-parts.ts'
import { servedInline } from './files.service.ts'

const tags = ['Files']
const idParam = z.object({ id: z.string().max(64) })
const recordParams = z.object({ object: z.string().max(64), id: z.string().max(64) })
const binary = {
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
  required: true,
}
const uploadErrors = { ...ERRORS, 413: problem('The file is larger than the upload limit') }

/** Upload routes take the file's bytes as the body; the JSON body guard leaves them alone (http/app.ts). */
export const isUploadRequest = (method: string, path: string): boolean =>
  method === 'POST' &&
  (path === '/api/v1/files' || /^\/api\/v1\/records\/[^/]+\/[^/]+\/attachments$/.test(path))

const upload = (c: Context<AppEnv>, name: string, attachTo?: { object: string; id: string }) =>
  c.get('services').files.upload(requireActor(c), {
    name,
    mime: c.req.header('content-type'),
    body: c.req.raw.body,
    ...(attachTo && { attachTo }),
  })

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/** `/api/v1/files` and record attachments. */
export function fileRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/files',
      tags,
      summary: 'Upload a file (the body is the file; `?name=`), to put in a record’s file field',
      request: { query: uploadQuerySchema, body: binary },
      responses: { 201: json(fileInfoSchema, 'The stored file'), ...uploadErrors },
    }),
    async (c) => c.json(await upload(c, c.req.valid('query').name), 201),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/records/{object}/{id}/attachments',
      tags,
      summary: 'Attach a file to a record (the body is the file; `?name=`)',
      request: { params: recordParams, query: uploadQuerySchema, body: binary },
      responses: { 201: json(fileInfoSchema, 'The attachment'), ...uploadErrors },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      return c.json(await upload(c, c.req.valid('query').name, { object, id }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/records/{object}/{id}/attachments',
      tags,
      summary: 'Files of a record: attachments and file-field files, newest first',
      request: { params: recordParams },
      responses: { 200: json(fileListSchema, 'Files'), ...ERRORS },
    }),
    async (c) => {
      const { object, id } = c.req.valid('param')
      return c.json({ data: await c.get('services').files.listFor(requireActor(c), object, id) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/files/{id}',
      tags,
      summary: 'A file’s details',
      request: { params: idParam },
      responses: { 200: json(fileInfoSchema, 'The file'), ...ERRORS },
    }),
    async (c) => c.json(await c.get('services').files.get(requireActor(c), c.req.valid('param').id), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/files/{id}/content',
      tags,
      summary: 'Download a file (`?download=1` forces a download)',
      request: { params: idParam, query: z.object({ download: z.enum(['0', '1']).optional() }) },
      responses: {
        200: {
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
          description: 'The bytes',
        },
        ...ERRORS,
      },
    }),
    async (c) => {
      const { info, stream } = await c.get('services').files.open(requireActor(c), c.req.valid('param').id)
      const inline = servedInline(info.mime) && c.req.valid('query').download !== '1'
      c.header('Content-Type', inline ? info.mime : 'application/octet-stream')
      c.header('Content-Length', String(info.size))
      c.header('Content-Disposition', disposition(inline ? 'inline' : 'attachment', info.name))
      c.header('X-Content-Type-Options', 'nosniff')
      c.header('Content-Security-Policy', "default-src 'none'; sandbox")
      c.header('Cache-Control', 'private, max-age=0, must-revalidate')
      c.header('ETag', `"${info.sha256}"`)
      return c.body(Readable.toWeb(stream) as ReadableStream, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/files/{id}',
      tags,
      summary: 'Delete a file (uploader, admin, or who may update its record)',
      request: { params: idParam },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      await c.get('services').files.remove(requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
}
