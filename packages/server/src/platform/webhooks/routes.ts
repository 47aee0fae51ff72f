import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import {
  createWebhookBodySchema,
  deliveryIdParamSchema,
  deliveryListQuerySchema,
  deliveryListSchema,
  deliverySchema,
  updateWebhookBodySchema,
  webhookIdParamSchema,
  webhookListSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '@kemai/shared/api/webhooks.api'
import { z } from 'zod'
import { type AppContext, type AppEnv, requireActor } from '../../http/context.ts'
import { body, ERRORS, json, NO_CONTENT, requestMeta } from '../access/openapi-parts.ts'
import type { WebhookService } from './service.ts'

const tags = ['Webhooks']

/**
 * `/api/v1/webhooks`: manage webhooks and read their delivery log (workspace admins).
 * @example webhookRoutes(app, (c) => c.get('services').webhooks)
 */
export function webhookRoutes(app: OpenAPIHono<AppEnv>, service: (c: AppContext) => WebhookService): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/webhooks',
      tags,
      summary: "The workspace's webhooks (never their secrets)",
      responses: { 200: json(webhookListSchema, 'Webhooks'), ...ERRORS },
    }),
    async (c) => c.json({ data: await service(c).list(requireActor(c)) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/webhooks',
      tags,
      summary: 'Create a webhook; `secret` (for X-Kemai-Signature) is shown in this answer only',
      request: body(createWebhookBodySchema),
      responses: { 201: json(webhookWithSecretSchema, 'Created'), ...ERRORS },
    }),
    async (c) => c.json(await service(c).create(requireActor(c), c.req.valid('json'), requestMeta(c)), 201),
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/webhooks/{id}',
      tags,
      summary: 'Change a webhook; `rotateSecret: true` answers with the new secret',
      request: { params: webhookIdParamSchema, ...body(updateWebhookBodySchema) },
      responses: { 200: json(z.union([webhookWithSecretSchema, webhookSchema]), 'Changed'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await service(c).update(
          requireActor(c),
          c.req.valid('param').id,
          c.req.valid('json'),
          requestMeta(c),
        ),
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/webhooks/{id}',
      tags,
      summary: 'Delete a webhook and its delivery log',
      request: { params: webhookIdParamSchema },
      responses: { ...NO_CONTENT, ...ERRORS },
    }),
    async (c) => {
      await service(c).remove(requireActor(c), c.req.valid('param').id, requestMeta(c))
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/webhooks/{id}/deliveries',
      tags,
      summary: 'Delivery log, newest first, with every attempt (status, answer, duration, error)',
      request: { params: webhookIdParamSchema, query: deliveryListQuerySchema },
      responses: { 200: json(deliveryListSchema, 'Deliveries'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        await service(c).listDeliveries(requireActor(c), c.req.valid('param').id, c.req.valid('query')),
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      tags,
      summary: 'Send a settled delivery once more (same body and delivery id); 409 while it is pending',
      request: { params: deliveryIdParamSchema },
      responses: { 202: json(deliverySchema, 'Queued'), ...ERRORS },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param')
      return c.json(await service(c).redeliver(requireActor(c), id, deliveryId, requestMeta(c)), 202)
    },
  )
}
