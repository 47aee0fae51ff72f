import type { MergePreview } from '@kemai/shared/api/merge.api'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MergeHistory } from '../platform/Merge/MergeHistory.tsx'
import { fakeApi, problem } from '../test/fakeApi.ts'
import { me, personMeta, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { MergePage } from './MergePage.tsx'

const A = '01a243f1-51d0-71a2-9a0b-4f0a151b1000'
const B = '01a243f1-51d0-71a2-9a0b-4f0a151b2000'
const C = '01a243f1-51d0-71a2-9a0b-4f0a151b3000'
const MERGE = '01a243f1-51d0-71a2-9a0b-4f0a151b9000'

const record = (id: string, name: string, extra: Record<string, unknown>, created: string) => ({
  id,
  version: 2,
  owner_id: me.user.id,
  created_at: created,
  created_by: me.user.id,
  updated_at: created,
  updated_by: me.user.id,
  name,
  title: null,
  email: null,
  mobile: null,
  tags: null,
  ...extra,
})

const preview: MergePreview = {
  object: 'person',
  records: [
    record(A, '张伟', { email: 'zw@a.example.com', title: '经理' }, '2026-01-01T00:00:00Z'),
    record(B, '張偉', { email: 'zw@b.example.com', mobile: '+8613812345678' }, '2026-02-01T00:00:00Z'),
    record(C, 'Zhang Wei', { title: '销售总监' }, '2026-03-01T00:00:00Z'),
  ],
  survivorId: A,
  fields: [
    { name: 'name', type: 'text', default: C, differs: true, editable: true },
    { name: 'title', type: 'text', default: C, differs: true, editable: true },
    { name: 'email', type: 'email', default: B, differs: true, editable: false },
    { name: 'mobile', type: 'phone', default: B, differs: true, editable: true },
    { name: 'tags', type: 'tags', default: null, differs: false, editable: true },
    { name: 'owner_id', type: 'user', default: null, differs: false, editable: true },
  ],
  related: {
    [A]: [],
    [B]: [
      { kind: 'relation', object: 'person', field: 'company', count: 2 },
      { kind: 'activity', count: 3 },
    ],
    [C]: [{ kind: 'file', count: 1 }],
  },
  versions: { [A]: 2, [B]: 2, [C]: 2 },
}

const summary = {
  id: MERGE,
  object: 'person',
  survivorId: A,
  loserIds: [B, C],
  loserTitles: { [B]: '張偉', [C]: 'Zhang Wei' },
  changed: ['title'],
  counts: { relations: 2, droppedLinks: 0, activities: 3, files: 1, follows: 0, notifications: 0 },
  createdAt: '2026-12-01T02:00:00Z',
  createdBy: me.user.id,
  expiresAt: '2026-12-31T02:00:00Z',
  undoneAt: null,
  undoneBy: null,
  undoConflicts: [],
  undoable: true,
}

function serve(opts: { mergeStatus?: number; undo?: 'ok' | 'conflict' } = {}) {
  const calls: { method: string; path: string; query: string; body: Record<string, unknown> }[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, query: url.search, body })
    const json = (status: number, b: unknown) =>
      new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } })
    if (url.pathname === '/api/v1/auth/me') return json(200, me)
    if (url.pathname === '/api/v1/metadata/objects') return json(200, { data: [personMeta] })
    if (url.pathname === '/api/v1/users') return json(200, { data: [me.user] })
    if (url.pathname.endsWith('/merge/preview')) return json(200, preview)
    if (url.pathname === '/api/v1/records/person/merge')
      return opts.mergeStatus
        ? json(opts.mergeStatus, {
            status: 409,
            code: 'version_conflict',
            title: '该记录已被他人修改，请刷新后重试',
          })
        : json(200, { merge: summary, record: preview.records[0] })
    if (url.pathname.endsWith('/merges')) return json(200, { data: [summary] })
    if (url.pathname.endsWith('/undo')) {
      if (opts.undo === 'conflict' && !body?.force)
        return json(409, {
          status: 409,
          code: 'merge_conflict',
          title: '合并之后数据又有改动',
          conflicts: [{ kind: 'field', object: 'person', id: A, field: 'title' }],
        })
      return json(200, { merge: { ...summary, undoable: false }, restored: [B, C], conflicts: [] })
    }
    if (url.pathname === `/api/v1/records/person/${A}`) return json(200, preview.records[0])
    return json(404, { status: 404, title: 'not found', code: 'not_found' })
  })
  return calls
}

afterEach(() => vi.restoreAllMocks())

/** antd puts the test id on the radio's input */
const radio = (testId: string): HTMLInputElement => {
  const el = screen.getByTestId(testId)
  return (el.tagName === 'INPUT' ? el : el.querySelector('input')) as HTMLInputElement
}

const routes = [
  { path: '/o/:object/merge', element: <MergePage /> },
  { path: '/o/:object/:id', element: <div>record page</div> },
]

describe('merge page', () => {
  it('shows the records side by side with the defaults, and merges with the chosen values', async () => {
    const calls = serve()
    renderAt(`/o/person/merge?ids=${A},${B},${C}`, routes, 'zh-CN')
    const table = await screen.findByTestId('merge-table')
    expect(calls.find((c) => c.path.endsWith('/preview'))!.query).toBe(
      `?ids=${encodeURIComponent(`${A},${B},${C}`)}`,
    )
    // defaults: newest non-empty; a locked field keeps the survivor's value
    expect(radio('merge-pick-title-2').checked).toBe(true)
    const email = radio('merge-pick-email-0')
    expect(email.checked).toBe(true)
    expect(email.disabled).toBe(true)
    // the same value everywhere is hidden until asked for
    expect(screen.queryByTestId('merge-row-tags')).toBeNull()
    fireEvent.click(screen.getByTestId('merge-only-differing'))
    expect(await screen.findByTestId('merge-row-tags')).toBeTruthy()
    expect(within(table).getByText('销售总监')).toBeTruthy()
    expect(screen.getByTestId('merge-summary').textContent).toContain('将把 2 条记录合并')
    expect(screen.getByTestId('merge-summary').textContent).toContain('6 项关联数据')

    fireEvent.click(radio('merge-pick-title-0'))
    fireEvent.click(radio('merge-survivor-1'))
    // B kept: A's and C's links move, B's stay
    expect(screen.getByTestId('merge-summary').textContent).toContain('1 项关联数据')
    fireEvent.click(screen.getByTestId('merge-submit'))
    fireEvent.click(await screen.findByRole('button', { name: '合并' }))
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/records/person/merge')).toBe(true))
    const sent = calls.find((c) => c.path === '/api/v1/records/person/merge')!.body
    expect(sent).toMatchObject({
      ids: [A, B, C],
      survivorId: B,
      versions: { [A]: 2, [B]: 2, [C]: 2 },
      fields: { name: C, title: A, mobile: B, owner_id: B },
    })
    expect(sent.fields).not.toHaveProperty('email')
    expect(await screen.findByText('record page')).toBeTruthy()
  })

  it("shows the server's message when the merge is refused", async () => {
    serve({ mergeStatus: 409 })
    renderAt(`/o/person/merge?ids=${A},${B}`, routes, 'en')
    fireEvent.click(await screen.findByTestId('merge-submit'))
    fireEvent.click(await screen.findByRole('button', { name: 'Merge' }))
    expect(await screen.findByText('该记录已被他人修改，请刷新后重试')).toBeTruthy()
  })

  it('asks for 2 to 5 records when the link has fewer', async () => {
    const calls = serve()
    renderAt(`/o/person/merge?ids=${A}`, routes, 'en')
    expect(await screen.findByText('Select 2 to 5 records to merge')).toBeTruthy()
    expect(calls.some((c) => c.path.endsWith('/preview'))).toBe(false)
  })
})

/** readerMe (people read-only), with the person grant changed */
const withPerson = (g: Partial<(typeof readerMe.grants)[number]>) => ({
  ...readerMe,
  grants: [{ ...readerMe.grants[0]!, ...g }],
})

describe('merge page and the role', () => {
  it('says "no access" for an object the role may not read', async () => {
    const api = fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) =>
        object === 'company' ? problem(403, 'forbidden', '没有权限执行此操作') : undefined,
    })
    renderAt(`/o/company/merge?ids=${A},${B}`, routes, 'zh-CN')
    await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(api.requests.some((r) => r.path.includes('/merge'))).toBe(false)
  })

  it('tells a role without update and delete why it cannot merge, before asking the server', async () => {
    for (const grant of [{}, { update: true, writeScope: 'all' as const }]) {
      const api = fakeApi({ objects: [readerPersonMeta], me: withPerson(grant) })
      const view = renderAt(`/o/person/merge?ids=${A},${B}`, routes, 'zh-CN')
      await screen.findByTestId('action-forbidden')
      expect(screen.getByTestId('action-forbidden-reason').textContent).toBe(
        '合并需要修改和删除这些联系人的权限，你的角色没有。',
      )
      expect(screen.getByRole('link', { name: '返回联系人' }).getAttribute('href')).toBe('/o/person')
      expect(screen.queryByTestId('merge-submit')).toBeNull()
      expect(api.requests.some((r) => r.path.includes('/merge'))).toBe(false)
      view.unmount()
      vi.restoreAllMocks()
    }
  })

  it("records outside the role's write scope: the server's 403 and the reason, no merge button", async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: withPerson({ update: true, delete: true, writeScope: 'own' }),
      onRequest: (req) =>
        req.path === '/api/v1/records/person/merge/preview'
          ? problem(403, 'forbidden', 'You do not have permission to do this', [
              { path: 'ids.1', code: 'forbidden', message: 'Not allowed' },
            ])
          : undefined,
    })
    renderAt(`/o/person/merge?ids=${A},${B}`, routes, 'en')
    await screen.findByTestId('action-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('You do not have permission to do this')
    expect(screen.getByTestId('action-forbidden-reason').textContent).toBe(
      'Merging needs the rights to change and to delete these people, and your role does not have both.',
    )
    expect(screen.queryByTestId('merge-submit')).toBeNull()
    expect(screen.getByRole('link', { name: 'Back to People' })).toBeTruthy()
  })

  it('an object gone since the metadata loaded: the preview 404s, the page says the object is not there', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: withPerson({ update: true, delete: true, writeScope: 'all' }),
      onList: (object) =>
        object === 'person' ? problem(404, 'object_not_found', '对象 person 不存在') : undefined,
      onRequest: (req) =>
        req.path === '/api/v1/records/person/merge/preview'
          ? problem(404, 'object_not_found', '对象 person 不存在')
          : undefined,
    })
    renderAt(`/o/person/merge?ids=${A},${B}`, routes, 'zh-CN')
    const page = await screen.findByTestId('object-missing')
    expect(page.textContent).toContain('找不到这个对象')
    expect(screen.getByRole('alert').textContent).toBe('对象 person 不存在')
    expect(page.textContent).toContain('它可能已被删除或停用')
  })
})

describe('merge history', () => {
  it('lists the merges and undoes one, restoring the rest when data changed since', async () => {
    const calls = serve({ undo: 'conflict' })
    renderAt(`/o/person/${A}`, [
      {
        path: '/o/:object/:id',
        element: <MergeHistory object={personMeta} id={A} timeZone="Asia/Shanghai" />,
      },
    ])
    expect(await screen.findByText('已将 2 条记录合并到此记录：張偉、Zhang Wei')).toBeTruthy()
    fireEvent.click(screen.getByTestId('merge-undo'))
    fireEvent.click(await screen.findByRole('button', { name: '撤销合并' }))
    fireEvent.click(await screen.findByRole('button', { name: '恢复其余部分' }))
    await waitFor(() => expect(calls.filter((c) => c.path.endsWith('/undo')).length).toBe(2))
    expect(calls.filter((c) => c.path.endsWith('/undo')).map((c) => c.body.force)).toEqual([false, true])
  })
})
