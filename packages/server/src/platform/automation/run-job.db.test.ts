import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

/**
 * The `automation.run` jobs in batches (run-job.ts): runs whose waits are due go on together, one
 * transaction per workspace; a step that fails there fails its own run only; HTTP steps go out from
 * `automation.external` jobs; a run that ends while a parent waits for it wakes the parent, also when it
 * ended on waking up.
 */
describe('run jobs: due waits in batches, failures kept to their run, started workflows', () => {
  let t: TestKernel
  let ws: TestWorkspace

  const call = (method: string, path: string, body?: unknown) =>
    t.call(method, path, { token: ws.token, body, locale: 'en' })

  async function install(name: string, definition: unknown): Promise<string> {
    const c = await call('POST', '/api/v1/workflows', { name, definition })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const p = await call('POST', `/api/v1/workflows/${c.body.id}/publish`)
    expect(p.status, JSON.stringify(p.body)).toBe(200)
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/enable`)).status).toBe(200)
    return c.body.id
  }

  type Run = { id: string; status: string; recordId: string | null; error: { code: string } | null }
  const runsOf = async (workflowId: string) =>
    (await call('GET', `/api/v1/workflow-runs?workflowId=${workflowId}&limit=100`)).body.data as Run[]

  const fastForward = () =>
    sql`update pgboss.job set start_after = now() where name = 'automation.run' and state in ('created', 'retry')`.execute(
      t.database.db,
    )

  const jobStates = async (queue: string) =>
    (
      await sql<{ state: string; n: number }>`select state, count(*)::int as n from pgboss.job
        where name = ${queue} group by state order by state`.execute(t.database.db)
    ).rows

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('wf-run-jobs')
    await t.kernel.startWorker()
  })
  afterAll(async () => {
    await t.close()
  })

  it('fires many due waits together; a record deleted meanwhile fails its own run, the others go on', async () => {
    const wf = await install('一小时后更新', {
      trigger: { type: 'record_created', object: 'company' },
      start: 'later',
      steps: [
        { id: 'later', type: 'wait', wait: { kind: 'duration', minutes: 60 }, next: 'size' },
        { id: 'size', type: 'update_record', values: { employees: 7 }, next: 'note' },
        { id: 'note', type: 'add_note', body: '已过一小时', next: null },
      ],
    })
    const ids: string[] = []
    for (let i = 0; i < 12; i++) {
      const c = await call('POST', '/api/v1/records/company', { name: `批量等待公司${i}` })
      expect(c.status).toBe(201)
      ids.push(c.body.id)
    }
    const waiting = await waitFor(
      () => runsOf(wf),
      (r) => r.length === 12 && r.every((x) => x.status === 'waiting'),
    )
    expect(waiting.map((r) => r.status)).toEqual(Array(12).fill('waiting'))
    // the third company goes to the recycle bin: its run's update step has nothing to update
    expect((await call('DELETE', `/api/v1/records/company/${ids[2]}`)).status).toBe(200)

    await fastForward()
    const done = await waitFor(
      () => runsOf(wf),
      (r) => r.every((x) => x.status !== 'waiting' && x.status !== 'running'),
    )
    const failed = done.filter((r) => r.status === 'failed')
    expect(failed.map((r) => r.recordId)).toEqual([ids[2]])
    expect(failed[0]!.error?.code).toBeTruthy()
    expect(done.filter((r) => r.status === 'succeeded')).toHaveLength(11)
    for (const id of ids.filter((_, i) => i !== 2)) {
      const c = await call('GET', `/api/v1/records/company/${id}`)
      expect(c.body.employees).toBe(7)
    }
    // every job completed: the failed step failed its run, not its job
    expect((await jobStates('automation.run')).filter((s) => s.state !== 'completed')).toEqual([])
  })

  it('a run waiting for a started workflow, which waits for one whose HTTP step fails, fails in turn', async () => {
    const grandchild = await install('调用失败', {
      trigger: { type: 'manual', object: 'company' },
      start: 'call',
      steps: [
        // nothing listens on port 9 of the loopback: refused, and no retries
        { id: 'call', type: 'http', method: 'POST', url: 'http://127.0.0.1:9/hook', retries: 0, next: null },
      ],
    })
    const child = await install('中间流程', {
      trigger: { type: 'manual', object: 'company' },
      start: 'start',
      steps: [
        {
          id: 'start',
          type: 'start_workflow',
          workflowId: grandchild,
          waitForCompletion: true,
          next: 'note',
        },
        { id: 'note', type: 'add_note', body: '不应出现', next: null },
      ],
    })
    const parent = await install('顶层流程', {
      trigger: { type: 'record_created', object: 'company' },
      start: 'start',
      steps: [
        { id: 'start', type: 'start_workflow', workflowId: child, waitForCompletion: true, next: 'note' },
        { id: 'note', type: 'add_note', body: '不应出现', next: null },
      ],
    })
    const c = await call('POST', '/api/v1/records/company', { name: '三层流程公司' })
    expect(c.status).toBe(201)
    const ended = (wf: string) =>
      waitFor(
        () => runsOf(wf),
        (r) => r.length === 1 && (r[0]!.status === 'failed' || r[0]!.status === 'succeeded'),
      )
    const [g] = await ended(grandchild)
    expect(g?.status).toBe('failed')
    const [m] = await ended(child)
    expect(m).toMatchObject({ status: 'failed', error: { code: 'workflow.child_failed' } })
    const [p] = await ended(parent)
    expect(p).toMatchObject({ status: 'failed', error: { code: 'workflow.child_failed' } })
    expect((await jobStates('automation.external')).map((s) => s.state)).toEqual(['completed'])
  })
})
