import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { withWorkspace } from '../db/tx.ts'

describe('workflows API: drafts, immutable versions, validation, test runs, templates, access', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  const ids: Record<string, string> = {}

  const call = (method: string, path: string, body?: unknown, token = ws.token, locale = 'en') =>
    t.call(method, path, { token, body, locale })

  const definition = (title: string) => ({
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
      { id: 'set_title', type: 'update_record', values: { title }, next: 'note' },
      {
        id: 'note',
        type: 'add_note',
        body: '{{trigger.record.name}} 来自 {{trigger.record.company.name}}',
        next: null,
      },
    ],
  })

  async function loginAs(role: { grants: Record<string, unknown>[] } | null, tag: string): Promise<string> {
    const email = `wf-${tag}-${Date.now()}@example.com`
    const password = 'workflow password 1'
    const u = await call('POST', '/api/v1/users', { email, name: `用户 ${tag}`, password })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    if (role) {
      const r = await call('POST', '/api/v1/roles', { name: `role ${tag}` })
      for (const g of role.grants) {
        const { object, ...rest } = g as { object: string }
        const put = await call('PUT', `/api/v1/roles/${r.body.id}/grants/${object}`, rest)
        expect(put.status, JSON.stringify(put.body)).toBe(200)
      }
      await call('PATCH', `/api/v1/users/${u.body.id}`, { roleId: r.body.id })
    }
    const login = await t.call('POST', '/api/v1/auth/login', { body: { email, password } })
    return login.body.token as string
  }

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('workflows')
    other = await t.workspace('workflows-other')
    const company = await call('POST', '/api/v1/records/company', { name: '金融甲公司', industry: 'finance' })
    expect(company.status, JSON.stringify(company.body)).toBe(201)
    ids.company = company.body.id
    const p = await call('POST', '/api/v1/records/person', {
      name: '张伟',
      company: ids.company,
      lifecycle_stage: 'customer',
    })
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    ids.person = p.body.id
  })
  afterAll(async () => {
    await t.close()
  })

  it('creates a draft, publishes immutable versions, and a draft edit leaves the published version alone', async () => {
    const c = await call('POST', '/api/v1/workflows', {
      name: '客户职位',
      definition: definition('VIP 客户'),
    })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    expect(c.body).toMatchObject({ enabled: false, publishedVersion: null, hasChanges: true, problems: [] })
    ids.wf = c.body.id
    const enableEarly = await call('POST', `/api/v1/workflows/${ids.wf}/enable`)
    expect(enableEarly.status).toBe(409)
    expect(enableEarly.body.errors[0].code).toBe('workflow.not_published')

    const v1 = await call('POST', `/api/v1/workflows/${ids.wf}/publish`)
    expect(v1.status, JSON.stringify(v1.body)).toBe(200)
    expect(v1.body).toMatchObject({
      publishedVersion: 1,
      hasChanges: false,
      triggerType: 'record_updated',
      triggerObject: 'person',
    })

    const edit = await call('PATCH', `/api/v1/workflows/${ids.wf}`, { definition: definition('重要客户') })
    expect(edit.status, JSON.stringify(edit.body)).toBe(200)
    expect(edit.body).toMatchObject({ publishedVersion: 1, hasChanges: true })
    const published = await call('GET', `/api/v1/workflows/${ids.wf}/versions/1`)
    expect(published.body.definition.steps[1].values.title).toBe('VIP 客户')

    const v2 = await call('POST', `/api/v1/workflows/${ids.wf}/publish`)
    expect(v2.body.publishedVersion).toBe(2)
    const versions = await call('GET', `/api/v1/workflows/${ids.wf}/versions`)
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1])
    expect(
      (await call('GET', `/api/v1/workflows/${ids.wf}/versions/1`)).body.definition.steps[1].values.title,
    ).toBe('VIP 客户')
    expect(
      (await call('GET', `/api/v1/workflows/${ids.wf}/versions/2`)).body.definition.steps[1].values.title,
    ).toBe('重要客户')
    const enabled = await call('POST', `/api/v1/workflows/${ids.wf}/enable`)
    expect(enabled.body.enabled).toBe(true)
    expect((await call('POST', `/api/v1/workflows/${ids.wf}/disable`)).body.enabled).toBe(false)
    const log = await sql<{ action: string }>`select action from audit_log
      where workspace_id = ${ws.created.workspace.id} and target_id = ${ids.wf} order by at, id`.execute(
      t.database.db,
    )
    expect(log.rows.map((r) => r.action)).toEqual([
      'metadata.workflow_created',
      'metadata.workflow_published',
      'metadata.workflow_updated',
      'metadata.workflow_published',
      'metadata.workflow_enabled',
      'metadata.workflow_disabled',
    ])
  })

  it('the database refuses to change a published version', async () => {
    const attempt = withWorkspace(t.database.db, ws.created.workspace.id, (trx) =>
      sql`update workflow_version set definition = '{}'::jsonb where workflow_id = ${ids.wf}`.execute(trx),
    )
    await expect(attempt).rejects.toThrow(/permission denied/)
    const still = await call('GET', `/api/v1/workflows/${ids.wf}/versions/1`)
    expect(still.body.definition.start).toBe('is_customer')
  })

  it('rejects bad definitions with the step and the reason, and saves nothing half-done', async () => {
    const bad = definition('x') as { steps: Record<string, unknown>[] }
    bad.steps[1] = { id: 'set_title', type: 'update_record', values: { title: 42, nope: 'x' }, next: 'ghost' }
    const saved = await call('PATCH', `/api/v1/workflows/${ids.wf}`, { definition: bad })
    expect(saved.status).toBe(200)
    expect(saved.body.problems.map((p: { code: string }) => p.code)).toEqual([
      'workflow.dangling_next',
      'workflow.unreachable_step',
      // jsonb keeps object keys in its own order (shorter first)
      'workflow.unknown_field',
      'workflow.wrong_value_type',
    ])
    const pub = await call('POST', `/api/v1/workflows/${ids.wf}/publish`, undefined, ws.token, 'zh-CN')
    expect(pub.status).toBe(400)
    expect(pub.body.code).toBe('validation_failed')
    expect(pub.body.errors[0]).toMatchObject({
      path: 'definition.steps.1.next',
      code: 'workflow.dangling_next',
      message: '步骤 set_title 指向的下一步 ghost 不存在',
    })
    expect(pub.body.problems[0]).toMatchObject({ stepId: 'set_title', path: 'steps.1.next' })
    expect((await call('GET', `/api/v1/workflows/${ids.wf}`)).body.publishedVersion).toBe(2)

    // malformed shape: 400 on save, the draft keeps its last good value
    const malformed = await call('PATCH', `/api/v1/workflows/${ids.wf}`, {
      definition: { ...definition('x'), steps: [{ id: 'A!', type: 'teleport' }] },
    })
    expect(malformed.status).toBe(400)
    expect(malformed.body.errors[0].path).toMatch(/^definition\.steps\.0/)
    const cron = await call(
      'PATCH',
      `/api/v1/workflows/${ids.wf}`,
      { definition: { ...definition('x'), trigger: { type: 'schedule', cron: '99 * * * *' } } },
      ws.token,
      'zh-CN',
    )
    expect(cron.status).toBe(400)
    expect(cron.body.errors[0]).toMatchObject({
      path: 'definition.trigger.cron',
      code: 'workflow.invalid_definition',
      message: '流程定义格式有误：cron 表达式无效，应为 5 段：分 时 日 月 周',
    })
    expect(cron.body.problems[0]).toMatchObject({ stepId: null, path: 'trigger.cron' })
    const typed = await call(
      'PATCH',
      `/api/v1/workflows/${ids.wf}`,
      { definition: { ...definition('x'), start: 42 } },
      ws.token,
      'zh-CN',
    )
    expect(typed.body.errors[0].message).toBe('流程定义格式有误：类型错误，应为string')
    expect((await call('GET', `/api/v1/workflows/${ids.wf}`)).body.draft.steps[1].values.nope).toBe('x')
    for (const body of [
      { name: '' },
      { definition: 'x' },
      { definition: { trigger: null } },
      { name: 'x'.repeat(201) },
    ]) {
      expect((await call('PATCH', `/api/v1/workflows/${ids.wf}`, body)).status, JSON.stringify(body)).toBe(
        400,
      )
    }
    expect((await call('POST', '/api/v1/workflows', { name: 'x', definition: { steps: [] } })).status).toBe(
      400,
    )
    // a value nested 50,000 levels deep (about 100 KB): a clear 400, not a stack overflow
    const deep = `${'['.repeat(50_000)}1${']'.repeat(50_000)}`
    const hostile = `{"name":"deep","definition":{"trigger":{"type":"record_created","object":"person"},"start":"a","steps":[{"id":"a","type":"update_record","values":{"title":${deep}},"next":null}]}}`
    const deepRes = await call('POST', '/api/v1/workflows', hostile)
    expect(deepRes.status).toBe(400)
    expect(deepRes.body.errors[0]).toMatchObject({ path: 'definition.steps.0.values.title' })
    expect((await call('GET', '/api/v1/workflows/not-a-uuid')).status).toBe(404)
    await call('PATCH', `/api/v1/workflows/${ids.wf}`, { definition: definition('重要客户') })
  })

  it('test-runs a record without writing, with relations expanded', async () => {
    const before = await call('GET', `/api/v1/records/person/${ids.person}`)
    const r = await call('POST', `/api/v1/workflows/${ids.wf}/test-run`, { recordId: ids.person })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.problems).toEqual([])
    expect(r.body).toMatchObject({ ok: true, end: 'completed', path: ['is_customer', 'set_title', 'note'] })
    expect(r.body.steps[1].detail).toMatchObject({ recordId: ids.person, values: { title: '重要客户' } })
    expect(r.body.steps[2].detail.body).toBe('张伟 来自 金融甲公司')
    const published = await call('POST', `/api/v1/workflows/${ids.wf}/test-run`, {
      recordId: ids.person,
      source: 'published',
    })
    expect(published.body.steps[1].detail.values.title).toBe('重要客户')
    const after = await call('GET', `/api/v1/records/person/${ids.person}`)
    expect(after.body.version).toBe(before.body.version)
    expect(after.body.title ?? null).toBe(before.body.title ?? null)
    const missing = await call('POST', `/api/v1/workflows/${ids.wf}/test-run`, {
      recordId: '00000000-0000-4000-8000-000000000000',
    })
    expect(missing.status).toBe(404)
    const scheduled = await call('POST', '/api/v1/workflows', {
      name: '每日',
      definition: {
        trigger: { type: 'schedule', cron: '0 9 * * *' },
        start: 'ping',
        steps: [
          { id: 'ping', type: 'http', method: 'GET', url: 'https://example.com/{{today}}', next: null },
        ],
      },
    })
    expect(scheduled.body.problems).toEqual([])
    const noRecord = await call('POST', `/api/v1/workflows/${scheduled.body.id}/test-run`, {
      recordId: ids.person,
    })
    expect(noRecord.status).toBe(400)
    expect(noRecord.body.errors[0]).toMatchObject({
      path: 'recordId',
      code: 'workflow.trigger_without_record',
    })
    await call('DELETE', `/api/v1/workflows/${scheduled.body.id}`)
  })

  it('installs the templates whose objects exist and answers 409 for the others', async () => {
    const list = await call('GET', '/api/v1/workflows/templates')
    expect(list.status).toBe(200)
    const missing = Object.fromEntries(
      list.body.data.map((x: { key: string; missing: unknown[] }) => [x.key, x.missing]),
    )
    expect(missing.birthday_reminder).toEqual([])
    expect(missing.new_opportunity_first_contact).toEqual([{ object: 'opportunity' }])
    const ok = await call(
      'POST',
      '/api/v1/workflows/templates/birthday_reminder/install',
      undefined,
      ws.token,
      'zh-CN',
    )
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body).toMatchObject({
      name: '客户生日提醒',
      templateKey: 'birthday_reminder',
      enabled: false,
      problems: [],
    })
    expect((await call('POST', `/api/v1/workflows/${ok.body.id}/publish`)).status).toBe(200)
    for (const key of [
      'new_opportunity_first_contact',
      'stalled_deal_reminder',
      'quote_follow_up',
      'discount_approval',
    ]) {
      const r = await call('POST', `/api/v1/workflows/templates/${key}/install`)
      expect(r.status, key).toBe(409)
      expect(r.body.errors[0]).toMatchObject({ code: 'workflow.missing_object' })
      expect(r.body.errors[0].message).toMatch(/needs object (opportunity|quote)/)
    }
    expect((await call('POST', '/api/v1/workflows/templates/nope/install')).status).toBe(404)
  })

  it('needs admin or the automation grant; records stay under their own rights', async () => {
    const plain = await loginAs(null, 'plain')
    expect((await call('GET', '/api/v1/workflows', undefined, plain)).status).toBe(403)
    const reader = await loginAs(
      {
        grants: [
          {
            object: '_automation',
            create: false,
            read: true,
            update: false,
            delete: false,
            readScope: 'all',
            writeScope: 'none',
          },
          {
            object: 'person',
            create: false,
            read: true,
            update: false,
            delete: false,
            readScope: 'own',
            writeScope: 'none',
          },
        ],
      },
      'reader',
    )
    expect((await call('GET', '/api/v1/workflows', undefined, reader)).status).toBe(200)
    expect((await call('POST', `/api/v1/workflows/${ids.wf}/publish`, undefined, reader)).status).toBe(403)
    expect((await call('PATCH', `/api/v1/workflows/${ids.wf}`, { name: 'x' }, reader)).status).toBe(403)
    // the person is not theirs: the test run cannot read it
    const tr = await call('POST', `/api/v1/workflows/${ids.wf}/test-run`, { recordId: ids.person }, reader)
    expect(tr.status).toBe(404)
    // nor when the draft is invalid (the plan is empty, but the record is still checked)
    const invalid = await call('POST', '/api/v1/workflows', {
      name: 'broken',
      definition: { ...definition('x'), start: 'ghost' },
    })
    const trInvalid = await call(
      'POST',
      `/api/v1/workflows/${invalid.body.id}/test-run`,
      { recordId: ids.person },
      reader,
    )
    expect(trInvalid.status).toBe(404)
    const adminInvalid = await call('POST', `/api/v1/workflows/${invalid.body.id}/test-run`, {
      recordId: ids.person,
    })
    expect(adminInvalid.body).toMatchObject({ ok: false, end: 'invalid', steps: [] })
    expect(adminInvalid.body.problems[0]).toMatchObject({ code: 'workflow.unknown_start', stepId: null })
    await call('DELETE', `/api/v1/workflows/${invalid.body.id}`)
    const editor = await loginAs(
      {
        grants: [
          {
            object: '_automation',
            create: true,
            read: true,
            update: true,
            delete: true,
            readScope: 'all',
            writeScope: 'all',
          },
        ],
      },
      'editor',
    )
    expect((await call('POST', `/api/v1/workflows/${ids.wf}/publish`, undefined, editor)).status).toBe(200)
  })

  it('API keys need an automation or * scope, write for changes', async () => {
    const key = async (scopes: Record<string, string>) =>
      (await call('POST', '/api/v1/api-keys', { name: `wf ${JSON.stringify(scopes)}`, scopes })).body
        .key as string
    const personOnly = await key({ person: 'write' })
    expect((await call('GET', '/api/v1/workflows', undefined, personOnly)).status).toBe(403)
    const reading = await key({ _automation: 'read' })
    expect((await call('GET', '/api/v1/workflows', undefined, reading)).status).toBe(200)
    expect((await call('POST', `/api/v1/workflows/${ids.wf}/disable`, undefined, reading)).status).toBe(403)
    const writing = await key({ '*': 'write' })
    expect((await call('POST', `/api/v1/workflows/${ids.wf}/disable`, undefined, writing)).status).toBe(200)
  })

  it('keeps workspaces apart', async () => {
    expect((await call('GET', `/api/v1/workflows/${ids.wf}`, undefined, other.token)).status).toBe(404)
    expect((await call('POST', `/api/v1/workflows/${ids.wf}/publish`, undefined, other.token)).status).toBe(
      404,
    )
    expect((await call('GET', '/api/v1/workflows', undefined, other.token)).body.data).toEqual([])
    const mine = await call('GET', '/api/v1/workflows')
    expect(mine.body.data.length).toBe(2)
  })

  it('deletes a workflow with its versions', async () => {
    expect((await call('DELETE', `/api/v1/workflows/${ids.wf}`)).status).toBe(204)
    expect((await call('GET', `/api/v1/workflows/${ids.wf}`)).status).toBe(404)
    expect((await call('DELETE', `/api/v1/workflows/${ids.wf}`)).status).toBe(404)
    const left = await sql<{ n: number }>`select count(*)::int as n from workflow_version
      where workflow_id = ${ids.wf}`.execute(t.database.db)
    expect(left.rows[0]!.n).toBe(0)
  })
})
