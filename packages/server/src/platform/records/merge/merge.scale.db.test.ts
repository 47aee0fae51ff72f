import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'

/** A merge moves related rows in bulk: two companies with 1,000 people each, merged and unmerged. */
describe('merge at scale', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('merge-scale')
  })
  afterAll(async () => {
    await t.close()
  })

  it('moves 1,000 related people and back, each in one transaction', async () => {
    const call = (method: string, path: string, body?: unknown) =>
      t.call(method, path, { token: ws.token, body })
    const a = await call('POST', '/api/v1/records/company?allowDuplicate=true', { name: '阿里巴巴' })
    const b = await call('POST', '/api/v1/records/company?allowDuplicate=true', {
      name: '阿里巴巴(中国)有限公司',
    })
    for (const company of [a.body.id, b.body.id]) {
      const r = await call('POST', '/api/v1/records/person/batch?allowDuplicate=true', {
        allowDuplicate: true,
        operations: Array.from({ length: 1000 }, (_, i) => ({
          op: 'create',
          data: { name: `员工${company.slice(-4)}-${i}`, company },
        })),
      })
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
    }
    const started = performance.now()
    const m = await call('POST', '/api/v1/records/company/merge', {
      ids: [a.body.id, b.body.id],
      survivorId: a.body.id,
    })
    const mergeMs = performance.now() - started
    expect(m.status, JSON.stringify(m.body)).toBe(200)
    expect(m.body.merge.counts.relations).toBe(1000)
    const related = await call(
      'GET',
      `/api/v1/records/company/${a.body.id}/related/people?count=true&limit=1`,
    )
    expect(related.body.total).toBe(2000)
    const undoStarted = performance.now()
    const u = await call('POST', `/api/v1/merges/${m.body.merge.id}/undo`, {})
    const undoMs = performance.now() - undoStarted
    expect(u.status).toBe(200)
    const back = await call('GET', `/api/v1/records/company/${b.body.id}/related/people?count=true&limit=1`)
    expect(back.body.total).toBe(1000)
    console.info(
      `merge of 2 companies moving 1,000 people: ${Math.round(mergeMs)} ms, unmerge ${Math.round(undoMs)} ms`,
    )
  }, 120_000)
})
