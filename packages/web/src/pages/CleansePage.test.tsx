import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, problem } from '../test/fakeApi.ts'
import { me, personMeta, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { CleansePage } from './CleansePage.tsx'

const routes = [{ path: '/o/:object/cleanse', element: <CleansePage /> }]
const A = '01a243f1-51d0-71a2-9a0b-4f0a151b1000'
const B = '01a243f1-51d0-71a2-9a0b-4f0a151b2000'

function serve() {
  const calls: { path: string; body: Record<string, unknown> }[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    calls.push({ path: url.pathname, body })
    const json = (status: number, b: unknown) =>
      new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } })
    if (url.pathname === '/api/v1/auth/me') return json(200, me)
    if (url.pathname === '/api/v1/metadata/objects') return json(200, { data: [personMeta] })
    if (url.pathname === '/api/v1/users') return json(200, { data: [me.user] })
    if (url.pathname.endsWith('/cleanse/scan'))
      return json(200, {
        scanned: 3,
        nextCursor: null,
        counts: { cjk_name_spaces: 1, fullwidth: 1 },
        data: [
          {
            id: A,
            version: 3,
            title: '张 伟',
            fixes: [{ field: 'name', rules: ['cjk_name_spaces'], old: '张 伟', new: '张伟' }],
          },
          {
            id: B,
            version: 1,
            title: 'Li',
            fixes: [{ field: 'name', rules: ['fullwidth'], old: 'Ｌｉ', new: 'Li' }],
          },
        ],
      })
    if (url.pathname.endsWith('/cleanse/apply'))
      return json(200, {
        applied: 1,
        failed: 1,
        results: [
          { id: A, ok: true, version: 4, changed: ['name'] },
          { id: B, ok: false, error: { code: 'version_conflict', status: 409, title: '记录已被他人修改' } },
        ],
      })
    return json(404, { status: 404, title: 'not found', code: 'not_found' })
  })
  return calls
}

afterEach(() => vi.restoreAllMocks())

describe('cleanse page', () => {
  it('scans with the chosen rules, applies the selected fixes and keeps the ones that failed with their reason', async () => {
    const calls = serve()
    renderAt('/o/person/cleanse', routes, 'zh-CN')
    fireEvent.click(await screen.findByTestId('cleanse-scan'))
    expect(await screen.findByText('已检查 3 条记录，建议修正 2 处')).toBeTruthy()
    const scan = calls.find((c) => c.path.endsWith('/scan'))!
    expect(scan.path).toBe('/api/v1/records/person/cleanse/scan')
    expect(scan.body.rules).toEqual(['fullwidth', 'whitespace', 'cjk_name_spaces', 'address_codes', 'tags'])

    fireEvent.click(screen.getByTestId('cleanse-apply'))
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/apply'))).toBe(true))
    expect(calls.find((c) => c.path.endsWith('/apply'))!.body.items).toEqual([
      { id: A, version: 3, fields: ['name'] },
      { id: B, version: 1, fields: ['name'] },
    ])
    expect(await screen.findByText('记录已被他人修改')).toBeTruthy()
    const table = screen.getByRole('table')
    expect(within(table).queryByText('张 伟')).toBeNull()
    expect(within(table).getByText('Ｌｉ')).toBeTruthy()
  })

  it('says when there is nothing to fix', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const path = new URL(String(input), 'http://kemai.test').pathname
      const body =
        path === '/api/v1/auth/me'
          ? me
          : path === '/api/v1/metadata/objects'
            ? { data: [personMeta] }
            : path.endsWith('/scan')
              ? { scanned: 10, nextCursor: null, counts: {}, data: [] }
              : { data: [] }
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    })
    renderAt('/o/person/cleanse', routes, 'en')
    fireEvent.click(await screen.findByTestId('cleanse-scan'))
    expect(await screen.findByText('Nothing to fix in the records checked')).toBeTruthy()
  })
})

/** readerMe (people read-only), with the person grant changed */
const withPerson = (g: Partial<(typeof readerMe.grants)[number]>) => ({
  ...readerMe,
  grants: [{ ...readerMe.grants[0]!, ...g }],
})

describe('cleanse page and the role', () => {
  it('says "no access" for an object the role may not read', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) =>
        object === 'company' ? problem(403, 'forbidden', '没有权限执行此操作') : undefined,
    })
    renderAt('/o/company/cleanse', routes, 'zh-CN')
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(page.textContent).toContain('没有权限')
    expect(screen.queryByTestId('cleanse-scan')).toBeNull()
  })

  it('tells a role that may not change records why it cannot cleanse, with no scan to start', async () => {
    const api = fakeApi({ objects: [readerPersonMeta], me: readerMe })
    renderAt('/o/person/cleanse', routes, 'zh-CN')
    await screen.findByTestId('action-forbidden')
    expect(screen.getByTestId('action-forbidden-reason').textContent).toBe(
      '你的角色不能修改联系人，因此不能清洗数据。',
    )
    expect(screen.getByRole('link', { name: '返回联系人列表' }).getAttribute('href')).toBe('/o/person')
    expect(screen.queryByTestId('cleanse-scan')).toBeNull()
    expect(api.requests.some((r) => r.path.includes('/cleanse/'))).toBe(false)
  })

  it('in English', async () => {
    fakeApi({ objects: [readerPersonMeta], me: readerMe })
    renderAt('/o/person/cleanse', routes, 'en')
    await screen.findByTestId('action-forbidden')
    expect(screen.getByTestId('action-forbidden-reason').textContent).toBe(
      'Your role may not change people, so it cannot clean them up.',
    )
  })

  it("a scan the server refuses (the role changed since the page loaded) ends on the server's 403", async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: withPerson({ update: true, writeScope: 'all' }),
      onRequest: (req) =>
        req.path === '/api/v1/records/person/cleanse/scan'
          ? problem(403, 'forbidden', 'You do not have permission to do this')
          : undefined,
    })
    renderAt('/o/person/cleanse', routes, 'en')
    fireEvent.click(await screen.findByTestId('cleanse-scan'))
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('You do not have permission to do this')
    expect(page.textContent).toContain('No access')
    expect(screen.queryByTestId('cleanse-page')).toBeNull()
  })
})
