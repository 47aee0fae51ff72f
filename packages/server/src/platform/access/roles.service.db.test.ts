import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { actorOf, addUser, errorCodeOf, makeWorkspace, useFastPasswordHashing } from './access.fixtures.ts'
import type { Actor } from './actor.ts'
import { canObject, editableFields, readableFields, recordScopeOwners } from './permissions.ts'
import { createRolesService, type RolesService } from './roles.service.ts'
import type { CreatedWorkspace } from './workspace.service.ts'

let t: Database
let ws: CreatedWorkspace
let admin: Actor
let roles: RolesService

const g = (object: string, over: Record<string, unknown> = {}) => ({
  object,
  create: false,
  read: true,
  update: false,
  delete: false,
  readScope: 'own' as const,
  writeScope: 'own' as const,
  fields: {},
  ...over,
})

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestDb()
  ws = await makeWorkspace(t.db, 'roles')
  admin = await actorOf(t.db, ws.workspace.id, ws.owner.id)
  roles = createRolesService({ db: t.db })
})
afterAll(async () => {
  await t?.close()
})

describe('roles', () => {
  it('a new workspace has Admin, Sales rep (own) and Sales manager (team and below)', async () => {
    const list = await roles.list(admin)
    expect(list.map((r) => [r.name, r.isAdmin, r.userCount])).toEqual([
      ['Admin', true, 1],
      ['Sales rep', false, 0],
      ['Sales manager', false, 0],
    ])
    expect(list[1]!.grants).toEqual([g('*', { create: true, update: true })])
    expect(list[2]!.grants).toEqual([
      g('*', {
        create: true,
        update: true,
        delete: true,
        readScope: 'team_and_below',
        writeScope: 'team_and_below',
      }),
    ])
  })

  it('grants set through the service become the user’s rights at once (object, field and record level)', async () => {
    const role = await roles.create(admin, {
      name: 'Support',
      grants: [
        g('ticket', {
          create: true,
          update: true,
          readScope: 'team',
          fields: { cost: 'hidden', sla: 'read' },
        }),
      ],
    })
    const user = await addUser(t.db, ws.workspace.id, { name: 'Sup', roleId: role.id })
    let a = await actorOf(t.db, ws.workspace.id, user)
    expect(canObject(a, 'ticket', 'update')).toBe(true)
    expect(canObject(a, 'ticket', 'delete')).toBe(false)
    expect(canObject(a, 'person', 'read')).toBe(false)
    expect(readableFields(a, 'ticket', ['subject', 'cost', 'sla'])).toEqual(['subject', 'sla'])
    expect(editableFields(a, 'ticket', ['subject', 'cost', 'sla'])).toEqual(['subject'])
    await roles.setGrant(admin, role.id, g('person'))
    a = await actorOf(t.db, ws.workspace.id, user)
    expect(canObject(a, 'person', 'read')).toBe(true)
    await roles.update(admin, role.id, { grants: [g('ticket', { readScope: 'all' })] })
    a = await actorOf(t.db, ws.workspace.id, user)
    expect(canObject(a, 'person', 'read')).toBe(false)
    expect(recordScopeOwners(a, 'ticket', 'read')).toBe('all')
    await roles.removeGrant(admin, role.id, 'ticket')
    a = await actorOf(t.db, ws.workspace.id, user)
    expect(canObject(a, 'ticket', 'read')).toBe(false)
    expect(await errorCodeOf(roles.removeGrant(admin, role.id, 'ticket'))).toBe('not_found')
  })

  it('validates names, duplicates, scopes and field rules', async () => {
    expect(await errorCodeOf(roles.create(admin, { name: 'sales REP' }))).toBe('conflict:name:not_unique')
    expect(await errorCodeOf(roles.create(admin, { name: 'Dup', grants: [g('a'), g('a')] }))).toBe(
      'validation_failed:grants.1.object:not_unique',
    )
    expect(await errorCodeOf(roles.create(admin, { name: 'Bad', grants: [g('Bad-Object')] }))).toBe(
      'validation_failed:grants.0.object:invalid_name',
    )
    expect(
      await errorCodeOf(roles.create(admin, { name: 'Bad', grants: [g('a', { readScope: 'galaxy' })] })),
    ).toBe('validation_failed:grants.0.readScope:invalid_option')
    expect(
      await errorCodeOf(roles.create(admin, { name: 'Bad', grants: [g('a', { fields: { x: 'write' } })] })),
    ).toBe('validation_failed:grants.0.fields.x:invalid_option')
  })

  it('admin roles have no grants to edit and cannot be deleted; roles in use cannot be deleted', async () => {
    expect(await errorCodeOf(roles.setGrant(admin, ws.roles.admin, g('x')))).toBe('conflict:grants:read_only')
    expect(await errorCodeOf(roles.update(admin, ws.roles.admin, { grants: [] }))).toBe(
      'conflict:grants:read_only',
    )
    expect(await errorCodeOf(roles.remove(admin, ws.roles.admin))).toBe('conflict:isAdmin:read_only')
    const r = await roles.create(admin, { name: 'Temp' })
    const u = await addUser(t.db, ws.workspace.id, { name: 'T', roleId: r.id })
    expect(await errorCodeOf(roles.remove(admin, r.id))).toBe('conflict:users:invalid_value')
    const r2 = await roles.create(admin, { name: 'Temp 2', grants: [g('x')] })
    await roles.remove(admin, r2.id)
    expect(await errorCodeOf(roles.get(admin, r2.id))).toBe('not_found')
    expect(u).toBeTruthy()
  })

  it('only admins read or change roles', async () => {
    const rep = await actorOf(
      t.db,
      ws.workspace.id,
      await addUser(t.db, ws.workspace.id, { name: 'R', roleId: ws.roles.salesManager }),
    )
    expect(await errorCodeOf(roles.list(rep))).toBe('forbidden')
    expect(await errorCodeOf(roles.create(rep, { name: 'Mine' }))).toBe('forbidden')
    expect(await errorCodeOf(roles.setGrant(rep, ws.roles.salesManager, g('*', { readScope: 'all' })))).toBe(
      'forbidden',
    )
  })
})
