import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

describe('approvals: levels, 会签 and 或签, reject back, locks, timeouts, inbox and decisions', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const users: Record<string, { id: string; token: string }> = {}

  const call = (method: string, path: string, body?: unknown, token = ws.token, locale = 'en') =>
    t.call(method, path, { token, body, locale })

  async function user(tag: string): Promise<{ id: string; token: string }> {
    const email = `appr-${tag}-${Date.now()}@example.com`
    const password = 'approval password 1'
    const u = await call('POST', '/api/v1/users', { email, name: `审批人 ${tag}`, password })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const login = await t.call('POST', '/api/v1/auth/login', { body: { email, password } })
    return { id: u.body.id, token: login.body.token }
  }

  async function install(name: string, definition: unknown): Promise<string> {
    const c = await call('POST', '/api/v1/workflows', { name, definition })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const p = await call('POST', `/api/v1/workflows/${c.body.id}/publish`)
    expect(p.status, JSON.stringify(p.body)).toBe(200)
    await call('POST', `/api/v1/workflows/${c.body.id}/enable`)
    return c.body.id
  }

  const inbox = async (who: { token: string }) =>
    (await call('GET', '/api/v1/approvals', undefined, who.token)).body.data as {
      id: string
      title: string
      level: { index: number; mode: string }
      myTask: string
      round: number
    }[]

  const runOf = (workflowId: string) =>
    waitFor(
      async () =>
        (await call('GET', `/api/v1/workflow-runs?workflowId=${workflowId}`)).body.data as {
          id: string
          status: string
          waitingFor: string | null
        }[],
      (r) => r.length > 0 && r[0]!.status !== 'running',
    )

  const approval = (
    levels: unknown[],
    onReject: unknown = { kind: 'submitter' },
    lock: unknown = ['title'],
  ) => ({
    id: 'ask',
    type: 'approval',
    title: '{{trigger.record.name}} 部门变更审批',
    levels,
    onReject,
    lock,
    approved: 'yes',
    rejected: 'no',
  })
  const outcomes = [
    { id: 'yes', type: 'update_record', values: { title: '已批准' }, next: null },
    { id: 'no', type: 'update_record', values: { title: '已驳回' }, next: null },
  ]

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('approvals')
    await t.kernel.startWorker()
    for (const tag of ['a', 'b', 'c', 'd', 'm']) users[tag] = await user(tag)
    // D works on their own people (the default sales role)
    const roles = (await call('GET', '/api/v1/roles')).body.data as { id: string; name: string }[]
    const rep = roles.find((r) => r.name === 'Sales rep' || r.name === '销售代表')!
    expect((await call('PATCH', `/api/v1/users/${users.d!.id}`, { roleId: rep.id })).status).toBe(200)
  })
  afterAll(async () => {
    await t.close()
  })

  it('runs two levels (或签 then 会签), locks the chosen field meanwhile, and goes on at the approved branch', async () => {
    const me = ws.created.owner.id
    const wf = await install('部门变更', {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'ask',
      steps: [
        approval([
          {
            id: 'l1',
            name: '主管',
            mode: 'any',
            approvers: [
              { kind: 'user', userId: users.a!.id },
              { kind: 'user', userId: users.b!.id },
            ],
          },
          {
            id: 'l2',
            name: '总监',
            mode: 'all',
            approvers: [{ kind: 'user', userId: users.c!.id }, { kind: 'owner' }],
          },
        ]),
        ...outcomes,
      ],
    })
    const p = await call('POST', '/api/v1/records/person', { name: '审批甲' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: '销售部' })
    const [run] = await runOf(wf)
    expect(run).toMatchObject({ status: 'waiting', waitingFor: 'approval' })
    const forA = await inbox(users.a!)
    expect(forA).toHaveLength(1)
    expect(forA[0]).toMatchObject({
      title: '审批甲 部门变更审批',
      level: { index: 0, mode: 'any' },
      myTask: 'pending',
    })
    expect(await inbox(users.b!)).toHaveLength(1)
    expect(await inbox(users.c!)).toHaveLength(0)
    const id = forA[0]!.id
    // the approvers were told
    const note = await call('GET', '/api/v1/notifications', undefined, users.a!.token)
    expect(JSON.stringify(note.body)).toContain(id)

    // the locked field cannot change; another field can
    const locked = await call('PATCH', `/api/v1/records/person/${p.body.id}`, { title: '偷改' })
    expect(locked.status).toBe(409)
    expect(locked.body.errors[0]).toMatchObject({ path: 'title', code: 'approval.record_locked' })
    expect(locked.body.errors[0].message).toContain('审批甲')
    expect((await call('PATCH', `/api/v1/records/person/${p.body.id}`, { gender: 'male' })).status).toBe(200)

    // not an approver; a bad body; an unknown id
    expect(
      (await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'approve' }, users.c!.token)).status,
    ).toBe(403)
    expect(
      (await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'maybe' }, users.a!.token)).status,
    ).toBe(400)
    expect(
      (
        await call(
          'POST',
          `/api/v1/approvals/${id}/decide`,
          { decision: 'approve', comment: 'x'.repeat(2001) },
          users.a!.token,
        )
      ).status,
    ).toBe(400)
    expect(
      (await call('POST', '/api/v1/approvals/nope/decide', { decision: 'approve' }, users.a!.token)).status,
    ).toBe(404)

    // 或签: A's approval decides level 1; B's task is skipped; level 2 opens for C and the owner
    const a = await call(
      'POST',
      `/api/v1/approvals/${id}/decide`,
      { decision: 'approve', comment: '同意' },
      users.a!.token,
    )
    expect(a.status, JSON.stringify(a.body)).toBe(200)
    expect(a.body.level).toMatchObject({ index: 1, mode: 'all' })
    expect(await inbox(users.b!)).toHaveLength(0)
    expect(await inbox(users.c!)).toHaveLength(1)
    const late = await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'approve' }, users.b!.token)
    expect(late.status).toBe(403)
    // 会签: one of two is not enough
    await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'approve' }, users.c!.token)
    expect((await call('GET', `/api/v1/approvals/${id}`)).body.status).toBe('pending')
    const last = await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'approve', comment: '好' })
    expect(last.body.status).toBe('approved')
    expect(last.body.tasks.map((x: { approverId: string; status: string }) => x.status)).toEqual(
      expect.arrayContaining(['approved', 'skipped', 'approved', 'approved']),
    )
    const done = await waitFor(
      async () => (await call('GET', `/api/v1/workflow-runs/${run!.id}`)).body,
      (r) => r.status === 'succeeded',
    )
    expect(done.steps.map((s: { stepId: string; status: string }) => `${s.stepId}:${s.status}`)).toEqual([
      'ask:succeeded',
      'yes:succeeded',
    ])
    expect(done.steps[0].output).toMatchObject({
      outcome: 'approved',
      decidedBy: expect.arrayContaining([me, users.c!.id]),
    })
    expect(done.steps[0].output.comments.map((c: { comment: string }) => c.comment)).toEqual(['同意', '好'])
    expect((await call('GET', `/api/v1/records/person/${p.body.id}`)).body.title).toBe('已批准')
    // decided: no second decision, the record is free again
    expect((await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'reject' })).status).toBe(409)
    expect((await call('PATCH', `/api/v1/records/person/${p.body.id}`, { title: '自由' })).status).toBe(200)
    const log = await sql<{
      action: string
    }>`select action from audit_log where target_id = ${id} order by at`.execute(t.database.db)
    expect(log.rows.map((r) => r.action)).toEqual([
      'approval.approved',
      'approval.approved',
      'approval.approved',
    ])
    // the submitter sees it among theirs; a record reader finds it by record
    expect(
      (await call('GET', '/api/v1/approvals?box=submitted')).body.data.map((x: { id: string }) => x.id),
    ).toContain(id)
    expect((await call('GET', `/api/v1/approvals?box=all&recordId=${p.body.id}`)).body.data).toHaveLength(1)
    await call('POST', `/api/v1/workflows/${wf}/disable`)
  })

  it('a reject goes back to an earlier level in a new round, or to the submitter (the rejected branch)', async () => {
    const wf = await install('驳回', {
      trigger: { type: 'record_updated', object: 'person', fields: ['department'] },
      start: 'ask',
      steps: [
        approval(
          [
            { id: 'l1', mode: 'any', approvers: [{ kind: 'user', userId: users.a!.id }] },
            { id: 'l2', mode: 'any', approvers: [{ kind: 'user', userId: users.c!.id }] },
          ],
          { kind: 'level', level: 'l1' },
          'all',
        ),
        ...outcomes,
      ],
    })
    const p = await call('POST', '/api/v1/records/person', { name: '审批乙' })
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { department: '市场部' })
    await runOf(wf)
    const id = (await inbox(users.a!)).find((x) => x.title.startsWith('审批乙'))!.id
    // lock 'all': any field is locked, and so is deleting
    expect((await call('PATCH', `/api/v1/records/person/${p.body.id}`, { gender: 'female' })).status).toBe(
      409,
    )
    expect((await call('DELETE', `/api/v1/records/person/${p.body.id}`)).status).toBe(409)
    await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'approve' }, users.a!.token)
    const back = await call(
      'POST',
      `/api/v1/approvals/${id}/decide`,
      { decision: 'reject', comment: '重做' },
      users.c!.token,
    )
    expect(back.body).toMatchObject({ status: 'pending', round: 2, level: { index: 0 } })
    expect((await inbox(users.a!)).find((x) => x.id === id)).toMatchObject({ round: 2, myTask: 'pending' })
    expect((await inbox(users.c!)).find((x) => x.id === id)).toBeUndefined()

    // a workflow that rejects to the submitter ends the request at the rejected branch
    const wf2 = await install('驳回提交人', {
      trigger: { type: 'record_updated', object: 'person', fields: ['wechat'] },
      start: 'ask',
      steps: [
        approval([{ id: 'l1', mode: 'all', approvers: [{ kind: 'user', userId: users.b!.id }] }]),
        ...outcomes,
      ],
    })
    const q = await call('POST', '/api/v1/records/person', { name: '审批丙' })
    await call('PATCH', `/api/v1/records/person/${q.body.id}`, { wechat: 'bing' })
    const [run] = await runOf(wf2)
    const rid = (await inbox(users.b!)).find((x) => x.title.startsWith('审批丙'))!.id
    const no = await call(
      'POST',
      `/api/v1/approvals/${rid}/decide`,
      { decision: 'reject', comment: '不行' },
      users.b!.token,
    )
    expect(no.body.status).toBe('rejected')
    await waitFor(
      async () => (await call('GET', `/api/v1/workflow-runs/${run!.id}`)).body,
      (r) => r.status === 'succeeded',
    )
    expect((await call('GET', `/api/v1/records/person/${q.body.id}`)).body.title).toBe('已驳回')
  })

  it("asks the submitter's manager, and a timeout decides or reminds as the level says", async () => {
    const team = await call('POST', '/api/v1/teams', { name: '审批组', parentId: null })
    expect(team.status, JSON.stringify(team.body)).toBe(201)
    await call('PUT', `/api/v1/teams/${team.body.id}/members/${users.d!.id}`, { isManager: false })
    await call('PUT', `/api/v1/teams/${team.body.id}/members/${users.m!.id}`, { isManager: true })
    const wf = await install('经理审批', {
      trigger: { type: 'record_updated', object: 'person', fields: ['source'] },
      start: 'ask',
      steps: [
        approval(
          [
            {
              id: 'l1',
              mode: 'any',
              approvers: [{ kind: 'submitter_manager' }],
              timeoutHours: 1,
              onTimeout: 'remind',
            },
            {
              id: 'l2',
              mode: 'any',
              approvers: [{ kind: 'user', userId: users.a!.id }],
              timeoutHours: 2,
              onTimeout: 'approve',
            },
          ],
          { kind: 'submitter' },
        ),
        ...outcomes,
      ],
    })
    // D creates and changes their own record: D is the submitter, M (D's team manager) approves
    const p = await call('POST', '/api/v1/records/person', { name: '审批丁' }, users.d!.token)
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    await call('PATCH', `/api/v1/records/person/${p.body.id}`, { source: 'website' }, users.d!.token)
    const [run] = await runOf(wf)
    const mine = await inbox(users.m!)
    expect(mine).toHaveLength(1)
    expect(
      (await call('GET', '/api/v1/approvals?box=submitted', undefined, users.d!.token)).body.data,
    ).toHaveLength(1)
    const id = mine[0]!.id
    const notes = async () =>
      (await call('GET', '/api/v1/notifications', undefined, users.m!.token)).body.data.filter(
        (n: { kind: string }) => n.kind === 'approval',
      ).length
    const before = await notes()
    // level 1 times out: a reminder, still pending
    await sql`update pgboss.job set start_after = now() where name = 'automation.run' and state = 'created'`.execute(
      t.database.db,
    )
    await waitFor(notes, (n) => n > before)
    expect((await call('GET', `/api/v1/approvals/${id}`)).body.status).toBe('pending')
    await call('POST', `/api/v1/approvals/${id}/decide`, { decision: 'approve' }, users.m!.token)
    // level 2 times out with 'approve': decided without anyone
    await waitFor(
      async () => {
        await sql`update pgboss.job set start_after = now() where name = 'automation.run' and state = 'created'`.execute(
          t.database.db,
        )
        return (await call('GET', `/api/v1/workflow-runs/${run!.id}`)).body
      },
      (r) => r.status === 'succeeded',
    )
    const d = await call('GET', `/api/v1/approvals/${id}`)
    expect(d.body.status).toBe('approved')
    expect(d.body.tasks.at(-1)).toMatchObject({
      approverId: users.a!.id,
      status: 'skipped',
      comment: 'timeout',
    })
    // someone unrelated (no role, so no access to people) cannot see it
    expect((await call('GET', `/api/v1/approvals/${id}`, undefined, users.b!.token)).status).toBe(403)
    expect((await call('GET', '/api/v1/approvals?box=all', undefined, users.b!.token)).status).toBe(403)
  })
})
