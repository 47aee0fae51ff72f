import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { withPlatform } from '../db/tx.ts'
import type { AppError } from '../errors.ts'
import { errorCodeOf, useFastPasswordHashing } from './access.fixtures.ts'
import { createWorkspace, type WorkspaceCreatedHook } from './workspace.service.ts'

let t: Database
const owner = (slug: string) => ({ email: `boss@${slug}.test`, name: '王总', password: 'boss secret 1' })

const count = async (table: string, workspaceId: string) =>
  (
    await withPlatform(t.db, (trx) =>
      sql<{
        n: number
      }>`select count(*)::int n from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(trx),
    )
  ).rows[0]!.n

beforeAll(async () => {
  useFastPasswordHashing()
  t = await createTestDb()
})
afterAll(async () => {
  await t?.close()
})

describe('createWorkspace', () => {
  it('creates the workspace, three roles, a root team and the owner (admin, manager of the root team)', async () => {
    const seen: string[] = []
    const hook: WorkspaceCreatedHook = async (trx, created) => {
      const r = await sql<{
        n: number
      }>`select count(*)::int n from app_user where workspace_id = ${created.workspace.id}`.execute(trx)
      seen.push(`${created.workspace.slug}:${r.rows[0]!.n}`)
    }
    const c = await createWorkspace(
      t.db,
      { name: '客脉科技', slug: 'kemai-tech', owner: owner('kemai-tech') },
      [hook],
    )
    expect(seen).toEqual(['kemai-tech:1'])
    expect(c.workspace).toMatchObject({
      name: '客脉科技',
      slug: 'kemai-tech',
      time_zone: 'Asia/Shanghai',
      locale: 'zh-CN',
      currency: 'CNY',
    })
    expect(c.workspace.db_schema).toBe(`ws_${c.workspace.id.replaceAll('-', '')}`)
    expect(c.owner).toMatchObject({ role_id: c.roles.admin, is_owner: true, is_active: true, name: '王总' })
    const roles = await withPlatform(t.db, (trx) =>
      sql<{
        name: string
        is_admin: boolean
      }>`select name, is_admin from role where workspace_id = ${c.workspace.id} order by is_admin desc, name`.execute(
        trx,
      ),
    )
    expect(roles.rows).toEqual([
      { name: '管理员', is_admin: true },
      { name: '销售代表', is_admin: false },
      { name: '销售经理', is_admin: false },
    ])
    expect(await count('team', c.workspace.id)).toBe(1)
    expect(await count('team_member', c.workspace.id)).toBe(1)
    expect(await count('role_grant', c.workspace.id)).toBe(2)
    expect(await count('audit_log', c.workspace.id)).toBe(1)
  })

  it('a failing hook rolls everything back', async () => {
    const boom: WorkspaceCreatedHook = async () => {
      throw new Error('metadata failed')
    }
    await expect(
      createWorkspace(t.db, { name: 'X', slug: 'rolled-back', owner: owner('rolled-back') }, [boom]),
    ).rejects.toThrow('metadata failed')
    const r = await withPlatform(t.db, (trx) =>
      sql<{ n: number }>`select count(*)::int n from workspace where slug = 'rolled-back'`.execute(trx),
    )
    expect(r.rows[0]!.n).toBe(0)
    // the same slug and email are free again
    await createWorkspace(t.db, { name: 'X', slug: 'rolled-back', owner: owner('rolled-back') }, [])
  })

  it('refuses duplicates and bad input with field paths', async () => {
    await createWorkspace(t.db, { name: 'A', slug: 'dup', owner: owner('dup') }, [])
    expect(
      await errorCodeOf(createWorkspace(t.db, { name: 'B', slug: 'dup', owner: owner('other') }, [])),
    ).toBe('conflict:slug:not_unique')
    expect(
      await errorCodeOf(createWorkspace(t.db, { name: 'B', slug: 'dup-2', owner: owner('dup') }, [])),
    ).toBe('conflict:owner.email:not_unique')
    const bad = await createWorkspace(
      t.db,
      {
        name: ' ',
        slug: 'Bad Slug',
        timeZone: 'Mars/Olympus',
        locale: 'fr' as 'en',
        owner: { email: 'nope', name: '', password: 'short' },
      },
      [],
    ).catch((e: AppError) => e)
    expect((bad as AppError).issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'name:required',
      'slug:invalid_format',
      'timeZone:invalid_value',
      'locale:invalid_option',
      'owner.email:invalid_email',
      'owner.name:required',
      'owner.password:too_short',
    ])
  })

  it('English workspaces get English role names; time zone and currency are kept', async () => {
    const c = await createWorkspace(
      t.db,
      {
        name: 'Acme',
        slug: 'acme',
        locale: 'en',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
        owner: owner('acme'),
      },
      [],
    )
    expect(c.workspace).toMatchObject({ time_zone: 'Europe/Berlin', currency: 'EUR', locale: 'en' })
    const roles = await withPlatform(t.db, (trx) =>
      sql<{
        name: string
      }>`select name from role where workspace_id = ${c.workspace.id} order by name`.execute(trx),
    )
    expect(roles.rows.map((r) => r.name)).toEqual(['Admin', 'Sales manager', 'Sales rep'])
  })
})
