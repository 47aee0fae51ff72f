import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { withPlatform } from '../db/tx.ts'
import { actorOf, errorCodeOf, makeWorkspace, useFastPasswordHashing } from './access.fixtures.ts'
import type { Actor } from './actor.ts'
import { createAuthService } from './auth.service.ts'
import { createUsersService, type UsersService } from './users.service.ts'
import type { CreatedWorkspace } from './workspace.service.ts'

let t: Database
let ws: CreatedWorkspace
let admin: Actor
let users: UsersService

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestDb()
  ws = await makeWorkspace(t.db, 'users')
  admin = await actorOf(t.db, ws.workspace.id, ws.owner.id)
  users = createUsersService({ db: t.db })
})
afterAll(async () => {
  await t?.close()
})

describe('users', () => {
  it('admins create users who can then sign in; emails are unique in the whole installation', async () => {
    const u = await users.create(admin, {
      email: 'li.na@users.test',
      name: '李娜',
      password: 'li na secret 1',
      roleId: ws.roles.salesRep,
      teamIds: [ws.rootTeamId],
    })
    expect(u).toMatchObject({
      email: 'li.na@users.test',
      name: '李娜',
      role_id: ws.roles.salesRep,
      is_active: true,
    })
    const auth = createAuthService({ db: t.db })
    expect((await auth.login('LI.NA@users.test', 'li na secret 1')).user.id).toBe(u.id)
    expect(
      await errorCodeOf(
        users.create(admin, { email: 'Li.Na@users.test', name: 'x', password: 'another secret' }),
      ),
    ).toBe('conflict:email:not_unique')
    const other = await makeWorkspace(t.db, 'users-other')
    const otherAdmin = await actorOf(t.db, other.workspace.id, other.owner.id)
    expect(
      await errorCodeOf(
        users.create(otherAdmin, { email: 'li.na@users.test', name: 'x', password: 'another secret' }),
      ),
    ).toBe('conflict:email:not_unique')
  })

  it('checks password rules, role and teams', async () => {
    expect(
      await errorCodeOf(users.create(admin, { email: 'a@users.test', name: 'a', password: '12345678' })),
    ).toBe('validation_failed:password:invalid_value')
    const missing = '00000000-0000-7000-8000-000000000000'
    expect(
      await errorCodeOf(
        users.create(admin, { email: 'a@users.test', name: 'a', password: 'fine secret', roleId: missing }),
      ),
    ).toBe('validation_failed:roleId:not_found')
    expect(
      await errorCodeOf(
        users.create(admin, {
          email: 'a@users.test',
          name: 'a',
          password: 'fine secret',
          teamIds: [missing],
        }),
      ),
    ).toBe('validation_failed:teamIds.0:not_found')
  })

  it('non-admins read users, change only their own name and locale', async () => {
    const u = await users.create(admin, {
      email: 'rep@users.test',
      name: 'Rep',
      password: 'rep secret 1',
      roleId: ws.roles.salesRep,
    })
    const rep = await actorOf(t.db, ws.workspace.id, u.id)
    expect((await users.list(rep)).map((x) => x.id)).toContain(ws.owner.id)
    expect((await users.update(rep, u.id, { name: 'Rep 2', locale: 'zh-CN' })).name).toBe('Rep 2')
    expect(await errorCodeOf(users.update(rep, u.id, { roleId: ws.roles.admin }))).toBe('forbidden')
    expect(await errorCodeOf(users.update(rep, ws.owner.id, { name: 'hacked' }))).toBe('forbidden')
    expect(
      await errorCodeOf(users.create(rep, { email: 'x@users.test', name: 'x', password: 'fine secret' })),
    ).toBe('forbidden')
    expect(await errorCodeOf(users.deactivate(rep, ws.owner.id))).toBe('forbidden')
  })

  it('keeps at least one active admin, never deactivates the owner or oneself', async () => {
    expect(await errorCodeOf(users.update(admin, ws.owner.id, { roleId: ws.roles.salesRep }))).toBe(
      'conflict:roleId:invalid_value',
    )
    expect(await errorCodeOf(users.deactivate(admin, ws.owner.id))).toBe('conflict:isActive:invalid_value')
    const second = await users.create(admin, {
      email: 'admin2@users.test',
      name: 'Admin 2',
      password: 'admin two secret',
      roleId: ws.roles.admin,
    })
    const admin2 = await actorOf(t.db, ws.workspace.id, second.id)
    expect(await errorCodeOf(users.deactivate(admin2, second.id))).toBe('conflict:isActive:invalid_value')
    // with a second admin, the owner may step down from the admin role
    await users.update(admin2, ws.owner.id, { roleId: ws.roles.salesManager })
    expect(await errorCodeOf(users.update(admin2, second.id, { roleId: ws.roles.salesRep }))).toBe(
      'conflict:roleId:invalid_value',
    )
    await users.update(admin2, ws.owner.id, { roleId: ws.roles.admin })
  })

  it('two admins demoting each other at the same time: exactly one succeeds', async () => {
    const w = await makeWorkspace(t.db, 'users-race')
    const owner = await actorOf(t.db, w.workspace.id, w.owner.id)
    const second = await users.create(owner, {
      email: 'a2@users-race.test',
      name: 'A2',
      password: 'admin two secret',
      roleId: w.roles.admin,
    })
    const third = await users.create(owner, {
      email: 'a3@users-race.test',
      name: 'A3',
      password: 'admin three secret',
      roleId: w.roles.admin,
    })
    const a2 = await actorOf(t.db, w.workspace.id, second.id)
    const a3 = await actorOf(t.db, w.workspace.id, third.id)
    await users.update(a2, w.owner.id, { roleId: w.roles.salesRep })
    const results = await Promise.all([
      errorCodeOf(users.update(a2, third.id, { roleId: w.roles.salesRep })),
      errorCodeOf(users.update(a3, second.id, { roleId: w.roles.salesRep })),
    ])
    expect(results.sort()).toEqual(['conflict:roleId:invalid_value', null].sort())
    const admins = (await users.list(owner)).filter((u) => u.role_id === w.roles.admin)
    expect(admins).toHaveLength(1)
  })

  it('deactivation ends sessions and is audited; a new password by an admin ends sessions too', async () => {
    const auth = createAuthService({ db: t.db })
    const u = await users.create(admin, {
      email: 'leaver@users.test',
      name: 'Leaver',
      password: 'leaver secret 1',
    })
    const { token } = await auth.login('leaver@users.test', 'leaver secret 1')
    await users.update(admin, u.id, { password: 'reset secret 2' })
    expect(await errorCodeOf(auth.resolveSession(token))).toBe('unauthenticated')
    const { token: t2 } = await auth.login('leaver@users.test', 'reset secret 2')
    await users.deactivate(admin, u.id)
    expect(await errorCodeOf(auth.resolveSession(t2))).toBe('unauthenticated')
    expect((await users.get(admin, u.id)).is_active).toBe(false)
    expect((await users.list(admin)).map((x) => x.id)).not.toContain(u.id)
    expect((await users.list(admin, { includeInactive: true })).map((x) => x.id)).toContain(u.id)
    const r = await withPlatform(t.db, (trx) =>
      sql<{ action: string; detail: Record<string, unknown> }>`select action, detail from audit_log
        where target_id = ${u.id} order by id`.execute(trx),
    )
    expect(r.rows.map((x) => x.action)).toEqual([
      'user.created',
      'auth.login',
      'user.updated',
      'auth.login',
      'user.deactivated',
    ])
    expect(JSON.stringify(r.rows)).not.toContain('reset secret')
    expect(r.rows[2]!.detail).toEqual({ changed: ['password'] })
  })

  it('changes email with the same uniqueness rule', async () => {
    const u = await users.create(admin, {
      email: 'mail1@users.test',
      name: 'Mail',
      password: 'mail secret 1',
    })
    expect((await users.update(admin, u.id, { email: 'mail2@users.test' })).email).toBe('mail2@users.test')
    expect(await errorCodeOf(users.update(admin, u.id, { email: `owner@users.test` }))).toBe(
      'conflict:email:not_unique',
    )
    expect((await users.update(admin, u.id, { email: 'MAIL2@users.test' })).email).toBe('MAIL2@users.test')
  })

  it('me answers the user and workspace', async () => {
    const me = await users.me(admin)
    expect(me.user.id).toBe(ws.owner.id)
    expect(me.workspace.slug).toBe('users')
  })
})
