import type { WorkflowDto } from '@kemai/shared/api/automation.api'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { type FakeRequest, fakeApi, problem } from '../../../test/fakeApi.ts'
import { companyMeta, me, personMeta } from '../../../test/fixtures.ts'
import { renderAt } from '../../../test/render.tsx'
import { WorkflowEditorPage } from './WorkflowEditorPage.tsx'

const ID = '01a243f1-0000-7000-8000-0000000000aa'
const routes = [{ path: '/settings/workflows/:id', element: <WorkflowEditorPage /> }]

function workflow(draft: Record<string, unknown>, extra: Partial<WorkflowDto> = {}): WorkflowDto {
  return {
    id: ID,
    name: '职位变更跟进',
    description: null,
    enabled: false,
    templateKey: null,
    draft,
    hasChanges: true,
    publishedVersion: null,
    triggerType: null,
    triggerObject: null,
    maxRunsPerMinute: 60,
    webhookUrl: null,
    problems: [],
    createdAt: '2026-12-05T00:00:00Z',
    updatedAt: '2026-12-05T00:00:00Z',
    ...extra,
  }
}

const draft = {
  trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
  start: 'note',
  steps: [
    {
      id: 'note',
      type: 'add_note',
      body: '{{trigger.record.name}}',
      target: { kind: 'trigger' },
      next: null,
    },
  ],
}

/** The workflow API in front of the fake records API: GET/PATCH the workflow, publish as `publish` says. */
function serve(
  initial: WorkflowDto,
  publish: (req: FakeRequest) => { status: number; body: unknown },
  who: typeof me = me,
) {
  let current = initial
  return fakeApi({
    objects: [personMeta, companyMeta],
    me: who,
    onRequest: (req) => {
      if (req.path === '/api/v1/workflows' && req.method === 'GET')
        return { status: 200, body: { data: [current] } }
      if (req.path === `/api/v1/workflows/${ID}` && req.method === 'GET')
        return { status: 200, body: current }
      if (req.path === `/api/v1/workflows/${ID}` && req.method === 'PATCH') {
        const body = req.body as { name: string; definition: Record<string, unknown> }
        current = { ...current, name: body.name, draft: body.definition }
        return { status: 200, body: current }
      }
      if (req.path === `/api/v1/workflows/${ID}/publish`) return publish(req)
      if (req.path === '/api/v1/teams' || req.path === '/api/v1/roles')
        return { status: 200, body: { data: [] } }
      return undefined
    },
  })
}

afterEach(() => window.localStorage.clear())

describe('workflow editor page', () => {
  it('draws the trigger and the steps, marks problems found in the browser, and saves an edit', async () => {
    const broken = { ...draft, steps: [{ ...draft.steps[0], body: '{{trigger.record.nope}}' }] }
    const api = serve(workflow(broken), () => ({ status: 200, body: workflow(broken) }))
    renderAt(`/settings/workflows/${ID}`, routes)
    await screen.findByTestId('workflow-builder')
    const node = await waitFor(() => {
      const n = document.querySelector('[data-testid=wf-node][data-step=note]')
      if (!n) throw new Error('no node yet')
      return n as HTMLElement
    })
    expect(screen.getByTestId('wf-trigger').textContent).toContain('联系人 · 更新时：职位')
    // the shared validator runs in the browser: the unknown merge field is marked on its step
    expect(within(node).getByTestId('wf-node-problems').textContent).toBe('1')

    fireEvent.click(node)
    const panel = await screen.findByTestId('wf-step-panel')
    expect(within(panel).getByTestId('wf-step-problems').textContent).toContain(
      '合并字段 trigger.record.nope 引用的字段 nope 不存在',
    )
    fireEvent.change(within(panel).getByTestId('wf-note-body'), {
      target: { value: '{{trigger.record.name}} 已更新' },
    })
    await waitFor(() => expect(within(node).queryByTestId('wf-node-problems')).toBeNull())
    expect(screen.getByTestId('wf-dirty')).toBeTruthy()

    fireEvent.click(screen.getByTestId('wf-save'))
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PATCH')).toBe(true))
    const patch = api.requests.find((r) => r.method === 'PATCH')!
    expect((patch.body as { definition: typeof draft }).definition.steps[0]).toMatchObject({
      body: '{{trigger.record.name}} 已更新',
    })
    await waitFor(() => expect(screen.queryByTestId('wf-dirty')).toBeNull())
  })

  it('lists a refused publish’s problems; clicking one selects its step', async () => {
    const refused = problem(400, 'validation_failed', '提交的数据有误')
    const body = {
      ...refused.body,
      problems: [
        {
          stepId: 'note',
          path: 'steps.0.type',
          code: 'workflow.step_unavailable',
          message: '步骤 note 的类型（add_note）暂不能运行，发布前请改用其他步骤',
        },
      ],
    }
    serve(workflow(draft), () => ({ status: 400, body }))
    renderAt(`/settings/workflows/${ID}`, routes)
    await screen.findByTestId('workflow-builder')
    fireEvent.click(await screen.findByTestId('wf-publish'))
    const list = await screen.findByTestId('wf-problems')
    const item = within(list).getByTestId('wf-problem')
    expect(item.textContent).toContain('暂不能运行')
    fireEvent.click(item)
    expect((await screen.findByTestId('wf-step-panel')).getAttribute('data-step')).toBe('note')
  })

  it('shows a role that may only read workflows the builder without its editing', async () => {
    const reader = {
      ...me,
      isAdmin: false,
      grants: [
        {
          object: '_automation',
          create: false,
          read: true,
          update: false,
          delete: false,
          readScope: 'all' as const,
          writeScope: 'own' as const,
          fields: {},
        },
      ],
    }
    serve(workflow(draft), () => ({ status: 403, body: {} }), reader)
    renderAt(`/settings/workflows/${ID}`, routes, 'en')
    expect((await screen.findByTestId('wf-read-only')).textContent).toContain(
      'Your role may view and test-run',
    )
    expect(screen.queryByTestId('wf-save')).toBeNull()
    expect(screen.queryByTestId('wf-publish')).toBeNull()
    expect(screen.getByTestId('wf-test-button')).toBeTruthy()
    await waitFor(() =>
      expect(document.querySelector('[data-testid=wf-node][data-step=note]')).not.toBeNull(),
    )
    expect(document.querySelectorAll('[data-testid=wf-add], [data-testid=wf-edge-add]')).toHaveLength(0)
    fireEvent.click(document.querySelector('[data-testid=wf-node][data-step=note]')!)
    const panel = await screen.findByTestId('wf-step-panel')
    expect((within(panel).getByTestId('wf-note-body') as HTMLTextAreaElement).disabled).toBe(true)
    expect(within(panel).queryByTestId('wf-remove-step')).toBeNull()
  })

  it('says so when the workflow does not exist', async () => {
    fakeApi({
      objects: [personMeta],
      onRequest: (req) =>
        req.path.startsWith('/api/v1/workflows/') ? problem(404, 'not_found', '找不到该资源') : undefined,
    })
    renderAt(`/settings/workflows/${ID}`, routes, 'en')
    expect(await screen.findByTestId('wf-not-found')).toBeTruthy()
    expect(screen.getByText('This workflow does not exist')).toBeTruthy()
  })
})
