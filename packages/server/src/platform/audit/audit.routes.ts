import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { auditPageSchema, auditQuerySchema } from '@kemai/shared/api/access.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { toAuditDto } from '../access/access.mappers.ts'
import { ERRORS, json } from '../access/openapi-parts.ts'

export function auditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit-log',
      tags: ['Audit log'],
      summary: 'The audit log, newest first (admin); filter by action (`auth.*`), actor and time',
      request: { query: auditQuerySchema },
      responses: { 200: json(auditPageSchema, 'A page of entries'), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const page = await c.get('services').access.auditLog.list(requireActor(c), {
        action: q.action,
        actorId: q.actorId,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit,
        cursor: q.cursor,
      })
      return c.json({ data: page.data.map(toAuditDto), nextCursor: page.nextCursor }, 200)
    },
  )
}
