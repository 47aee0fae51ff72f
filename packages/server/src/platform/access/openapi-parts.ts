import type { z } from '@hono/zod-openapi'
import { problemSchema } from '@kemai/shared/errors'
import { type AppContext, clientIp } from '../../http/context.ts'
import type { RequestMeta } from './auth.service.ts'

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})
export const problem = (description: string) => ({
  content: { 'application/problem+json': { schema: problemSchema } },
  description,
})
export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})
export const NO_CONTENT = { 204: { description: 'Done' } }
/** The error answers every access route can give. */
export const ERRORS = {
  400: problem('Invalid input'),
  401: problem('Not signed in'),
  403: problem('Not allowed'),
  404: problem('Not found'),
  409: problem('Conflicts with the current state'),
}
/** Who made the request, for the audit log. */
export const requestMeta = (c: AppContext): RequestMeta => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent') ?? null,
})
