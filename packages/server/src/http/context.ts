import type { Locale } from '@kemai/shared/i18n/messages'
import type { Context } from 'hono'
import type { Actor } from '../platform/access/actor.ts'
import { errors } from '../platform/errors.ts'
import type { Services } from './services.ts'

/** The Hono environment every route sees. */
export type AppEnv = {
  Variables: {
    requestId: string
    locale: Locale
    /** set by the auth middleware when the request carries a valid session or API key */
    actor: Actor | null
    /** set by the auth middleware: the raw session token, for logout */
    sessionToken: string | null
    services: Services
  }
}

export type AppContext = Context<AppEnv>

/** The acting user or API key; 401 when the request is anonymous. */
export function requireActor(c: AppContext): Actor {
  const actor = c.get('actor')
  if (!actor) throw errors.unauthenticated()
  return { ...actor, locale: c.get('locale') }
}

export function clientIp(c: AppContext): string {
  const fwd = c.req.header('x-forwarded-for')
  if (fwd && c.get('services').config.trustProxy) return fwd.split(',')[0]!.trim()
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'local'
}
