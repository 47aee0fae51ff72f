import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { useLocation } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, problem } from '../test/fakeApi.ts'
import { me, personMeta, readerMe, readerPersonMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { DuplicatesPage } from './DuplicatesPage.tsx'

const A = '01a243f1-51d0-71a2-9a0b-4f0a151b1000'
const B = '01a243f1-51d0-71a2-9a0b-4f0a151b2000'
const C = '01a243f1-51d0-71a2-9a0b-4f0a151b3000'

function MergeProbe() {
  const loc = useLocation()
  return <div data-testid="merge-probe">{`${loc.pathname}${loc.search}`}</div>
}
const routes = [
  { path: '/o/:object/duplicates', element: <DuplicatesPage /> },
  { path: '/o/:object/merge', element: <MergeProbe /> },
]

const scanOf = (over: Record<string, unknown>) => ({
  id: 'scan-1',
  object: 'person',
  status: 'running',
  phase: 'read',
  done: 0,
  total: 3,
  pairs: 0,
  clusters: 0,
  merged: 0,
  mergeFailed: 0,
  autoMergeAbove: null,
  error: null,
  createdAt: '2026-12-01T08:00:00.000Z',
  startedAt: '2026-12-01T08:00:01.000Z',
  finishedAt: null,
  ...over,
})

const cluster = {
  id: 'c1',
  object: 'person',
  status: 'open',
  members: [
    { id: A, title: '张伟' },
    { id: B, title: 'Zhang Wei' },
  ],
  pairs: [
    {
      a: A,
      b: B,
      score: 10.5,
      decision: 'duplicate',
      reasons: [
        { comparison: 'name', similarity: 1, points: 5, left: '张伟', right: 'zhang wei', fields: ['name'] },
        {
          comparison: 'phone',
          similarity: 1,
          points: 5.5,
          left: '+8613812345678',
          right: '+8613812345678',
          fields: ['mobile', 'phone'],
        },
        { comparison: 'company', similarity: 1, points: 1, left: C, right: C, fields: ['company'] },
      ],
    },
  ],
  bestScore: 10.5,
  minScore: 10.5,
  createdAt: '2026-12-01T08:00:02.000Z',
}

/** The API as the page sees it: no scan yet, then a scan that runs for one poll and finds one cluster. */
function serve(opts: { canConfigure?: boolean; startProblem?: boolean } = {}) {
  const calls: { method: string; path: string; body: unknown }[] = []
  let polls = 0
  let started = false
  let dismissed = false
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const method = init?.method ?? 'GET'
    calls.push({ method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined })
    const json = (status: number, b: unknown) =>
      new Response(JSON.stringify(b), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      })
    if (url.pathname === '/api/v1/auth/me') return json(200, me)
    if (url.pathname === '/api/v1/metadata/objects') return json(200, { data: [personMeta] })
    if (url.pathname === '/api/v1/dedup/person/scan' && method === 'POST') {
      if (opts.startProblem)
        return json(403, { type: 'about:blank', status: 403, code: 'forbidden', title: '没有权限执行此操作' })
      started = true
      return json(202, { scan: scanOf({ status: 'queued', phase: 'queued' }), started: true })
    }
    if (url.pathname === '/api/v1/dedup/person/scan') {
      const scan = !started
        ? null
        : polls++ < 1
          ? scanOf({ done: 2 })
          : scanOf({
              status: 'done',
              phase: 'done',
              done: 3,
              clusters: 1,
              pairs: 1,
              finishedAt: '2026-12-01T08:00:03.000Z',
            })
      return json(200, {
        scan,
        settings: { autoMergeAbove: null },
        canScan: true,
        canConfigure: opts.canConfigure ?? false,
      })
    }
    if (url.pathname === '/api/v1/dedup/person/clusters')
      return json(200, { data: started && !dismissed ? [cluster] : [], nextCursor: null })
    if (url.pathname === '/api/v1/dedup/clusters/c1/dismiss') {
      dismissed = true
      return json(200, { cluster: { ...cluster, status: 'dismissed' } })
    }
    if (url.pathname === '/api/v1/dedup/person/settings')
      return json(200, {
        autoMergeAbove: (JSON.parse(String(init?.body)) as { autoMergeAbove: number }).autoMergeAbove,
      })
    return json(404, { type: 'about:blank', status: 404, title: 'not found', code: 'not_found' })
  })
  return calls
}

afterEach(() => vi.restoreAllMocks())

describe('duplicates page', () => {
  it('starts a scan, shows its progress, then the clusters with reasons in the user language', async () => {
    const calls = serve()
    renderAt('/o/person/duplicates', routes, 'zh-CN')
    expect(await screen.findByText('尚未查重。开始查重，找出可能重复的记录。')).toBeTruthy()
    expect(screen.getByText('暂无分组：请先在上方开始查重。')).toBeTruthy()
    expect(screen.queryByTestId('dedup-setting')).toBeNull()
    fireEvent.click(screen.getByTestId('dedup-start'))
    expect(await screen.findByText('正在读取记录：2 / 3', {}, { timeout: 4000 })).toBeTruthy()
    const card = await screen.findByTestId('dedup-cluster', {}, { timeout: 4000 })
    expect(within(card).getByRole('link', { name: '张伟' }).getAttribute('href')).toBe(`/o/person/${A}`)
    expect(within(card).getByText('姓名相同')).toBeTruthy()
    expect(within(card).getByText('手机相同')).toBeTruthy()
    expect(within(card).getByText('最高分 10.5')).toBeTruthy()
    // a relation agrees by record id: the reason is named, the id is not shown
    expect(within(card).getByText('公司相同')).toBeTruthy()
    expect(within(card).queryByText(C)).toBeNull()
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/dedup/person/scan')).toBe(true)

    fireEvent.click(within(card).getByTestId('dedup-merge'))
    expect((await screen.findByTestId('merge-probe')).textContent).toBe(`/o/person/merge?ids=${A},${B}`)
  })

  it('marks a cluster as not duplicates and lets an admin set the auto-merge score', async () => {
    const calls = serve({ canConfigure: true })
    renderAt('/o/person/duplicates', routes, 'en')
    fireEvent.click(await screen.findByTestId('dedup-start'))
    const card = await screen.findByTestId('dedup-cluster', {}, { timeout: 4000 })
    expect(within(card).getByText('Same mobile')).toBeTruthy()
    fireEvent.click(within(card).getByTestId('dedup-dismiss'))
    await waitFor(() => expect(screen.queryByTestId('dedup-cluster')).toBeNull())
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/dedup/clusters/c1/dismiss')).toBe(
      true,
    )
    expect(screen.getByText('No duplicates to review. Scan again after new records come in.')).toBeTruthy()

    const setting = screen.getByTestId('dedup-setting')
    fireEvent.click(within(setting).getByRole('switch'))
    fireEvent.change(within(setting).getByRole('spinbutton'), { target: { value: '14' } })
    fireEvent.click(within(setting).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(calls.find((c) => c.path === '/api/v1/dedup/person/settings')?.body).toEqual({
        autoMergeAbove: 14,
      }),
    )
  })

  it("shows the server's message when a scan may not start", async () => {
    serve({ startProblem: true })
    renderAt('/o/person/duplicates', routes, 'zh-CN')
    fireEvent.click(await screen.findByTestId('dedup-start'))
    expect(await screen.findByText('没有权限执行此操作')).toBeTruthy()
  })

  it('says so for an unknown object', async () => {
    serve()
    renderAt('/o/nope/duplicates', routes, 'en')
    expect(await screen.findByText(/not found|404/i)).toBeTruthy()
  })
})

/** readerMe (people read-only), with the person grant changed */
const withPerson = (g: Partial<(typeof readerMe.grants)[number]>) => ({
  ...readerMe,
  grants: [{ ...readerMe.grants[0]!, ...g }],
})
const doneScan = scanOf({
  status: 'done',
  phase: 'done',
  done: 3,
  clusters: 1,
  finishedAt: '2026-12-01T08:00:03.000Z',
})

/** The review queue with one cluster, as the server answers a role that may scan or not. */
function queue(canScan: boolean) {
  return (req: { path: string }) => {
    if (req.path === '/api/v1/dedup/person/scan')
      return {
        status: 200,
        body: { scan: doneScan, settings: { autoMergeAbove: null }, canScan, canConfigure: false },
      }
    if (req.path === '/api/v1/dedup/person/clusters')
      return { status: 200, body: { data: [cluster], nextCursor: null } }
    return undefined
  }
}

describe('duplicates page: the key index of the check on create', () => {
  const index = (over: Record<string, unknown>) => ({
    status: 'building',
    done: 0,
    total: null,
    startedAt: '2026-12-01T08:00:00.000Z',
    builtAt: null,
    error: null,
    ...over,
  })

  it('shows the rebuild and its progress while it runs, then nothing once it is ready', async () => {
    const answers = [
      index({}),
      index({ done: 4500, total: 10000 }),
      index({ status: 'ready', done: 10000, total: 10000, builtAt: '2026-12-01T08:01:00.000Z' }),
    ]
    let reads = 0
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onRequest: (req) => {
        if (req.path === '/api/v1/dedup/person/scan')
          return {
            status: 200,
            body: {
              scan: doneScan,
              settings: { autoMergeAbove: null },
              keyIndex: answers[Math.min(reads++, answers.length - 1)],
              canScan: false,
              canConfigure: false,
            },
          }
        if (req.path === '/api/v1/dedup/person/clusters')
          return { status: 200, body: { data: [], nextCursor: null } }
        return undefined
      },
    })
    renderAt('/o/person/duplicates', routes, 'zh-CN')
    const box = await screen.findByTestId('dedup-key-index')
    expect(box.textContent).toContain('查重索引等待重建')
    expect(await screen.findByText('查重索引重建中 45%', {}, { timeout: 4000 })).toBeTruthy()
    expect(screen.getByTestId('dedup-key-index').textContent).toContain(
      '已完成 4,500 / 10,000 条）。完成前，新建和编辑记录时的查重只会比对已建索引的记录，可能漏掉重复。',
    )
    await waitFor(() => expect(screen.queryByTestId('dedup-key-index')).toBeNull(), { timeout: 4000 })
  })

  it('says when the rebuild failed (in English)', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onRequest: (req) => {
        if (req.path === '/api/v1/dedup/person/scan')
          return {
            status: 200,
            body: {
              scan: null,
              settings: { autoMergeAbove: null },
              keyIndex: index({ status: 'failed', done: 3000, total: 10000, error: 'boom' }),
              canScan: false,
              canConfigure: false,
            },
          }
        if (req.path === '/api/v1/dedup/person/clusters')
          return { status: 200, body: { data: [], nextCursor: null } }
        return undefined
      },
    })
    renderAt('/o/person/duplicates', routes, 'en')
    const box = await screen.findByTestId('dedup-key-index')
    expect(box.textContent).toContain('Rebuilding the duplicate check index failed')
    expect(box.textContent).toContain('3,000 of 10,000 records done.')
  })
})

describe('duplicates page and the role', () => {
  it('says "no access" for an object the role may not read, with the server words', async () => {
    const api = fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) =>
        object === 'company' ? problem(403, 'forbidden', '没有权限执行此操作') : undefined,
    })
    renderAt('/o/company/duplicates', routes, 'zh-CN')
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('没有权限执行此操作')
    expect(page.textContent).toContain('请联系管理员为你的角色开通此对象的查看权限')
    expect(api.requests.some((r) => r.path.startsWith('/api/v1/dedup'))).toBe(false)
  })

  it('shows a read-only role the clusters without merge, dismiss or scan, and says why', async () => {
    fakeApi({ objects: [readerPersonMeta], me: readerMe, onRequest: queue(false) })
    renderAt('/o/person/duplicates', routes, 'zh-CN')
    const card = await screen.findByTestId('dedup-cluster')
    expect(within(card).getByText('姓名相同')).toBeTruthy()
    expect(screen.queryByTestId('dedup-merge')).toBeNull()
    expect(screen.queryByTestId('dedup-dismiss')).toBeNull()
    expect(screen.queryByTestId('dedup-start')).toBeNull()
    expect(card.querySelector('.km-dr-actions')).toBeNull()
    expect(screen.getByTestId('dedup-readonly').textContent).toBe(
      '你的角色只能查看这些分组：合并需要修改和删除联系人的权限，标记“不是重复”需要修改权限。',
    )
  })

  it('lets a role that may update but not delete dismiss, not merge (in English)', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: withPerson({ update: true, writeScope: 'all' }),
      onRequest: queue(true),
    })
    renderAt('/o/person/duplicates', routes, 'en')
    const card = await screen.findByTestId('dedup-cluster')
    expect(within(card).getByTestId('dedup-dismiss')).toBeTruthy()
    expect(within(card).queryByTestId('dedup-merge')).toBeNull()
    expect(screen.getByTestId('dedup-start')).toBeTruthy()
    expect(screen.getByTestId('dedup-readonly').textContent).toBe(
      'Merging needs the right to delete people, which your role does not have; you can still mark a group as not duplicates.',
    )
  })

  it('offers merge to a role that may update and delete, without the read-only note', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: withPerson({ update: true, delete: true, writeScope: 'own' }),
      onRequest: queue(true),
    })
    renderAt('/o/person/duplicates', routes, 'zh-CN')
    const card = await screen.findByTestId('dedup-cluster')
    expect(within(card).getByTestId('dedup-merge')).toBeTruthy()
    expect(within(card).getByTestId('dedup-dismiss')).toBeTruthy()
    expect(screen.queryByTestId('dedup-readonly')).toBeNull()
  })

  it('a role that lost the object since the metadata loaded: the queue 404s, the records API says 403', async () => {
    fakeApi({
      objects: [readerPersonMeta],
      me: readerMe,
      onList: (object) =>
        object === 'person' ? problem(403, 'forbidden', 'You do not have permission to do this') : undefined,
      onRequest: (req) =>
        req.path.startsWith('/api/v1/dedup/person/')
          ? problem(404, 'object_not_found', 'Object person not found')
          : undefined,
    })
    renderAt('/o/person/duplicates', routes, 'en')
    const page = await screen.findByTestId('object-forbidden')
    expect(screen.getByRole('alert').textContent).toBe('You do not have permission to do this')
    expect(page.textContent).toContain('Ask an administrator to let your role see this object.')
    expect(screen.queryByTestId('duplicates-page')).toBeNull()
  })
})
