import type { ExportJob } from '@kemai/shared/api/exports.api'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, problem } from '../../test/fakeApi.ts'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { MyExportsDrawer } from './MyExportsDrawer.tsx'

/** "My exports": live progress over SSE (a poll where there is none), cancel with a confirm, cancelled shown. */
const routes = [{ path: '/x', element: <MyExportsDrawer open onClose={() => {}} /> }]

const job = (over: Partial<ExportJob>): ExportJob => ({
  id: crypto.randomUUID(),
  object: 'person',
  format: 'csv',
  status: 'running',
  rows: 0,
  total: 25_000,
  error: null,
  fileName: null,
  size: null,
  createdAt: '2026-12-05T08:00:00.000Z',
  finishedAt: null,
  ...over,
})

/**
 * jsdom has no EventSource: this stands in for the browser's, so a test can send the server's events. It
 * keeps every source opened, and whether it was closed.
 */
class TestEventSource {
  static opened: TestEventSource[] = []
  closed = false
  onerror: (() => void) | null = null
  private listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>()
  constructor(readonly url: string) {
    TestEventSource.opened.push(this)
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn])
  }
  close() {
    this.closed = true
  }
  send(type: string, data: unknown) {
    const e = new MessageEvent(type, { data: JSON.stringify(data) })
    for (const fn of this.listeners.get(type) ?? []) fn(e)
  }
}

/** The open confirm (antd Popconfirm) */
const confirmBox = () => document.querySelector<HTMLElement>('.ant-popconfirm:not(.ant-popover-hidden)')!

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  TestEventSource.opened = []
  window.localStorage.clear()
})

describe('my exports: cancel', () => {
  it('cancels a running export after confirming and shows it cancelled, in Chinese', async () => {
    const running = job({ rows: 1200 })
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      onRequest: (req) => {
        if (req.path === '/api/v1/exports') return { status: 200, body: { data: [running] } }
        if (req.method === 'POST' && req.path === `/api/v1/exports/${running.id}/cancel`)
          return {
            status: 200,
            body: { ...running, status: 'cancelled', finishedAt: '2026-12-05T08:01:00.000Z' },
          }
        if (req.path === `/api/v1/exports/${running.id}`) return { status: 200, body: running }
        return undefined
      },
    })
    renderAt('/x', routes)
    const [item] = await screen.findAllByTestId('export-item')
    expect(item!.textContent).toContain('导出中')
    expect(item!.textContent).toContain('1,200 / 25,000')
    fireEvent.click(within(item!).getByTestId('export-cancel'))
    // nothing is cancelled before the confirm
    expect(await screen.findByText('取消这个导出？已导出的部分不会保留。')).toBeTruthy()
    expect(api.requests.some((r) => r.path.endsWith('/cancel'))).toBe(false)
    fireEvent.click(within(confirmBox()).getByRole('button', { name: '取消导出' }))
    await waitFor(() => expect(screen.getByTestId('export-item').textContent).toContain('已取消'))
    expect(screen.getByTestId('export-cancelled').textContent).toBe('导出已取消，未保留文件')
    expect(screen.queryByTestId('export-cancel')).toBeNull()
    expect(screen.queryByTestId('export-download')).toBeNull()
    expect(api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toHaveLength(1)
  })

  it('says why when the export ended before the cancel (409), and shows how it ended, in English', async () => {
    const queued = job({ status: 'queued', rows: 0 })
    let ended = false
    fakeApi({
      objects: [companyMeta, personMeta],
      onRequest: (req) => {
        const done = { ...queued, status: 'done', rows: 3, total: 3, fileName: 'People-20261205-0800.csv' }
        if (req.path === '/api/v1/exports') return { status: 200, body: { data: [ended ? done : queued] } }
        if (req.method === 'POST' && req.path.endsWith('/cancel')) {
          ended = true
          return problem(409, 'conflict', 'Conflicts with existing data', [
            {
              path: 'status',
              code: 'export.not_cancellable',
              message:
                'This export has already ended (done, failed or cancelled) and can no longer be cancelled',
            },
          ])
        }
        if (req.path === `/api/v1/exports/${queued.id}`) return { status: 200, body: queued }
        return undefined
      },
    })
    renderAt('/x', routes, 'en')
    const [item] = await screen.findAllByTestId('export-item')
    expect(item!.textContent).toContain('Queued')
    fireEvent.click(within(item!).getByTestId('export-cancel'))
    await screen.findByText('Cancel this export? Nothing exported so far is kept.')
    fireEvent.click(within(confirmBox()).getByRole('button', { name: 'Cancel export' }))
    expect(
      await screen.findByText(
        'This export has already ended (done, failed or cancelled) and can no longer be cancelled',
      ),
    ).toBeTruthy()
    await waitFor(() => expect(screen.getByTestId('export-item').textContent).toContain('Done'))
    expect(screen.getByTestId('export-download')).toBeTruthy()
  })
})

describe('my exports: live progress', () => {
  it('follows running exports over SSE, at most two at once, polls the rest, and closes at the end', async () => {
    vi.stubGlobal('EventSource', TestEventSource)
    const a = job({ rows: 500 })
    const b = job({ rows: 100, format: 'xlsx' })
    const c = job({ status: 'queued', rows: 0, format: 'vcf' })
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      onRequest: (req) => {
        if (req.path === '/api/v1/exports') return { status: 200, body: { data: [c, b, a] } }
        if (req.path === `/api/v1/exports/${c.id}`) return { status: 200, body: c }
        return undefined
      },
    })
    renderAt('/x', routes, 'en')
    await screen.findAllByTestId('export-item')
    // the two running ones stream; the queued one is asked for
    await waitFor(() => expect(TestEventSource.opened).toHaveLength(2))
    expect(TestEventSource.opened.map((s) => s.url).sort()).toEqual(
      [`/api/v1/exports/${a.id}/stream`, `/api/v1/exports/${b.id}/stream`].sort(),
    )
    const streamOf = (id: string) => TestEventSource.opened.find((s) => s.url.includes(id))!
    act(() => streamOf(a.id).send('progress', { ...a, rows: 5000 }))
    const items = () => screen.getAllByTestId('export-item')
    expect(items()[2]!.textContent).toContain('5,000 / 25,000')
    act(() =>
      streamOf(a.id).send('progress', {
        ...a,
        status: 'done',
        rows: 25_000,
        fileName: 'People-20261205-0800.csv',
      }),
    )
    expect(items()[2]!.textContent).toContain('People-20261205-0800.csv')
    expect(within(items()[2]!).getByTestId('export-download')).toBeTruthy()
    expect(streamOf(a.id).closed).toBe(true)
    // a stream is free now: the queued export gets it
    await waitFor(() =>
      expect(TestEventSource.opened.some((s) => s.url === `/api/v1/exports/${c.id}/stream`)).toBe(true),
    )
    expect(streamOf(b.id).closed).toBe(false)
    // a broken stream falls back to polling
    act(() => streamOf(b.id).onerror?.())
    expect(streamOf(b.id).closed).toBe(true)
    await waitFor(() => expect(api.requests.some((r) => r.path === `/api/v1/exports/${b.id}`)).toBe(true), {
      timeout: 4000,
    })
  })
})
