import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import { actorOf, addUser, makeWorkspace, useFastPasswordHashing } from '../access/access.fixtures.ts'
import type { Actor } from '../access/actor.ts'
import type { CreatedWorkspace } from '../access/workspace.service.ts'
import type { Database } from '../db/connect.ts'
import { withWorkspace } from '../db/tx.ts'
import { audit, auditActor, listAuditLog } from './audit.ts'
import { createAuditLogService } from './audit-log.service.ts'

let t: Database
let a: CreatedWorkspace
let b: CreatedWorkspace
let admin: Actor

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestDb()
  a = await makeWorkspace(t.db, 'audit-a')
  b = await makeWorkspace(t.db, 'audit-b')
  admin = await actorOf(t.db, a.workspace.id, a.owner.id)
})
afterAll(async () => {
  await t?.close()
})

const page = (f: Parameters<typeof listAuditLog>[2], ws = a.workspace.id) =>
  withWorkspace(t.db, ws, (trx) => listAuditLog(trx, ws, f))

describe('audit', () => {
  it('appends inside the caller’s transaction: a rolled-back change leaves no entry', async () => {
    await withWorkspace(t.db, a.workspace.id, (trx) =>
      audit(trx, {
        ...auditActor(admin, '10.0.0.9'),
        action: 'export.records',
        targetType: 'object',
        targetId: 'person',
        detail: { rows: 12 },
      }),
    )
    await expect(
      withWorkspace(t.db, a.workspace.id, async (trx) => {
        await audit(trx, { ...auditActor(admin), action: 'export.records', detail: { rows: 99 } })
        throw new Error('export failed')
      }),
    ).rejects.toThrow('export failed')
    const { data } = await page({ action: 'export.records' })
    expect(data.map((e) => e.detail)).toEqual([{ rows: 12 }])
    expect(data[0]).toMatchObject({
      actor_id: a.owner.id,
      ip: '10.0.0.9',
      target_type: 'object',
      target_id: 'person',
    })
  })

  it('never stores secrets passed in detail', async () => {
    await withWorkspace(t.db, a.workspace.id, (trx) =>
      audit(trx, {
        ...auditActor(admin),
        action: 'system.test',
        detail: {
          password: 'p',
          newPassword: 'p',
          token: 't',
          key: 'k',
          nested: { secret: 's', ok: 1 },
          name: 'n',
        },
      }),
    )
    const { data } = await page({ action: 'system.test' })
    expect(data[0]!.detail).toEqual({ nested: { ok: 1 }, name: 'n' })
  })

  it('row-level security: a workspace transaction cannot write into another workspace', async () => {
    await expect(
      withWorkspace(t.db, a.workspace.id, (trx) =>
        audit(trx, { workspaceId: b.workspace.id, action: 'system.test' }),
      ),
    ).rejects.toThrow()
  })

  it('pages newest first and filters by action, prefix, actor and time', async () => {
    const other = await addUser(t.db, a.workspace.id, { name: 'Other' })
    for (let i = 0; i < 7; i++) {
      await withWorkspace(t.db, a.workspace.id, (trx) =>
        audit(trx, {
          workspaceId: a.workspace.id,
          action: i % 2 ? 'metadata.field_created' : 'metadata.object_created',
          actorId: i < 5 ? a.owner.id : other,
          detail: { i },
        }),
      )
    }
    const p1 = await page({ action: 'metadata.*', limit: 3 })
    expect(p1.data.map((e) => e.detail.i)).toEqual([6, 5, 4])
    const p2 = await page({ action: 'metadata.*', limit: 3, cursor: p1.nextCursor! })
    expect(p2.data.map((e) => e.detail.i)).toEqual([3, 2, 1])
    const p3 = await page({ action: 'metadata.*', limit: 3, cursor: p2.nextCursor! })
    expect(p3).toEqual({ data: [expect.objectContaining({ detail: { i: 0 } })], nextCursor: null })
    expect((await page({ action: 'metadata.field_created' })).data.map((e) => e.detail.i)).toEqual([5, 3, 1])
    expect((await page({ action: 'metadata.*', actorId: other })).data.map((e) => e.detail.i)).toEqual([6, 5])
    expect((await page({ action: 'metadata.*', from: new Date(Date.now() + 60_000) })).data).toEqual([])
    expect((await page({ action: 'metadata.*', to: new Date(Date.now() - 3600_000) })).data).toEqual([])
    expect((await page({ action: 'metadata.*', limit: 1000 })).data.length).toBe(7)
    // workspace B sees none of it
    expect((await page({ action: 'metadata.*' }, b.workspace.id)).data).toEqual([])
  })

  it('reading the log is for admins', async () => {
    const service = createAuditLogService({ db: t.db })
    expect((await service.list(admin, { limit: 5 })).data.length).toBeGreaterThan(0)
    const rep = await actorOf(
      t.db,
      a.workspace.id,
      await addUser(t.db, a.workspace.id, { name: 'Rep', roleId: a.roles.salesManager }),
    )
    await expect(service.list(rep, {})).rejects.toMatchObject({ code: 'forbidden' })
  })
})
