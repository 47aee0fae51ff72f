import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { type AppEnv, clientIp } from '../../http/context.ts'
import { AppError } from '../errors.ts'
import type { AccessServices } from './access.services.ts'
import type { Actor } from './actor.ts'
import { SESSION_TTL_MS } from './auth.service.ts'
import { isApiKey } from './tokens.ts'

export const SESSION_COOKIE = 'kemai_session'

/** The session cookie: httpOnly, SameSite=Lax, Path=/, 30 days; Secure when the request came over https. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
    secure: isHttps(c),
  })
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) })
}

function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  return c.get('services').config.trustProxy && c.req.header('x-forwarded-proto') === 'https'
}

function bearer(c: Context<AppEnv>): string | null {
  const h = c.req.header('authorization')
  if (!h) return null
  const m = /^Bearer[ ]+(\S{1,200})$/i.exec(h.trim())
  return m ? m[1]! : null
}

/**
 * Turns `Authorization: Bearer <session token | API key>` or the `kemai_session` cookie into
 * `c.var.actor` (null when there is no credential or it is not valid: `requireActor` answers 401 then).
 * A Bearer header wins over the cookie. Cookie sessions act on channel `ui`, Bearer ones on `api`.
 * Without an Accept-Language header the user's own locale applies.
 */
export function authMiddleware(access: AccessServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', null)
    c.set('sessionToken', null)
    const header = bearer(c)
    const cookie = header ? undefined : getCookie(c, SESSION_COOKIE)
    const credential = header ?? cookie
    if (credential) {
      try {
        const actor = await resolve(c, access, credential, header ? 'api' : 'ui')
        c.set('actor', actor)
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'unauthenticated') throw e
        if (cookie) clearSessionCookie(c)
      }
    }
    await next()
  }
}

async function resolve(
  c: Context<AppEnv>,
  access: AccessServices,
  credential: string,
  channel: 'ui' | 'api',
): Promise<Actor> {
  const explicitLocale = c.req.header('accept-language') !== undefined
  if (isApiKey(credential)) {
    const k = await access.auth.resolveApiKey(credential, { ip: clientIp(c) })
    const locale = explicitLocale ? c.get('locale') : k.locale === 'en' ? 'en' : 'zh-CN'
    c.set('locale', locale)
    return access.loadActor({
      workspaceId: k.workspaceId,
      userId: k.userId,
      apiKeyId: k.apiKeyId,
      keyScopes: k.scopes,
      channel: 'api',
      locale,
    })
  }
  const s = await access.auth.resolveSession(credential)
  const locale = explicitLocale ? c.get('locale') : s.locale === 'en' ? 'en' : 'zh-CN'
  c.set('locale', locale)
  c.set('sessionToken', credential)
  if (s.refreshed && channel === 'ui') setSessionCookie(c, credential)
  return access.loadActor({ workspaceId: s.workspaceId, userId: s.userId, channel, locale })
}
