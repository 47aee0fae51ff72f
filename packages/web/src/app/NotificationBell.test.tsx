import type { Notification } from '@kemai/shared/api/notifications.api'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../test/fakeApi.ts'
import { companyMeta, personMeta } from '../test/fixtures.ts'
import { renderAt } from '../test/render.tsx'
import { NotificationBell } from './NotificationBell.tsx'

/** A background export's job_finished notification: the file when it is done, "My exports" when it failed. */
const note = (over: Partial<Notification>): Notification => ({
  id: crypto.randomUUID(),
  kind: 'job_finished',
  object: null,
  recordId: null,
  title: '',
  actorId: null,
  data: {},
  readAt: null,
  createdAt: '2026-12-05T08:00:00.000Z',
  ...over,
})

afterEach(() => {
  vi.restoreAllMocks()
  window.localStorage.clear()
})

describe('export notifications', () => {
  it('downloads the file of a finished export and opens My exports for a failed one', async () => {
    const exportId = crypto.randomUUID()
    const ready = note({
      title: '联系人-20261205-2005.csv',
      data: { job: 'export', exportId, status: 'done', download: `/api/v1/exports/${exportId}/download` },
    })
    const failed = note({
      title: '联系人',
      data: { job: 'export', exportId: 'x', status: 'failed', error: 'too_large' },
    })
    const api = fakeApi({
      objects: [companyMeta, personMeta],
      onRequest: (req) => {
        if (req.path === '/api/v1/notifications')
          return { status: 200, body: { data: [ready, failed], unread: 2, nextCursor: null } }
        if (req.path === '/api/v1/notifications/read') return { status: 200, body: { unread: 1 } }
        if (req.path === `/api/v1/exports/${exportId}/download`) return { status: 200, body: 'id,姓名' }
        if (req.path === '/api/v1/exports') return { status: 200, body: { data: [] } }
        return undefined
      },
    })
    Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: () => 'blob:csv' })
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => {} })
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.href)
    })
    renderAt('/', [{ path: '/', element: <NotificationBell /> }])
    fireEvent.click(await screen.findByTestId('bell'))
    fireEvent.click(await screen.findByText('导出文件“联系人-20261205-2005.csv”已就绪，点击下载'))
    await waitFor(() => expect(clicked).toEqual(['blob:csv']))
    expect(api.requests.some((r) => r.path === `/api/v1/exports/${exportId}/download`)).toBe(true)

    fireEvent.click(await screen.findByTestId('bell'))
    fireEvent.click(await screen.findByText('“联系人”的导出失败'))
    expect(await screen.findByText('7 天内没有后台导出')).toBeTruthy()
    expect(screen.getByText('我的导出')).toBeTruthy()
  })
})
