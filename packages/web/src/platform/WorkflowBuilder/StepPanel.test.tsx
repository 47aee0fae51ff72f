import type { Step, WorkflowDefinition } from '@kemai/shared/automation/definition'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { removalPlan } from './model.ts'
import { StepPanel } from './StepPanel.tsx'
import { WithEnv } from './testEnv.tsx'

const def = (steps: Step[], start = steps[0]!.id): WorkflowDefinition => ({
  trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
  start,
  steps,
})

/** The panel of one step, its changes kept (as the builder keeps them) and reported to `spy`. */
function Harness({
  initial,
  stepId,
  spy,
  problems = [],
  rename = () => null,
  onRemove = () => {},
}: {
  initial: WorkflowDefinition
  stepId: string
  spy: (s: Step) => void
  problems?: string[]
  rename?: (id: string) => 'invalid' | 'taken' | null
  onRemove?: () => void
}) {
  const [d, setD] = useState(initial)
  const step = d.steps.find((s) => s.id === stepId)!
  return (
    <WithEnv def={d} stepId={stepId}>
      <StepPanel
        step={step}
        problems={problems}
        planned={null}
        removal={removalPlan(d, stepId)}
        structural
        onChange={(s) => {
          spy(s)
          setD({ ...d, steps: d.steps.map((x) => (x.id === stepId ? s : x)) })
        }}
        onRename={rename}
        onRemove={onRemove}
      />
    </WithEnv>
  )
}

function show(
  initial: WorkflowDefinition,
  stepId: string,
  extra: Partial<Parameters<typeof Harness>[0]> = {},
  locale: 'zh-CN' | 'en' = 'zh-CN',
) {
  fakeApi({ objects: [personMeta, companyMeta] })
  const spy = vi.fn()
  renderAt(
    '/',
    [{ path: '/', element: <Harness initial={initial} stepId={stepId} spy={spy} {...extra} /> }],
    locale,
  )
  return spy
}

afterEach(() => window.localStorage.clear())

const update: Step = {
  id: 'set_title',
  type: 'update_record',
  target: { kind: 'trigger' },
  values: {},
  next: 'note',
}
const note: Step = { id: 'note', type: 'add_note', body: '你好', target: { kind: 'trigger' }, next: null }

describe('step panel', () => {
  it('adds a field to an update step and writes its value', async () => {
    const spy = show(def([update, note]), 'set_title')
    const panel = await screen.findByTestId('wf-step-panel')
    expect(within(panel).getByText('还没有字段')).toBeTruthy()
    const add = within(panel).getByRole('combobox', { name: '添加字段' })
    fireEvent.mouseDown(add)
    fireEvent.change(add, { target: { value: '职位' } })
    fireEvent.click(
      (await screen.findAllByText('职位', { selector: '.ant-select-item-option-content' })).at(-1)!,
    )
    await waitFor(() =>
      expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ values: { title: '' } })),
    )
    fireEvent.change(await screen.findByTestId('wf-value-title'), { target: { value: 'VIP 客户' } })
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ values: { title: 'VIP 客户' } }))
    // the field's row can go again
    fireEvent.click(within(panel).getByRole('button', { name: '移除该字段' }))
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ values: {} }))
  })

  it('clears a field with "清空" (null)', async () => {
    const withValues: Step = { ...update, values: { title: 'x' } }
    const spy = show(def([withValues, note]), 'set_title')
    await screen.findByTestId('wf-step-panel')
    fireEvent.click(screen.getByText('清空'))
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ values: { title: null } }))
    expect(screen.queryByTestId('wf-value-title')).toBeNull()
  })

  it('types a number field as a number, or fills it from a merge field', async () => {
    const create: Step = {
      id: 'new_company',
      type: 'create_record',
      object: 'company',
      values: { employees: 0 },
      next: null,
    }
    const spy = show(def([create]), 'new_company')
    const input = await screen.findByTestId('wf-value-employees')
    fireEvent.change(input, { target: { value: '25' } })
    await waitFor(() =>
      expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ values: { employees: 25 } })),
    )
    fireEvent.click(screen.getByText('合并字段'))
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ values: { employees: '' } }))
    // now a text with the merge-field picker
    expect(screen.getByTestId('wf-merge-button')).toBeTruthy()
  })

  it('explains what removing a step does to the links before it', async () => {
    const onRemove = vi.fn()
    show(def([update, note]), 'set_title', { onRemove })
    fireEvent.click(await screen.findByTestId('wf-remove-step'))
    expect(await screen.findByText('指向它的 1 条连线会改为连到 note。')).toBeTruthy()
    fireEvent.click(screen.getByTestId('wf-remove-confirm'))
    expect(onRemove).toHaveBeenCalledOnce()
  })

  it('says the last step cannot be removed', async () => {
    show(def([note]), 'note')
    await screen.findByTestId('wf-step-panel')
    expect(screen.queryByTestId('wf-remove-step')).toBeNull()
    expect(screen.getByText('流程至少要有一个步骤，最后一个步骤不能删除。')).toBeTruthy()
  })

  it('says a branching step’s links will end the run', async () => {
    const cond: Step = { id: 'check', type: 'condition', filter: { and: [] }, onTrue: 'note', onFalse: null }
    show(def([update, cond, note], 'set_title'), 'check', {}, 'en')
    await screen.findByTestId('wf-step-panel')
    fireEvent.click(screen.getByTestId('wf-remove-step'))
    expect(await screen.findByText(/It branches, so it cannot be bridged/)).toBeTruthy()
  })

  it('refuses a bad id with the reason, and keeps a good one', async () => {
    const rename = vi.fn((id: string) =>
      id === 'note' ? ('taken' as const) : id.startsWith('1') ? ('invalid' as const) : null,
    )
    show(def([update, note]), 'set_title', { rename })
    const input = await screen.findByTestId('wf-step-id')
    fireEvent.change(input, { target: { value: 'note' } })
    fireEvent.blur(input)
    expect(await screen.findByText('这个编号已被其他步骤使用')).toBeTruthy()
    fireEvent.change(input, { target: { value: '1x' } })
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' })
    fireEvent.blur(input)
    expect(await screen.findByText('只能用小写字母、数字和下划线，并以字母开头')).toBeTruthy()
    fireEvent.change(input, { target: { value: 'set_vip' } })
    fireEvent.blur(input)
    expect(rename).toHaveBeenLastCalledWith('set_vip')
  })

  it('lists the step’s problems', async () => {
    show(def([update, note]), 'set_title', { problems: ['字段 nope 不存在'] })
    const alert = await screen.findByTestId('wf-step-problems')
    expect(alert.textContent).toContain('字段 nope 不存在')
  })

  it('shows a condition in words and an empty one as always true', async () => {
    const cond: Step = {
      id: 'check',
      type: 'condition',
      filter: { field: 'company.industry', op: 'eq', value: 'software' },
      onTrue: null,
      onFalse: null,
    }
    show(def([cond]), 'check')
    expect((await screen.findByTestId('wf-condition-text')).textContent).toBe(
      '公司 › 行业 等于 软件与信息服务',
    )
  })

  it('edits an HTTP step: URL and headers (a header name that is not valid is not sent)', async () => {
    const http: Step = {
      id: 'call',
      type: 'http',
      method: 'POST',
      url: '',
      headers: {},
      timeoutMs: 10_000,
      retries: 3,
      next: null,
    }
    const spy = show(def([http]), 'call', {}, 'en')
    const url = await screen.findByTestId('wf-http-url')
    fireEvent.change(url, { target: { value: 'https://hooks.example.com/crm' } })
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ url: 'https://hooks.example.com/crm' }))
    fireEvent.click(screen.getByText('Add header'))
    fireEvent.change(screen.getAllByLabelText('Name').at(-1)!, { target: { value: 'X-Token' } })
    fireEvent.change(screen.getAllByLabelText('Value').at(-1)!, { target: { value: 'abc' } })
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ headers: { 'X-Token': 'abc' } }))
    // a header name that is not valid is not sent
    fireEvent.change(screen.getAllByLabelText('Name').at(-1)!, { target: { value: 'X Token' } })
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ headers: {} }))
  })

  it('edits a notification: recipients and a title', async () => {
    const notify: Step = {
      id: 'tell',
      type: 'notify',
      recipients: [{ kind: 'owner' }],
      title: '提醒',
      next: null,
    }
    const spy = show(def([notify]), 'tell')
    await screen.findByTestId('wf-recipients')
    fireEvent.click(screen.getByText('添加接收人'))
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({ recipients: [{ kind: 'owner' }, { kind: 'owner_manager' }] }),
    )
    fireEvent.change(screen.getByTestId('wf-notify-title'), {
      target: { value: '客户 {{trigger.record.name}}' },
    })
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ title: '客户 {{trigger.record.name}}' }))
  })

  it('switches a wait to "for an event" with a timeout branch', async () => {
    const wait: Step = { id: 'pause', type: 'wait', wait: { kind: 'duration', minutes: 1440 }, next: null }
    const spy = show(def([wait]), 'pause')
    await screen.findByTestId('wf-wait-kind')
    expect((screen.getByTestId('wf-wait-minutes') as HTMLInputElement).value).toBe('1')
    fireEvent.click(screen.getByText('等事件'))
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({
        wait: { kind: 'event', event: 'record.updated', timeoutMinutes: 4320, onTimeout: null },
      }),
    )
  })

  it('picks the workflow a start-workflow step starts', async () => {
    const start: Step = {
      id: 'chain',
      type: 'start_workflow',
      workflowId: '',
      waitForCompletion: false,
      next: null,
    }
    const spy = show(def([start]), 'chain')
    const box = within(await screen.findByTestId('wf-step-panel')).getByRole('combobox')
    fireEvent.mouseDown(box)
    fireEvent.click(
      (await screen.findAllByText('欢迎新客户', { selector: '.ant-select-item-option-content' })).at(-1)!,
    )
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({ workflowId: '01a243f1-0000-7000-8000-00000000000b' }),
    )
  })

  it('sends an e-mail template picked from the list, to people and addresses, with a link to the templates', async () => {
    const email: Step = {
      id: 'mail',
      type: 'send_email',
      templateId: '',
      to: [{ kind: 'owner' }],
      cc: [],
      next: null,
    }
    const spy = show(def([email]), 'mail')
    const panel = await screen.findByTestId('wf-step-panel')
    const link = within(panel).getByTestId('wf-edit-templates')
    expect(link.getAttribute('href')).toBe('/settings/email-templates')
    expect(link.textContent).toContain('管理邮件模板')
    fireEvent.mouseDown(within(screen.getByTestId('wf-email-template')).getByRole('combobox'))
    fireEvent.click(
      (await screen.findAllByText('欢迎邮件', { selector: '.ant-select-item-option-content' })).at(-1)!,
    )
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({ templateId: '01a243f1-0000-7000-8000-00000000000c' }),
    )
    // an address with a merge field in cc
    fireEvent.click(screen.getByTestId('wf-email-cc-add-address'))
    fireEvent.change(await screen.findByTestId('wf-email-address'), {
      target: { value: '{{trigger.record.email}}' },
    })
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({
        to: [{ kind: 'owner' }],
        cc: ['{{trigger.record.email}}'],
        templateId: '01a243f1-0000-7000-8000-00000000000c',
      }),
    )
  })

  it('keeps a template id the list does not know visible', async () => {
    const email: Step = {
      id: 'mail',
      type: 'send_email',
      templateId: '01a243f1-0000-7000-8000-0000000000ff',
      to: ['a@example.com'],
      cc: [],
      next: null,
    }
    show(def([email]), 'mail', {}, 'en')
    const box = await screen.findByTestId('wf-email-template')
    expect(box.textContent).toContain('01a243f1-0000-7000-8000-0000000000ff')
    expect((screen.getByTestId('wf-email-address') as HTMLInputElement).value).toBe('a@example.com')
    expect(screen.getByTestId('wf-edit-templates').textContent).toContain('Edit e-mail templates')
  })

  it('edits an approval: a second level, 会签, rejection back to it, and removing it sends rejections to the submitter', async () => {
    const approval: Step = {
      id: 'approve',
      type: 'approval',
      title: '折扣审批',
      levels: [
        { id: 'level_1', approvers: [{ kind: 'submitter_manager' }], mode: 'any', onTimeout: 'remind' },
      ],
      onReject: { kind: 'submitter' },
      lock: 'all',
      approved: null,
      rejected: null,
    }
    const spy = show(def([approval]), 'approve')
    fireEvent.click(await screen.findByTestId('wf-add-level'))
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({
        levels: [
          expect.objectContaining({ id: 'level_1' }),
          { id: 'level_2', approvers: [{ kind: 'owner_manager' }], mode: 'any', onTimeout: 'remind' },
        ],
      }),
    )
    const second = screen.getAllByTestId('wf-approval-level')[1]!
    fireEvent.click(within(second).getByText('会签（所有人都要同意）'))
    expect(spy.mock.lastCall![0].levels[1].mode).toBe('all')
    const reject = within(screen.getByTestId('wf-step-panel')).getByRole('combobox', { name: '驳回后' })
    fireEvent.mouseDown(reject)
    fireEvent.click(
      (await screen.findAllByText('退回到第 2 级', { selector: '.ant-select-item-option-content' })).at(-1)!,
    )
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({ onReject: { kind: 'level', level: 'level_2' } }),
    )
    fireEvent.click(within(second).getByRole('button', { name: '删除层级' }))
    expect(spy).toHaveBeenLastCalledWith(
      expect.objectContaining({
        levels: [expect.objectContaining({ id: 'level_1' })],
        onReject: { kind: 'submitter' },
      }),
    )
  })
})
