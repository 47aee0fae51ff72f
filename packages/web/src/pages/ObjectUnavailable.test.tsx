import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../platform/api-client.ts'
import { type FakeRequest, fakeApi, problem } from '../test/fakeApi.ts'
import { readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'
import { RecordListPage } from './RecordListPage.tsx'
import { RecordPage } from './RecordPage.tsx'

const routes = [
  { path: '/o/:object', element: <RecordListPage /> },
  { path: '/o/:object/:id', element: <RecordPage /> },
  { path: '/', element: <div data-testid="home">home</div> },
]
const COMPANY_ID = '01a243f1-5600-7d7e-bced-1b5cb2027642'

/** The server's answers for an object the metadata does not list (docs/access.md). */
function serverSays(answers: Record<string, { status: number; body: unknown } | undefined>) {
  return (object: string, req: FakeRequest) => {
    const a = answers[object]
    if (!a) return undefined
    const en = req.headers['Accept-Language'] === 'en'
    const body = a.body as { title: string }
    return { ...a, body: { ...body, title: en ? body.title.split('|')[1] : body.title.split('|')[0] } }
  }
}

const FORBIDDEN = problem(403, 'forbidden', '没有权限执行此操作|You do not have permission to do this')

describe('an object the role may not read, opened by its address', () => {
  it("says so with the server's reason and a way home, not a blank page", async () => {
    const api = fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: serverSays({ company: FORBIDDEN }),
    })
    renderAt('/o/company', routes)
    const page = await screen.findByTestId('object-forbidden')
    expect(page.textContent).toContain('没有权限')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(page.textContent).toContain('请联系管理员为你的角色开通此对象的查看权限')
    // one question to the server, once the metadata is in
    expect(api.requests.filter((r) => r.path === '/api/v1/records/company')).toHaveLength(1)
    fireEvent.click(screen.getByText('返回首页'))
    expect(await screen.findByTestId('home')).toBeTruthy()
  })

  it('does the same for one of its records, in English', async () => {
    fakeApi({ objects: [readerPersonMeta], me: readerMe, onList: serverSays({ company: FORBIDDEN }) })
    renderAt(`/o/company/${COMPANY_ID}`, routes, 'en')
    const page = await screen.findByTestId('object-forbidden')
    expect(page.textContent).toContain('No access')
    expect(screen.getByRole('alert').textContent).toBe('You do not have permission to do this')
    expect(page.textContent).toContain('Ask an administrator to let your role see this object.')
    expect(screen.getByText('Back to home')).toBeTruthy()
  })

  it('says the object does not exist or was deactivated, not "no access", when the server says so', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: serverSays({
        nosuch: problem(404, 'object_not_found', '对象 nosuch 不存在|Object nosuch not found'),
      }),
    })
    renderAt('/o/nosuch', routes)
    const page = await screen.findByTestId('object-missing')
    expect(page.textContent).toContain('找不到这个对象')
    expect(screen.getByRole('alert').textContent).toBe('对象 nosuch 不存在')
    expect(page.textContent).toContain('它可能已被删除或停用，请检查链接。')
    expect(screen.queryByTestId('object-forbidden')).toBeNull()
  })

  it('shows a 404 without the object code as the plain "page not found"', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: serverSays({ odd: problem(404, 'not_found', '不存在|Not found') }),
    })
    renderAt('/o/odd', routes, 'en')
    expect(await screen.findByText('Page not found')).toBeTruthy()
    expect(screen.queryByTestId('object-missing')).toBeNull()
  })

  it("takes a page's own 403 as it is, without asking again", async () => {
    const api = fakeApi({ objects: [readerPersonMeta], me: readerMe })
    const refusal = new ApiError(403, {
      type: 'about:blank',
      status: 403,
      code: 'forbidden',
      title: '没有权限执行此操作',
    })
    renderAt('/x', [{ path: '/x', element: <ObjectUnavailable object="company" refusal={refusal} /> }])
    await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(api.requests.some((r) => r.path.startsWith('/api/v1/records'))).toBe(false)
  })

  it('offers a retry when the server cannot be asked', async () => {
    let down = true
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object, req) =>
        down && object === 'company'
          ? problem(503, 'unavailable', '服务暂时不可用')
          : serverSays({ company: FORBIDDEN })(object, req),
    })
    renderAt('/o/company', routes)
    expect((await screen.findByRole('alert')).textContent).toContain('服务暂时不可用')
    down = false
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }))
    await waitFor(() => expect(screen.getByTestId('object-forbidden')).toBeTruthy())
  })
})
