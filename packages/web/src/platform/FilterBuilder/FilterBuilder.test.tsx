import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { RecordListPage } from '../../pages/RecordListPage.tsx'
import { fakeApi } from '../../test/fakeApi.ts'
import { companyMeta, me, personMeta, personRecord } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import type { RecordDto, SavedView } from '../endpoints.ts'

const COMPANY: RecordDto = {
  id: '01a243f1-5600-7d7e-bced-1b5cb2027642',
  version: 1,
  name: '兰州星辰网络科技股份有限公司',
  industry: 'software',
} as unknown as RecordDto
const people = () => [
  personRecord('张伟', { company: COMPANY.id }),
  personRecord('李娜'),
  personRecord('王芳'),
]
const routes = [{ path: '/o/:object', element: <RecordListPage /> }]
const lastFilter = (requests: { method: string; path: string; query: URLSearchParams }[]) => {
  const calls = requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/records/person')
  const f = calls.at(-1)?.query.get('filter')
  return f ? JSON.parse(f) : null
}

/** Opens an antd Select (by its aria-label, inside `scope`) and clicks the option with this text. */
async function choose(scope: HTMLElement, label: string, option: string, search?: string) {
  const box = within(scope).getByRole('combobox', { name: label })
  fireEvent.mouseDown(box)
  // the option list is virtual: type to bring a far option into view
  if (search) fireEvent.change(box, { target: { value: search } })
  const opts = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' })
  fireEvent.click(opts.at(-1)!)
}

afterEach(() => window.localStorage.clear())

describe('filter builder and saved views', () => {
  it('builds a relation-path condition, sends the AST and shows it as a removable chip', async () => {
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: people(), company: [COMPANY] },
    })
    renderAt('/o/person', routes)
    await screen.findByText('李娜')

    fireEvent.click(screen.getByTestId('filter-button'))
    const builder = await screen.findByTestId('filter-builder')
    fireEvent.click(within(builder).getByTestId('filter-add-condition'))
    const row = within(builder).getByTestId('filter-row')
    await choose(row, '字段', '公司 › 行业', '行业')
    // the operator defaults to the first one for the field type; the value offers the target's choices
    await choose(row, '值', '软件与信息服务')
    fireEvent.click(within(builder).getByTestId('filter-apply'))

    await waitFor(() =>
      expect(lastFilter(api.requests)).toEqual({ field: 'company.industry', op: 'eq', value: 'software' }),
    )
    const chip = await screen.findByTestId('filter-chip')
    expect(chip.textContent).toBe('公司 › 行业 等于 软件与信息服务')
    // the search box steps aside for a filter it did not build
    expect((screen.getByRole('textbox', { name: '搜索联系人' }) as HTMLInputElement).disabled).toBe(true)

    fireEvent.click(within(chip).getByTestId('filter-chip-remove'))
    await waitFor(() => expect(screen.queryByTestId('filter-chip')).toBeNull())
    await screen.findByText('李娜')
    expect(lastFilter(api.requests)).toBeNull()
  })

  it('edits and/or groups with relative dates and $me', async () => {
    const ast = {
      or: [
        { field: 'created_at', op: 'last_n_days', value: 30 },
        { field: 'owner_id', op: 'eq', value: '$me' },
      ],
    }
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: people() } })
    renderAt(`/o/person?filter=${encodeURIComponent(JSON.stringify(ast))}`, routes, 'en')
    const chip = await screen.findByTestId('filter-chip')
    expect(chip.textContent).toBe('(Created at in the last 30 days or Owner is Me)')

    fireEvent.click(screen.getByTestId('filter-button'))
    const builder = await screen.findByTestId('filter-builder')
    expect(within(builder).getAllByTestId('filter-row')).toHaveLength(2)
    // switch the root group to AND
    fireEvent.click(within(builder).getByText('AND'))
    fireEvent.click(within(builder).getByTestId('filter-apply'))
    await waitFor(() => expect(lastFilter(api.requests)).toEqual({ and: ast.or }))
    expect(screen.getAllByTestId('filter-chip').map((c) => c.textContent)).toEqual([
      'Created at in the last 30 days',
      'Owner is Me',
    ])
  })

  it('saves the current filter as a view, opens the default view, and deletes it', async () => {
    const filter = { field: 'name', op: 'contains', value: '张' }
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: people() } })
    const first = renderAt(
      `/o/person?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=-name`,
      routes,
    )
    await screen.findByText('张伟')
    fireEvent.click(screen.getByTestId('views-menu'))
    fireEvent.click(await screen.findByText('另存为新视图'))
    fireEvent.change(await screen.findByTestId('view-name'), { target: { value: '张姓客户' } })
    fireEvent.click(screen.getByText('默认打开此视图'))
    fireEvent.click(screen.getByTestId('view-save'))
    await waitFor(() => expect(api.views).toHaveLength(1))
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/views')
    expect(post?.body).toMatchObject({
      objectName: 'person',
      name: '张姓客户',
      visibility: 'private',
      isDefault: true,
      filter,
      sort: [{ field: 'name', desc: true }],
    })
    first.unmount()
    api.spy.mockRestore()

    // a fresh visit with nothing in the URL opens the default view
    const view = api.views[0] as SavedView
    const again = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: people() },
      views: [view],
    })
    renderAt('/o/person', routes)
    await waitFor(() => expect(lastFilter(again.requests)).toEqual(filter))
    expect(screen.getByTestId('view-select').textContent).toContain('张姓客户')

    fireEvent.click(screen.getByTestId('views-menu'))
    fireEvent.click(await screen.findByText('删除视图'))
    const confirm = await screen.findByRole('dialog')
    fireEvent.click(within(confirm).getByRole('button', { name: '删除视图' }))
    await waitFor(() => expect(again.views).toHaveLength(0))
    await waitFor(() => expect(lastFilter(again.requests)).toBeNull())
    expect(me.user.id).toBeTruthy()
  })
})
