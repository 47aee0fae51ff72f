import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'
import { waitFor } from '../../events/test-support.ts'

/** `PATCH` / `DELETE /records/{object}/{id}/activities/{activityId}`: done, edit, delete, who may, errors. */
describe('activity edits', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  let person: string
  const rep: { id: string; token: string } = { id: '', token: '' }
  const loner: { id: string; token: string } = { id: '', token: '' }

  const base = (id = person, object = 'person') => `/api/v1/records/${object}/${id}`
  const add = (body: unknown, token = ws.token, id = person) =>
    t.call('POST', `${base(id)}/activities`, { token, body })
  const patch = (
    activityId: string,
    body: unknown,
    opts: { token?: string; id?: string; locale?: string } = {},
  ) =>
    t.call('PATCH', `${base(opts.id)}/activities/${activityId}`, {
      token: opts.token ?? ws.token,
      body,
      locale: opts.locale,
    })
  const remove = (activityId: string, opts: { token?: string; id?: string } = {}) =>
    t.call('DELETE', `${base(opts.id)}/activities/${activityId}`, { token: opts.token ?? ws.token })
  const timeline = async (query = '') => {
    const r = await t.call('GET', `${base()}/timeline?types=note,task,call,meeting,email${query}`, {
      token: ws.token,
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.data as { id: string; activity: Record<string, unknown> }[]
  }
  const openTasks = async () => {
    const r = await t.call('GET', `${base()}/summary`, { token: ws.token })
    return r.body.metrics.find((m: { key: string }) => m.key === 'open_tasks')?.value
  }
  const events = async (activityId: string) =>
    (
      await sql<{ type: string; payload: Record<string, unknown>; record_id: string; actor_id: string }>`
        select type, payload, record_id, actor_id from outbox_event
        where workspace_id = ${ws.created.workspace.id} and payload->>'activityId' = ${activityId}
        order by seq`.execute(t.database.db)
    ).rows

  async function user(name: string, scope: 'all' | 'own') {
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: `${name} role` } })
    const g = await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { create: true, read: true, update: true, delete: true, readScope: scope, writeScope: 'own' },
    })
    expect(g.status, JSON.stringify(g.body)).toBeLessThan(300)
    const email = `${name}-${Date.now()}@activities.example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name, password: 'activity password 1', roleId: role.body.id },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'activity password 1' },
    })
    return { id: u.body.id as string, token: login.body.token as string }
  }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('activities')
    other = await t.workspace('activities-other')
    person = (await t.call('POST', '/api/v1/records/person', { token: ws.token, body: { name: '韩梅梅' } }))
      .body.id
    Object.assign(rep, await user('rep', 'all'))
    Object.assign(loner, await user('loner', 'own'))
  })
  afterAll(async () => {
    await t.close()
  })

  it('ticks a task done and open again; the open-task count follows', async () => {
    const task = await add({ type: 'task', subject: '寄合同', due_at: '2026-12-10T02:00:00Z' })
    expect(task.status, JSON.stringify(task.body)).toBe(201)
    expect(await openTasks()).toBe(1)

    const done = await patch(task.body.id, { done: true })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body.activity).toMatchObject({
      subject: '寄合同',
      done_by: ws.created.owner.id,
      edited_at: null,
    })
    expect(Date.parse(done.body.activity.done_at)).toBeGreaterThan(Date.now() - 60_000)
    expect(await openTasks()).toBe(0)
    // ticking it again changes nothing (the first tick is kept), and appends no event
    const again = await patch(task.body.id, { done: true })
    expect(again.body.activity.done_at).toBe(done.body.activity.done_at)
    const tl = (await timeline()).find((x) => x.id === task.body.id)
    expect(tl?.activity).toMatchObject({ done_at: done.body.activity.done_at, done_by: ws.created.owner.id })
    expect((await timeline('&hideDone=true')).some((x) => x.id === task.body.id)).toBe(false)

    const reopened = await patch(task.body.id, { done: false })
    expect(reopened.body.activity).toMatchObject({ done_at: null, done_by: null })
    expect(await openTasks()).toBe(1)
    expect((await timeline('&hideDone=true')).some((x) => x.id === task.body.id)).toBe(true)

    const ev = await events(task.body.id)
    expect(ev.map((e) => e.type)).toEqual(['activity.created', 'activity.updated', 'activity.updated'])
    expect(ev[1]).toMatchObject({
      record_id: person,
      actor_id: ws.created.owner.id,
      payload: { changed: ['done'], done: true, type: 'task', subject: '寄合同' },
    })
    expect(ev[2]?.payload).toMatchObject({ changed: ['done'], done: false })
    await remove(task.body.id)
  })

  it('edits subject, text and due time, and notifies only newly mentioned users', async () => {
    const note = await add({ type: 'note', body: '初稿' })
    const r = await patch(note.body.id, { body: '  改过的 **内容** @rep  ', mentions: [rep.id] })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.activity).toMatchObject({ body: '改过的 **内容** @rep', mentions: [rep.id], done_at: null })
    expect(r.body.activity.edited_at).toBeTruthy()
    const ev = (await events(note.body.id)).at(-1)
    expect(ev?.payload).toMatchObject({ changed: ['body', 'mentions'], addedMentions: [rep.id] })
    await t.kernel.startWorker()
    const inbox = await waitFor(
      () => t.call('GET', '/api/v1/notifications', { token: rep.token }),
      (x) => x.body.data.length >= 1,
    )
    expect(inbox.body.data[0]).toMatchObject({ kind: 'mentioned', recordId: person })
    // the same mention again is no news
    await patch(note.body.id, { body: '再改 @rep', mentions: [rep.id] })
    expect((await events(note.body.id)).at(-1)?.payload).toMatchObject({
      changed: ['body'],
      addedMentions: [],
    })

    const task = await add({ type: 'task', subject: '打电话' })
    const due = await patch(task.body.id, { subject: '回电话', due_at: '2026-12-11T08:30:00+08:00' })
    expect(due.body.activity).toMatchObject({ subject: '回电话', due_at: '2026-12-11T00:30:00.000Z' })
    const cleared = await patch(task.body.id, { due_at: null })
    expect(cleared.body.activity.due_at).toBeNull()
    const call = await add({ type: 'call', subject: '初次沟通', occurred_at: '2026-12-01T02:00:00Z' })
    const moved = await patch(call.body.id, {
      occurred_at: '2026-12-02T03:00:00Z',
      subject: null,
      body: '聊了预算',
    })
    expect(moved.body).toMatchObject({
      at: '2026-12-02T03:00:00.000Z',
      activity: { subject: null, body: '聊了预算' },
    })
    // nothing sent, nothing changed
    const same = await patch(call.body.id, {})
    expect(same.status).toBe(200)
    expect(same.body.activity.edited_at).toBe(moved.body.activity.edited_at)
  })

  it('deletes softly: gone from the timeline and the counts, kept in the table, one event', async () => {
    const task = await add({ type: 'task', subject: '要删的任务' })
    const before = await openTasks()
    const r = await remove(task.body.id)
    expect(r.status, JSON.stringify(r.body)).toBe(204)
    expect((await timeline()).some((x) => x.id === task.body.id)).toBe(false)
    expect(await openTasks()).toBe(before - 1)
    const row = await sql<{ deleted_at: Date | null; updated_by: string }>`select deleted_at, updated_by
      from activity where workspace_id = ${ws.created.workspace.id} and id = ${task.body.id}`.execute(
      t.database.db,
    )
    expect(row.rows[0]?.deleted_at).toBeTruthy()
    expect(row.rows[0]?.updated_by).toBe(ws.created.owner.id)
    expect((await events(task.body.id)).at(-1)).toMatchObject({
      type: 'activity.deleted',
      payload: { type: 'task', subject: '要删的任务' },
    })
    const twice = await remove(task.body.id)
    expect(twice.status).toBe(404)
    expect(twice.body.code).toBe('activity_not_found')
    expect((await patch(task.body.id, { done: true })).status).toBe(404)
  })

  it("lets the author and admins change an activity, not someone else's; emails and system entries stay", async () => {
    const mine = await add({ type: 'note', body: '管理员的备注' })
    const refused = await patch(mine.body.id, { body: '改掉' }, { token: rep.token, locale: 'zh-CN' })
    expect(refused.status).toBe(403)
    expect(refused.body.errors[0]).toMatchObject({
      path: 'created_by',
      code: 'not_author',
      message: '只有作者或管理员可以修改或删除这条动态',
    })
    expect((await remove(mine.body.id, { token: rep.token })).status).toBe(403)

    const theirs = await add({ type: 'task', subject: '销售的任务' }, rep.token)
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201)
    expect((await patch(theirs.body.id, { done: true }, { token: rep.token })).status).toBe(200)
    // an admin may change anyone's
    const byAdmin = await patch(theirs.body.id, { done: false })
    expect(byAdmin.status).toBe(200)
    expect((await remove(theirs.body.id)).status).toBe(204)

    const email = await add({ type: 'email', subject: '报价邮件' })
    const e = await patch(email.body.id, { subject: '改' }, { locale: 'en' })
    expect(e.status).toBe(403)
    expect(e.body.errors[0]).toMatchObject({
      path: 'type',
      code: 'activity_read_only',
      message: 'Emails and system entries cannot be edited or deleted',
    })
    expect((await remove(email.body.id)).status).toBe(403)
    const left = await timeline()
    expect(left.some((x) => x.id === mine.body.id) && left.some((x) => x.id === email.body.id)).toBe(true)
  })

  it('is a 404 outside the record scope, on another record and in another workspace', async () => {
    const note = await add({ type: 'note', body: '范围测试' })
    // the loner reads only their own people: the record is out of reach
    const scoped = await patch(note.body.id, { body: 'x' }, { token: loner.token })
    expect(scoped.status).toBe(404)
    expect(scoped.body.code).toBe('record_not_found')
    // another record of the same workspace: the activity is not on its timeline
    const otherPerson = (
      await t.call('POST', '/api/v1/records/person', { token: ws.token, body: { name: '李雷' } })
    ).body.id
    const elsewhere = await patch(note.body.id, { body: 'x' }, { id: otherPerson })
    expect(elsewhere.status).toBe(404)
    expect(elsewhere.body.code).toBe('activity_not_found')
    // another workspace: through our record, and through its own record with our activity id
    expect((await patch(note.body.id, { body: 'x' }, { token: other.token })).status).toBe(404)
    const theirPerson = (
      await t.call('POST', '/api/v1/records/person', { token: other.token, body: { name: '外人' } })
    ).body.id
    const cross = await patch(note.body.id, { body: '越权' }, { token: other.token, id: theirPerson })
    expect(cross.status).toBe(404)
    expect(cross.body.code).toBe('activity_not_found')
    expect((await remove(note.body.id, { token: other.token, id: theirPerson })).status).toBe(404)
    expect((await timeline()).find((x) => x.id === note.body.id)?.activity.body).toBe('范围测试')
  })

  it('refuses malformed ids and bodies with the path of each bad member', async () => {
    const note = await add({ type: 'note', body: '校验' })
    const task = await add({ type: 'task', subject: '校验任务' })
    const badId = await t.call('PATCH', `${base()}/activities/not-a-uuid`, { token: ws.token, body: {} })
    expect(badId.status).toBe(400)
    expect(badId.body.errors[0]).toMatchObject({ path: 'path.activityId', code: 'invalid_format' })
    expect((await t.call('DELETE', `${base()}/activities/123`, { token: ws.token })).status).toBe(400)
    const cases: [string, unknown, string, string][] = [
      [note.body.id, { done: 'yes' }, 'done', 'invalid_type'],
      [note.body.id, { colour: 'red' }, 'colour', 'unknown_field'],
      [note.body.id, { due_at: 'tomorrow' }, 'due_at', 'invalid_format'],
      [note.body.id, { mentions: ['x'] }, 'mentions.0', 'invalid_format'],
      [note.body.id, { subject: 'x'.repeat(501) }, 'subject', 'too_long'],
      [note.body.id, { done: true }, 'done', 'not_a_task'],
      [note.body.id, { body: '   ' }, 'body', 'required'],
      [task.body.id, { subject: '' }, 'subject', 'required'],
      [note.body.id, { mentions: ['00000000-0000-4000-8000-000000000009'] }, 'mentions.0', 'invalid_value'],
    ]
    for (const [id, body, path, code] of cases) {
      const r = await patch(id, body, { locale: 'zh-CN' })
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.headers.get('content-type')).toContain('application/problem+json')
      expect(r.body.errors[0], JSON.stringify(body)).toMatchObject({ path, code })
      expect(r.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/)
    }
    const notJson = await t.call('PATCH', `${base()}/activities/${note.body.id}`, {
      token: ws.token,
      body: '{"done":',
    })
    expect(notJson.status).toBe(400)
    // nothing changed
    expect((await timeline()).find((x) => x.id === note.body.id)?.activity).toMatchObject({
      body: '校验',
      edited_at: null,
    })
  })

  it('is in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/api/openapi.json')
    const path = doc.body.paths['/api/v1/records/{object}/{id}/activities/{activityId}']
    expect(Object.keys(path).sort()).toEqual(['delete', 'patch'])
    expect(JSON.stringify(path.patch.requestBody)).toContain('ActivityPatch')
  })
})
