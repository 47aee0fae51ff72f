import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

describe('the form_submitted workflow trigger', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  let form: { id: string; publicKey: string }
  let second: { id: string; publicKey: string }

  const call = (method: string, path: string, body?: unknown, token = ws.token) =>
    t.call(method, path, { token, body, locale: 'en' })

  const definition = (formId: string, object = 'person') => ({
    trigger: { type: 'form_submitted', object, formId },
    start: 'note',
    steps: [
      {
        id: 'note',
        type: 'add_note',
        body: '{{trigger.record.name}}（{{trigger.record.email}}）通过“{{trigger.payload.formName}}”提交',
        next: null,
      },
    ],
  })

  const runsOf = async (workflowId: string) =>
    (await call('GET', `/api/v1/workflow-runs?workflowId=${workflowId}`)).body.data as {
      id: string
      status: string
      triggerType: string
      recordId: string | null
    }[]

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('form-trigger')
    other = await t.workspace('form-trigger-other')
    await t.kernel.startWorker()
    const make = async (name: string, token = ws.token) => {
      const c = await call(
        'POST',
        '/api/v1/forms',
        { name, objectName: 'person', enabled: true, fields: [{ field: 'name' }, { field: 'email' }] },
        token,
      )
      expect(c.status, JSON.stringify(c.body)).toBe(201)
      return c.body
    }
    form = await make('活动报名')
    second = await make('另一个表单')
  })
  afterAll(async () => {
    await t.close()
  })

  it('refuses a form of another workspace or of another object on publish', async () => {
    const theirs = (
      await call(
        'POST',
        '/api/v1/forms',
        { name: '别家的', objectName: 'person', fields: [{ field: 'name' }] },
        other.token,
      )
    ).body
    for (const def of [definition(theirs.id), definition(form.id, 'company')]) {
      if (def.trigger.object === 'company') def.steps[0]!.body = '{{trigger.record.name}}'
      const c = await call('POST', '/api/v1/workflows', { name: '错的表单', definition: def })
      expect(c.status, JSON.stringify(c.body)).toBe(201)
      const p = await call('POST', `/api/v1/workflows/${c.body.id}/publish`)
      expect(p.status).toBe(400)
      expect(p.body.errors).toEqual([
        {
          path: 'definition.trigger.formId',
          code: 'workflow.unknown_form',
          message: `The trigger’s form does not exist, or is not a form of ${def.trigger.object}`,
        },
      ])
    }
  })

  it('starts a run on the created record when its form is submitted, with the values as merge fields', async () => {
    const c = await call('POST', '/api/v1/workflows', { name: '报名跟进', definition: definition(form.id) })
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/publish`)).status).toBe(200)
    expect((await call('POST', `/api/v1/workflows/${c.body.id}/enable`)).status).toBe(200)
    const wf = c.body.id as string

    // another form's submission does not start it
    const miss = await t.call('POST', `/api/v1/public/forms/${second.publicKey}/submit`, {
      body: { name: '别的表单', email: 'other@example.com' },
    })
    expect(miss.status).toBe(200)
    const hit = await t.call('POST', `/api/v1/public/forms/${form.publicKey}/submit`, {
      body: { name: '赵敏', email: 'zhaomin@example.com' },
    })
    expect(hit.status, JSON.stringify(hit.body)).toBe(200)
    const [run] = await waitFor(
      () => runsOf(wf),
      (r) => r.length >= 1 && r.every((x) => x.status !== 'running'),
    )
    const created = (
      await call(
        'GET',
        `/api/v1/records/person?filter=${encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: 'zhaomin@example.com' }))}`,
      )
    ).body.data[0]
    expect(run).toMatchObject({ status: 'succeeded', triggerType: 'form_submitted', recordId: created.id })
    const timeline = await call('GET', `/api/v1/records/person/${created.id}/timeline`)
    const bodies = JSON.stringify(timeline.body)
    expect(bodies).toContain('赵敏（zhaomin@example.com）通过“活动报名”提交')
    // only that one run: the other form's record started none
    await new Promise((r) => setTimeout(r, 1000))
    expect(await runsOf(wf)).toHaveLength(1)
    // the form cannot be deleted while the enabled workflow starts from it
    const del = await call('DELETE', `/api/v1/forms/${form.id}`)
    expect(del.status).toBe(409)
    expect(del.body.errors[0]).toMatchObject({
      code: 'forms.in_use',
      message: expect.stringContaining('报名跟进'),
    })
    await call('POST', `/api/v1/workflows/${wf}/disable`)
    expect((await call('DELETE', `/api/v1/forms/${form.id}`)).status).toBe(204)
  })
})
