import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { withPlatform, withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { actorOf, makeWorkspace, OWNER_PASSWORD, useFastPasswordHashing } from './access.fixtures.ts'
import { loadActor } from './actor.service.ts'
import { createApiKeysService } from './api-keys.service.ts'
import { type AuthService, createAuthService, SESSION_TTL_MS } from './auth.service.ts'
import { hashPassword } from './passwords.ts'
import { canObject } from './permissions.ts'
import { sha256 } from './tokens.ts'
import type { CreatedWorkspace } from './workspace.service.ts'

let t: Database
let ws: CreatedWorkspace
let clock: number
const now = () => new Date(clock)
let auth: AuthService
const email = 'owner@auth.test'

async function auditActions(action: string): Promise<number> {
  const r = await withPlatform(t.db, (trx) =>
    sql<{
      n: number
    }>`select count(*)::int n from audit_log where workspace_id = ${ws.workspace.id} and action = ${action}`.execute(
      trx,
    ),
  )
  return r.rows[0]!.n
}

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p
    return null
  } catch (e) {
    if (e instanceof AppError) return e.code
    throw e
  }
}

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestDb()
  ws = await makeWorkspace(t.db, 'auth')
})
afterAll(async () => {
  await t?.close()
})

function freshAuth() {
  clock = Date.parse('2026-11-23T08:00:00Z')
  auth = createAuthService({ db: t.db, now })
}

describe('login', () => {
  it('returns a session token whose SHA-256 alone is stored, with a 30-day expiry, and audits it', async () => {
    freshAuth()
    const before = await auditActions('auth.login')
    const r = await auth.login('Owner@Auth.TEST', OWNER_PASSWORD, { ip: '10.0.0.1', userAgent: 'vitest' })
    expect(r.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(r.user.id).toBe(ws.owner.id)
    expect(r.workspace.id).toBe(ws.workspace.id)
    expect(r.expiresAt.getTime()).toBe(clock + SESSION_TTL_MS)
    expect((r.user as unknown as Record<string, unknown>).password_hash).toBeUndefined()
    const rows = await withPlatform(t.db, (trx) =>
      sql<{
        token_hash: string
        ip: string
      }>`select token_hash, ip from session where user_id = ${ws.owner.id}`.execute(trx),
    )
    expect(rows.rows.map((x) => x.token_hash)).toContain(sha256(r.token))
    expect(rows.rows.map((x) => x.token_hash)).not.toContain(r.token)
    expect(await auditActions('auth.login')).toBe(before + 1)
  })

  it('a wrong password and an unknown email give the same answer; the failure is audited', async () => {
    freshAuth()
    const before = await auditActions('auth.login_failed')
    expect(await codeOf(auth.login(email, 'wrong password'))).toBe('invalid_credentials')
    expect(await codeOf(auth.login('nobody@auth.test', 'wrong password'))).toBe('invalid_credentials')
    expect(await auditActions('auth.login_failed')).toBe(before + 1)
  })

  it('an unknown email costs a password hash too (no account discovery by timing)', async () => {
    freshAuth()
    delete process.env.KEMAI_SCRYPT_LN // production cost, so that hashing dominates the database noise
    try {
      const real = await hashPassword(OWNER_PASSWORD)
      await withWorkspace(t.db, ws.workspace.id, (trx) =>
        sql`update app_user set password_hash = ${real} where id = ${ws.owner.id}`.execute(trx),
      )
      const time = async (e: string) => {
        const s = performance.now()
        expect(await codeOf(auth.login(e, 'wrong password', { ip: `t-${e}` }))).toBe('invalid_credentials')
        return performance.now() - s
      }
      await time('nobody@auth.test') // the dummy hash is computed once
      let known = 0
      let unknown = 0
      for (let i = 0; i < 2; i++) {
        // interleaved, so that load from other processes hits both alike
        known += await time(email)
        unknown += await time(`nobody${i}@auth.test`)
      }
      // without the dummy hash an unknown email would answer in a few ms against ≥ 100 ms of scrypt
      expect(unknown / known).toBeGreaterThan(0.3)
    } finally {
      useFastPasswordHashing()
    }
  })

  it('refuses bad input clearly, and a 10 MB password at once', async () => {
    freshAuth()
    expect(await codeOf(auth.login('', 'x'))).toBe('validation_failed')
    expect(await codeOf(auth.login(email, ''))).toBe('validation_failed')
    const s = performance.now()
    const err = await auth.login(email, 'x'.repeat(10 * 1024 * 1024)).catch((e) => e)
    expect(performance.now() - s).toBeLessThan(200)
    expect(err).toMatchObject({ code: 'validation_failed', issues: [{ path: 'password', code: 'too_long' }] })
  })

  it('rate-limits 5 failures per email: the 6th attempt gets 429 with Retry-After, even with the right password', async () => {
    freshAuth()
    for (let i = 0; i < 5; i++)
      expect(await codeOf(auth.login(email, `wrong ${i}`, { ip: `10.1.0.${i}` }))).toBe('invalid_credentials')
    const err = (await auth.login(email, OWNER_PASSWORD, { ip: '10.1.1.1' }).catch((e) => e)) as AppError
    expect(err.code).toBe('rate_limited')
    expect(err.status).toBe(429)
    expect(Number(err.headers['Retry-After'])).toBeGreaterThan(0)
    clock += Number(err.headers['Retry-After']) * 1000
    expect((await auth.login(email, OWNER_PASSWORD, { ip: '10.1.1.1' })).user.id).toBe(ws.owner.id)
  })

  it('a burst of parallel guesses cannot slip past the limit', async () => {
    freshAuth()
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => codeOf(auth.login(email, `guess ${i}`, { ip: `10.5.0.${i}` }))),
    )
    expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(5)
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(15)
  })

  it('a success clears the email count', async () => {
    freshAuth()
    for (let i = 0; i < 4; i++) await codeOf(auth.login(email, 'wrong', { ip: `10.2.0.${i}` }))
    await auth.login(email, OWNER_PASSWORD, { ip: '10.2.1.1' })
    for (let i = 0; i < 4; i++)
      expect(await codeOf(auth.login(email, 'wrong', { ip: `10.2.2.${i}` }))).toBe('invalid_credentials')
  })

  it('rate-limits 20 failures per IP across emails', async () => {
    freshAuth()
    for (let i = 0; i < 20; i++)
      await codeOf(auth.login(`x${i}@auth.test`, 'wrong password', { ip: '10.3.0.1' }))
    expect(await codeOf(auth.login(email, OWNER_PASSWORD, { ip: '10.3.0.1' }))).toBe('rate_limited')
    expect(await codeOf(auth.login(email, OWNER_PASSWORD, { ip: '10.3.0.2' }))).toBeNull()
  })

  it('rehashes a password stored with weaker parameters after a successful login', async () => {
    freshAuth()
    const weak = await hashPassword(OWNER_PASSWORD, { ln: 10, r: 8, p: 1 })
    await withWorkspace(t.db, ws.workspace.id, (trx) =>
      sql`update app_user set password_hash = ${weak} where id = ${ws.owner.id}`.execute(trx),
    )
    process.env.KEMAI_SCRYPT_LN = '11' // the configured cost went up
    try {
      await auth.login(email, OWNER_PASSWORD)
    } finally {
      useFastPasswordHashing()
    }
    const r = await withWorkspace(t.db, ws.workspace.id, (trx) =>
      sql<{ h: string }>`select password_hash h from app_user where id = ${ws.owner.id}`.execute(trx),
    )
    expect(r.rows[0]!.h).toMatch(/^\$scrypt\$ln=11,/)
  })
})

describe('sessions', () => {
  it('resolves a token to its workspace and user; slides the expiry at most hourly', async () => {
    freshAuth()
    const { token } = await auth.login(email, OWNER_PASSWORD)
    const s1 = await auth.resolveSession(token)
    expect(s1).toMatchObject({ workspaceId: ws.workspace.id, userId: ws.owner.id, refreshed: false })
    clock += 30 * 60_000
    expect((await auth.resolveSession(token)).refreshed).toBe(false)
    clock += 2 * 24 * 3600_000
    const s2 = await auth.resolveSession(token)
    expect(s2.refreshed).toBe(true)
    expect(s2.expiresAt.getTime()).toBe(clock + SESSION_TTL_MS)
  })

  it('an expired session is refused and removed', async () => {
    freshAuth()
    const { token } = await auth.login(email, OWNER_PASSWORD)
    clock += SESSION_TTL_MS + 1
    expect(await codeOf(auth.resolveSession(token))).toBe('unauthenticated')
    const r = await withPlatform(t.db, (trx) =>
      sql<{ n: number }>`select count(*)::int n from session where token_hash = ${sha256(token)}`.execute(
        trx,
      ),
    )
    expect(r.rows[0]!.n).toBe(0)
  })

  it('logout ends the session and is audited; unknown or malformed tokens are refused', async () => {
    freshAuth()
    const { token } = await auth.login(email, OWNER_PASSWORD)
    const before = await auditActions('auth.logout')
    await auth.logout(token, { ip: '10.9.9.9' })
    expect(await codeOf(auth.resolveSession(token))).toBe('unauthenticated')
    expect(await auditActions('auth.logout')).toBe(before + 1)
    await auth.logout(token) // twice is fine
    for (const bad of ['', 'x', 'a'.repeat(43), 'a'.repeat(10_000), "' or 1=1 --"]) {
      expect(await codeOf(auth.resolveSession(bad))).toBe('unauthenticated')
    }
  })

  it('purges expired sessions', async () => {
    freshAuth()
    await auth.login(email, OWNER_PASSWORD)
    clock += SESSION_TTL_MS + 1
    expect(await auth.purgeExpiredSessions()).toBeGreaterThan(0)
  })
})

describe('API keys', () => {
  it('resolve to their user, are stored hashed, and touch last_used_at at most once a minute', async () => {
    freshAuth()
    const keys = createApiKeysService({ db: t.db, now })
    const owner = await actorOf(t.db, ws.workspace.id, ws.owner.id)
    const { key, row } = await keys.create(owner, { name: 'ERP sync', scopes: { person: 'read' } })
    expect(key.startsWith(`kemai_${row.prefix}_`)).toBe(true)
    const stored = await withWorkspace(t.db, ws.workspace.id, (trx) =>
      sql<{ key_hash: string }>`select key_hash from api_key where id = ${row.id}`.execute(trx),
    )
    expect(stored.rows[0]!.key_hash).toBe(sha256(key))
    const before = await auditActions('api_key.used')
    const info = await auth.resolveApiKey(key, { ip: '10.4.0.1' })
    expect(info).toMatchObject({
      workspaceId: ws.workspace.id,
      userId: ws.owner.id,
      apiKeyId: row.id,
      scopes: { person: 'read' },
    })
    clock += 30_000
    await auth.resolveApiKey(key)
    expect(await auditActions('api_key.used')).toBe(before + 1)
    clock += 31_000
    await auth.resolveApiKey(key)
    expect(await auditActions('api_key.used')).toBe(before + 2)
    const lastUsed = await withWorkspace(t.db, ws.workspace.id, (trx) =>
      sql<{ at: Date }>`select last_used_at at from api_key where id = ${row.id}`.execute(trx),
    )
    expect(new Date(lastUsed.rows[0]!.at).getTime()).toBe(clock)
  })

  it('scopes: a read-only key cannot write, a key for person cannot read company', async () => {
    freshAuth()
    const keys = createApiKeysService({ db: t.db, now })
    const owner = await actorOf(t.db, ws.workspace.id, ws.owner.id)
    const { key } = await keys.create(owner, { name: 'ro', scopes: { person: 'read' } })
    const info = await auth.resolveApiKey(key)
    const actor = await loadActor(t.db, { ...info, keyScopes: info.scopes, channel: 'api', locale: 'en' })
    expect(actor.isAdmin).toBe(true)
    expect(canObject(actor, 'person', 'read')).toBe(true)
    expect(canObject(actor, 'person', 'update')).toBe(false)
    expect(canObject(actor, 'person', 'create')).toBe(false)
    expect(canObject(actor, 'company', 'read')).toBe(false)
    // the scopes are read from the key when not passed
    const again = await loadActor(t.db, { ...info, channel: 'api', locale: 'en' })
    expect(again.keyScopes).toEqual({ person: 'read' })
  })

  it('a revoked key, a wrong secret or a malformed key is refused', async () => {
    freshAuth()
    const keys = createApiKeysService({ db: t.db, now })
    const owner = await actorOf(t.db, ws.workspace.id, ws.owner.id)
    const { key, row } = await keys.create(owner, { name: 'to revoke', scopes: { '*': 'write' } })
    await auth.resolveApiKey(key)
    const before = await auditActions('api_key.revoked')
    await keys.revoke(owner, row.id)
    await keys.revoke(owner, row.id)
    expect(await auditActions('api_key.revoked')).toBe(before + 1)
    expect(await codeOf(auth.resolveApiKey(key))).toBe('unauthenticated')
    await expect(
      loadActor(t.db, {
        ...ws,
        workspaceId: ws.workspace.id,
        userId: ws.owner.id,
        apiKeyId: row.id,
        channel: 'api',
        locale: 'en',
      }),
    ).rejects.toMatchObject({ code: 'unauthenticated' })
    const { key: live } = await keys.create(owner, { name: 'live', scopes: { '*': 'read' } })
    const wrongSecret = `${live.slice(0, -4)}${live.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
    for (const bad of [wrongSecret, 'kemai_', 'kemai_0000000_x', live.slice(0, -1)]) {
      expect(await codeOf(auth.resolveApiKey(bad))).toBe('unauthenticated')
    }
  })

  it('a request with an API key cannot create or revoke keys', async () => {
    freshAuth()
    const keys = createApiKeysService({ db: t.db, now })
    const owner = await actorOf(t.db, ws.workspace.id, ws.owner.id)
    const { key, row } = await keys.create(owner, { name: 'all', scopes: { '*': 'write' } })
    const info = await auth.resolveApiKey(key)
    const viaKey = await loadActor(t.db, { ...info, keyScopes: info.scopes, channel: 'api', locale: 'en' })
    expect(await codeOf(keys.create(viaKey, { name: 'child', scopes: { '*': 'write' } }))).toBe('forbidden')
    expect(await codeOf(keys.revoke(viaKey, row.id))).toBe('forbidden')
    expect(await codeOf(keys.create(owner, { name: 'bad', scopes: {} }))).toBe('validation_failed')
    expect(await codeOf(keys.create(owner, { name: 'bad', scopes: { 'Bad Name': 'read' } }))).toBe(
      'validation_failed',
    )
  })
})

describe('deactivated users and password changes', () => {
  it('a deactivated user can no longer sign in, use a session or an API key', async () => {
    freshAuth()
    const w = await makeWorkspace(t.db, 'auth-deact')
    const a = createAuthService({ db: t.db, now })
    const { token } = await a.login('owner@auth-deact.test', OWNER_PASSWORD)
    const owner = await actorOf(t.db, w.workspace.id, w.owner.id)
    const { key } = await createApiKeysService({ db: t.db, now }).create(owner, {
      name: 'k',
      scopes: { '*': 'read' },
    })
    await withWorkspace(t.db, w.workspace.id, (trx) =>
      sql`update app_user set is_active = false where id = ${w.owner.id}`.execute(trx),
    )
    expect(await codeOf(a.resolveSession(token))).toBe('unauthenticated')
    expect(await codeOf(a.resolveApiKey(key))).toBe('unauthenticated')
    expect(await codeOf(a.login('owner@auth-deact.test', OWNER_PASSWORD))).toBe('invalid_credentials')
  })

  it('changing one’s password needs the current one and ends the other sessions', async () => {
    freshAuth()
    const w = await makeWorkspace(t.db, 'auth-pw')
    const a = createAuthService({ db: t.db, now })
    const e = 'owner@auth-pw.test'
    const keep = (await a.login(e, OWNER_PASSWORD)).token
    const other = (await a.login(e, OWNER_PASSWORD)).token
    const actor = await actorOf(t.db, w.workspace.id, w.owner.id)
    expect(
      await codeOf(a.changePassword(actor, { currentPassword: 'nope nope', newPassword: 'new secret 123' })),
    ).toBe('validation_failed')
    expect(
      await codeOf(a.changePassword(actor, { currentPassword: OWNER_PASSWORD, newPassword: 'short' })),
    ).toBe('validation_failed')
    await a.changePassword(
      actor,
      { currentPassword: OWNER_PASSWORD, newPassword: 'new secret 123' },
      { keepToken: keep },
    )
    expect((await a.resolveSession(keep)).userId).toBe(w.owner.id)
    expect(await codeOf(a.resolveSession(other))).toBe('unauthenticated')
    expect(await codeOf(a.login(e, OWNER_PASSWORD))).toBe('invalid_credentials')
    expect((await a.login(e, 'new secret 123')).user.id).toBe(w.owner.id)
  })
})

describe('session lookup cache', () => {
  it('reuses a lookup for 2 s, refreshes it after that, and forgets it on logout', async () => {
    freshAuth()
    const { token } = await auth.login(email, OWNER_PASSWORD, {})
    await auth.resolveSession(token)
    clock += 3000
    await auth.resolveSession(token) // refetched and cached again
    // the row disappears behind the service's back: the cached lookup still answers for < 2 s …
    await withPlatform(t.db, (trx) =>
      sql`delete from session where token_hash = ${sha256(token)}`.execute(trx),
    )
    clock += 1000
    expect((await auth.resolveSession(token)).userId).toBe(ws.owner.id)
    // … and then the database decides
    clock += 2000
    expect(await codeOf(auth.resolveSession(token))).toBe('unauthenticated')
    const second = await auth.login(email, OWNER_PASSWORD, {})
    await auth.resolveSession(second.token)
    await auth.logout(second.token)
    expect(await codeOf(auth.resolveSession(second.token))).toBe('unauthenticated')
  })
})
