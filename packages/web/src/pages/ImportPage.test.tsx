import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fakeApi, problem } from '../test/fakeApi.ts'
import { readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { ImportPage } from './ImportPage.tsx'

const routes = [
  { path: '/o/:object/import', element: <ImportPage /> },
  { path: '/o/:object', element: <div data-testid="list">list</div> },
]
const FORBIDDEN = problem(403, 'forbidden', '没有权限执行此操作')

/** readerMe, with the person grant changed */
const withPerson = (g: Partial<(typeof readerMe.grants)[number]>) => ({
  ...readerMe,
  grants: [{ ...readerMe.grants[0]!, ...g }],
})

describe('import page and the role', () => {
  it('says "no access" for an object the role may not read, in the server words', async () => {
    const api = fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) => (object === 'company' ? FORBIDDEN : undefined),
    })
    renderAt('/o/company/import', routes)
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(page.textContent).toContain('请联系管理员为你的角色开通此对象的查看权限')
    // nothing of the import is asked for
    expect(api.requests.some((r) => r.path.startsWith('/api/v1/import'))).toBe(false)
  })

  it('says the object does not exist (or was deactivated) when the server says so', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) =>
        object === 'gone' ? problem(404, 'object_not_found', 'Object gone not found') : undefined,
    })
    renderAt('/o/gone/import', routes, 'en')
    const page = await screen.findByTestId('object-missing')
    expect(page.textContent).toContain('Object not found')
    expect(screen.getByRole('alert').textContent).toBe('Object gone not found')
    expect(page.textContent).toContain('deleted or deactivated')
    expect(screen.queryByTestId('object-forbidden')).toBeNull()
  })

  it('tells a read-only role why it cannot import, and leads back to the list', async () => {
    const api = fakeApi({ objects: [readerPersonMeta], me: readerMe })
    renderAt('/o/person/import', routes)
    const page = await screen.findByTestId('action-forbidden')
    expect(page.textContent).toContain('没有权限')
    expect(screen.getByTestId('action-forbidden-reason').textContent).toBe(
      '你的角色不能新建联系人，因此不能导入。',
    )
    expect(page.textContent).toContain('请联系管理员')
    // no upload area, no call the server would refuse
    expect(screen.queryByTestId('import-step-0')).toBeNull()
    expect(api.requests.some((r) => r.path.startsWith('/api/v1/import'))).toBe(false)
    fireEvent.click(screen.getByText('返回联系人列表'))
    expect(await screen.findByTestId('list')).toBeTruthy()
  })

  it('in English too', async () => {
    fakeApi({ objects: [readerPersonMeta], me: readerMe })
    renderAt('/o/person/import', routes, 'en')
    await screen.findByTestId('action-forbidden')
    expect(screen.getByTestId('action-forbidden-reason').textContent).toBe(
      'Your role may not create people, so it cannot import them.',
    )
    expect(screen.getByText('Back to People')).toBeTruthy()
  })

  it('opens the wizard for a role that may create (without update)', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: withPerson({ create: true }),
      onRequest: (req) =>
        req.path === '/api/v1/import-templates' ? { status: 200, body: { data: [] } } : undefined,
    })
    renderAt('/o/person/import', routes)
    expect(await screen.findByTestId('import-step-0')).toBeTruthy()
    expect(screen.queryByTestId('action-forbidden')).toBeNull()
  })
})
