import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import {
  createUserBodySchema,
  idParamSchema,
  updateUserBodySchema,
  userListQuerySchema,
  userListSchema,
  userSchema,
} from '@kemai/shared/api/access.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { toUserDto } from './access.mappers.ts'
import { body, ERRORS, json, NO_CONTENT, requestMeta } from './openapi-parts.ts'

const tags = ['Users']

export function usersRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/users',
      tags,
      summary: 'List users (every signed-in user may)',
      request: { query: userListQuerySchema },
      responses: { 200: json(userListSchema, 'Users'), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const rows = await c.get('services').access.users.list(requireActor(c), {
        includeInactive: q.includeInactive === 'true',
        ...(q.roleId ? { roleId: q.roleId } : {}),
      })
      return c.json({ data: rows.map(toUserDto) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/users',
      tags,
      summary: 'Create a user (admin)',
      request: body(createUserBodySchema),
      responses: { 201: json(userSchema, 'Created'), ...ERRORS },
    }),
    async (c) => {
      const row = await c
        .get('services')
        .access.users.create(requireActor(c), c.req.valid('json'), requestMeta(c))
      return c.json(toUserDto(row), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/users/{id}',
      tags,
      summary: 'One user',
      request: { params: idParamSchema },
      responses: { 200: json(userSchema, 'The user'), ...ERRORS },
    }),
    async (c) => {
      const row = await c.get('services').access.users.get(requireActor(c), c.req.valid('param').id)
      return c.json(toUserDto(row), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/users/{id}',
      tags,
      summary: 'Change a user (admin; anyone may change their own name and locale)',
      request: { params: idParamSchema, ...body(updateUserBodySchema) },
      responses: { 200: json(userSchema, 'Changed'), ...ERRORS },
    }),
    async (c) => {
      const row = await c
        .get('services')
        .access.users.update(requireActor(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c))
      return c.json(toUserDto(row), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/users/{id}',
      tags,
      summary:
        'Deactivate a user (admin): sign-in, sessions and API keys stop working; records keep their owner',
      request: { params: idParamSchema },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      await c
        .get('services')
        .access.users.deactivate(requireActor(c), c.req.valid('param').id, requestMeta(c))
      return c.body(null, 204)
    },
  )
}
