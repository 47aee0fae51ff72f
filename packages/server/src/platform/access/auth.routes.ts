import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import {
  changePasswordBodySchema,
  loginBodySchema,
  loginResponseSchema,
  meResponseSchema,
} from '@kemai/shared/api/access.api'
import { type AppEnv, requireActor } from '../../http/context.ts'
import { toGrantDto, toUserDto, toWorkspaceDto } from './access.mappers.ts'
import { clearSessionCookie, setSessionCookie } from './middleware.ts'
import { body, ERRORS, json, NO_CONTENT, problem, requestMeta } from './openapi-parts.ts'

const tags = ['Auth']

export function authRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/login',
      tags,
      summary: 'Sign in: sets the kemai_session cookie and returns a token for Authorization: Bearer',
      request: body(loginBodySchema),
      responses: {
        200: json(loginResponseSchema, 'Signed in'),
        400: ERRORS[400],
        401: problem('Wrong email or password'),
        429: problem('Too many failed attempts (see Retry-After)'),
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json')
      const r = await c.get('services').access.auth.login(email, password, requestMeta(c))
      setSessionCookie(c, r.token)
      return c.json(
        {
          token: r.token,
          expiresAt: r.expiresAt.toISOString(),
          user: toUserDto(r.user),
          workspace: toWorkspaceDto(r.workspace),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      tags,
      summary: 'Sign out: ends the session of the cookie or Bearer token (no-op without one)',
      responses: NO_CONTENT,
    }),
    async (c) => {
      const token = c.get('sessionToken')
      if (token) await c.get('services').access.auth.logout(token, requestMeta(c))
      clearSessionCookie(c)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      tags,
      summary: 'The signed-in user, their workspace and rights',
      responses: { 200: json(meResponseSchema, 'Who is signed in'), 401: ERRORS[401] },
    }),
    async (c) => {
      const actor = requireActor(c)
      const { user, workspace } = await c.get('services').access.users.me(actor)
      return c.json(
        {
          user: toUserDto(user),
          workspace: toWorkspaceDto(workspace),
          isAdmin: actor.isAdmin,
          apiKeyId: actor.apiKeyId,
          keyScopes: actor.keyScopes,
          grants: Object.entries(actor.grants).map(([object, g]) => toGrantDto(object, g)),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/password',
      tags,
      summary: 'Change your own password (ends your other sessions)',
      request: body(changePasswordBodySchema),
      responses: { ...NO_CONTENT, ...ERRORS, 429: problem('Too many wrong current passwords') },
    }),
    async (c) => {
      const actor = requireActor(c)
      await c.get('services').access.auth.changePassword(actor, c.req.valid('json'), {
        ...requestMeta(c),
        keepToken: c.get('sessionToken'),
      })
      return c.body(null, 204)
    },
  )
}
