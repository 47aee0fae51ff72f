import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { approval, approvalsHandler, task, uuid } from '../platform/Approvals/fakeApprovals.ts'
import { fakeApi } from '../test/fakeApi.ts'
import { me, personMeta, readerMe } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { ApprovalsPage } from './ApprovalsPage.tsx'

const routes = [{ path: '/approvals', element: <ApprovalsPage /> }]
configure({ asyncUtilTimeout: 20_000 })
afterEach(() => vi.restoreAllMocks())

describe('approvals page', () => {
  it('lists my inbox with level, status and record link; submitted and all are tabs of their own', async () => {
    const mineToDecide = approval({
      title: '张三调岗',
      level: { index: 1, id: 'l2', name: null, count: 3, mode: 'all' },
    })
    const submitted = approval({
      title: '我的报销',
      submitterId: me.user.id,
      myTask: null,
      status: 'approved',
    })
    const others = approval({ title: '别人的审批', myTask: null })
    const db = [mineToDecide, submitted, others]
    const { requests } = fakeApi({ objects: [personMeta], onRequest: approvalsHandler(db) })
    renderAt('/approvals', routes)
    const rows = await screen.findAllByTestId('approval-row')
    expect(rows).toHaveLength(1)
    const row = rows[0] as HTMLElement
    expect(within(row).getByText('张三调岗')).toBeTruthy()
    expect(within(row).getByTestId('approval-level-text').textContent).toBe('2/3 · 会签')
    expect(within(row).getByText('审批中')).toBeTruthy()
    expect(within(row).getByText('部门变更审批')).toBeTruthy()
    expect(within(row).getByTestId('approval-record').getAttribute('href')).toBe(`/o/person/${uuid(3)}`)

    fireEvent.click(screen.getByTestId('approval-tab-submitted'))
    await waitFor(() => expect(screen.getByText('我的报销')).toBeTruthy())
    expect(screen.getAllByTestId('approval-row')).toHaveLength(1)
    expect(screen.getByText('已通过')).toBeTruthy()

    fireEvent.click(screen.getByTestId('approval-tab-all'))
    await waitFor(() => expect(screen.getAllByTestId('approval-row')).toHaveLength(3))
    expect(requests.filter((r) => r.path === '/api/v1/approvals').map((r) => r.query.get('box'))).toEqual(
      expect.arrayContaining(['inbox', 'submitted', 'all']),
    )
  })

  it('offers no "All" tab to someone without the automation right, and says when a box is empty', async () => {
    fakeApi({ objects: [personMeta], me: readerMe, onRequest: approvalsHandler([]) })
    renderAt('/approvals?box=all', routes)
    expect(await screen.findByTestId('approvals-empty')).toBeTruthy()
    expect(screen.getByText('没有等你审批的请求')).toBeTruthy()
    expect(screen.queryByTestId('approval-tab-all')).toBeNull()
    expect(screen.getByTestId('approval-tab-submitted')).toBeTruthy()
  })

  it('loads more by cursor', async () => {
    const db = Array.from({ length: 60 }, (_, i) => approval({ title: `请求 ${i + 1}` }))
    fakeApi({ objects: [personMeta], onRequest: approvalsHandler(db) })
    renderAt('/approvals', routes)
    await waitFor(() => expect(screen.getAllByTestId('approval-row')).toHaveLength(50))
    fireEvent.click(screen.getByTestId('approvals-more'))
    await waitFor(() => expect(screen.getAllByTestId('approval-row')).toHaveLength(60))
    expect(screen.queryByTestId('approvals-more')).toBeNull()
  })

  it('shows the server message when the list is refused', async () => {
    fakeApi({
      objects: [personMeta],
      onRequest: (req) =>
        req.path === '/api/v1/approvals'
          ? {
              status: 403,
              body: { type: 'x', title: '没有查看全部审批的权限', status: 403, code: 'forbidden' },
            }
          : undefined,
    })
    renderAt('/approvals', routes)
    expect(await screen.findByText('没有查看全部审批的权限')).toBeTruthy()
  })
})

describe('approval detail and decision', () => {
  it('opens by ?id=, shows levels, rounds and escalation, approves with a comment and refreshes', async () => {
    const a = approval({
      title: '折扣审批',
      levels: [
        { id: 'l1', name: '主管', mode: 'any' },
        { id: 'l2', name: null, mode: 'all' },
      ],
      level: { index: 1, id: 'l2', name: null, count: 2, mode: 'all' },
      round: 2,
      tasks: [
        task({
          level: 0,
          round: 1,
          approverId: uuid(900),
          status: 'approved',
          comment: '可以',
          decidedAt: '2026-12-05T03:00:00.000Z',
        }),
        task({
          level: 1,
          round: 1,
          status: 'rejected',
          comment: '价格太低',
          decidedAt: '2026-12-05T04:00:00.000Z',
        }),
        task({ level: 1, round: 2, dueAt: '2026-12-06T02:00:00.000Z' }),
        task({ level: 1, round: 2, approverId: uuid(901), escalated: true }),
      ],
    })
    const db = [a]
    const { requests } = fakeApi({ objects: [personMeta], onRequest: approvalsHandler(db) })
    renderAt(`/approvals?id=${a.id}`, routes)
    const detail = await screen.findByTestId('approval-detail')
    expect(within(detail).getByTestId('approval-title').textContent).toContain('折扣审批')
    const levels = within(detail).getAllByTestId('approval-level')
    expect(levels.map((l) => l.textContent)).toEqual(['主管 · 或签', '第 2 级 · 会签'])
    expect(within(detail).getByText('第 1 轮')).toBeTruthy()
    expect(within(detail).getByText('第 2 轮')).toBeTruthy()
    expect(within(detail).getByText('价格太低')).toBeTruthy()
    expect(within(detail).getByTestId('approval-escalated')).toBeTruthy()
    expect(within(detail).getByTestId('approval-due').textContent).toBe('截止 2026/12/06 10:00')
    expect(within(detail).getByText('审批结束前不能修改：职位')).toBeTruthy()

    fireEvent.change(within(detail).getByTestId('approval-comment'), { target: { value: '同意调整' } })
    fireEvent.click(within(detail).getByTestId('approval-approve'))
    await waitFor(() =>
      expect(screen.getByTestId('approval-detail').getAttribute('data-status')).toBe('approved'),
    )
    const decide = requests.find((r) => r.path.endsWith('/decide'))
    expect(decide?.body).toEqual({ decision: 'approve', comment: '同意调整' })
    expect(screen.getByText('同意调整')).toBeTruthy()
    expect(screen.queryByTestId('approval-decide')).toBeNull()
    // the inbox list behind the drawer reloads: nothing left to decide
    await waitFor(() => expect(screen.getByTestId('approvals-empty')).toBeTruthy())
  })

  it('asks before a reject without a comment', async () => {
    const a = approval()
    const { requests } = fakeApi({ objects: [personMeta], onRequest: approvalsHandler([a]) })
    renderAt(`/approvals?id=${a.id}`, routes)
    fireEvent.click(await screen.findByTestId('approval-reject'))
    const dialog = await waitFor(() => {
      const d = document.querySelector<HTMLElement>('.ant-modal-confirm')
      if (!d) throw new Error('no confirmation yet')
      return d
    })
    expect(dialog.textContent).toContain('不写原因就拒绝？')
    fireEvent.click(within(dialog).getByTestId('approval-reject-confirm'))
    await waitFor(() =>
      expect(screen.getByTestId('approval-detail').getAttribute('data-status')).toBe('rejected'),
    )
    expect(requests.find((r) => r.path.endsWith('/decide'))?.body).toEqual({ decision: 'reject' })
  })

  it.each([
    [403, 'approval.not_approver', '你不是当前审批节点的待审批人'],
    [409, 'approval.not_pending', '该审批已经结束'],
  ])('shows the server message of a %i (%s)', async (status, code, title) => {
    const a = approval()
    fakeApi({ objects: [personMeta], onRequest: approvalsHandler([a], { refuse: { status, code, title } }) })
    renderAt(`/approvals?id=${a.id}`, routes)
    fireEvent.change(await screen.findByTestId('approval-comment'), { target: { value: '好' } })
    fireEvent.click(screen.getByTestId('approval-approve'))
    const err = await screen.findByTestId('approval-decide-error')
    expect(err.textContent).toContain(title)
    expect(screen.getByTestId('approval-detail').getAttribute('data-status')).toBe('pending')
  })

  it('says in English when the request cannot be found', async () => {
    fakeApi({ objects: [personMeta], onRequest: approvalsHandler([]) })
    renderAt(`/approvals?id=${uuid(5)}`, routes, 'en')
    expect(await screen.findByText('Nothing waits for your approval')).toBeTruthy()
    expect(await screen.findByText('审批不存在')).toBeTruthy()
  })
})
