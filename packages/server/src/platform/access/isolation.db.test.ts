import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { withWorkspace } from '../db/tx.ts'
import {
  actorOf,
  errorCodeOf,
  makeWorkspace,
  OWNER_PASSWORD,
  useFastPasswordHashing,
} from './access.fixtures.ts'
import { type AccessServices, createAccessServices } from './access.services.ts'
import type { Actor } from './actor.ts'
import type { CreatedWorkspace } from './workspace.service.ts'

let t: Database
let a: CreatedWorkspace
let b: CreatedWorkspace
let actorA: Actor
let s: AccessServices
let keyOfB: { key: string; id: string }

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestDb()
  a = await makeWorkspace(t.db, 'iso-a')
  b = await makeWorkspace(t.db, 'iso-b')
  s = createAccessServices({ db: t.db })
  actorA = await actorOf(t.db, a.workspace.id, a.owner.id)
  const actorB = await actorOf(t.db, b.workspace.id, b.owner.id)
  const k = await s.apiKeys.create(actorB, { name: 'B key', scopes: { '*': 'write' } })
  keyOfB = { key: k.key, id: k.row.id }
})
afterAll(async () => {
  await t?.close()
})

describe('cross-workspace isolation: an admin of A reaches nothing of B', () => {
  it('credentials resolve to their own workspace only', async () => {
    const { token } = await s.auth.login('owner@iso-a.test', OWNER_PASSWORD)
    expect((await s.auth.resolveSession(token)).workspaceId).toBe(a.workspace.id)
    expect((await s.auth.resolveApiKey(keyOfB.key)).workspaceId).toBe(b.workspace.id)
    await expect(
      s.loadActor({ workspaceId: a.workspace.id, userId: b.owner.id, channel: 'ui', locale: 'en' }),
    ).rejects.toMatchObject({
      code: 'unauthenticated',
    })
    await expect(
      s.loadActor({
        workspaceId: a.workspace.id,
        userId: a.owner.id,
        apiKeyId: keyOfB.id,
        channel: 'api',
        locale: 'en',
      }),
    ).rejects.toMatchObject({ code: 'unauthenticated' })
  })

  it('users, teams, roles, API keys and the audit log of B are "not found" for A', async () => {
    expect(await errorCodeOf(s.users.get(actorA, b.owner.id))).toBe('not_found')
    expect(await errorCodeOf(s.users.update(actorA, b.owner.id, { name: 'pwned' }))).toBe('not_found')
    expect(await errorCodeOf(s.users.deactivate(actorA, b.owner.id))).toBe('not_found')
    expect((await s.users.list(actorA, { includeInactive: true })).map((u) => u.workspace_id)).toEqual([
      a.workspace.id,
    ])
    expect(
      await errorCodeOf(
        s.users.create(actorA, {
          email: 'x@iso-a.test',
          name: 'x',
          password: 'fine secret',
          roleId: b.roles.admin,
        }),
      ),
    ).toBe('validation_failed:roleId:not_found')
    expect(await errorCodeOf(s.users.update(actorA, a.owner.id, { roleId: b.roles.admin }))).toBe(
      'validation_failed:roleId:not_found',
    )
    expect(await errorCodeOf(s.teams.get(actorA, b.rootTeamId))).toBe('not_found')
    expect(await errorCodeOf(s.teams.update(actorA, b.rootTeamId, { name: 'pwned' }))).toBe('not_found')
    expect(await errorCodeOf(s.teams.remove(actorA, b.rootTeamId))).toBe('not_found')
    expect(await errorCodeOf(s.teams.members(actorA, b.rootTeamId))).toBe('not_found')
    expect(await errorCodeOf(s.teams.setMember(actorA, a.rootTeamId, b.owner.id, { isManager: false }))).toBe(
      'validation_failed:userId:not_found',
    )
    expect(await errorCodeOf(s.teams.setMember(actorA, b.rootTeamId, a.owner.id, { isManager: false }))).toBe(
      'not_found',
    )
    expect(await errorCodeOf(s.teams.create(actorA, { name: 'x', parentId: b.rootTeamId }))).toBe(
      'validation_failed:parentId:not_found',
    )
    expect(await errorCodeOf(s.roles.get(actorA, b.roles.salesRep))).toBe('not_found')
    expect(
      await errorCodeOf(
        s.roles.setGrant(actorA, b.roles.salesRep, {
          object: '*',
          create: true,
          read: true,
          update: true,
          delete: true,
          readScope: 'all',
          writeScope: 'all',
          fields: {},
        }),
      ),
    ).toBe('not_found')
    expect(await errorCodeOf(s.roles.remove(actorA, b.roles.salesRep))).toBe('not_found')
    expect(await errorCodeOf(s.apiKeys.revoke(actorA, keyOfB.id))).toBe('not_found')
    expect((await s.apiKeys.list(actorA)).map((k) => k.id)).not.toContain(keyOfB.id)
    const log = await s.auditLog.list(actorA, { limit: 200 })
    expect(new Set(log.data.map((e) => e.workspace_id))).toEqual(new Set([a.workspace.id]))
    // B's key still works: nothing above changed it
    expect((await s.auth.resolveApiKey(keyOfB.key)).apiKeyId).toBe(keyOfB.id)
  })

  it('row-level security hides B even from a query that forgets its workspace filter', async () => {
    const seen = await withWorkspace(t.db, a.workspace.id, async (trx) => ({
      users: (await sql<{ w: string }>`select distinct workspace_id w from app_user`.execute(trx)).rows.map(
        (r) => r.w,
      ),
      keys: (await sql<{ n: number }>`select count(*)::int n from api_key`.execute(trx)).rows[0]!.n,
      roles: (await sql<{ w: string }>`select distinct workspace_id w from role`.execute(trx)).rows.map(
        (r) => r.w,
      ),
      teams: (await sql<{ w: string }>`select distinct workspace_id w from team`.execute(trx)).rows.map(
        (r) => r.w,
      ),
      grants: (
        await sql<{ w: string }>`select distinct workspace_id w from role_grant`.execute(trx)
      ).rows.map((r) => r.w),
    }))
    expect(seen).toEqual({
      users: [a.workspace.id],
      keys: 0,
      roles: [a.workspace.id],
      teams: [a.workspace.id],
      grants: [a.workspace.id],
    })
    // sessions are not reachable from a workspace transaction at all
    await expect(
      withWorkspace(t.db, a.workspace.id, (trx) => sql`select 1 from session`.execute(trx)),
    ).rejects.toThrow()
  })
})
