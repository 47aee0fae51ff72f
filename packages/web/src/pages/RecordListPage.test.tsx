import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordDto } from '../platform/endpoints.ts'
import { fakeApi, problem } from '../test/fakeApi.ts'
import { companyMeta, personMeta, personRecord, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { RecordListPage } from './RecordListPage.tsx'

const COMPANY: RecordDto = {
  id: '01a243f1-5600-7d7e-bced-1b5cb2027642',
  version: 1,
  owner_id: null,
  created_at: '2026-12-05T02:03:39.298Z',
  created_by: null,
  updated_at: '2026-12-05T02:03:39.298Z',
  updated_by: null,
  name: '兰州星辰网络科技股份有限公司',
  industry: 'software',
  annual_revenue: { amount: '315240000.00', currency: 'CNY' },
}

const people = () => [
  personRecord('张伟', { company: COMPANY.id, email: 'zhangwei@example.com' }),
  personRecord('李娜'),
  personRecord('王芳', { tags: [] }),
]

const routes = [{ path: '/o/:object', element: <RecordListPage /> }]
const listCalls = (requests: { method: string; path: string; query: URLSearchParams }[], object = 'person') =>
  requests.filter((r) => r.method === 'GET' && r.path === `/api/v1/records/${object}`)

afterEach(() => {
  ;(window as { __mobile?: boolean }).__mobile = false
  window.localStorage.clear()
})

describe('record list', () => {
  it('lists records with columns from metadata and renders each field type', async () => {
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: people(), company: [COMPANY] },
    })
    renderAt('/o/person', routes)

    const table = await screen.findByTestId('record-table')
    expect(await within(table).findByText('张伟')).toBeTruthy()
    expect(within(table).getByText('李娜')).toBeTruthy()
    expect(screen.getByTestId('list-total').textContent).toBe('共 3 条')
    // headers are the field labels, in the UI language
    for (const h of ['姓名', '公司', '邮箱', '手机', '标签', '负责人', '创建时间'])
      expect(within(table).getByRole('columnheader', { name: h })).toBeTruthy()
    // relation → the related record's title (fetched in one id-in call), phone grouped, email a link
    expect(await within(table).findByText('兰州星辰网络科技股份有限公司')).toBeTruthy()
    const titleCall = listCalls(api.requests, 'company').at(-1)
    expect(JSON.parse(titleCall?.query.get('filter') ?? '{}')).toEqual({
      field: 'id',
      op: 'in',
      value: [COMPANY.id],
    })
    expect(within(table).getAllByText('+86 133 1216 8390').length).toBe(3)
    expect(within(table).getByText('zhangwei@example.com').closest('a')?.getAttribute('href')).toBe(
      'mailto:zhangwei@example.com',
    )
    // rows draw the cells of the columns in view: the last column's once the table is scrolled to it
    expect(within(table).queryAllByText('2026/12/05 10:03')).toHaveLength(0)
    table.scrollLeft = 1000
    fireEvent.scroll(table)
    // date-times in the workspace time zone (Asia/Shanghai), the API call asked for the total
    expect((await within(table).findAllByText('2026/12/05 10:03')).length).toBe(3)
    expect(listCalls(api.requests)[0]?.query.get('count')).toBe('true')
    // every call says the UI language
    expect(api.requests.every((r) => r.headers['Accept-Language'] === 'zh-CN')).toBe(true)
  })

  it('sorts on the server when a header is clicked', async () => {
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: people() } })
    renderAt('/o/person', routes)
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('张伟')
    fireEvent.click(within(table).getByRole('button', { name: '姓名' }))
    await waitFor(() => expect(listCalls(api.requests).at(-1)?.query.get('sort')).toBe('name'))
    await waitFor(() =>
      expect(
        within(screen.getByTestId('record-table')).getByRole('columnheader', { name: '姓名' }),
      ).toHaveProperty('ariaSort', 'ascending'),
    )
    fireEvent.click(within(screen.getByTestId('record-table')).getByRole('button', { name: '姓名' }))
    await waitFor(() => expect(listCalls(api.requests).at(-1)?.query.get('sort')).toBe('-name'))
  })

  it('turns the search box into a filter AST sent to the API', async () => {
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: people() } })
    renderAt('/o/person', routes)
    await screen.findByText('张伟')
    fireEvent.change(screen.getByRole('textbox', { name: /搜索联系人/ }), { target: { value: '李' } })
    await waitFor(() => expect(screen.queryByText('张伟')).toBeNull())
    // the old rows go while the new page loads: wait for it rather than for the old rows only
    expect(await screen.findByText('李娜', {}, { timeout: 5000 })).toBeTruthy()
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('共 1 条'))
    const filter = JSON.parse(listCalls(api.requests).at(-1)?.query.get('filter') ?? 'null')
    expect(filter.and[0].or).toContainEqual({ field: 'name', op: 'contains', value: '李' })
    expect(filter.and[0].or).toContainEqual({ field: 'address.text', op: 'contains', value: '李' })
  })

  it('reads filter and sort from the URL', async () => {
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: people() } })
    const filter = JSON.stringify({ and: [{ or: [{ field: 'name', op: 'contains', value: '王' }] }] })
    renderAt(`/o/person?filter=${encodeURIComponent(filter)}&sort=-name`, routes)
    expect(await screen.findByText('王芳')).toBeTruthy()
    expect(screen.queryByText('张伟')).toBeNull()
    const call = listCalls(api.requests)[0]
    expect(call?.query.get('sort')).toBe('-name')
    expect(call?.query.get('filter')).toBe(filter)
    // the toolbar shows the state back: the search text is in the box
    expect((screen.getByRole('textbox', { name: /搜索联系人/ }) as HTMLInputElement).value).toBe('王')
  })

  it('fetches the next page by cursor as the list nears its end', async () => {
    const many = Array.from({ length: 120 }, (_, i) => personRecord(`客户${String(i).padStart(3, '0')}`))
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: many } })
    renderAt('/o/person', routes)
    await screen.findByText('客户000')
    expect(screen.getByTestId('list-total').textContent).toBe('共 120 条')
    // a screen of rows does not load more by itself…
    expect(listCalls(api.requests).some((r) => r.query.get('cursor'))).toBe(false)
    // …scrolling near the end of the loaded rows does
    const table = screen.getByTestId('record-table')
    Object.defineProperty(table, 'scrollTop', { configurable: true, value: 1600 }) // jsdom has no layout
    fireEvent.scroll(table)
    await waitFor(() =>
      expect(listCalls(api.requests).some((r) => r.query.get('cursor') === '50')).toBe(true),
    )
    expect(await screen.findByText('客户060')).toBeTruthy()
    // only the rows in view are in the DOM
    expect(screen.getAllByRole('row').length).toBeLessThan(60)
  })

  it('says what to do when there are no records', async () => {
    fakeApi({ objects: [companyMeta, personMeta], records: { person: [] } })
    renderAt('/o/person', routes)
    expect(await screen.findByText('还没有联系人')).toBeTruthy()
    expect(screen.getAllByRole('button', { name: /新建联系人/ }).length).toBe(2)
  })

  it("shows the server's problem+json message", async () => {
    fakeApi({
      objects: [companyMeta, personMeta],
      onList: () =>
        problem(400, 'invalid_filter', '筛选条件无效', [
          { path: 'filter.field', code: 'unknown_field', message: '未知字段' },
        ]),
    })
    renderAt('/o/person', routes)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('筛选条件无效')
    expect(alert.textContent).toContain('filter.field: 未知字段')
    expect(within(alert).getByRole('button', { name: '重试' })).toBeTruthy()
  })

  it('renders cards on a phone', async () => {
    ;(window as { __mobile?: boolean }).__mobile = true
    fakeApi({ objects: [companyMeta, personMeta], records: { person: people() } })
    renderAt('/o/person', routes)
    const cards = await screen.findByTestId('record-cards')
    expect(await within(cards).findByText('张伟')).toBeTruthy()
    expect(screen.queryByTestId('record-table')).toBeNull()
    // label: value lines under the title
    expect(within(cards).getAllByText('职位').length).toBe(3)
  })

  it('speaks English when asked', async () => {
    const api = fakeApi({ objects: [companyMeta, personMeta], records: { person: people() } })
    renderAt('/o/person', routes, 'en')
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('张伟')
    expect(within(table).getByRole('columnheader', { name: 'Name' })).toBeTruthy()
    expect(screen.getByTestId('list-total').textContent).toBe('3 records')
    expect(screen.getByRole('heading', { name: 'People' })).toBeTruthy()
    expect(api.requests.every((r) => r.headers['Accept-Language'] === 'en')).toBe(true)
  })
})

describe('a role that may only read people (no companies, mobile hidden, email read-only)', () => {
  // what the server sends this role: no company object, no mobile field, no mobile values
  const readerPeople = () => people().map(({ mobile: _hidden, ...r }) => r as RecordDto)

  it('offers no create, no inline edit and no bulk change; keeps export; names no company', async () => {
    const api = fakeApi({ objects: [readerPersonMeta], records: { person: readerPeople() }, me: readerMe })
    // ?new=1 (a "New person" link from elsewhere) does not open the form either
    renderAt('/o/person?new=1', routes)
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('张伟')
    expect(within(table).getByRole('columnheader', { name: '邮箱' })).toBeTruthy()
    expect(within(table).queryByRole('columnheader', { name: '手机' })).toBeNull()
    expect(screen.queryByTestId('new-record')).toBeNull()
    expect(screen.queryByText('新建联系人')).toBeNull()
    expect(document.querySelector('.km-inline-trigger, .km-inline-pen')).toBeNull()
    // nothing to import or cleanse for a reader (and no duplicate check on this object): no "more" menu
    expect(screen.queryByTestId('list-more')).toBeNull()
    // the company: said to be out of reach, not a link, and not asked for
    const restricted = within(table).getByTestId('restricted-record')
    expect(restricted.textContent).toContain('无权查看')
    expect(restricted.closest('a')).toBeNull()
    expect(listCalls(api.requests, 'company')).toHaveLength(0)

    fireEvent.click(screen.getByTestId('columns-button'))
    const picker = await screen.findByTestId('column-picker')
    expect(within(picker).getByRole('checkbox', { name: '邮箱' })).toBeTruthy()
    expect(within(picker).queryByRole('checkbox', { name: '手机' })).toBeNull()

    fireEvent.click(within(table).getByRole('checkbox', { name: '选择 张伟' }))
    const bar = await screen.findByTestId('bulk-bar')
    expect(within(bar).getByTestId('export-button')).toBeTruthy()
    for (const id of ['bulk-edit', 'bulk-owner-button', 'bulk-delete', 'bulk-merge'])
      expect(within(bar).queryByTestId(id)).toBeNull()
    fireEvent.click(within(table).getByRole('checkbox', { name: '选择 李娜' }))
    await waitFor(() => expect(within(bar).getByTestId('bulk-count').textContent).toBe('已选 2 条'))
    expect(within(bar).queryByTestId('bulk-merge')).toBeNull()
  })

  it('says the list is empty without offering to create, in English', async () => {
    fakeApi({ objects: [readerPersonMeta], records: { person: [] }, me: readerMe })
    renderAt('/o/person', routes, 'en')
    expect(await screen.findByText('No people yet')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /New person/ })).toBeNull()
  })

  it('keeps create, bulk edit and delete for a role with the * default grant (Sales rep)', async () => {
    const rep = {
      ...readerMe,
      grants: [
        {
          object: '*',
          create: true,
          read: true,
          update: true,
          delete: false,
          readScope: 'own' as const,
          writeScope: 'own' as const,
          fields: {},
        },
      ],
    }
    fakeApi({
      objects: [companyMeta, personMeta],
      records: { person: people(), company: [COMPANY] },
      me: rep,
    })
    renderAt('/o/person', routes)
    const table = await screen.findByTestId('record-table')
    await within(table).findByText('兰州星辰网络科技股份有限公司')
    expect(screen.getByTestId('new-record')).toBeTruthy()
    expect(document.querySelector('.km-inline-trigger')).not.toBeNull()
    fireEvent.click(within(table).getByRole('checkbox', { name: '选择 张伟' }))
    const bar = await screen.findByTestId('bulk-bar')
    expect(within(bar).getByTestId('bulk-edit')).toBeTruthy()
    expect(within(bar).getByTestId('bulk-owner-button')).toBeTruthy()
    // no delete right: no delete (and so no merge, which deletes the others)
    expect(within(bar).queryByTestId('bulk-delete')).toBeNull()
  })
})
