import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

// Two connections are needed to hold a lock while the listener works: PostgreSQL only.
describe.skipIf(!process.env.DATABASE_URL)('a waiting run locked by another transaction', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const call = (method: string, path: string, body?: unknown) =>
    t.call(method, path, { token: ws.token, body })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('wake-lock')
    await t.kernel.startWorker()
  })
  afterAll(async () => {
    await t.close()
  })

  it('is still woken by a matching change once the lock is released', async () => {
    const c = await call('POST', '/api/v1/workflows', {
      name: '等待性别',
      definition: {
        trigger: { type: 'record_updated', object: 'person', fields: ['source'] },
        start: 'wait',
        steps: [
          {
            id: 'wait',
            type: 'wait',
            wait: {
              kind: 'event',
              event: 'record.updated',
              filter: { field: 'gender', op: 'is_not_empty' },
              timeoutMinutes: 60,
              onTimeout: 'late',
            },
            next: 'moved',
          },
          { id: 'moved', type: 'add_note', body: '已更新', next: null },
          { id: 'late', type: 'add_note', body: '超时', next: null },
        ],
      },
    })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/publish`)).status).toBe(200)
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/enable`)).status).toBe(200)
    const p = await call('POST', '/api/v1/records/person', { name: '锁住的等待' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { source: 'website' })
    type Run = { id: string; status: string }
    const runs = (): Promise<Run[]> =>
      call('GET', `/api/v1/workflow-runs?workflowId=${c.body.id}`).then((r) => r.body.data)
    const [run] = await waitFor(runs, (r) => r[0]?.status === 'waiting')

    // another transaction holds the run (as a run job firing its timeout would) while the change is handled
    let release!: () => void
    const held = new Promise<void>((r) => {
      release = r
    })
    let locked!: () => void
    const isLocked = new Promise<void>((r) => {
      locked = r
    })
    const holder = t.database.db.transaction().execute(async (trx) => {
      await sql`select id from workflow_run where id = ${run!.id} for update`.execute(trx)
      locked()
      await held
    })
    await isLocked
    expect((await call('PATCH', `/api/v1/records/person/${p.body.id}`, { gender: 'female' })).status).toBe(
      200,
    )
    // the listener meets the lock (a skip would finish the event and leave the run waiting for good)
    await new Promise((r) => setTimeout(r, 1500))
    release()
    await holder
    const [done] = await waitFor(runs, (r) => r[0]?.status === 'succeeded')
    const d = await call('GET', `/api/v1/workflow-runs/${done!.id}`)
    expect(d.body.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['wait', 'moved'])
  })
})
