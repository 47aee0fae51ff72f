import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { withWorkspace } from './tx.ts'

/** withWorkspace `{ read: true }`: on PostgreSQL the read pool without BEGIN/COMMIT, on PGlite a transaction. */
describe('withWorkspace read path', () => {
  let t: TestKernel
  let a: TestWorkspace
  let b: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    a = await t.workspace('read-a')
    b = await t.workspace('read-b')
    const { records } = t.kernel.services
    await records.create(a.admin, 'company', { name: '甲公司' })
    await records.create(b.admin, 'company', { name: '乙公司' })
  })
  afterAll(async () => {
    await t.close()
  })

  const names = (ws: TestWorkspace) =>
    withWorkspace(
      t.database.db,
      ws.admin.workspaceId,
      async (trx, info) => {
        // no workspace filter on purpose: row-level security alone must keep the other workspace out
        const r = await sql<{ name: string }>`select name from ${sql.table(`${info.dbSchema}.obj_company`)}
          union all select name::text from ${sql.table('app_user')} where false`.execute(trx)
        const role = await sql<{ r: string; ws: string }>`select current_user as r,
          current_setting('app.workspace_id') as ws`.execute(trx)
        return { names: r.rows.map((x) => x.name), ...role.rows[0]! }
      },
      { read: true },
    )

  it('runs as kemai_app with the workspace set, and sessions switch between workspaces', async () => {
    // more rounds than the pool has sessions, alternating, so sessions are reused across workspaces
    for (let i = 0; i < 12; i++) {
      const ws = i % 2 === 0 ? a : b
      const out = await names(ws)
      expect(out.r).toBe('kemai_app')
      expect(out.ws).toBe(ws.admin.workspaceId)
      expect(out.names).toEqual([ws === a ? '甲公司' : '乙公司'])
    }
    const both = await Promise.all([names(a), names(b), names(a), names(b)])
    expect(both.map((x) => x.names[0])).toEqual(['甲公司', '乙公司', '甲公司', '乙公司'])
  })

  it('statements sent side by side in one transaction take their turn, in order', async () => {
    const out = await t.database.db.transaction().execute(async (trx) => {
      await sql`create temporary table side_by_side (n int) on commit drop`.execute(trx)
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => sql`insert into side_by_side values (${i})`.execute(trx)),
      )
      return (await sql<{ n: number }>`select n from side_by_side order by n`.execute(trx)).rows
    })
    expect(out.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('refuses to write (PostgreSQL: the read session is read-only)', async () => {
    const write = withWorkspace(
      t.database.db,
      a.admin.workspaceId,
      (trx, info) => sql`update ${sql.table(`${info.dbSchema}.obj_company`)} set name = 'x'`.execute(trx),
      { read: true },
    )
    if (t.database.kind === 'postgres') {
      await expect(write).rejects.toMatchObject({ code: '25006' })
      // the session is still usable afterwards
      expect((await names(a)).names).toEqual(['甲公司'])
    } else {
      // PGlite has no read pool: the work runs in an ordinary workspace transaction
      await write
      expect((await names(a)).names).toEqual(['x'])
      await sql`update ${sql.table(`${a.created.workspace.db_schema}.obj_company`)} set name = '甲公司'`.execute(
        t.database.db,
      )
    }
  })

  it('an unknown workspace is not found and leaves nothing behind', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    await expect(withWorkspace(t.database.db, missing, async () => 1, { read: true })).rejects.toMatchObject({
      status: 404,
    })
    expect((await names(b)).names).toEqual(['乙公司'])
  })

  it('a metadata change made behind this process is picked up (stale column retried once)', async () => {
    const { metadata, records } = t.kernel.services
    await metadata.createField(a.admin, 'company', {
      name: 'motto',
      type: 'text',
      label: { en: 'Motto', 'zh-CN': '座右铭' },
    })
    // this process sees its own change at once
    const rec = await records.create(a.admin, 'company', { name: '丙公司', motto: '诚信' })
    expect((await records.get(a.admin, 'company', rec.id)).motto).toBe('诚信')
    // another process drops the field: its DDL and metadata rows change, this process's caches do not hear of it
    const schema = a.created.workspace.db_schema
    await sql`alter table ${sql.table(`${schema}.obj_company`)} drop column motto`.execute(t.database.db)
    await sql`delete from field where workspace_id = ${a.admin.workspaceId} and name = 'motto'`.execute(
      t.database.db,
    )
    await sql`update workspace set metadata_version = metadata_version + 1 where id = ${a.admin.workspaceId}`.execute(
      t.database.db,
    )
    // the write's lead read is built from the cached metadata too: it fails, and the write starts over
    const upd = await records.update(a.admin, 'company', rec.id, { name: '丙公司新' })
    expect(upd.version).toBe(2)
    const got = await records.get(a.admin, 'company', rec.id)
    expect(got.name).toBe('丙公司新')
    expect('motto' in got).toBe(false)
    const list = await records.list(a.admin, 'company', { sort: 'name' })
    expect(list.data.map((r) => r.name).sort()).toEqual(['丙公司新', '甲公司'].sort())
  })

  it('a single-record write sends its row lock with BEGIN: three round trips, same answers', async () => {
    const { records } = t.kernel.services
    const rec = await records.create(a.admin, 'company', { name: '丁公司' })
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
    const original = proto.query
    let calls = 0
    proto.query = function (this: unknown, ...args: unknown[]) {
      calls++
      return original.apply(this, args)
    }
    try {
      calls = 0
      const u = await records.update(
        a.admin,
        'company',
        rec.id,
        { name: '丁公司二' },
        { allowDuplicate: true },
      )
      expect(u).toMatchObject({ name: '丁公司二', version: 2 })
      // begin + workspace + SELECT … FOR UPDATE; the row, history, search document, keys and event; commit
      expect(calls).toBe(3)
      // the duplicate check of an edit to a matched field is one more: the key lookup (docs/dedup.md)
      calls = 0
      await records.update(a.admin, 'company', rec.id, { name: '丁公司三' })
      expect(calls).toBe(4)
      calls = 0
      await records.delete(a.admin, 'company', rec.id)
      expect(calls).toBe(3)
      calls = 0
      await records.restore(a.admin, 'company', rec.id)
      expect(calls).toBe(3)
    } finally {
      proto.query = original
    }
    // a stale version and an unknown id still answer as before
    await expect(
      records.update(a.admin, 'company', rec.id, { name: 'x' }, { ifVersion: 1 }),
    ).rejects.toMatchObject({ status: 409 })
    await expect(
      records.update(a.admin, 'company', '00000000-0000-4000-8000-000000000001', { name: 'x' }),
    ).rejects.toMatchObject({ status: 404 })
    expect((await records.get(a.admin, 'company', rec.id)).version).toBe(5)
  })
})
