import type { MiddlewareHandler } from 'hono'
import { AppError, errors } from '../platform/errors.ts'
import type { AppEnv } from './context.ts'

export const MAX_BODY_BYTES = 1024 * 1024

/**
 * Guards every request body before a route sees it: at most 1 MB (413), JSON only (415), valid UTF-8,
 * well-formed JSON (400 with a code). The decoded text is left in Hono's body cache for the validators.
 */
export function bodyGuard(
  limit = MAX_BODY_BYTES,
  /** requests whose body is a file upload, streamed by its route under its own limit */
  isUpload: (method: string, path: string) => boolean = () => false,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'DELETE') return next()
    if (isUpload(method, c.req.path)) return next()
    const declared = Number(c.req.header('content-length') ?? '0')
    if (declared > limit) throw errors.payloadTooLarge('1 MB')
    const body = c.req.raw.body
    if (!body) return next()
    const chunks: Uint8Array[] = []
    let size = 0
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => {})
        throw errors.payloadTooLarge('1 MB')
      }
      chunks.push(value)
    }
    if (size === 0) {
      ;(c.req.bodyCache as Record<string, unknown>).text = Promise.resolve('')
      return next()
    }
    const type = (c.req.header('content-type') ?? '').toLowerCase()
    if (!type.startsWith('application/json') && !type.includes('+json')) {
      throw new AppError('unsupported_media_type', 415)
    }
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
    } catch {
      throw new AppError('invalid_utf8', 400)
    }
    try {
      JSON.parse(text)
    } catch {
      throw new AppError('invalid_json', 400)
    }
    ;(c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text)
    return next()
  }
}
