import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel } from '../../test/kernel.ts'
import { runsRepo } from './runs.repo.ts'

describe('the per-workflow rate counter', () => {
  let t: TestKernel
  let ws = ''
  let wf = ''
  beforeAll(async () => {
    t = await createTestKernel()
    ws = (await t.workspace('rate-slots')).admin.workspaceId
    wf = randomUUID()
    await sql`insert into workflow (workspace_id, id, name, draft) values (${ws}, ${wf}, 'rate', '{}')`.execute(
      t.database.db,
    )
  })
  afterAll(async () => {
    await t.close()
  })

  const count = (n = 1) => t.database.db.transaction().execute((trx) => runsRepo.countStart(trx, ws, wf, n))

  it('adds up the starts of the minute', async () => {
    const first = await count()
    expect(await count(2)).toBe(first + 2)
    expect(await count()).toBe(first + 3)
  })

  it.runIf(process.env.DATABASE_URL)(
    'counts on another connection without waiting for an open transaction, and adds its starts once committed',
    async () => {
      const before = await count(0)
      let release!: () => void
      const held = new Promise<void>((r) => {
        release = r
      })
      let counted!: () => void
      const inside = new Promise<void>((r) => {
        counted = r
      })
      const open = t.database.db.transaction().execute(async (trx) => {
        expect(await runsRepo.countStart(trx, ws, wf, 5)).toBe(before + 5)
        counted()
        await held
      })
      await inside
      // the open transaction's row is its own; this one does not wait for it, nor see its starts yet
      const other = await Promise.race([
        count(),
        new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), 3000)),
      ])
      expect(other).toBe(before + 1)
      release()
      await open
      expect(await count(0)).toBe(before + 6)
    },
  )
})
