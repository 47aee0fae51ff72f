import type { z } from '@hono/zod-openapi'
import { problemSchema } from '@kemai/shared/errors'

/** Shared pieces of route definitions, so every route documents its bodies and errors the same way. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

export const problem = (description: string) => ({
  content: { 'application/problem+json': { schema: problemSchema } },
  description,
})

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
})

/** The error answers most routes can give. */
export const ERRORS = {
  400: problem('Invalid input'),
  401: problem('Not signed in'),
  403: problem('Not allowed'),
  404: problem('Not found'),
}
