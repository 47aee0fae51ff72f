import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { TemplateInput } from './TemplateInput.tsx'
import { WithEnv } from './testEnv.tsx'

const def: WorkflowDefinition = {
  trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
  start: 'new_company',
  steps: [
    { id: 'new_company', type: 'create_record', object: 'company', values: {}, next: 'check' },
    { id: 'check', type: 'condition', filter: { and: [] }, onTrue: 'call', onFalse: 'note' },
    {
      id: 'call',
      type: 'http',
      method: 'GET',
      url: 'https://x.test',
      headers: {},
      timeoutMs: 1000,
      retries: 0,
      next: 'note',
    },
    { id: 'note', type: 'add_note', body: '', target: { kind: 'trigger' }, next: null },
  ],
}

function Text({ stepId, initial }: { stepId: string; initial: string }) {
  const [v, setV] = useState(initial)
  return (
    <WithEnv def={def} stepId={stepId}>
      <TemplateInput value={v} onChange={setV} data-testid="text" />
      <output data-testid="value">{v}</output>
    </WithEnv>
  )
}

function show(stepId: string, initial = '', locale: 'zh-CN' | 'en' = 'zh-CN') {
  fakeApi({ objects: [personMeta, companyMeta] })
  renderAt('/', [{ path: '/', element: <Text stepId={stepId} initial={initial} /> }], locale)
}

const options = () => screen.getAllByTestId('wf-merge-option').map((o) => o.getAttribute('data-value'))

afterEach(() => window.localStorage.clear())

describe('merge-field picker', () => {
  it('inserts a field at the caret of the text', async () => {
    show('note', '你好，！')
    const input = (await screen.findByTestId('text')) as HTMLInputElement
    input.setSelectionRange(3, 3)
    fireEvent.select(input)
    fireEvent.click(screen.getByTestId('wf-merge-button'))
    const list = await screen.findByTestId('wf-merge-list')
    fireEvent.click(
      within(list)
        .getAllByTestId('wf-merge-option')
        .find((o) => o.getAttribute('data-value') === 'trigger.record.name')!,
    )
    expect(screen.getByTestId('value').textContent).toBe('你好，{{trigger.record.name}}！')
  })

  it('replaces the selection, and appends when the text was never focused', async () => {
    show('note', 'Dear X,')
    const input = (await screen.findByTestId('text')) as HTMLInputElement
    input.setSelectionRange(5, 6)
    fireEvent.select(input)
    fireEvent.click(screen.getByTestId('wf-merge-button'))
    fireEvent.click(
      (await screen.findAllByTestId('wf-merge-option')).find(
        (o) => o.getAttribute('data-value') === 'today',
      )!,
    )
    expect(screen.getByTestId('value').textContent).toBe('Dear {{today}},')
  })

  it('offers the trigger record’s fields, relations one level deep, the steps that always run before, and time', async () => {
    show('note')
    fireEvent.click(await screen.findByTestId('wf-merge-button'))
    await screen.findByTestId('wf-merge-list')
    const all = options()
    expect(all).toContain('trigger.record.title')
    expect(all).toContain('trigger.record.company.name')
    expect(all).toContain('trigger.record.owner_id')
    // not two levels deep
    expect(all.some((v) => v?.startsWith('trigger.record.company.parent.'))).toBe(false)
    // create and check run before the note on every path; the HTTP call only on one branch
    expect(all).toContain('steps.new_company.output.id')
    expect(all).toContain('steps.new_company.output.record.name')
    expect(all).toContain('steps.check.output.result')
    expect(all.some((v) => v?.startsWith('steps.call.'))).toBe(false)
    expect(all).toEqual(expect.arrayContaining(['now', 'today']))
    expect(screen.getByText('步骤 new_company 的输出')).toBeTruthy()
  })

  it('offers a step on the branch its outputs after it', async () => {
    show('call', '', 'en')
    fireEvent.click(await screen.findByTestId('wf-merge-button'))
    await screen.findByTestId('wf-merge-list')
    expect(options()).toContain('steps.check.output.result')
    expect(options().some((v) => v?.startsWith('steps.call.'))).toBe(false)
    expect(screen.getByText('Trigger record (Person)')).toBeTruthy()
  })

  it('searches by label or path, and says when nothing matches', async () => {
    show('note')
    fireEvent.click(await screen.findByTestId('wf-merge-button'))
    const search = await screen.findByPlaceholderText('搜索字段')
    fireEvent.change(search, { target: { value: '行业' } })
    await waitFor(() =>
      expect(options()).toEqual([
        'trigger.record.company.industry',
        'steps.new_company.output.record.industry',
      ]),
    )
    fireEvent.change(search, { target: { value: 'owner_id' } })
    await waitFor(() =>
      expect(options().sort()).toEqual([
        'steps.new_company.output.record.owner_id',
        'trigger.record.company.owner_id',
        'trigger.record.owner_id',
      ]),
    )
    fireEvent.change(search, { target: { value: 'zzz' } })
    expect(await screen.findByText('没有可用的字段')).toBeTruthy()
  })
})
