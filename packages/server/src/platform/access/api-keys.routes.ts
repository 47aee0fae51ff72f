import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import {
  apiKeyListSchema,
  apiKeySchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  idParamSchema,
} from '@kemai/shared/api/access.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { toApiKeyDto } from './access.mappers.ts'
import { body, ERRORS, json, requestMeta } from './openapi-parts.ts'

const tags = ['API keys']

export function apiKeysRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/api-keys',
      tags,
      summary: 'Your API keys (admins: every key of the workspace); never the secret',
      responses: { 200: json(apiKeyListSchema, 'API keys'), ...ERRORS },
    }),
    async (c) => {
      const rows = await c.get('services').access.apiKeys.list(requireActor(c))
      return c.json({ data: rows.map(toApiKeyDto) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/api-keys',
      tags,
      summary: 'Create an API key acting as you, limited to its scopes; `key` is shown in this answer only',
      request: body(createApiKeyBodySchema),
      responses: { 201: json(createdApiKeySchema, 'Created'), ...ERRORS },
    }),
    async (c) => {
      const { key, row } = await c
        .get('services')
        .access.apiKeys.create(requireActor(c), c.req.valid('json'), requestMeta(c))
      return c.json({ ...toApiKeyDto(row), key }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/api-keys/{id}',
      tags,
      summary: 'Revoke an API key (yours; admins: any)',
      request: { params: idParamSchema },
      responses: { 200: json(apiKeySchema, 'Revoked'), ...ERRORS },
    }),
    async (c) => {
      const row = await c
        .get('services')
        .access.apiKeys.revoke(requireActor(c), c.req.valid('param').id, requestMeta(c))
      return c.json(toApiKeyDto(row), 200)
    },
  )
}
