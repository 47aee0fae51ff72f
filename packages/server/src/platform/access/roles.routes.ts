import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import {
  createRoleBodySchema,
  grantBodySchema,
  idParamSchema,
  roleGrantParamSchema,
  roleListSchema,
  roleSchema,
  updateRoleBodySchema,
} from '@kemai/shared/api/access.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { body, ERRORS, json, NO_CONTENT, requestMeta } from './openapi-parts.ts'

const tags = ['Roles']

export function rolesRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/roles',
      tags,
      summary: 'Roles with their grants (admin)',
      responses: { 200: json(roleListSchema, 'Roles'), ...ERRORS },
    }),
    async (c) => c.json({ data: await c.get('services').access.roles.list(requireActor(c)) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/roles',
      tags,
      summary: 'Create a role with grants (admin)',
      request: body(createRoleBodySchema),
      responses: { 201: json(roleSchema, 'Created'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await c.get('services').access.roles.create(requireActor(c), c.req.valid('json'), requestMeta(c)),
        201,
      ),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/roles/{id}',
      tags,
      summary: 'One role with its grants (admin)',
      request: { params: idParamSchema },
      responses: { 200: json(roleSchema, 'The role'), ...ERRORS },
    }),
    async (c) =>
      c.json(await c.get('services').access.roles.get(requireActor(c), c.req.valid('param').id), 200),
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/roles/{id}',
      tags,
      summary: 'Rename a role, or replace all its grants (admin)',
      request: { params: idParamSchema, ...body(updateRoleBodySchema) },
      responses: { 200: json(roleSchema, 'Changed'), ...ERRORS },
    }),
    async (c) => {
      const role = await c
        .get('services')
        .access.roles.update(requireActor(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c))
      return c.json(role, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/roles/{id}',
      tags,
      summary: 'Delete a role no user has (admin; admin roles cannot be deleted)',
      request: { params: idParamSchema },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      await c.get('services').access.roles.remove(requireActor(c), c.req.valid('param').id, requestMeta(c))
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/roles/{id}/grants/{object}',
      tags,
      summary: 'Set the grant of one object (or `*`, the default for all objects) on a role (admin)',
      request: { params: roleGrantParamSchema, ...body(grantBodySchema) },
      responses: { 200: json(roleSchema, 'The role, changed'), ...ERRORS },
    }),
    async (c) => {
      const { id, object } = c.req.valid('param')
      const role = await c
        .get('services')
        .access.roles.setGrant(requireActor(c), id, { ...c.req.valid('json'), object }, requestMeta(c))
      return c.json(role, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/roles/{id}/grants/{object}',
      tags,
      summary: 'Remove the grant of one object from a role (admin)',
      request: { params: roleGrantParamSchema },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      const { id, object } = c.req.valid('param')
      await c.get('services').access.roles.removeGrant(requireActor(c), id, object, requestMeta(c))
      return c.body(null, 204)
    },
  )
}
