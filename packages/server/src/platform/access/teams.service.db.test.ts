import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import {
  actorOf,
  addRole,
  addUser,
  errorCodeOf,
  makeWorkspace,
  useFastPasswordHashing,
} from './access.fixtures.ts'
import type { Actor } from './actor.ts'
import { recordScopeOwners } from './permissions.ts'
import { createTeamsService, MAX_TEAM_DEPTH, type TeamsService } from './teams.service.ts'
import type { CreatedWorkspace } from './workspace.service.ts'

let t: Database
let ws: CreatedWorkspace
let admin: Actor
let teams: TeamsService

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestDb()
  ws = await makeWorkspace(t.db, 'teams')
  admin = await actorOf(t.db, ws.workspace.id, ws.owner.id)
  teams = createTeamsService({ db: t.db })
})
afterAll(async () => {
  await t?.close()
})

describe('team tree', () => {
  it('creates teams with materialised paths below their parent', async () => {
    const a = await teams.create(admin, { name: 'A', parentId: ws.rootTeamId })
    const b = await teams.create(admin, { name: 'B', parentId: a.id })
    expect(a.path).toBe(`/${ws.rootTeamId}/${a.id}/`)
    expect(b.path).toBe(`${a.path}${b.id}/`)
    expect(
      await errorCodeOf(teams.create(admin, { name: 'X', parentId: '00000000-0000-7000-8000-000000000000' })),
    ).toBe('validation_failed:parentId:not_found')
  })

  it('moves a team with its whole subtree, and refuses a move below itself (cycle)', async () => {
    const p = await teams.create(admin, { name: 'P', parentId: ws.rootTeamId })
    const q = await teams.create(admin, { name: 'Q', parentId: ws.rootTeamId })
    const c = await teams.create(admin, { name: 'C', parentId: p.id })
    const g = await teams.create(admin, { name: 'G', parentId: c.id })
    await teams.update(admin, c.id, { parentId: q.id })
    expect((await teams.get(admin, c.id)).path).toBe(`${q.path}${c.id}/`)
    expect((await teams.get(admin, g.id)).path).toBe(`${q.path}${c.id}/${g.id}/`)
    expect((await teams.get(admin, g.id)).parent_id).toBe(c.id)
    expect(await errorCodeOf(teams.update(admin, c.id, { parentId: g.id }))).toBe(
      'validation_failed:parentId:invalid_value',
    )
    expect(await errorCodeOf(teams.update(admin, c.id, { parentId: c.id }))).toBe(
      'validation_failed:parentId:invalid_value',
    )
    // to the top level and back
    await teams.update(admin, c.id, { parentId: null })
    expect((await teams.get(admin, g.id)).path).toBe(`/${c.id}/${g.id}/`)
    await teams.update(admin, c.id, { parentId: p.id, name: 'C renamed' })
    const moved = await teams.get(admin, c.id)
    expect([moved.name, moved.path]).toEqual(['C renamed', `${p.path}${c.id}/`])
  })

  it('a move changes who a manager sees (after the cache is dropped by the service)', async () => {
    const role = await addRole(t.db, ws.workspace.id, 'mgr', 'team_and_below', 'team_and_below')
    const north = await teams.create(admin, { name: 'North', parentId: ws.rootTeamId })
    const south = await teams.create(admin, { name: 'South', parentId: ws.rootTeamId })
    const sub = await teams.create(admin, { name: 'Sub', parentId: south.id })
    const boss = await addUser(t.db, ws.workspace.id, { name: 'Boss', roleId: role, teamIds: [north.id] })
    const rep = await addUser(t.db, ws.workspace.id, { name: 'Rep', teamIds: [sub.id] })
    expect(recordScopeOwners(await actorOf(t.db, ws.workspace.id, boss), 'lead', 'read')).toEqual([boss])
    await teams.update(admin, sub.id, { parentId: north.id })
    expect(recordScopeOwners(await actorOf(t.db, ws.workspace.id, boss), 'lead', 'read')).toEqual(
      [boss, rep].sort(),
    )
  })

  it('refuses a tree deeper than the limit', async () => {
    let parent = ws.rootTeamId
    for (let i = 2; i <= MAX_TEAM_DEPTH; i++)
      parent = (await teams.create(admin, { name: `L${i}`, parentId: parent })).id
    expect(await errorCodeOf(teams.create(admin, { name: 'too deep', parentId: parent }))).toBe(
      'validation_failed:parentId:too_deep',
    )
    const side = await teams.create(admin, { name: 'side', parentId: ws.rootTeamId })
    await teams.create(admin, { name: 'side child', parentId: side.id })
    expect(await errorCodeOf(teams.update(admin, side.id, { parentId: parent }))).toBe(
      'validation_failed:parentId:too_deep',
    )
  })

  it('deletes only empty teams', async () => {
    const e = await teams.create(admin, { name: 'E', parentId: ws.rootTeamId })
    const child = await teams.create(admin, { name: 'E1', parentId: e.id })
    expect(await errorCodeOf(teams.remove(admin, e.id))).toBe('conflict:children:invalid_value')
    const user = await addUser(t.db, ws.workspace.id, { name: 'Member' })
    await teams.setMember(admin, child.id, user, { isManager: true })
    expect(await teams.members(admin, child.id)).toEqual([
      { team_id: child.id, user_id: user, is_manager: true },
    ])
    expect(await errorCodeOf(teams.remove(admin, child.id))).toBe('conflict:members:invalid_value')
    await teams.removeMember(admin, child.id, user)
    expect(await errorCodeOf(teams.removeMember(admin, child.id, user))).toBe('not_found')
    await teams.remove(admin, child.id)
    await teams.remove(admin, e.id)
    expect(await errorCodeOf(teams.get(admin, e.id))).toBe('not_found')
  })

  it('members must be users of the workspace', async () => {
    const e = await teams.create(admin, { name: 'M', parentId: ws.rootTeamId })
    expect(await errorCodeOf(teams.setMember(admin, e.id, ws.workspace.id, { isManager: false }))).toBe(
      'validation_failed:userId:not_found',
    )
  })

  it('everyone may read the tree; only admins change it', async () => {
    const rep = await actorOf(t.db, ws.workspace.id, await addUser(t.db, ws.workspace.id, { name: 'Reader' }))
    expect((await teams.list(rep)).length).toBeGreaterThan(0)
    expect(await errorCodeOf(teams.create(rep, { name: 'nope', parentId: null }))).toBe('forbidden')
    expect(await errorCodeOf(teams.update(rep, ws.rootTeamId, { name: 'nope' }))).toBe('forbidden')
    expect(await errorCodeOf(teams.remove(rep, ws.rootTeamId))).toBe('forbidden')
  })
})
