import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { RecordListPage } from '../../pages/RecordListPage.tsx'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta, readerMe } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import type { RecordDto } from '../endpoints.ts'

const company = (name: string, industry: string | null, updated = '2026-12-04T00:00:00Z') =>
  ({
    id: crypto.randomUUID(),
    version: 1,
    owner_id: null,
    created_at: updated,
    created_by: null,
    updated_at: updated,
    updated_by: null,
    name,
    industry,
    employees: 10,
  }) as RecordDto
const routes = [{ path: '/o/:object', element: <RecordListPage /> }]

afterEach(() => window.localStorage.clear())

describe('kanban', () => {
  it('shows a column per option with counts, cards and the stale flag', async () => {
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: {
        company: [
          company('星辰科技', 'software'),
          company('百川智能', 'software', '2026-10-01T00:00:00Z'),
          company('华夏银行', 'finance'),
        ],
      },
    })
    renderAt('/o/company?mode=kanban&groupBy=industry', routes)
    const board = await screen.findByTestId('kanban')
    const cols = await within(board).findAllByTestId('kanban-column')
    expect(cols.map((c) => c.getAttribute('data-column'))).toEqual(['software', 'finance'])
    await waitFor(() => expect(within(cols[0]!).getAllByTestId('kanban-card')).toHaveLength(2))
    expect(within(cols[0]!).getByTestId('kanban-count').textContent).toBe('2')
    expect(within(cols[0]!).getByText('软件与信息服务')).toBeTruthy()
    expect(within(cols[1]!).getByText('华夏银行')).toBeTruthy()
    expect(within(cols[0]!).getAllByTestId('kanban-stale')).toHaveLength(1)
    const calls = api.requests.filter((r) => r.path === '/api/v1/records/company/groups')
    expect(calls[0]?.query.get('groupBy')).toBe('industry')
    expect(calls[0]?.query.get('sum')).toContain('employees')
  })

  it('does not let a role move cards when it may not change the grouped field', async () => {
    const readOnly = {
      ...readerMe,
      grants: [
        {
          object: 'company',
          create: false,
          read: true,
          update: true,
          delete: false,
          readScope: 'all' as const,
          writeScope: 'all' as const,
          fields: { industry: 'read' as const },
        },
      ],
    }
    fakeApi({ objects: [companyMeta], records: { company: [company('星辰科技', 'software')] }, me: readOnly })
    renderAt('/o/company?mode=kanban&groupBy=industry', routes)
    const card = await screen.findByTestId('kanban-card')
    expect(card.getAttribute('aria-disabled')).toBe('true')
  })

  it('lets a role with the right move cards', async () => {
    fakeApi({ objects: [companyMeta], records: { company: [company('星辰科技', 'software')] } })
    renderAt('/o/company?mode=kanban&groupBy=industry', routes)
    const card = await screen.findByTestId('kanban-card')
    expect(card.getAttribute('aria-disabled')).toBe('false')
  })
})
