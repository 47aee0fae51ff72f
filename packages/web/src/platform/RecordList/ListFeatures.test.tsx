import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { RecordListPage } from '../../pages/RecordListPage.tsx'
import { type FakeRequest, fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import type { RecordDto } from '../endpoints.ts'

/** Inline edit in cells, column picker and widths, selection with bulk actions, groups and totals. */
const routes = [{ path: '/o/:object', element: <RecordListPage /> }]

async function choose(scope: HTMLElement, label: string, option: string) {
  fireEvent.mouseDown(within(scope).getByRole('combobox', { name: label }))
  const opts = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' })
  fireEvent.click(opts.at(-1)!)
}
const rowOf = (table: HTMLElement, text: string) => within(table).getByText(text).closest('tr')!
const batches = (requests: FakeRequest[]) => requests.filter((r) => r.path.endsWith('/batch'))

const company = (name: string, extra: Partial<RecordDto>): RecordDto => ({
  ...personRecord(name),
  name,
  industry: null,
  employees: null,
  annual_revenue: null,
  ...extra,
})

afterEach(() => {
  ;(window as { __mobile?: boolean }).__mobile = false
  window.localStorage.clear()
})

describe('list: inline edit, columns, bulk actions, groups and totals', () => {
  it('edits a cell in place with Enter, and sends If-Match', async () => {
    const rec = personRecord('张伟', { title: '项目经理' })
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [rec, personRecord('李娜')] },
    })
    renderAt('/o/person', routes)
    const table = await screen.findByTestId('record-table')
    const row = rowOf(table, '张伟')
    fireEvent.keyDown(within(row).getByRole('button', { name: '编辑职位' }), { key: 'Enter' })
    const input = await within(row).findByLabelText('职位')
    fireEvent.change(input, { target: { value: '销售总监' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await waitFor(() => expect(within(rowOf(table, '张伟')).getByText('销售总监')).toBeTruthy())
    const patch = api.requests.find((r) => r.method === 'PATCH')
    expect(patch?.headers['If-Match']).toBe('1')
    expect(patch?.body).toEqual({ title: '销售总监' })
    // Escape leaves a cell as it was
    // a click on the cell opens the record (the row's click); the pencil opens the editor
    const pen = within(rowOf(table, '李娜'))
      .getByRole('button', { name: '编辑职位' })
      .querySelector('.km-inline-pen')
    fireEvent.click(pen!)
    fireEvent.keyDown(await within(rowOf(table, '李娜')).findByLabelText('职位'), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('inline-editor')).toBeNull())
    expect(api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1)
  })

  it('hides a column through the picker and resizes one from the keyboard', async () => {
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [personRecord('张伟')] } })
    renderAt('/o/person', routes)
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('张伟')
    fireEvent.click(screen.getByTestId('columns-button'))
    const picker = await screen.findByTestId('column-picker')
    // the title column cannot be hidden; updated_at is offered though not shown by default
    expect((within(picker).getByRole('checkbox', { name: '姓名' }) as HTMLInputElement).disabled).toBe(true)
    expect((within(picker).getByRole('checkbox', { name: '更新时间' }) as HTMLInputElement).checked).toBe(
      false,
    )
    fireEvent.click(within(picker).getByRole('checkbox', { name: '邮箱' }))
    await waitFor(() => expect(within(table).queryByRole('columnheader', { name: '邮箱' })).toBeNull())
    fireEvent.click(within(picker).getByRole('checkbox', { name: '更新时间' }))
    expect(await within(table).findByRole('columnheader', { name: '更新时间' })).toBeTruthy()
    const handle = within(table).getByRole('separator', { name: '调整“职位”的列宽' })
    fireEvent.keyDown(handle, { key: 'ArrowRight' })
    await waitFor(() =>
      expect(within(table).getByRole('columnheader', { name: '职位' }).style.width).toBe('176px'),
    )
    // reset brings the defaults back
    fireEvent.click(within(picker).getByRole('button', { name: '恢复默认' }))
    expect(await within(table).findByRole('columnheader', { name: '邮箱' })).toBeTruthy()
  })

  it('saves the columns and their widths in a view', async () => {
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: [personRecord('张伟')] } })
    renderAt('/o/person?cols=name,title:240,email', routes)
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('张伟')
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.getAttribute('aria-label')),
    ).toEqual(['姓名', '职位', '邮箱'])
    fireEvent.click(screen.getByTestId('views-menu'))
    fireEvent.click(await screen.findByText('另存为新视图'))
    fireEvent.change(await screen.findByTestId('view-name'), { target: { value: '窄表' } })
    fireEvent.click(screen.getByTestId('view-save'))
    await waitFor(() => expect(api.views).toHaveLength(1))
    expect(api.views[0]?.columns).toEqual([
      { field: 'name' },
      { field: 'title', width: 240 },
      { field: 'email' },
    ])
  })

  it('bulk-edits the selected rows through the batch API and names the rows that failed', async () => {
    const a = personRecord('张伟')
    const b = personRecord('李娜')
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [a, b, personRecord('王芳')] },
      onRequest: (req) =>
        req.path === '/api/v1/records/person/batch'
          ? {
              status: 200,
              body: {
                results: [
                  { index: 0, ok: true, id: a.id },
                  {
                    index: 1,
                    ok: false,
                    error: {
                      code: 'version_conflict',
                      status: 409,
                      title: '该记录已被他人修改，请刷新后重试',
                      errors: [],
                    },
                  },
                ],
              },
            }
          : undefined,
    })
    renderAt('/o/person', routes)
    const table = await screen.findByTestId('record-table')
    fireEvent.click(within(rowOf(table, '张伟')).getByRole('checkbox', { name: '选择 张伟' }))
    fireEvent.click(within(rowOf(table, '李娜')).getByRole('checkbox', { name: '选择 李娜' }))
    expect((await screen.findByTestId('bulk-count')).textContent).toBe('已选 2 条')
    fireEvent.click(screen.getByTestId('bulk-edit'))
    const dialog = await screen.findByRole('dialog')
    await choose(dialog, '字段', '职位')
    fireEvent.change(await within(dialog).findByLabelText('职位'), { target: { value: '顾问' } })
    fireEvent.click(within(dialog).getByTestId('bulk-apply'))
    await waitFor(() => expect(batches(api.requests)).toHaveLength(1))
    expect(batches(api.requests)[0]?.body).toEqual({
      partial: true,
      operations: [
        { op: 'update', id: a.id, version: 1, data: { title: '顾问' } },
        { op: 'update', id: b.id, version: 1, data: { title: '顾问' } },
      ],
    })
    const report = await screen.findByTestId('bulk-report')
    expect(report.textContent).toContain('2 条中有 1 条未能修改')
    expect(report.textContent).toContain('李娜 — 该记录已被他人修改，请刷新后重试')
  })

  it('selects all records matching the filter, deletes them after a confirmation with the count, and undoes', async () => {
    const people = Array.from({ length: 60 }, (_, i) => personRecord(`客户${String(i).padStart(2, '0')}`))
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: people },
      onRequest: (req) => {
        if (req.path === '/api/v1/records/person/batch') {
          const ops = (req.body as { operations: { id: string }[] }).operations
          return { status: 200, body: { results: ops.map((o, index) => ({ index, ok: true, id: o.id })) } }
        }
        if (req.path.endsWith('/restore')) return { status: 200, body: people[0] }
        return undefined
      },
    })
    renderAt('/o/person', routes)
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('客户00')
    fireEvent.click(within(table).getByRole('checkbox', { name: '选择本页全部' }))
    expect((await screen.findByTestId('bulk-count')).textContent).toBe('已选 50 条')
    fireEvent.click(screen.getByTestId('select-all-matching'))
    expect(screen.getByTestId('bulk-count').textContent).toBe('已选中全部 60 条符合条件的记录')
    fireEvent.click(screen.getByTestId('bulk-delete'))
    expect((await screen.findAllByText('将 60 条记录移到回收站？')).length).toBeGreaterThan(0)
    fireEvent.click(screen.getByTestId('bulk-delete-ok'))
    await waitFor(() => expect(batches(api.requests)).toHaveLength(1))
    const ops = (batches(api.requests)[0]!.body as { operations: { op: string; id: string }[] }).operations
    expect(ops).toHaveLength(60)
    expect(new Set(ops.map((o) => o.op))).toEqual(new Set(['delete']))
    fireEvent.click(await screen.findByTestId('bulk-undo'))
    await waitFor(() => expect(api.requests.filter((r) => r.path.endsWith('/restore'))).toHaveLength(60))
    expect(await screen.findByText('已恢复 60 条记录')).toBeTruthy()
  })

  it('shows group headers with server counts and sums, folds a group, and a totals row', async () => {
    const rows = [
      company('甲公司', {
        industry: 'finance',
        employees: 10,
        annual_revenue: { amount: '100.50', currency: 'CNY' },
      }),
      company('乙公司', {
        industry: 'finance',
        employees: 5,
        annual_revenue: { amount: '20.00', currency: 'USD' },
      }),
      company('丙公司', { industry: 'software', employees: 1 }),
    ]
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { company: rows },
      onRequest: (req) =>
        req.path === '/api/v1/records/company/groups'
          ? {
              status: 200,
              body: {
                data: [
                  {
                    key: 'finance',
                    count: 2,
                    sums: { employees: 15, annual_revenue: { CNY: '100.50', USD: '20.00' } },
                  },
                  { key: 'software', count: 1, sums: { employees: 1, annual_revenue: {} } },
                ],
                total: {
                  key: null,
                  count: 3,
                  sums: { employees: 16, annual_revenue: { CNY: '100.50', USD: '20.00' } },
                },
              },
            }
          : undefined,
    })
    renderAt('/o/company?group=industry', routes)
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('甲公司')
    const call = api.requests.find((r) => r.path.endsWith('/groups'))
    expect(call?.query.get('groupBy')).toBe('industry')
    expect(call?.query.get('sum')).toBe('employees,annual_revenue')
    expect(call?.query.get('totals')).toBe('true')
    // grouped lists are sorted by the group field first
    expect(api.requests.find((r) => r.path === '/api/v1/records/company')?.query.get('sort')).toBe(
      'industry,-created_at',
    )
    const groups = await within(table).findAllByTestId('group-row')
    expect(groups).toHaveLength(2)
    await waitFor(() => expect(within(groups[0]!).getByText('15')).toBeTruthy())
    expect(within(groups[0]!).getByText('金融')).toBeTruthy()
    expect(within(groups[0]!).getByText('2')).toBeTruthy()
    const totals = screen.getByTestId('totals-row')
    expect(totals.textContent).toContain('合计')
    expect(within(totals).getByText('16')).toBeTruthy()
    expect(totals.textContent).toMatch(/CNY\s100\.50 · USD\s20\.00/)
    fireEvent.click(within(groups[0]!).getByRole('button', { name: '收起finance' }))
    await waitFor(() => expect(within(table).queryByText('甲公司')).toBeNull())
    expect(within(table).getByText('丙公司')).toBeTruthy()
  })

  it('on a phone, cards carry a checkbox and the bulk bar works the same (in English too)', async () => {
    ;(window as { __mobile?: boolean }).__mobile = true
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: [personRecord('张伟'), personRecord('李娜')] },
    })
    renderAt('/o/person', routes, 'en')
    const cards = await screen.findByTestId('record-cards')
    fireEvent.click(within(cards).getByRole('checkbox', { name: 'Select 李娜' }))
    expect((await screen.findByTestId('bulk-count')).textContent).toBe('1 selected')
    expect(screen.getByTestId('bulk-delete')).toBeTruthy()
    expect(screen.getByRole('toolbar', { name: 'Bulk actions' })).toBeTruthy()
    // no header checkbox on a phone: the bar selects the loaded cards
    fireEvent.click(screen.getByTestId('select-page-link'))
    await waitFor(() => expect(screen.getByTestId('bulk-count').textContent).toBe('2 selected'))
    // the checkbox does not open the record
    expect(screen.queryByText('login page')).toBeNull()
  })
})
