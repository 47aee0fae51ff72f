import type { ExportJob } from '@kemai/shared/api/exports.api'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RecordListPage } from '../../pages/RecordListPage.tsx'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'

/** Background exports: the export menu starts one for a large list; "My exports" follows and downloads them. */
const routes = [{ path: '/o/:object', element: <RecordListPage /> }]

const job = (over: Partial<ExportJob>): ExportJob => ({
  id: crypto.randomUUID(),
  object: 'person',
  format: 'csv',
  status: 'done',
  rows: 0,
  total: null,
  error: null,
  fileName: null,
  size: null,
  createdAt: '2026-12-05T08:00:00.000Z',
  finishedAt: null,
  ...over,
})

async function openMenu() {
  fireEvent.click(await screen.findByTestId('export-button'))
  return screen.findByRole('menu')
}

afterEach(() => {
  vi.restoreAllMocks()
  window.localStorage.clear()
})

describe('background export', () => {
  it('starts a job instead of a download when the list has more than 10,000 rows, in Chinese', async () => {
    const people = [personRecord('张伟'), personRecord('李娜')]
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: people },
      onList: () => ({ status: 200, body: { data: people, nextCursor: null, total: 25_000 } }),
      onRequest: (req) =>
        req.method === 'POST' && req.path === '/api/v1/records/person/exports'
          ? { status: 202, body: { id: crypto.randomUUID(), status: 'queued' } }
          : undefined,
    })
    const filter = { field: 'name', op: 'contains', value: '张' }
    renderAt(`/o/person?filter=${encodeURIComponent(JSON.stringify(filter))}`, routes)
    await within(await screen.findByTestId('record-table')).findByText('张伟')
    const menu = await openMenu()
    expect(within(menu).getByText('全部 25,000 条记录（数量较多，将在后台导出，完成后通知您）')).toBeTruthy()
    expect(within(menu).getByText('我的导出')).toBeTruthy()
    fireEvent.click(within(menu).getByText('Excel 工作簿（.xlsx）'))
    expect((await screen.findByTestId('export-queued')).textContent).toContain(
      '已开始在后台导出，完成后会通知您。',
    )
    const post = api.requests.find((r) => r.path === '/api/v1/records/person/exports')!
    expect(post.body).toMatchObject({ format: 'xlsx' })
    expect(JSON.parse((post.body as { filter: string }).filter)).toEqual(filter)
    expect(Array.isArray((post.body as { columns: unknown }).columns)).toBe(true)
    expect(api.requests.some((r) => r.path.includes('/export.'))).toBe(false)
  })

  it('shows the refusal of a job in the UI language', async () => {
    const people = [personRecord('Anna')]
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: people },
      onList: () => ({ status: 200, body: { data: people, nextCursor: null, total: 2_000_000 } }),
      onRequest: (req) =>
        req.method === 'POST' && req.path.endsWith('/exports')
          ? {
              status: 400,
              body: {
                type: 'about:blank',
                title: 'Bad request',
                status: 400,
                code: 'bad_request',
                errors: [{ path: 'filter', code: 'too_large', message: 'Too many items' }],
              },
            }
          : undefined,
    })
    renderAt('/o/person', routes, 'en')
    await within(await screen.findByTestId('record-table')).findByText('Anna')
    const menu = await openMenu()
    fireEvent.click(within(menu).getByText('CSV (opens in Excel)'))
    expect(await screen.findByText(/Bad request|Too many items/)).toBeTruthy()
  })
})

describe('my exports', () => {
  it('lists my exports with progress, errors and a download, in English', async () => {
    const running = job({ status: 'running', rows: 1200, total: 25_000, format: 'xlsx' })
    const done = job({ status: 'done', rows: 3, total: 3, fileName: 'People-20261205-0800.csv' })
    const failed = job({ status: 'failed', error: 'unknown_field', format: 'vcf' })
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [personRecord('Anna')] },
      onRequest: (req) => {
        if (req.path === '/api/v1/exports') return { status: 200, body: { data: [running, done, failed] } }
        if (req.path === `/api/v1/exports/${done.id}/download`) return { status: 200, body: 'id,Name' }
        return undefined
      },
    })
    Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: () => 'blob:x' })
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => {} })
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href)
    })
    renderAt('/o/person', routes, 'en')
    await within(await screen.findByTestId('record-table')).findByText('Anna')
    const menu = await openMenu()
    // a small list downloads at once
    expect(within(menu).getByText('All records in this list')).toBeTruthy()
    fireEvent.click(within(menu).getByText('My exports'))
    const items = await screen.findAllByTestId('export-item')
    expect(items).toHaveLength(3)
    expect(items[0]!.textContent).toContain('People · Excel')
    expect(items[0]!.textContent).toContain('Exporting')
    expect(items[0]!.textContent).toContain('1,200 / 25,000')
    expect(items[1]!.textContent).toContain('People-20261205-0800.csv')
    expect(items[1]!.textContent).toContain('3 rows')
    expect(items[2]!.textContent).toContain('Failed')
    expect(within(items[2]!).getByTestId('export-error').textContent).toContain('A chosen column was deleted')
    expect(within(items[0]!).queryByTestId('export-download')).toBeNull()
    fireEvent.click(within(items[1]!).getByTestId('export-download'))
    await waitFor(() => expect(clicked).toEqual(['blob:x']))
    expect(api.requests.some((r) => r.path === `/api/v1/exports/${done.id}/download`)).toBe(true)
  })
})
