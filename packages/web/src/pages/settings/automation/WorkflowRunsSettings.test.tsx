import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { at, fakeAutomationApi, problem, run, seed, uuid, workflow } from './fakeAutomationApi.ts'
import { WorkflowRunsSettings } from './WorkflowRunsSettings.tsx'

const routes = [{ path: '/settings/workflow-runs', element: <WorkflowRunsSettings /> }]
configure({ asyncUtilTimeout: 20_000 })
afterEach(() => vi.restoreAllMocks())

function history() {
  const db = seed()
  const stage = workflow({ name: '阶段提醒', publishedVersion: 2, hasChanges: false, enabled: true })
  const other = workflow({ name: '生日提醒', publishedVersion: 1, hasChanges: false, enabled: true })
  db.workflows.push(stage, other)
  const failed = run(stage, {
    version: 2,
    status: 'failed',
    error: { code: 'workflow.step_failed', stepId: 'call', message: '步骤“call”失败：HTTP 500' },
    stepsDone: 1,
    steps: [
      {
        seq: 1,
        stepId: 'note',
        type: 'add_note',
        status: 'succeeded',
        input: { body: '职位变了' },
        output: { activityId: 'a-1' },
        error: null,
        attempt: 1,
        startedAt: at,
        durationMs: 35,
      },
      {
        seq: 2,
        stepId: 'call',
        type: 'http',
        status: 'failed',
        input: { url: 'https://erp.example.com/hook', method: 'POST' },
        output: null,
        error: { code: 'workflow.http_failed', stepId: 'call', message: 'HTTP 500：上游出错' },
        attempt: 3,
        startedAt: at,
        durationMs: 1250,
      },
    ],
  })
  const waiting = run(stage, {
    status: 'waiting',
    waitingFor: 'time',
    wakeAt: '2026-12-08T01:00:00.000Z',
    finishedAt: null,
    startedAt: '2026-12-05T01:00:00.000Z',
  })
  const ok = run(other, { triggerType: 'date_relative', startedAt: '2026-12-04T01:00:00.000Z' })
  db.runs.push(failed, waiting, ok)
  return { db, stage, other, failed, waiting, ok }
}

describe('run history', () => {
  it('lists runs with status, what a waiting run waits for, trigger, record, duration and error', async () => {
    const { db } = history()
    fakeAutomationApi(undefined, db)
    renderAt('/settings/workflow-runs', routes)
    const rows = await screen.findAllByTestId('run-row')
    expect(rows).toHaveLength(3)
    const failedRow = rows[0]?.closest('tr') as HTMLElement
    expect(within(failedRow).getByText('阶段提醒')).toBeTruthy()
    expect(within(failedRow).getByText('失败')).toBeTruthy()
    // the columns for wide screens appear once antd has read the screen width
    expect(await within(failedRow).findByText('记录更新')).toBeTruthy()
    expect(within(failedRow).getByText('1.3 秒')).toBeTruthy()
    expect(within(failedRow).getByText('步骤“call”失败：HTTP 500')).toBeTruthy()
    expect(within(failedRow).getByTestId('run-record').getAttribute('href')).toBe(
      '/o/person/01a243f1-0000-7000-8000-00000000a001',
    )
    const waitingRow = rows[1]?.closest('tr') as HTMLElement
    expect(within(waitingRow).getByText('等待中')).toBeTruthy()
    expect(within(waitingRow).getByTestId('run-waiting').textContent).toBe('等待到时间，至 2026/12/08 09:00')
    expect(within(rows[2]?.closest('tr') as HTMLElement).getByText('日期提醒')).toBeTruthy()
  })

  it('filters by workflow and status, and by the record the URL names', async () => {
    const { db, stage, failed } = history()
    const { calls } = fakeAutomationApi(undefined, db)
    const record = failed.recordId as string
    renderAt(`/settings/workflow-runs?workflowId=${stage.id}&recordId=${record}`, routes, 'en')
    await screen.findAllByTestId('run-row')
    const first = calls.find((c) => c.path === '/api/v1/workflow-runs')
    expect(first?.query.get('workflowId')).toBe(stage.id)
    expect(first?.query.get('recordId')).toBe(record)
    expect(screen.getByTestId('runs-filter-record')).toBeTruthy()
    expect(screen.getAllByTestId('run-row')).toHaveLength(3 - 1)

    // status: failed
    const status = screen.getByTestId('runs-filter-status')
    fireEvent.mouseDown(within(status).getByRole('combobox'))
    fireEvent.click(await screen.findByTitle('Failed'))
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(1))
    const last = calls.filter((c) => c.path === '/api/v1/workflow-runs').at(-1)
    expect(last?.query.get('status')).toBe('failed')
    expect(last?.query.get('workflowId')).toBe(stage.id)

    // no record filter any more
    fireEvent.click(
      within(screen.getByTestId('runs-filter-record')).getByLabelText('Stop filtering by record'),
    )
    await waitFor(() =>
      expect(
        calls
          .filter((c) => c.path === '/api/v1/workflow-runs')
          .at(-1)
          ?.query.get('recordId'),
      ).toBeNull(),
    )
  })

  it('an unknown status or a malformed id in the URL is ignored, not sent', async () => {
    const { db } = history()
    const { calls } = fakeAutomationApi(undefined, db)
    renderAt('/settings/workflow-runs?status=exploded&workflowId=../../etc&recordId=1%20or%201=1', routes)
    expect(await screen.findAllByTestId('run-row')).toHaveLength(3)
    const q = calls.find((c) => c.path === '/api/v1/workflow-runs')?.query
    expect([q?.get('status'), q?.get('workflowId'), q?.get('recordId')]).toEqual([null, null, null])
  })

  it('pages with "load more"', async () => {
    const db = seed()
    const w = workflow({ name: '很多次', publishedVersion: 1 })
    db.workflows.push(w)
    for (let i = 0; i < 60; i++) db.runs.push(run(w, { id: uuid() }))
    fakeAutomationApi(undefined, db)
    renderAt('/settings/workflow-runs', routes)
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(50))
    fireEvent.click(screen.getByTestId('runs-more'))
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(60))
    expect(screen.queryByTestId('runs-more')).toBeNull()
  })

  it('shows a run step by step and retries it from the failed step after asking', async () => {
    const { db, failed } = history()
    const { calls } = fakeAutomationApi(undefined, db)
    renderAt('/settings/workflow-runs', routes)
    const rows = await screen.findAllByTestId('run-row')
    fireEvent.click(within(rows[0] as HTMLElement).getByText('阶段提醒'))
    const drawer = await screen.findByTestId('run-detail-body')
    const steps = within(drawer).getAllByTestId('run-step')
    expect(steps.map((s) => s.dataset.step)).toEqual(['note', 'call'])
    const call = steps[1] as HTMLElement
    expect(within(call).getByText('HTTP 请求')).toBeTruthy()
    expect(within(call).getByText('第 3 次尝试')).toBeTruthy()
    expect(within(call).getByText('HTTP 500：上游出错')).toBeTruthy()
    // a failed step shows its input unfolded, pretty-printed
    expect(within(call).getByTestId('run-json').textContent).toBe(
      JSON.stringify({ url: 'https://erp.example.com/hook', method: 'POST' }, null, 2),
    )
    const note = steps[0] as HTMLElement
    expect(within(note).queryByTestId('run-json')).toBeNull()
    fireEvent.click(within(note).getByText('输出'))
    expect((await within(note).findByTestId('run-json')).textContent).toContain('"activityId": "a-1"')
    expect(within(note).getByText(/^35 毫秒 · /)).toBeTruthy()

    expect(screen.queryByTestId('run-cancel')).toBeNull()
    fireEvent.click(screen.getByTestId('run-retry'))
    expect((await screen.findAllByText('重试这次运行？')).length).toBeGreaterThan(0)
    expect(calls.some((c) => c.path.endsWith('/retry'))).toBe(false)
    fireEvent.click(screen.getByTestId('run-retry-ok'))
    await screen.findByText('已重新开始运行')
    expect(
      calls.some((c) => c.method === 'POST' && c.path === `/api/v1/workflow-runs/${failed.id}/retry`),
    ).toBe(true)
    // the row follows
    await waitFor(() =>
      expect(within(rows[0]?.closest('tr') as HTMLElement).getByText('运行中')).toBeTruthy(),
    )
    // and the drawer: a running run may be cancelled, not retried
    await waitFor(() => expect(screen.queryByTestId('run-retry')).toBeNull())
    expect(screen.getByTestId('run-cancel')).toBeTruthy()
  })

  it('shows the server refusal of a retry', async () => {
    const { db, failed } = history()
    fakeAutomationApi(
      (c) =>
        c.path === `/api/v1/workflow-runs/${failed.id}/retry`
          ? problem(409, 'conflict', '这次运行不能重试：已达到循环上限')
          : undefined,
      db,
    )
    renderAt(`/settings/workflow-runs?run=${failed.id}`, routes)
    await screen.findByTestId('run-detail-body')
    fireEvent.click(screen.getByTestId('run-retry'))
    fireEvent.click(await screen.findByTestId('run-retry-ok'))
    await waitFor(() =>
      expect(
        screen.getAllByRole('alert').some((a) => a.textContent?.includes('这次运行不能重试：已达到循环上限')),
      ).toBe(true),
    )
  })

  it('cancels a waiting run after asking', async () => {
    const { db, waiting } = history()
    fakeAutomationApi(undefined, db)
    renderAt(`/settings/workflow-runs?run=${waiting.id}`, routes)
    await screen.findByTestId('run-detail-body')
    expect(screen.queryByTestId('run-retry')).toBeNull()
    fireEvent.click(screen.getByTestId('run-cancel'))
    fireEvent.click(await screen.findByTestId('run-cancel-ok'))
    await screen.findByText('运行已取消')
    expect(db.runs.find((r) => r.id === waiting.id)?.status).toBe('cancelled')
  })
})
