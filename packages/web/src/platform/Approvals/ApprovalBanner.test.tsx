import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RecordPage } from '../../pages/RecordPage.tsx'
import type { FakeRequest } from '../../test/fakeApi.ts'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { approval, approvalsHandler } from './fakeApprovals.ts'

const routes = [{ path: '/o/:object/:id', element: <RecordPage /> }]
configure({ asyncUtilTimeout: 20_000 })
afterEach(() => vi.restoreAllMocks())

describe('approval banner on the record page', () => {
  it('says the request and the locked fields, approves there, and shows what the run changed', async () => {
    const rec = personRecord('王芳', { title: '销售经理' })
    const a = approval({
      title: '王芳调岗',
      recordId: rec.id,
      level: { index: 1, id: 'l2', name: null, count: 3, mode: 'all' },
    })
    const handle = approvalsHandler([a])
    const { requests, store } = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec] },
      onRequest: (req: FakeRequest) => {
        const answer = handle(req)
        // the run goes on after the decision (in its job): it writes the title
        if (answer && req.path.endsWith('/decide')) {
          const row = store.get('person')?.[0]
          if (row) Object.assign(row, { title: '已批准', version: row.version + 1 })
        }
        return answer
      },
    })
    renderAt(`/o/person/${rec.id}`, routes)
    const banner = await screen.findByTestId('approval-banner')
    expect(within(banner).getByTestId('approval-banner-title').textContent).toBe(
      '审批中：王芳调岗（第 2/3 级）',
    )
    expect(within(banner).getByTestId('approval-banner-lock').textContent).toBe('审批结束前不能修改：职位')
    expect(within(banner).getByTestId('approval-banner-link').getAttribute('href')).toBe(
      `/approvals?id=${a.id}`,
    )
    const ask = requests.find((r) => r.path === '/api/v1/approvals')
    expect(Object.fromEntries(ask?.query ?? [])).toMatchObject({
      box: 'all',
      recordId: rec.id,
      status: 'pending',
    })

    fireEvent.change(within(banner).getByTestId('approval-comment'), { target: { value: '没问题' } })
    fireEvent.click(within(banner).getByTestId('approval-approve'))
    await waitFor(() =>
      expect(screen.getByTestId('approval-banner').getAttribute('data-status')).toBe('approved'),
    )
    expect(screen.getByTestId('approval-banner').textContent).toContain('审批已通过：王芳调岗')
    await waitFor(() => expect(screen.getAllByText('已批准').length).toBeGreaterThan(0))
  })

  it('shows no decision buttons to a reader who is not an approver, and no banner without a request', async () => {
    const rec = personRecord('李雷')
    const other = personRecord('韩梅梅')
    const a = approval({ recordId: rec.id, myTask: null, lock: 'all' })
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec, other] },
      onRequest: approvalsHandler([a]),
    })
    const { unmount } = renderAt(`/o/person/${rec.id}`, routes)
    const banner = await screen.findByTestId('approval-banner')
    expect(within(banner).getByTestId('approval-banner-lock').textContent).toBe(
      '审批结束前，记录的所有字段都不能修改',
    )
    expect(within(banner).queryByTestId('approval-approve')).toBeNull()
    unmount()
    renderAt(`/o/person/${other.id}`, routes)
    await screen.findAllByText('韩梅梅')
    expect(screen.queryByTestId('approval-banner')).toBeNull()
  })
})
