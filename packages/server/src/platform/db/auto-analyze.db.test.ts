import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { createAutoAnalyze } from './auto-analyze.ts'

describe('auto-analyze (PGlite has no autovacuum)', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('analyze')
  })
  afterAll(async () => {
    await t.close()
  })

  it('analyzes a table once enough rows were written to it', async () => {
    const aa = createAutoAnalyze(t.database.db, { threshold: 100 })
    const schema = ws.created.workspace.db_schema
    aa.note(schema, 'obj_company', 50)
    expect(await aa.runOnce()).toEqual([])
    await t.kernel.services.records.batch(
      ws.admin,
      'company',
      Array.from({ length: 150 }, (_, i) => ({ op: 'create' as const, data: { name: `C${i}` } })),
    )
    aa.note(schema, 'obj_company', 150)
    expect(await aa.runOnce()).toEqual([`${schema}.obj_company`])
    const r = await sql<{
      n: number
    }>`select reltuples::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
      where s.nspname = ${schema} and c.relname = 'obj_company'`.execute(t.database.db)
    expect(r.rows[0]!.n).toBeGreaterThanOrEqual(150)
    expect(await aa.runOnce()).toEqual([])
    expect(await aa.analyzeNeverAnalyzed()).toBeGreaterThanOrEqual(0)
  })
})
