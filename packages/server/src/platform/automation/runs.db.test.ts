import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { localTime } from '@kemai/shared/automation/cron'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'
import { createEngine, MAX_DEPTH } from './engine.ts'
import { addDays, occurrenceId, sweepSchedules } from './scheduler.ts'

describe('workflow executor: runs from record events, waits, HTTP steps, run history, retry, guards', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let server: Server
  let base = ''
  const received: { key: string | undefined; body: string }[] = []
  let failuresLeft = 0

  const call = (method: string, path: string, body?: unknown, token = ws.token, locale = 'en') =>
    t.call(method, path, { token, body, locale })

  /** creates, publishes and enables a workflow; returns its id */
  async function install(name: string, definition: unknown, maxRunsPerMinute?: number): Promise<string> {
    const c = await call('POST', '/api/v1/workflows', { name, definition })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    if (maxRunsPerMinute) await call('PATCH', `/api/v1/workflows/${c.body.id}`, { maxRunsPerMinute })
    const p = await call('POST', `/api/v1/workflows/${c.body.id}/publish`)
    expect(p.status, JSON.stringify(p.body)).toBe(200)
    const e = await call('POST', `/api/v1/workflows/${c.body.id}/enable`)
    expect(e.status, JSON.stringify(e.body)).toBe(200)
    return c.body.id
  }

  const runsOf = async (workflowId: string, extra = '') =>
    (await call('GET', `/api/v1/workflow-runs?workflowId=${workflowId}${extra}`)).body.data as {
      id: string
      status: string
      depth: number
      error: { code: string; message: string; stepId: string | null } | null
      waitingFor: string | null
      triggerType: string
      recordId: string | null
    }[]

  const runDone = (workflowId: string, n = 1, extra = '') =>
    waitFor(
      () => runsOf(workflowId, extra),
      (r) => r.length >= n && r.every((x) => x.status !== 'running'),
    )

  /** makes delayed run jobs due now (a wait's timer, an HTTP retry's backoff) */
  const fastForward = () =>
    sql`update pgboss.job set start_after = now() where name = 'automation.run' and state in ('created', 'retry')`.execute(
      t.database.db,
    )

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('wf-runs')
    await t.kernel.startWorker()
    server = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        received.push({ key: req.headers['idempotency-key'] as string | undefined, body })
        if (failuresLeft > 0) {
          failuresLeft--
          res.writeHead(503).end('busy')
          return
        }
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ level: 'gold', n: 3 }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.close()
    await t.close()
  })

  it('runs condition → update → task in the event transaction, with history, and the task goes to the owner', async () => {
    const wf = await install('客户跟进', {
      trigger: { type: 'record_updated', object: 'person', fields: ['lifecycle_stage'] },
      start: 'is_customer',
      steps: [
        {
          id: 'is_customer',
          type: 'condition',
          filter: { field: 'lifecycle_stage', op: 'eq', value: 'customer' },
          onTrue: 'set_title',
          onFalse: null,
        },
        {
          id: 'set_title',
          type: 'update_record',
          values: { title: 'VIP {{trigger.record.name}}' },
          next: 'task',
        },
        { id: 'task', type: 'create_task', title: '回访 {{trigger.record.name}}', dueInDays: 2, next: null },
      ],
    })
    const p = await call('POST', '/api/v1/records/person', { name: '李雷' })
    expect(p.status).toBe(201)
    // created, not updated: the workflow does not start
    expect(await runsOf(wf)).toEqual([])
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { lifecycle_stage: 'customer' })
    const [run] = await runDone(wf)
    expect(run).toMatchObject({ status: 'succeeded', depth: 1 })
    const detail = await call('GET', `/api/v1/workflow-runs/${run!.id}`)
    expect(detail.body.steps.map((s: { stepId: string; status: string }) => [s.stepId, s.status])).toEqual([
      ['is_customer', 'succeeded'],
      ['set_title', 'succeeded'],
      ['task', 'succeeded'],
    ])
    expect(detail.body.steps[0].output).toEqual({ result: true })
    expect(detail.body.steps[1].input.values).toEqual({ title: 'VIP 李雷' })
    const rec = await call('GET', `/api/v1/records/person/${p.body.id}`)
    expect(rec.body.title).toBe('VIP 李雷')
    const timeline = await call('GET', `/api/v1/records/person/${p.body.id}/timeline`)
    const task = timeline.body.data.find((i: { activity?: { type: string } }) => i.activity?.type === 'task')
    expect(task.activity.subject).toBe('回访 李雷')
    const owner = await sql<{
      owner_id: string
    }>`select owner_id from activity where id = ${task.id}`.execute(t.database.db)
    expect(owner.rows[0]!.owner_id).toBe(rec.body.owner_id)
    const change = timeline.body.data.find(
      (i: { kind: string; change?: { field: string } }) => i.kind === 'change' && i.change?.field === 'title',
    )
    expect(change.change).toMatchObject({
      channel: 'workflow',
      workflow: { id: wf, name: '客户跟进', runId: run!.id },
    })
    // a change that does not match the condition: a run that ends after the condition
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { lifecycle_stage: 'lead' })
    const two = await runDone(wf, 2)
    const d2 = await call('GET', `/api/v1/workflow-runs/${two[0]!.id}`)
    expect(d2.body.steps).toHaveLength(1)
    expect(d2.body.steps[0].output).toEqual({ result: false })
    // filters of the history
    expect(await runsOf(wf, '&status=failed')).toEqual([])
    const byRecord = await call('GET', `/api/v1/workflow-runs?recordId=${p.body.id}`)
    expect(byRecord.body.data).toHaveLength(2)
  })

  it('stops a workflow that triggers itself at the depth limit with a clear error', async () => {
    const loop = await install('自我触发', {
      trigger: { type: 'record_updated', object: 'company' },
      start: 'stamp',
      // a new value on every run, so each run's change is a real change that triggers the next
      steps: [{ id: 'stamp', type: 'update_record', values: { domain: 'x{{now}}.example.com' }, next: null }],
    })
    const c = await call('POST', '/api/v1/records/company', { name: '循环公司' })
    await call('PATCH', `/api/v1/records/company/${c.body.id}`, { website: 'https://loop.example.com' })
    const runs = await waitFor(
      () => runsOf(loop),
      (r) => r.some((x) => x.status === 'failed'),
    )
    const failed = runs.find((r) => r.status === 'failed')!
    expect(failed.depth).toBe(MAX_DEPTH + 1)
    expect(failed.error?.code).toBe('workflow.loop_limit')
    expect(failed.error?.message).toContain(String(MAX_DEPTH))
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(MAX_DEPTH)
  })

  it('later steps see what an update step wrote to the trigger record', async () => {
    const wf = await install('部门确认', {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'], changedTo: '待确认' },
      start: 'first',
      steps: [
        {
          id: 'first',
          type: 'condition',
          filter: { field: 'department', op: 'eq', value: '待确认' },
          onTrue: 'set',
          onFalse: null,
        },
        { id: 'set', type: 'update_record', values: { department: '已确认' }, next: 'check' },
        {
          id: 'check',
          type: 'condition',
          filter: { field: 'department', op: 'eq', value: '已确认' },
          onTrue: 'note',
          onFalse: null,
        },
        { id: 'note', type: 'add_note', body: '部门：{{trigger.record.department}}', next: null },
      ],
    })
    const p = await call('POST', '/api/v1/records/person', { name: '确认人' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: '待确认' })
    const [run] = await runDone(wf)
    expect(run!.status).toBe('succeeded')
    const detail = await call('GET', `/api/v1/workflow-runs/${run!.id}`)
    expect(detail.body.steps.map((s: { stepId: string }) => s.stepId)).toEqual([
      'first',
      'set',
      'check',
      'note',
    ])
    const timeline = await call('GET', `/api/v1/records/person/${p.body.id}/timeline`)
    const note = timeline.body.data.find((i: { activity?: { type: string } }) => i.activity?.type === 'note')
    expect(note.activity.body).toBe('部门：已确认')
  })

  it('fails a step clearly, keeps nothing of it, and a retry goes on from that step', async () => {
    const wf = await install('邮箱', {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'mail',
      steps: [
        {
          id: 'mail',
          type: 'update_record',
          values: { email: '{{trigger.record.department}}' },
          next: 'done',
        },
        { id: 'done', type: 'add_note', body: '邮箱已设为 {{steps.mail.output.record.email}}', next: null },
      ],
    })
    const p = await call('POST', '/api/v1/records/person', { name: '韩梅梅' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: 'not an email' })
    const [run] = await waitFor(
      () => runsOf(wf),
      (r) => r[0]?.status === 'failed',
    )
    expect(run!.error).toMatchObject({ code: 'workflow.step_error', stepId: 'mail' })
    expect(run!.error!.message).toMatch(/mail/)
    expect(run!.error!.message).toMatch(/email/)
    const zh = await call('GET', `/api/v1/workflow-runs/${run!.id}`, undefined, ws.token, 'zh-CN')
    expect(zh.body.error.message).toContain('步骤 mail')
    // the department change is not a valid email; fix the data (department is not re-triggering) and retry
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: 'hmm@example.com' })
    await waitFor(
      () => runsOf(wf),
      (r) => r.length === 2 && r.every((x) => x.status !== 'running'),
    )
    const retry = await call('POST', `/api/v1/workflow-runs/${run!.id}/retry`)
    expect(retry.status, JSON.stringify(retry.body)).toBe(200)
    expect(retry.body.status).toBe('running')
    const again = await waitFor(
      () => call('GET', `/api/v1/workflow-runs/${run!.id}`),
      (r) => r.body.status !== 'running',
    )
    expect(again.body.status).toBe('succeeded')
    expect(
      again.body.steps.map((s: { stepId: string; status: string }) => `${s.stepId}:${s.status}`),
    ).toEqual(['mail:failed', 'mail:succeeded', 'done:succeeded'])
    const notRetryable = await call('POST', `/api/v1/workflow-runs/${run!.id}/retry`)
    expect(notRetryable.status).toBe(409)
    expect(notRetryable.body.errors[0].code).toBe('workflow.not_retryable')
  })

  it('a change made right after the event that starts a run wakes it, handled in the same batch or not', async () => {
    const wf = await install('新建后等待', {
      trigger: { type: 'record_created', object: 'company' },
      start: 'wait',
      steps: [
        {
          id: 'wait',
          type: 'wait',
          wait: { kind: 'event', event: 'record.updated', timeoutMinutes: 60, onTimeout: 'late' },
          next: 'moved',
        },
        { id: 'moved', type: 'add_note', body: '已更新', next: null },
        { id: 'late', type: 'add_note', body: '超时', next: null },
      ],
    })
    // both events are committed before either is handled: the update must still wake the run
    const ids: string[] = []
    for (const name of ['紧随甲', '紧随乙', '紧随丙']) {
      const c = await call('POST', '/api/v1/records/company', { name })
      const u = await call('PATCH', `/api/v1/records/company/${c.body.id}`, { employees: 10 + ids.length })
      expect(u.status, JSON.stringify(u.body)).toBe(200)
      ids.push(c.body.id)
    }
    const runs = await waitFor(
      () => runsOf(wf),
      (r) => r.length === 3 && r.every((x) => x.status === 'succeeded'),
    )
    for (const r of runs) {
      const d = await call('GET', `/api/v1/workflow-runs/${r.id}`)
      expect(d.body.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['wait', 'moved'])
    }
  })

  it('waits for a change with a timeout: the event branch and the timeout branch', async () => {
    const wf = await install('等待变更', {
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
    })
    const a = await call('POST', '/api/v1/records/person', { name: '等待甲' })
    const b = await call('POST', '/api/v1/records/person', { name: '等待乙' })
    await call('PATCH', `/api/v1/records/person/${a.body.id}`, { source: 'website' })
    await call('PATCH', `/api/v1/records/person/${b.body.id}`, { source: 'website' })
    const waiting = await waitFor(
      () => runsOf(wf),
      (r) => r.length === 2 && r.every((x) => x.status === 'waiting'),
    )
    expect(waiting.map((r) => r.waitingFor)).toEqual(['event', 'event'])
    // a change that does not match the filter does not wake it; one that does, does
    await call('PATCH', `/api/v1/records/person/${a.body.id}`, { department: 'x' })
    await call('PATCH', `/api/v1/records/person/${a.body.id}`, { gender: 'female' })
    const woke = await waitFor(
      () => runsOf(wf, `&recordId=${a.body.id}`),
      (r) => r[0]?.status === 'succeeded',
    )
    const d = await call('GET', `/api/v1/workflow-runs/${woke[0]!.id}`)
    expect(d.body.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['wait', 'moved'])
    expect(d.body.steps[0].output.timedOut).toBe(false)
    // b's timeout comes first
    await fastForward()
    const late = await waitFor(
      () => runsOf(wf, `&recordId=${b.body.id}`),
      (r) => r[0]?.status === 'succeeded',
    )
    const dl = await call('GET', `/api/v1/workflow-runs/${late[0]!.id}`)
    expect(dl.body.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['wait', 'late'])
    expect(dl.body.steps[0].output.timedOut).toBe(true)
  })

  it('sends an HTTP step with one idempotency key across retries and uses its answer in a later step', async () => {
    const wf = await install('外部评级', {
      trigger: { type: 'record_updated', object: 'person', fields: ['wechat'] },
      start: 'call',
      steps: [
        {
          id: 'call',
          type: 'http',
          method: 'POST',
          url: `${base}/rate`,
          headers: { 'x-kemai': '1' },
          body: '{"name":"{{trigger.record.name}}"}',
          retries: 3,
          next: 'save',
        },
        {
          id: 'save',
          type: 'update_record',
          values: { title: '{{steps.call.output.body.level}}' },
          next: null,
        },
      ],
    })
    failuresLeft = 2
    received.length = 0
    const p = await call('POST', '/api/v1/records/person', { name: '王芳' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { wechat: 'wangfang' })
    const done = await waitFor(
      async () => {
        await fastForward()
        return runsOf(wf)
      },
      (r) => r[0]?.status === 'succeeded' || r[0]?.status === 'failed',
      60_000,
    )
    expect(done[0]!.status).toBe('succeeded')
    expect(received).toHaveLength(3)
    expect(new Set(received.map((r) => r.key)).size).toBe(1)
    expect(received[0]!.body).toBe('{"name":"王芳"}')
    expect((await call('GET', `/api/v1/records/person/${p.body.id}`)).body.title).toBe('gold')
    const d = await call('GET', `/api/v1/workflow-runs/${done[0]!.id}`)
    expect(d.body.steps[0]).toMatchObject({ stepId: 'call', status: 'succeeded', attempt: 3 })
    expect(d.body.steps[0].output.body).toEqual({ level: 'gold', n: 3 })

    // a target that keeps failing: retried, then the run fails; other runs are not held up
    failuresLeft = 100
    const q = await call('POST', '/api/v1/records/person', { name: '失败' })
    await call('PATCH', `/api/v1/records/person/${q.body.id}`, { wechat: 'fail' })
    const failed = await waitFor(
      async () => {
        await fastForward()
        return runsOf(wf, `&recordId=${q.body.id}`)
      },
      (r) => r[0]?.status === 'failed',
      60_000,
    )
    expect(failed[0]!.error).toMatchObject({ code: 'workflow.http_failed', stepId: 'call' })
    expect(failed[0]!.error!.message).toContain('4')
    failuresLeft = 0
  })

  it('fails a merge field of a deleted field clearly at run time', async () => {
    const f = await call('POST', '/api/v1/metadata/objects/person/fields', {
      name: 'nickname',
      type: 'text',
      label: { 'zh-CN': '昵称', en: 'Nickname' },
    })
    expect(f.status, JSON.stringify(f.body)).toBe(201)
    const wf = await install('昵称', {
      trigger: { type: 'record_updated', object: 'person', fields: ['gender'] },
      start: 'n',
      steps: [{ id: 'n', type: 'add_note', body: '昵称 {{trigger.record.nickname}}', next: null }],
    })
    const del = await call('DELETE', '/api/v1/metadata/objects/person/fields/nickname?confirm=true')
    expect(del.status, JSON.stringify(del.body)).toBeLessThan(300)
    const p = await call('POST', '/api/v1/records/person', { name: '删字段' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { gender: 'male' })
    const [run] = await waitFor(
      () => runsOf(wf),
      (r) => r[0]?.status === 'failed',
    )
    expect(run!.error).toMatchObject({ code: 'workflow.merge_unresolved', stepId: 'n' })
    expect(run!.error!.message).toContain('trigger.record.nickname')
  })

  it('records starts over the per-workflow rate limit as failed runs', async () => {
    const wf = await install(
      '限流',
      {
        trigger: { type: 'record_created', object: 'company' },
        start: 'n',
        steps: [{ id: 'n', type: 'add_note', body: '新公司', next: null }],
      },
      2,
    )
    // the limit counts per clock minute: do not straddle one
    const second = new Date().getSeconds()
    if (second > 45) await new Promise((r) => setTimeout(r, (61 - second) * 1000))
    const names = Array.from({ length: 12 }, (_, i) => `限流${i}`)
    const created = await call('POST', '/api/v1/records/company/batch', {
      operations: names.map((name) => ({ op: 'create', data: { name } })),
    })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    const runs = await runDone(wf, 12)
    const succeeded = runs.filter((r) => r.status === 'succeeded').length
    // PGlite: one connection, one count. PostgreSQL: the events may be split between the four listener
    // workers, each of which does not see the others' uncommitted starts (runs.repo.ts countStart), so the
    // limit holds per worker: at most 4 × 2
    if (t.database.kind === 'pglite') expect(succeeded).toBe(2)
    else {
      expect(succeeded).toBeGreaterThanOrEqual(2)
      expect(succeeded).toBeLessThanOrEqual(8)
    }
    expect(runs.filter((r) => r.status === 'failed')).toHaveLength(12 - succeeded)
    expect(new Set(runs.filter((r) => r.status === 'failed').map((r) => r.error?.code))).toEqual(
      new Set(['workflow.rate_limited']),
    )
  })

  it('starts a manual workflow on records the caller may read, and refuses other workflows', async () => {
    const wf = await install('手动', {
      trigger: { type: 'manual', object: 'person', bulk: true },
      start: 'n',
      steps: [{ id: 'n', type: 'update_record', values: { department: '手动部' }, next: null }],
    })
    const a = await call('POST', '/api/v1/records/person', { name: '手动甲' })
    const b = await call('POST', '/api/v1/records/person', { name: '手动乙' })
    const started = await call('POST', `/api/v1/workflows/${wf}/run`, { recordIds: [a.body.id, b.body.id] })
    expect(started.status, JSON.stringify(started.body)).toBe(202)
    expect(started.body.runIds).toHaveLength(2)
    await runDone(wf, 2)
    expect((await call('GET', `/api/v1/records/person/${b.body.id}`)).body.department).toBe('手动部')
    const missing = await call('POST', `/api/v1/workflows/${wf}/run`, {
      recordIds: ['00000000-0000-4000-8000-000000000000'],
    })
    expect(missing.status).toBe(404)
    const bad = await call('POST', `/api/v1/workflows/${wf}/run`, { recordIds: ['x'] })
    expect(bad.status).toBe(400)
    const tooMany = await call('POST', `/api/v1/workflows/${wf}/run`, {
      recordIds: Array.from({ length: 101 }, () => a.body.id),
    })
    expect(tooMany.status).toBe(400)
    const notManual = (await call('GET', '/api/v1/workflows')).body.data.find(
      (w: { triggerType: string }) => w.triggerType === 'record_created',
    )
    const refused = await call('POST', `/api/v1/workflows/${notManual.id}/run`, { recordIds: [a.body.id] })
    expect(refused.status).toBe(409)
    expect(refused.body.errors[0].code).toBe('workflow.not_manual')
  })

  it('starts schedule and date-relative runs once per occurrence, in the workspace time zone', async () => {
    const tz = ws.created.workspace.time_zone
    const now = new Date()
    const local = localTime(now, tz)
    // a birthday today (20 years ago) and one tomorrow
    const born = `${Number(local.date.slice(0, 4)) - 20}${local.date.slice(4)}`
    const today = await call('POST', '/api/v1/records/person', { name: '寿星', birthday: born })
    const tomorrow = await call('POST', '/api/v1/records/person', {
      name: '明天',
      birthday: addDays(born, 1),
    })
    expect(today.status, JSON.stringify(today.body)).toBe(201)
    const birthday = await install('生日', {
      trigger: {
        type: 'date_relative',
        object: 'person',
        field: 'birthday',
        offsetDays: 0,
        at: local.time,
        yearly: true,
      },
      start: 'n',
      steps: [{ id: 'n', type: 'add_note', body: '生日快乐 {{trigger.record.name}}', next: null }],
    })
    const hourly = await install('每小时', {
      trigger: { type: 'schedule', cron: `${local.minute} * * * *` },
      start: 'w',
      steps: [{ id: 'w', type: 'wait', wait: { kind: 'duration', minutes: 1 }, next: null }],
    })
    // both were enabled just now: pretend the last look was two minutes ago
    await sql`update workflow set schedule_checked_at = ${new Date(now.getTime() - 120_000)}
      where id = any(${[birthday, hourly]}::uuid[])`.execute(t.database.db)
    const deps = {
      db: t.database.db,
      metadata: t.kernel.services.metadata,
      engine: createEngine({
        metadata: t.kernel.services.metadata,
        records: t.kernel.services.records,
        events: {
          append: async () => {},
          appendSql: () => ({ statement: sql``, notify: null }),
          notify() {},
        },
      }),
    }
    // (the worker's own sweep may have got there first: count the runs, not who started them)
    expect(await sweepSchedules(deps, now)).toBeLessThanOrEqual(2)
    // a repeated sweep over the same minutes (after a crash) starts nothing again
    await sql`update workflow set schedule_checked_at = ${new Date(now.getTime() - 120_000)}
      where id = any(${[birthday, hourly]}::uuid[])`.execute(t.database.db)
    expect(await sweepSchedules(deps, now)).toBe(0)
    const runs = await runDone(birthday)
    expect(runs).toHaveLength(1)
    expect(runs[0]!.status).toBe('succeeded')
    const d = await call('GET', `/api/v1/workflow-runs/${runs[0]!.id}`)
    expect(d.body.recordId).toBe(today.body.id)
    expect(d.body.steps[0].input.body).toBe('生日快乐 寿星')
    expect(tomorrow.body.id).not.toBe(today.body.id)
    const sched = await waitFor(
      () => runsOf(hourly),
      (r) => r[0]?.status === 'waiting',
    )
    expect(sched[0]).toMatchObject({ triggerType: 'schedule', recordId: null, waitingFor: 'time' })
    // the next sweep a minute on: nothing new (the cron minute has passed)
    expect(await sweepSchedules(deps, new Date(now.getTime() + 60_000))).toBe(0)
    expect(occurrenceId('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(occurrenceId('a')).toBe(occurrenceId('a'))
  })

  it('starts a webhook-triggered workflow from its secret URL, with the body as payload', async () => {
    const wf = await install('网页线索', {
      trigger: { type: 'webhook' },
      start: 'add',
      steps: [
        {
          id: 'add',
          type: 'create_record',
          object: 'company',
          values: { name: '{{trigger.payload.company.name}}' },
          next: null,
        },
      ],
    })
    const url = (await call('GET', `/api/v1/workflows/${wf}`)).body.webhookUrl as string
    expect(url).toMatch(new RegExp(`^/api/v1/hooks/workflows/${wf}/[A-Za-z0-9_-]{32}$`))
    const post = (path: string, body: string) =>
      t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const ok = await post(url, JSON.stringify({ company: { name: 'Webhook 公司' } }))
    expect(ok.status).toBe(202)
    const { runId } = (await ok.json()) as { runId: string }
    const run = await waitFor(
      async () => (await call('GET', `/api/v1/workflow-runs/${runId}`)).body,
      (r) => r.status === 'succeeded' || r.status === 'failed',
    )
    expect(run).toMatchObject({ status: 'succeeded', triggerType: 'webhook', recordId: null })
    expect(run.steps[0].output.record.name).toBe('Webhook 公司')
    // a wrong secret, a wrong id, bad bodies
    expect((await post(`${url.slice(0, -4)}xxxx`, '{}')).status).toBe(404)
    expect((await post(url.replace(wf, '00000000-0000-4000-8000-000000000000'), '{}')).status).toBe(404)
    expect((await post(url, '{"company":')).status).toBe(400)
    expect((await post(url, '[1,2]')).status).toBe(400)
    // a new secret: the old URL stops working
    const rotated = await call('POST', `/api/v1/workflows/${wf}/webhook-secret`)
    expect(rotated.body.webhookUrl).not.toBe(url)
    expect((await post(url, '{}')).status).toBe(404)
    await call('POST', `/api/v1/workflows/${wf}/disable`)
    const off = await post(rotated.body.webhookUrl, '{}')
    expect(off.status).toBe(409)
  })

  it('starts a workflow when a record enters a segment', async () => {
    const seg = await call('POST', '/api/v1/segments', {
      objectName: 'person',
      name: 'VIP 部门',
      filter: { field: 'department', op: 'eq', value: 'VIP' },
    })
    expect(seg.status, JSON.stringify(seg.body)).toBe(201)
    const wf = await install('进入分群', {
      trigger: { type: 'segment_changed', object: 'person', segmentId: seg.body.id, change: 'entered' },
      start: 'n',
      steps: [{ id: 'n', type: 'add_note', body: '{{trigger.record.name}} 进入 VIP', next: null }],
    })
    const p = await call('POST', '/api/v1/records/person', { name: '分群人' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: 'VIP' })
    const [run] = await runDone(wf)
    expect(run).toMatchObject({ status: 'succeeded', recordId: p.body.id })
    // leaving is another trigger (change: left): nothing starts here
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: '普通' })
    await new Promise((r) => setTimeout(r, 1500))
    expect(await runsOf(wf)).toHaveLength(1)
  })

  it('refuses to publish a form trigger of an unknown form and a missing e-mail template, naming the step', async () => {
    const c = await call('POST', '/api/v1/workflows', {
      name: '邮件',
      definition: {
        trigger: { type: 'form_submitted', object: 'person', formId: '00000000-0000-4000-8000-000000000002' },
        start: 'mail',
        steps: [
          {
            id: 'mail',
            type: 'send_email',
            templateId: '00000000-0000-4000-8000-000000000001',
            to: ['someone@example.com'],
            next: null,
          },
        ],
      },
    })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const p = await call('POST', `/api/v1/workflows/${c.body.id}/publish`)
    expect(p.status).toBe(400)
    expect(p.body.problems.map((x: { code: string; stepId: string | null }) => [x.stepId, x.code])).toEqual([
      [null, 'workflow.unknown_form'],
      ['mail', 'workflow.unknown_template'],
    ])
    expect(p.body.errors[0].path).toBe('definition.trigger.formId')
    expect(p.body.problems[0].message).toContain('person')
    expect(p.body.problems[1].message).toContain('mail')
  })

  it('run history: bad input and access', async () => {
    expect((await call('GET', '/api/v1/workflow-runs/nope')).status).toBe(404)
    expect((await call('GET', '/api/v1/workflow-runs/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await call('GET', '/api/v1/workflow-runs?cursor=%%%')).status).toBe(400)
    expect((await call('GET', '/api/v1/workflow-runs?status=done')).status).toBe(400)
    expect((await call('GET', '/api/v1/workflow-runs?limit=100000')).status).toBe(400)
    const page = await call('GET', '/api/v1/workflow-runs?limit=2')
    expect(page.body.data).toHaveLength(2)
    const next = await call('GET', `/api/v1/workflow-runs?limit=2&cursor=${page.body.nextCursor}`)
    expect(next.body.data[0].id).not.toBe(page.body.data[0].id)
    expect(next.body.data[0].startedAt <= page.body.data[1].startedAt).toBe(true)
    const other = await t.workspace('wf-runs-other')
    const theirs = await call('GET', '/api/v1/workflow-runs', undefined, other.token)
    expect(theirs.body.data).toEqual([])
    const one = page.body.data[0].id
    expect((await call('GET', `/api/v1/workflow-runs/${one}`, undefined, other.token)).status).toBe(404)
    expect((await t.call('GET', '/api/v1/workflow-runs')).status).toBe(401)
  })
})
