import { audit } from '../audit/audit.ts'
import { type Db, withPlatform, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import { invalidateActors } from './actor.service.ts'
import type { Actor } from './actor.ts'
import { findApiKeyByHash, type KeyScopes, touchApiKey } from './api-keys.repo.ts'
import {
  checkPasswordPolicy,
  dummyHash,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  needsRehash,
  verifyPassword,
} from './passwords.ts'
import { createRateLimiter, type RateLimiter } from './rate-limit.ts'
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  extendSession,
  findSession,
  insertSession,
} from './sessions.repo.ts'
import { newSessionToken, parseApiKey, sha256 } from './tokens.ts'
import { findUserByEmail, getPasswordHash, getUser, type UserRow, updateUser } from './users.repo.ts'
import { getWorkspace, type WorkspaceRow } from './workspaces.repo.ts'

export const SESSION_TTL_MS = 30 * 24 * 3600_000
/** A session's expiry is pushed forward at most this often (one write per session per hour, not per request). */
const SESSION_REFRESH_MS = 3600_000
/** How long a session lookup is reused; a session deleted elsewhere stays valid at most this long. */
const SESSION_CACHE_MS = 2000
const sessionCache = new Map<
  string,
  { session: NonNullable<Awaited<ReturnType<typeof findSession>>>; at: number }
>()

/** Forget cached session lookups (logout, password change, deactivation end sessions). */
export function forgetSessions(): void {
  sessionCache.clear()
}
/** `api_key.last_used_at` (and the `api_key.used` audit entry) is written at most once per minute per key. */
export const KEY_TOUCH_MS = 60_000
const MAX_EMAIL_LENGTH = 254

export interface RequestMeta {
  ip?: string | null | undefined
  userAgent?: string | null | undefined
}

export interface LoginLimiters {
  /** failed logins per email */
  perEmail: RateLimiter
  /** failed logins per client IP (higher: a whole office often shares one address) */
  perIp: RateLimiter
}

/** 5 failures per email and 20 per IP within 15 minutes; the next attempt gets 429 with Retry-After. */
export function defaultLoginLimiters(now?: () => number): LoginLimiters {
  const windowMs = 15 * 60_000
  return {
    perEmail: createRateLimiter({ limit: 5, windowMs, ...(now ? { now } : {}) }),
    perIp: createRateLimiter({ limit: 20, windowMs, ...(now ? { now } : {}) }),
  }
}

export interface LoginResult {
  token: string
  expiresAt: Date
  user: UserRow
  workspace: WorkspaceRow
}

export interface SessionInfo {
  workspaceId: string
  userId: string
  locale: string
  expiresAt: Date
  /** true when this call pushed the expiry forward (the cookie should be re-sent) */
  refreshed: boolean
}

export interface ApiKeyInfo {
  workspaceId: string
  userId: string
  apiKeyId: string
  scopes: KeyScopes
  locale: string
}

export interface AuthServiceOptions {
  db: Db
  limiters?: LoginLimiters
  /** clock, for tests */
  now?: () => Date
}

export type AuthService = ReturnType<typeof createAuthService>

/** Sign-in with email and password, sessions and API key resolution. */
export function createAuthService(opts: AuthServiceOptions) {
  const { db } = opts
  const now = opts.now ?? (() => new Date())
  const limiters = opts.limiters ?? defaultLoginLimiters(() => now().getTime())

  async function login(email: string, password: string, meta: RequestMeta = {}): Promise<LoginResult> {
    const issues = []
    if (typeof email !== 'string' || email.trim() === '') issues.push({ path: 'email', code: 'required' })
    else if (email.length > MAX_EMAIL_LENGTH)
      issues.push({ path: 'email', code: 'too_long', params: { max: MAX_EMAIL_LENGTH } })
    if (typeof password !== 'string' || password === '') issues.push({ path: 'password', code: 'required' })
    else if (password.length > MAX_PASSWORD_LENGTH) {
      issues.push({ path: 'password', code: 'too_long', params: { max: MAX_PASSWORD_LENGTH } })
    }
    if (issues.length > 0) throw errors.validation(issues)

    const emailKey = email.trim().toLowerCase()
    const ipKey = meta.ip ?? 'unknown'
    // The email's attempt is counted before hashing (so a burst of parallel guesses cannot slip past the
    // limit) and forgiven on success; the IP only counts failures, so a busy office NAT is not locked out.
    const ipCheck = limiters.perIp.check(ipKey)
    if (!ipCheck.ok) throw errors.rateLimited(ipCheck.retryAfterSeconds)
    const emailHit = limiters.perEmail.hit(emailKey)
    if (!emailHit.ok) throw errors.rateLimited(emailHit.retryAfterSeconds)

    // Hashing happens outside any transaction: on PGlite a transaction holds the only connection.
    const user = await withPlatform(db, (trx) => findUserByEmail(trx, emailKey))
    const matches = await verifyPassword(password, user?.password_hash ?? (await dummyHash()))
    if (!user?.password_hash || !matches || !user.is_active) {
      limiters.perIp.hit(ipKey)
      if (user) {
        await withWorkspace(db, user.workspace_id, (trx) =>
          audit(trx, {
            workspaceId: user.workspace_id,
            action: 'auth.login_failed',
            actorId: user.id,
            ip: meta.ip,
            targetType: 'user',
            targetId: user.id,
            detail: { reason: matches ? 'inactive' : 'wrong_password' },
          }),
        )
      }
      throw errors.invalidCredentials()
    }
    limiters.perEmail.reset(emailKey)

    const rehash = needsRehash(user.password_hash) ? await hashPassword(password) : null
    const token = newSessionToken()
    const expiresAt = new Date(now().getTime() + SESSION_TTL_MS)
    const workspace = await withPlatform(db, async (trx) => {
      await insertSession(trx, {
        token_hash: sha256(token),
        workspace_id: user.workspace_id,
        user_id: user.id,
        expires_at: expiresAt,
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 500) ?? null,
      })
      if (rehash) await updateUser(trx, user.workspace_id, user.id, { password_hash: rehash })
      await audit(trx, {
        workspaceId: user.workspace_id,
        action: 'auth.login',
        actorId: user.id,
        ip: meta.ip,
        targetType: 'user',
        targetId: user.id,
      })
      return getWorkspace(trx, user.workspace_id)
    })
    if (!workspace) throw errors.invalidCredentials()
    const { password_hash: _, ...row } = user
    return { token, expiresAt, user: row, workspace }
  }

  /** Ends the session of `token` (no error when it is already gone). */
  async function logout(token: string, meta: RequestMeta = {}): Promise<void> {
    if (!isSessionToken(token)) return
    await withPlatform(db, async (trx) => {
      forgetSessions()
      const s = await deleteSession(trx, sha256(token))
      if (s) {
        await audit(trx, {
          workspaceId: s.workspace_id,
          action: 'auth.logout',
          actorId: s.user_id,
          ip: meta.ip,
          targetType: 'user',
          targetId: s.user_id,
        })
      }
    })
  }

  /** The session behind a token; `unauthenticated` when unknown, expired or its user is deactivated. */
  async function resolveSession(token: string): Promise<SessionInfo> {
    if (!isSessionToken(token)) throw errors.unauthenticated()
    const hash = sha256(token)
    const t = now().getTime()
    // a busy client sends many requests a second: reuse the lookup briefly (logout clears it)
    const hit = sessionCache.get(hash)
    const fresh = hit && t - hit.at < SESSION_CACHE_MS
    const s = fresh ? hit.session : await findSession(db, hash)
    if (s && !fresh) {
      if (sessionCache.size >= 10_000) sessionCache.clear()
      sessionCache.set(hash, { session: s, at: t })
    }
    if (!s) throw errors.unauthenticated()
    if (new Date(s.expires_at).getTime() <= t || !s.is_active) {
      forgetSessions()
      await withPlatform(db, (trx) => deleteSession(trx, hash))
      throw errors.unauthenticated()
    }
    let expiresAt = new Date(s.expires_at)
    const refreshed = expiresAt.getTime() < t + SESSION_TTL_MS - SESSION_REFRESH_MS
    if (refreshed) {
      expiresAt = new Date(t + SESSION_TTL_MS)
      await withPlatform(db, (trx) => extendSession(trx, hash, expiresAt))
      sessionCache.delete(hash)
    }
    return { workspaceId: s.workspace_id, userId: s.user_id, locale: s.locale, expiresAt, refreshed }
  }

  /** The API key behind `kemai_<prefix>_<secret>`; `unauthenticated` when unknown, revoked or its user is inactive. */
  async function resolveApiKey(key: string, meta: RequestMeta = {}): Promise<ApiKeyInfo> {
    const parsed = parseApiKey(key)
    if (!parsed) throw errors.unauthenticated()
    const k = await withPlatform(db, (trx) => findApiKeyByHash(trx, sha256(key)))
    if (!k || k.prefix !== parsed.prefix || k.revoked_at || !k.user_is_active) throw errors.unauthenticated()
    const at = now()
    const recentlyUsed = k.last_used_at && at.getTime() - new Date(k.last_used_at).getTime() < KEY_TOUCH_MS
    // most requests of a busy key stop here: no write, no transaction
    if (!recentlyUsed)
      await withWorkspace(db, k.workspace_id, async (trx) => {
        if (await touchApiKey(trx, k.workspace_id, k.id, at, KEY_TOUCH_MS)) {
          await audit(trx, {
            workspaceId: k.workspace_id,
            action: 'api_key.used',
            actorId: k.user_id,
            apiKeyId: k.id,
            ip: meta.ip,
            targetType: 'api_key',
            targetId: k.id,
          })
        }
      })
    return {
      workspaceId: k.workspace_id,
      userId: k.user_id,
      apiKeyId: k.id,
      scopes: k.scopes,
      locale: k.user_locale,
    }
  }

  /**
   * The signed-in user changes their own password. Their other sessions end (the one making the change,
   * `keepToken`, stays); API keys stay valid (integrations should not break on a password change).
   */
  async function changePassword(
    actor: Actor,
    input: { currentPassword: string; newPassword: string },
    meta: RequestMeta & { keepToken?: string | null } = {},
  ): Promise<void> {
    if (!actor.userId || actor.apiKeyId || actor.isSystem) throw errors.forbidden()
    const userId = actor.userId
    const limitKey = `user:${userId}`
    const limited = limiters.perEmail.hit(limitKey)
    if (!limited.ok) throw errors.rateLimited(limited.retryAfterSeconds)
    const [user, hash] = await withWorkspace(db, actor.workspaceId, async (trx) => [
      await getUser(trx, actor.workspaceId, userId),
      await getPasswordHash(trx, actor.workspaceId, userId),
    ])
    if (!user || !hash || !(await verifyPassword(input.currentPassword, hash))) {
      throw errors.validation([{ path: 'currentPassword', code: 'invalid_value' }])
    }
    limiters.perEmail.reset(limitKey)
    const issues = checkPasswordPolicy(input.newPassword, { email: user.email, path: 'newPassword' })
    if (issues.length > 0) throw errors.validation(issues)
    const newHash = await hashPassword(input.newPassword)
    await withWorkspace(db, actor.workspaceId, async (trx) => {
      await updateUser(trx, actor.workspaceId, userId, { password_hash: newHash })
      await audit(trx, {
        workspaceId: actor.workspaceId,
        action: 'auth.password_changed',
        actorId: userId,
        ip: meta.ip,
        targetType: 'user',
        targetId: userId,
      })
    })
    forgetSessions()
    await withPlatform(db, (trx) =>
      deleteUserSessions(trx, actor.workspaceId, userId, meta.keepToken ? sha256(meta.keepToken) : undefined),
    )
    invalidateActors(actor.workspaceId, userId)
  }

  /** Deletes expired sessions (for a periodic job). */
  async function purgeExpiredSessions(): Promise<number> {
    return withPlatform(db, (trx) => deleteExpiredSessions(trx, now()))
  }

  return { login, logout, resolveSession, resolveApiKey, changePassword, purgeExpiredSessions, limiters }
}

function isSessionToken(token: string): boolean {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token)
}
