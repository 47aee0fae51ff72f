import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'
import type { StepBatch } from './step-batch.ts'

describe('lockstep: the runs of a listener batch share their reads and writes', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const batches: StepBatch[] = []
  const call = (method: string, path: string, body?: unknown) =>
    t.call(method, path, { token: ws.token, body, locale: 'en' })

  /** creates, publishes and enables a workflow; returns its id */
  async function install(name: string, definition: unknown): Promise<string> {
    const c = await call('POST', '/api/v1/workflows', { name, definition })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/publish`)).status).toBe(200)
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/enable`)).status).toBe(200)
    return c.body.id as string
  }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('lockstep')
    // watch the batches the listener makes (the engine is the kernel's own object)
    const engine = t.kernel.services.automation.engine
    const make = engine.stepBatch
    engine.stepBatch = (trx, w) => {
      const b = make(trx, w)
      batches.push(b)
      return b
    }
    await t.kernel.startWorker()
  })
  afterAll(async () => {
    await t.close()
  })

  it('20 updates in one transaction: every run does its steps once, with its own cause, in few statements', async () => {
    const wf = await install('销售部跟进', {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'c',
      steps: [
        {
          id: 'c',
          type: 'condition',
          filter: { field: 'department', op: 'eq', value: '销售部' },
          onTrue: 'u',
          onFalse: null,
        },
        {
          id: 'u',
          type: 'update_record',
          target: { kind: 'trigger' },
          values: { title: '{{trigger.record.department}}经理', email: '{{trigger.record.wechat}}' },
          next: 'task',
        },
        {
          id: 'task',
          type: 'create_task',
          title: '回访 {{trigger.record.name}}',
          dueInDays: 1,
          next: null,
        },
      ],
    })

    // 21 people; one has a WeChat id that is no e-mail address, so its update step fails validation
    const names = Array.from({ length: 21 }, (_, i) => `批量${String(i).padStart(2, '0')}`)
    const created = await call('POST', '/api/v1/records/person/batch', {
      operations: names.map((name, i) => ({
        op: 'create',
        data: { name, department: '市场部', wechat: i === 7 ? 'wx_not_mail' : `p${i}@lockstep.cn` },
      })),
    })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    const ids = (created.body.results as { id: string }[]).map((r) => r.id)
    // 20 go to sales, one stays in marketing (its run ends at the condition)
    const moved = await call('POST', '/api/v1/records/person/batch', {
      operations: ids.map((id, i) => ({
        op: 'update',
        id,
        data: { department: i === 20 ? '市场二部' : '销售部' },
      })),
    })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)

    const runs = await waitFor(
      async () =>
        (await call('GET', `/api/v1/workflow-runs?workflowId=${wf}&limit=100`)).body.data as {
          id: string
          status: string
          recordId: string
          error: { code: string; stepId: string | null } | null
        }[],
      (r) => r.length >= 21 && r.every((x) => x.status !== 'running'),
    )
    expect(runs).toHaveLength(21)
    const failed = runs.filter((r) => r.status === 'failed')
    expect(failed.map((r) => [r.recordId, r.error?.stepId, r.error?.code])).toEqual([
      [ids[7], 'u', 'workflow.step_error'],
    ])
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(20)

    const db = t.database.db
    const list = await call(
      'GET',
      `/api/v1/records/person?limit=100&filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'starts_with', value: '批量' }))}`,
    )
    const people = { rows: list.body.data as { id: string; title: string | null; email: string | null }[] }
    expect(people.rows).toHaveLength(21)
    const byId = new Map(people.rows.map((p) => [p.id, p]))
    ids.forEach((id, i) => {
      const want = i === 7 || i === 20 ? null : '销售部经理'
      expect(byId.get(id)?.title ?? null, names[i]).toBe(want)
      if (want) expect(byId.get(id)?.email).toBe(`p${i}@lockstep.cn`)
    })
    // exactly one task per updated person, none for the failed or the unmatched one
    const tasks = await sql<{ record_id: string; n: string }>`select l.record_id, count(*) as n
      from activity a join activity_link l on l.workspace_id = a.workspace_id and l.activity_id = a.id
      where a.workspace_id = ${ws.admin.workspaceId} and a.type = 'task' and l.record_id = any(${ids}::uuid[])
      group by l.record_id`.execute(db)
    expect(tasks.rows).toHaveLength(19)
    expect(tasks.rows.every((r) => Number(r.n) === 1)).toBe(true)
    // each change says which run made it: in the field history and in the event (the loop guard reads it)
    const runOf = new Map(runs.map((r) => [r.recordId, r.id]))
    const history = await sql<{ record_id: string; run_id: string | null }>`select record_id, run_id
      from field_history where workspace_id = ${ws.admin.workspaceId} and field_name = 'title'
        and record_id = any(${ids}::uuid[])`.execute(db)
    expect(history.rows).toHaveLength(19)
    for (const h of history.rows) expect(h.run_id).toBe(runOf.get(h.record_id))
    const events = await sql<{ record_id: string; run_id: string | null }>`select record_id,
        payload->'cause'->>'runId' as run_id from outbox_event
      where workspace_id = ${ws.admin.workspaceId} and type = 'record.updated'
        and payload->'changed' ? 'title' and record_id = any(${ids}::uuid[])`.execute(db)
    expect(events.rows).toHaveLength(19)
    for (const e of events.rows) expect(e.run_id).toBe(runOf.get(e.record_id))

    // the unguarded pass went in lockstep (and was rolled back by the failing update, then redone guarded):
    // its reads, updates and tasks were gathered, far fewer statements than runs
    const lockstep = batches.filter((b) => b.joined >= 10)
    expect(lockstep.length).toBeGreaterThan(0)
    for (const b of lockstep) expect(b.flushes).toBeLessThanOrEqual(4)
  })

  it('waits that come due together go on in lockstep in one run-job batch, each once', async () => {
    const wf = await install('等待后跟进', {
      trigger: { type: 'record_updated', object: 'person', fields: ['gender'] },
      start: 'w',
      steps: [
        { id: 'w', type: 'wait', wait: { kind: 'duration', minutes: 30 }, next: 'u' },
        {
          id: 'u',
          type: 'update_record',
          target: { kind: 'trigger' },
          values: { department: '已等待 {{trigger.record.name}}' },
          next: 'n',
        },
        { id: 'n', type: 'add_note', body: '等了半小时', next: null },
      ],
    })
    const made = await call('POST', '/api/v1/records/person/batch', {
      operations: Array.from({ length: 8 }, (_, i) => ({ op: 'create', data: { name: `等待${i}` } })),
    })
    const ids = (made.body.results as { id: string }[]).map((r) => r.id)
    const moved = await call('POST', '/api/v1/records/person/batch', {
      operations: ids.map((id) => ({ op: 'update', id, data: { gender: 'female' } })),
    })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    const runs = () =>
      call('GET', `/api/v1/workflow-runs?workflowId=${wf}&limit=100`).then(
        (r) => r.body.data as { status: string; recordId: string }[],
      )
    const waiting = await waitFor(runs, (r) => r.length === 8 && r.every((x) => x.status === 'waiting'))
    expect(waiting.every((x) => x.status === 'waiting')).toBe(true)
    const before = batches.length
    // the waits are due now
    await sql`update pgboss.job set start_after = now() where name = 'automation.run' and state = 'created'`.execute(
      t.database.db,
    )
    const done = await waitFor(runs, (r) => r.every((x) => x.status === 'succeeded'))
    expect(done.map((x) => x.status)).toEqual(Array(8).fill('succeeded'))
    const list = await call(
      'GET',
      `/api/v1/records/person?limit=100&filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'starts_with', value: '等待' }))}`,
    )
    for (const p of list.body.data as { name: string; department: string }[])
      expect(p.department).toBe(`已等待 ${p.name}`)
    const notes = await sql<{ n: string }>`select count(*) as n from activity a
      join activity_link l on l.workspace_id = a.workspace_id and l.activity_id = a.id
      where a.workspace_id = ${ws.admin.workspaceId} and a.type = 'note' and a.body = '等了半小时'
        and l.record_id = any(${ids}::uuid[])`.execute(t.database.db)
    expect(Number(notes.rows[0]!.n)).toBe(8)
    // the run jobs fetched together went side by side
    expect(batches.slice(before).some((b) => b.joined >= 2)).toBe(true)
  })
})
