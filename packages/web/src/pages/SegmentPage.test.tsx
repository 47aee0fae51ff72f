import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SegmentsButton } from '../platform/Segments/SegmentsButton.tsx'
import { type FakeRequest, fakeApi, problem } from '../test/fakeApi.ts'
import { companyMeta, me, personMeta, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { SegmentPage } from './SegmentPage.tsx'

const SEG = '01a243f1-51d0-71a2-9a0b-4f0a151b3000'
const P1 = '01a243f1-51d0-71a2-9a0b-4f0a151b1000'
const P2 = '01a243f1-51d0-71a2-9a0b-4f0a151b2000'

const segment = {
  id: SEG,
  objectName: 'person',
  name: { 'zh-CN': '上海的 CEO', en: 'CEOs' },
  description: '重点客户决策人',
  filter: { and: [{ field: 'title', op: 'eq', value: 'CEO' }] },
  visibility: 'shared',
  ownerId: me.user.id,
  status: 'ready',
  count: 2,
  computedAt: '2026-12-05T02:00:00.000Z',
  createdAt: '2026-12-05T01:00:00.000Z',
  updatedAt: '2026-12-05T01:00:00.000Z',
}

function serve(overrides: Record<string, unknown> = {}) {
  const calls: { method: string; path: string; body: unknown }[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const method = init?.method ?? 'GET'
    calls.push({ method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined })
    const json = (status: number, b: unknown) =>
      new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } })
    if (url.pathname in overrides) return json(404, overrides[url.pathname])
    if (url.pathname === '/api/v1/auth/me') return json(200, me)
    if (url.pathname === '/api/v1/metadata/objects') return json(200, { data: [personMeta, companyMeta] })
    if (url.pathname === '/api/v1/users') return json(200, { data: [me.user] })
    if (url.pathname === `/api/v1/segments/${SEG}/members`)
      return json(200, {
        data: [
          { id: P1, version: 1, name: '张伟', title: 'CEO' },
          { id: P2, version: 1, name: '李娜', title: 'CEO' },
        ],
        nextCursor: null,
        total: 2,
      })
    if (url.pathname === `/api/v1/segments/${SEG}/history`)
      return json(200, {
        data: [
          { recordId: P2, change: 'left', cause: 'record', at: '2026-12-05T03:00:00.000Z', title: '王芳' },
          {
            recordId: P1,
            change: 'entered',
            cause: 'recompute',
            at: '2026-12-05T02:00:00.000Z',
            title: '张伟',
          },
        ],
        nextCursor: null,
      })
    if (url.pathname === `/api/v1/segments/${SEG}` && method === 'DELETE')
      return new Response(null, { status: 204 })
    if (url.pathname === `/api/v1/segments/${SEG}`) return json(200, segment)
    if (url.pathname === '/api/v1/segments' && method === 'POST')
      return json(201, { ...segment, id: SEG, name: '新细分', status: 'computing', count: 0 })
    if (url.pathname === '/api/v1/segments') return json(200, { data: [segment] })
    if (url.pathname === '/api/v1/lists') return json(200, { data: [] })
    return json(404, { status: 404, title: 'not found', code: 'not_found' })
  })
  return calls
}

afterEach(() => vi.restoreAllMocks())

const routes = [
  { path: '/o/:object/segments/:id', element: <SegmentPage /> },
  { path: '/o/:object', element: <div>list page</div> },
]

describe('segment page', () => {
  it('shows the filter, the live count, the members and who entered or left', async () => {
    serve()
    renderAt(`/o/person/segments/${SEG}`, routes, 'zh-CN')
    expect(await screen.findByTestId('segment-title')).toHaveProperty('textContent', '上海的 CEO')
    expect(screen.getByTestId('segment-status').textContent).toBe('已是最新')
    expect(screen.getByTestId('segment-count').textContent).toContain('2')
    expect(within(screen.getByTestId('segment-filter')).getByText(/职位/)).toBeTruthy()
    const table = screen.getByTestId('segment-members')
    expect(within(table).getByText('张伟').closest('a')?.getAttribute('href')).toBe(`/o/person/${P1}`)
    expect(within(table).getByText('李娜')).toBeTruthy()
    // the title column and the filter's field
    expect(within(table).getAllByText('CEO')).toHaveLength(2)
    fireEvent.click(screen.getByRole('tab', { name: '进入 / 离开' }))
    const history = await screen.findByTestId('segment-history')
    expect(within(history).getByText('离开')).toBeTruthy()
    expect(within(history).getByText('王芳')).toBeTruthy()
    expect(within(history).getByText('设置筛选')).toBeTruthy()
  })

  it('deletes after confirming and goes back to the list', async () => {
    const calls = serve()
    renderAt(`/o/person/segments/${SEG}`, routes, 'en')
    fireEvent.click(await screen.findByTestId('segment-delete'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }))
    expect(await screen.findByText('list page')).toBeTruthy()
    expect(calls.some((c) => c.method === 'DELETE' && c.path === `/api/v1/segments/${SEG}`)).toBe(true)
  })

  it('shows the not-found page for a segment the user cannot see', async () => {
    serve({ [`/api/v1/segments/${SEG}`]: { status: 404, title: 'Not found', code: 'not_found' } })
    renderAt(`/o/person/segments/${SEG}`, routes, 'en')
    await waitFor(() => expect(screen.queryByTestId('segment-loading')).toBeNull())
    expect(screen.queryByTestId('segment-page')).toBeNull()
  })
})

/** The segment's calls as the server answers a role that may read people (the segment: someone else's). */
function segmentCalls(get: { status: number; body: unknown } = { status: 200, body: segment }) {
  return (req: FakeRequest) => {
    if (req.path === `/api/v1/segments/${SEG}`) return get
    if (req.path === `/api/v1/segments/${SEG}/members`)
      return {
        status: 200,
        body: { data: [{ id: P1, version: 1, name: '张伟', title: 'CEO' }], nextCursor: null, total: 1 },
      }
    if (req.path === `/api/v1/segments/${SEG}/history`)
      return { status: 200, body: { data: [], nextCursor: null } }
    return undefined
  }
}

describe('segment page and the role', () => {
  it('says "no access" for an object the role may not read', async () => {
    const api = fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) =>
        object === 'company' ? problem(403, 'forbidden', '没有权限执行此操作') : undefined,
    })
    renderAt(`/o/company/segments/${SEG}`, routes, 'zh-CN')
    await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(api.requests.some((r) => r.path.startsWith('/api/v1/segments'))).toBe(false)
  })

  it("a segment the server refuses (a filter on fields hidden from the role): the server's 403, not an empty page", async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onRequest: segmentCalls(problem(403, 'forbidden', 'You do not have permission to do this')),
    })
    renderAt(`/o/person/segments/${SEG}`, routes, 'en')
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('You do not have permission to do this')
    expect(page.textContent).toContain('No access')
    expect(screen.queryByTestId('segment-page')).toBeNull()
  })

  it('shows a shared segment to a role that may only read, without changing or deleting it', async () => {
    fakeApi({ objects: [readerPersonMeta], me: readerMe, onRequest: segmentCalls() })
    renderAt(`/o/person/segments/${SEG}`, routes, 'zh-CN')
    expect(await screen.findByTestId('segment-title')).toHaveProperty('textContent', '上海的 CEO')
    expect(within(screen.getByTestId('segment-members')).getByText('张伟')).toBeTruthy()
    expect(screen.queryByTestId('segment-edit-filter')).toBeNull()
    expect(screen.queryByTestId('segment-delete')).toBeNull()
  })
})

describe('segments button', () => {
  it('lists the segments with counts and saves the current filter as a new one', async () => {
    const calls = serve()
    const filter = { field: 'title', op: 'eq' as const, value: 'CTO' }
    renderAt('/o/person', [
      { path: '/o/:object', element: <SegmentsButton object={personMeta} filter={filter} /> },
      { path: '/o/:object/segments/:id', element: <div>segment opened</div> },
    ])
    fireEvent.click(await screen.findByTestId('segments-button'))
    const list = await screen.findByTestId('segments-list')
    expect(within(list).getByText('上海的 CEO')).toBeTruthy()
    fireEvent.click(screen.getByTestId('segment-save-current'))
    fireEvent.change(await screen.findByTestId('segment-name'), { target: { value: '技术负责人' } })
    fireEvent.click(document.getElementById('segment-save-ok')!)
    expect(await screen.findByText('segment opened')).toBeTruthy()
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/segments')
    expect(post?.body).toEqual({
      objectName: 'person',
      filter,
      name: '技术负责人',
      description: null,
      visibility: 'private',
    })
  })
})
