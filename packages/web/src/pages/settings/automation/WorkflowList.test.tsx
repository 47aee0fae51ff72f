import type { GrantDto } from '@kemai/shared/api/access.api'
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../../test/fixtures.ts'
import { renderAt } from '../../../test/render.tsx'
import { fakeAutomationApi, problem, run, seed, workflow } from './fakeAutomationApi.ts'
import { WorkflowList } from './WorkflowList.tsx'

const routes = [
  { path: '/settings/workflows', element: <WorkflowList /> },
  { path: '/settings/workflows/:id', element: <div data-testid="editor-route">editor</div> },
  { path: '/settings/workflow-runs', element: <div data-testid="runs-route">runs</div> },
]
// antd overlays on a loaded 2-core machine
configure({ asyncUtilTimeout: 20_000 })
afterEach(() => vi.restoreAllMocks())

const rowOf = async (name: string) => (await screen.findByText(name)).closest('tr') as HTMLElement

describe('workflows list', () => {
  it('says what each workflow does, its version, changes, problems and last run', async () => {
    const db = seed()
    const live = workflow({
      name: '阶段变化提醒',
      enabled: true,
      publishedVersion: 3,
      hasChanges: true,
      triggerType: 'record_updated',
      triggerObject: 'person',
    })
    const broken = workflow({
      name: '坏的草稿',
      draft: { trigger: { type: 'record_created', object: 'company' }, start: 'x', steps: [] },
      problems: [
        { stepId: null, path: 'start', code: 'workflow.unknown_start', message: '开始步骤“x”不存在' },
      ],
    })
    db.workflows.push(live, broken)
    db.runs.push(run(live, { status: 'failed' }))
    fakeAutomationApi(undefined, db)
    renderAt('/settings/workflows', routes)

    const liveRow = await rowOf('阶段变化提醒')
    expect(within(liveRow).getByText('联系人更新（职位）')).toBeTruthy()
    expect(within(liveRow).getByText('版本 3')).toBeTruthy()
    expect(within(liveRow).getByText('有未发布的修改')).toBeTruthy()
    await waitFor(() => expect(within(liveRow).getByText('失败')).toBeTruthy())
    const brokenRow = await rowOf('坏的草稿')
    expect(within(brokenRow).getByText('公司创建时')).toBeTruthy()
    expect(within(brokenRow).getByText('未发布')).toBeTruthy()
    expect(within(brokenRow).getByText('1 个问题')).toBeTruthy()
    expect(within(brokenRow).getByText('尚未运行')).toBeTruthy()
    // the count opens the list
    fireEvent.click(within(brokenRow).getByTestId('workflow-problem-count'))
    expect(await screen.findByText('开始步骤“x”不存在')).toBeTruthy()
  })

  it('lists every problem with its message when the server refuses to publish', async () => {
    const db = seed()
    const w = workflow({
      name: '有问题的流程',
      problems: [
        {
          stepId: 'note',
          path: 'steps.0.body',
          code: 'workflow.merge_unknown_field',
          message: '步骤“note”：合并字段 trigger.record.foo 不存在',
        },
        {
          stepId: 'wait',
          path: 'steps.1',
          code: 'workflow.unreachable_step',
          message: '步骤“wait”：从开始步骤到不了这里',
        },
      ],
    })
    db.workflows.push(w)
    const { calls } = fakeAutomationApi(undefined, db, me)
    renderAt('/settings/workflows', routes, 'en')
    const row = await rowOf('有问题的流程')
    fireEvent.click(within(row).getByTestId('workflow-publish'))
    const dialog = await screen.findByTestId('publish-problems')
    expect(within(dialog).getByText('The draft has 2 problems to fix first:')).toBeTruthy()
    expect(within(dialog).getByText('步骤“note”：合并字段 trigger.record.foo 不存在')).toBeTruthy()
    expect(within(dialog).getByText('步骤“wait”：从开始步骤到不了这里')).toBeTruthy()
    expect(within(dialog).getByText('note')).toBeTruthy()
    expect(calls.some((c) => c.method === 'POST' && c.path === `/api/v1/workflows/${w.id}/publish`)).toBe(
      true,
    )
  })

  it('shows the server message when a never-published workflow is switched on, and enables once published', async () => {
    const db = seed()
    const w = workflow({ name: '新草稿' })
    db.workflows.push(w)
    fakeAutomationApi(undefined, db)
    renderAt('/settings/workflows', routes)
    const row = await rowOf('新草稿')
    fireEvent.click(within(row).getByTestId('workflow-enabled'))
    const alert = await screen.findByTestId('workflow-action-error')
    // the server's own words, not the generic "conflict" title nor the field path
    expect(alert.textContent).toBe('流程还没有发布过，不能启用')
    expect(
      (within(row).getByTestId('workflow-enabled') as HTMLButtonElement).getAttribute('aria-checked'),
    ).toBe('false')

    fireEvent.click(within(row).getByTestId('workflow-publish'))
    await waitFor(() => expect(within(row).getByText('版本 1')).toBeTruthy())
    expect((within(row).getByTestId('workflow-publish') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(within(row).getByTestId('workflow-enabled'))
    await waitFor(() =>
      expect(within(row).getByTestId('workflow-enabled').getAttribute('aria-checked')).toBe('true'),
    )
    expect(db.workflows[0]?.enabled).toBe(true)
  })

  it('installs a template; one the workspace lacks objects for says what is missing and cannot be installed', async () => {
    const { calls, db } = fakeAutomationApi()
    renderAt('/settings/workflows', routes)
    await screen.findByText('还没有工作流。可以从模板开始，或新建一个。')
    fireEvent.click(screen.getByTestId('workflow-from-template'))
    const cards = await screen.findAllByTestId('workflow-template')
    const quote = cards.find((c) => c.dataset.template === 'quote_follow_up') as HTMLElement
    expect(within(quote).getByText('报价发出 3 天后跟进')).toBeTruthy()
    expect(within(quote).getByText('无法安装：工作区没有对象“quote”')).toBeTruthy()
    expect((within(quote).getByTestId('template-install') as HTMLButtonElement).disabled).toBe(true)

    const bday = cards.find((c) => c.dataset.template === 'birthday_reminder') as HTMLElement
    fireEvent.click(within(bday).getByTestId('template-install'))
    await screen.findByText('已安装“生日提醒”，发布并启用后生效')
    expect(await rowOf('生日提醒')).toBeTruthy()
    expect(calls.some((c) => c.path === '/api/v1/workflows/templates/birthday_reminder/install')).toBe(true)
    expect(db.workflows).toHaveLength(1)
  })

  it('shows the 409 of a template install', async () => {
    fakeAutomationApi((c) =>
      c.path.endsWith('/install')
        ? problem(409, 'conflict', '与现有数据冲突', {
            errors: [{ path: 'object', code: 'workflow.missing_object', message: '缺少对象 person' }],
          })
        : undefined,
    )
    renderAt('/settings/workflows', routes)
    fireEvent.click(await screen.findByTestId('workflow-from-template'))
    const cards = await screen.findAllByTestId('workflow-template')
    const bday = cards.find((c) => c.dataset.template === 'birthday_reminder') as HTMLElement
    fireEvent.click(within(bday).getByTestId('template-install'))
    expect((await within(bday).findByTestId('template-error')).textContent).toBe('缺少对象 person')
  })

  it('creates a minimal draft on the first object and opens the editor', async () => {
    const db = seed()
    db.workflows.push(workflow({ name: '新工作流' }))
    const { calls } = fakeAutomationApi(undefined, db)
    renderAt('/settings/workflows', routes)
    await rowOf('新工作流')
    fireEvent.click(screen.getByTestId('workflow-new'))
    await screen.findByTestId('editor-route')
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/workflows')
    expect(post?.body).toEqual({
      name: '新工作流 2',
      definition: {
        trigger: { type: 'record_created', object: 'company' },
        start: 'note',
        steps: [
          {
            id: 'note',
            type: 'add_note',
            body: '由工作流添加的备注',
            target: { kind: 'trigger' },
            next: null,
          },
        ],
      },
    })
  })

  it('deletes after asking, and sets the rate limit', async () => {
    const db = seed()
    const w = workflow({ name: '要删除的', maxRunsPerMinute: 60 })
    db.workflows.push(w)
    const { calls } = fakeAutomationApi(undefined, db)
    renderAt('/settings/workflows', routes)
    const row = await rowOf('要删除的')

    fireEvent.click(within(row).getByTestId('workflow-more'))
    fireEvent.click(await screen.findByText('频率限制（每分钟 60 次）'))
    const input = (await screen.findByTestId('rate-input')) as HTMLInputElement
    // an out-of-range number is clamped on blur; an empty box cannot be saved
    fireEvent.change(input, { target: { value: '' } })
    expect(await screen.findByText('请输入 1 到 1,000,000 之间的整数')).toBeTruthy()
    expect((screen.getByTestId('rate-save') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(input, { target: { value: '5' } })
    fireEvent.click(screen.getByTestId('rate-save'))
    await screen.findByText('频率限制已设为每分钟 5 次')
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ maxRunsPerMinute: 5 })

    fireEvent.click(within(row).getByTestId('workflow-more'))
    fireEvent.click(await screen.findByText('删除'))
    expect((await screen.findAllByText('删除“要删除的”？')).length).toBeGreaterThan(0)
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false)
    fireEvent.click(screen.getByTestId('workflow-delete-ok'))
    await screen.findByText('已删除“要删除的”')
    expect(calls.some((c) => c.method === 'DELETE' && c.path === `/api/v1/workflows/${w.id}`)).toBe(true)
    await waitFor(() => expect(screen.queryByText('要删除的')).toBeNull())
  })

  it('is read-only for a role that may only read automation', async () => {
    const grant: GrantDto = {
      object: '_automation',
      create: false,
      read: true,
      update: false,
      delete: false,
      readScope: 'all',
      writeScope: 'none',
      fields: {},
    }
    const db = seed()
    db.workflows.push(workflow({ name: '只能看', publishedVersion: 1, hasChanges: false }))
    fakeAutomationApi(undefined, db, { ...me, isAdmin: false, grants: [grant] })
    renderAt('/settings/workflows', routes)
    const row = await rowOf('只能看')
    expect(screen.getByTestId('workflows-read-only')).toBeTruthy()
    expect(screen.queryByTestId('workflow-new')).toBeNull()
    expect(within(row).queryByTestId('workflow-publish')).toBeNull()
    expect((within(row).getByTestId('workflow-enabled') as HTMLButtonElement).disabled).toBe(true)
  })
})
