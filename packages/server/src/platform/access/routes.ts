import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../http/context.ts'
import { auditRoutes } from '../audit/audit.routes.ts'
import { apiKeysRoutes } from './api-keys.routes.ts'
import { authRoutes } from './auth.routes.ts'
import { rolesRoutes } from './roles.routes.ts'
import { teamsRoutes } from './teams.routes.ts'
import { usersRoutes } from './users.routes.ts'

/**
 * Every access endpoint: /api/v1/auth/*, /users, /teams, /roles, /api-keys and /audit-log. Needs
 * `services.access` (createAccessServices) and `authMiddleware` in front.
 */
export function accessRoutes(app: OpenAPIHono<AppEnv>): void {
  authRoutes(app)
  usersRoutes(app)
  teamsRoutes(app)
  rolesRoutes(app)
  apiKeysRoutes(app)
  auditRoutes(app)
}
