import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { actorOf, addRole, addTeam, addUser, makeWorkspace } from './access.fixtures.ts'
import { invalidateActors, loadActor, minimalPrefixes } from './actor.service.ts'
import type { RecordScope } from './actor.ts'
import { canObject, readableFields, recordScopeOwners } from './permissions.ts'
import type { CreatedWorkspace } from './workspace.service.ts'

let t: Database
let ws: CreatedWorkspace
const u: Record<string, string> = {}
const teams: Record<string, { id: string; path: string }> = {}

// Company (root) ─ Sales (M) ┬ East (E, E2) ─ EastA (A)
//                            └ West (W)
beforeAll(async () => {
  t = await createTestDb()
  ws = await makeWorkspace(t.db, 'scopes')
  const w = ws.workspace.id
  const root = { id: ws.rootTeamId, path: `/${ws.rootTeamId}/` }
  teams.sales = await addTeam(t.db, w, 'Sales', root)
  teams.east = await addTeam(t.db, w, 'East', teams.sales)
  teams.eastA = await addTeam(t.db, w, 'East A', teams.east)
  teams.west = await addTeam(t.db, w, 'West', teams.sales)
  u.M = await addUser(t.db, w, { name: 'M', teamIds: [teams.sales.id] })
  u.E = await addUser(t.db, w, { name: 'E', teamIds: [teams.east.id] })
  u.E2 = await addUser(t.db, w, { name: 'E2', teamIds: [teams.east.id] })
  u.A = await addUser(t.db, w, { name: 'A', teamIds: [teams.eastA.id] })
  u.W = await addUser(t.db, w, { name: 'W', teamIds: [teams.west.id] })
  u.Lone = await addUser(t.db, w, { name: 'Lone' })
})
afterAll(async () => {
  await t?.close()
})

const names = (ids: string[] | 'all' | 'none') =>
  Array.isArray(ids) ? ids.map((id) => Object.keys(u).find((k) => u[k] === id)).sort() : ids

const EXPECTED: Record<RecordScope, Record<string, string[] | 'all' | 'none'>> = {
  none: { M: 'none', E: 'none', A: 'none', W: 'none', Lone: 'none' },
  own: { M: ['M'], E: ['E'], A: ['A'], W: ['W'], Lone: ['Lone'] },
  team: { M: ['M'], E: ['E', 'E2'], A: ['A'], W: ['W'], Lone: ['Lone'] },
  // the manager above sees everyone below; a sibling team (West ↔ East) sees nothing of the other
  team_and_below: { M: ['A', 'E', 'E2', 'M', 'W'], E: ['A', 'E', 'E2'], A: ['A'], W: ['W'], Lone: ['Lone'] },
  all: { M: 'all', E: 'all', A: 'all', W: 'all', Lone: 'all' },
}

describe('record scopes over a 3-level team tree', () => {
  for (const scope of ['none', 'own', 'team', 'team_and_below', 'all'] as const) {
    for (const op of ['read', 'write'] as const) {
      it(`${scope} × ${op}`, async () => {
        const w = ws.workspace.id
        const role = await addRole(
          t.db,
          w,
          `${scope}-${op}`,
          op === 'read' ? scope : 'own',
          op === 'write' ? scope : 'own',
        )
        for (const [who, expected] of Object.entries(EXPECTED[scope])) {
          await withWorkspace(t.db, w, (trx) =>
            sql`update app_user set role_id = ${role} where id = ${u[who]}`.execute(trx),
          )
          invalidateActors(w, u[who])
          const actor = await actorOf(t.db, w, u[who]!)
          expect([who, names(recordScopeOwners(actor, 'lead', op))]).toEqual([who, expected])
        }
      })
    }
  }

  it('the owner list works as `owner_id = any($1)` on the database', async () => {
    const w = ws.workspace.id
    const role = await addRole(t.db, w, 'tab-sql', 'team_and_below', 'team')
    await withWorkspace(t.db, w, (trx) =>
      sql`update app_user set role_id = ${role} where id = ${u.E}`.execute(trx),
    )
    invalidateActors(w)
    const actor = await actorOf(t.db, w, u.E!)
    const owners = recordScopeOwners(actor, 'lead', 'read')
    expect(Array.isArray(owners)).toBe(true)
    const rows = await sql<{ who: string }>`select who from (values ${sql.join(
      Object.entries(u).map(([who, id]) => sql`(${who}, ${id}::uuid)`),
    )}) as r(who, owner_id) where owner_id = any(${owners}::uuid[]) order by who`.execute(t.db)
    expect(rows.rows.map((r) => r.who)).toEqual(['A', 'E', 'E2'])
  })
})

describe('loadActor', () => {
  it('admin role = every right, no grants listed', async () => {
    const a = await actorOf(t.db, ws.workspace.id, ws.owner.id)
    expect(a.isAdmin).toBe(true)
    expect(a.grants).toEqual({})
    expect(canObject(a, 'anything', 'delete')).toBe(true)
    expect(a.teamUserIds).toEqual([ws.owner.id])
  })

  it('grants and field rules come from the role', async () => {
    const w = ws.workspace.id
    const role = await addRole(t.db, w, 'with-fields', 'own', 'own', { salary: 'hidden', score: 'read' })
    const id = await addUser(t.db, w, { name: 'F', roleId: role })
    const a = await actorOf(t.db, w, id)
    expect(a.grants['*']).toMatchObject({
      read: true,
      readScope: 'own',
      fields: { salary: 'hidden', score: 'read' },
    })
    expect(readableFields(a, 'person', ['name', 'salary', 'score'])).toEqual(['name', 'score'])
  })

  it('a user without a role may do nothing', async () => {
    const id = await addUser(t.db, ws.workspace.id, { name: 'No role' })
    const a = await actorOf(t.db, ws.workspace.id, id)
    expect(a.isAdmin).toBe(false)
    expect(canObject(a, 'lead', 'read')).toBe(false)
  })

  it('caches per user until invalidated (a role change shows after invalidateActors)', async () => {
    const w = ws.workspace.id
    const reader = await addRole(t.db, w, 'cache-r', 'own', 'own')
    const id = await addUser(t.db, w, { name: 'C', roleId: reader })
    expect((await actorOf(t.db, w, id)).isAdmin).toBe(false)
    await withWorkspace(t.db, w, (trx) =>
      sql`update app_user set role_id = ${ws.roles.admin} where id = ${id}`.execute(trx),
    )
    expect((await actorOf(t.db, w, id)).isAdmin).toBe(false) // cached
    invalidateActors(w)
    expect((await actorOf(t.db, w, id)).isAdmin).toBe(true)
    // and expires by itself after the TTL
    await withWorkspace(t.db, w, (trx) =>
      sql`update app_user set role_id = ${reader} where id = ${id}`.execute(trx),
    )
    const later = await loadActor(
      t.db,
      { workspaceId: w, userId: id, channel: 'ui', locale: 'en' },
      Date.now() + 60_000,
    )
    expect(later.isAdmin).toBe(false)
  })

  it('mutating a returned actor does not change the cache', async () => {
    const w = ws.workspace.id
    const a = await actorOf(t.db, w, u.E!)
    a.teamUserIds.push('intruder')
    a.grants.x = {
      create: true,
      read: true,
      update: true,
      delete: true,
      readScope: 'all',
      writeScope: 'all',
      fields: {},
    }
    const b = await actorOf(t.db, w, u.E!)
    expect(b.teamUserIds).not.toContain('intruder')
    expect(b.grants.x).toBeUndefined()
  })

  it('refuses an inactive user and a user of another workspace', async () => {
    const w = ws.workspace.id
    const id = await addUser(t.db, w, { name: 'Gone' })
    await withWorkspace(t.db, w, (trx) =>
      sql`update app_user set is_active = false where id = ${id}`.execute(trx),
    )
    invalidateActors(w, id)
    await expect(actorOf(t.db, w, id)).rejects.toMatchObject({ code: 'unauthenticated' })
    const other = await makeWorkspace(t.db, 'scopes-other')
    await expect(actorOf(t.db, other.workspace.id, u.E!)).rejects.toBeInstanceOf(AppError)
    await expect(actorOf(t.db, w, other.owner.id)).rejects.toMatchObject({ code: 'unauthenticated' })
  })
})

describe('minimalPrefixes', () => {
  it('keeps only the top-most paths', () => {
    expect(minimalPrefixes(['/a/b/', '/a/', '/c/', '/a/b/c/', '/c/'])).toEqual(['/a/', '/c/'])
  })
})
