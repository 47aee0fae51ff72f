import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import {
  followersSchema,
  markReadSchema,
  notificationListQuerySchema,
  notificationListSchema,
} from '@kemai/shared/api/notifications.api'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { body, ERRORS, json } from '../access/openapi-parts.ts'
import { errors } from '../errors.ts'

const tags = ['Notifications']
/** A comment line every so often keeps proxies from closing an idle stream. */
export const KEEPALIVE_MS = 25_000

/** `/api/v1/notifications`: the signed-in user's inbox, and its live stream (SSE). */
export function notificationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/notifications',
      tags,
      summary: 'My notifications, newest first, with the unread count',
      request: { query: notificationListQuerySchema },
      responses: { 200: json(notificationListSchema, 'A page of notifications'), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const r = await c.get('services').notifications.list(requireActor(c), {
        unread: q.unread === 'true',
        ...(q.limit !== undefined && { limit: q.limit }),
        ...(q.cursor !== undefined && { cursor: q.cursor }),
      })
      return c.json(r, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/notifications/read',
      tags,
      summary: 'Mark notifications read: `{ids: [...]}` or `{all: true}`',
      request: body(markReadSchema),
      responses: { 200: json(z.object({ unread: z.number().int() }), 'The unread count after'), ...ERRORS },
    }),
    async (c) =>
      c.json(await c.get('services').notifications.markRead(requireActor(c), c.req.valid('json')), 200),
  )

  // Server-Sent Events: `event: ready` with the unread count, then `event: notification` with
  // {notification, unread} as they arrive (within about a second). Not in OpenAPI's JSON terms, so a plain route.
  app.get('/api/v1/notifications/stream', async (c) => {
    const actor = requireActor(c)
    if (!actor.userId || actor.apiKeyId) throw errors.forbidden()
    const { notifications, notificationHub } = c.get('services')
    let unread = await notifications.unread(actor)
    return streamSSE(c, async (stream) => {
      const queue: string[] = []
      let wake: (() => void) | null = null
      const unsubscribe = await notificationHub.subscribe(actor.workspaceId, actor.userId!, (n) => {
        if (!n.readAt) unread++
        queue.push(JSON.stringify({ notification: n, unread }))
        wake?.()
      })
      stream.onAbort(() => {
        unsubscribe()
        wake?.()
      })
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ unread }) })
        while (!stream.aborted && !stream.closed) {
          const next = queue.shift()
          if (next !== undefined) {
            await stream.writeSSE({ event: 'notification', data: next })
            continue
          }
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, KEEPALIVE_MS)
            wake = () => {
              clearTimeout(t)
              resolve()
            }
          })
          wake = null
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n')
        }
      } finally {
        unsubscribe()
      }
    })
  })
}

const recordParams = z.object({ object: z.string().max(64), id: z.string().max(64) })

/** Follow / unfollow a record, and who follows it. */
export function followRoutes(app: OpenAPIHono<AppEnv>): void {
  const route = (method: 'get' | 'put' | 'delete', summary: string) =>
    createRoute({
      method,
      path:
        method === 'get' ? '/api/v1/records/{object}/{id}/followers' : '/api/v1/records/{object}/{id}/follow',
      tags,
      summary,
      request: { params: recordParams },
      responses: { 200: json(followersSchema, 'The record’s followers'), ...ERRORS },
    })
  app.openapi(route('put', 'Follow a record (hear of its changes and activities)'), async (c) => {
    const { object, id } = c.req.valid('param')
    return c.json(await c.get('services').follows.follow(requireActor(c), object, id), 200)
  })
  app.openapi(route('delete', 'Stop following a record'), async (c) => {
    const { object, id } = c.req.valid('param')
    return c.json(await c.get('services').follows.unfollow(requireActor(c), object, id), 200)
  })
  app.openapi(route('get', 'Who follows a record, and whether you do'), async (c) => {
    const { object, id } = c.req.valid('param')
    return c.json(await c.get('services').follows.followers(requireActor(c), object, id), 200)
  })
}
