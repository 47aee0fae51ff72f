import { fireEvent, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { RecordSummary, relativeDays } from './RecordSummary.tsx'

afterEach(() => vi.restoreAllMocks())

/** A page that asks the summary to read its figures again. */
function Refreshing() {
  const [n, setN] = useState(0)
  return (
    <>
      <button type="button" onClick={() => setN(n + 1)}>
        again
      </button>
      <RecordSummary object="person" id="p1" refreshKey={n} />
    </>
  )
}

describe('record summary', () => {
  it('says how long ago in the UI language', () => {
    const now = Date.parse('2026-12-05T00:00:00Z')
    expect(relativeDays('2026-12-02T00:00:00Z', 'en', now)).toBe('3 days ago')
    expect(relativeDays('2026-12-04T00:00:00Z', 'zh-CN', now)).toBe('昨天')
    expect(relativeDays('2026-06-01T00:00:00Z', 'en', now)).toBe('6 months ago')
  })

  it('shows the figures, counts linking to the list filtered on the record', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const path = new URL(String(input), 'http://kemai.test').pathname
      const body =
        path === '/api/v1/auth/me'
          ? me
          : path.endsWith('/summary')
            ? {
                metrics: [
                  {
                    key: 'last_contact',
                    kind: 'datetime',
                    label: { 'zh-CN': '最近联系', en: 'Last contact' },
                    value: null,
                  },
                  {
                    key: 'open_tasks',
                    kind: 'number',
                    label: { 'zh-CN': '未完成任务', en: 'Open tasks' },
                    value: 2,
                  },
                  {
                    key: 'related:people',
                    kind: 'number',
                    label: { 'zh-CN': '联系人', en: 'People' },
                    value: 4,
                    related: 'people',
                    list: { object: 'person', field: 'company' },
                  },
                ],
              }
            : { data: [] }
      return new Response(JSON.stringify(body), { status: 200 })
    })
    renderAt('/x', [{ path: '/x', element: <RecordSummary object="company" id="c1" /> }], 'zh-CN')
    expect(await screen.findByText('未完成任务')).toBeTruthy()
    expect(screen.getByText('从未')).toBeTruthy()
    const link = screen.getByText('联系人').closest('a')!
    expect(decodeURIComponent(link.getAttribute('href')!)).toBe(
      '/o/person?filter={"field":"company","op":"eq","value":"c1"}',
    )
  })

  it('reads the figures again when told, showing the old ones meanwhile', async () => {
    let open = 2
    const calls = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const path = new URL(String(input), 'http://kemai.test').pathname
      const metric = { key: 'open_tasks', kind: 'number', label: { 'zh-CN': '未完成任务', en: 'Open tasks' } }
      const body =
        path === '/api/v1/auth/me'
          ? me
          : path.endsWith('/summary')
            ? { metrics: [{ ...metric, value: open }] }
            : { data: [] }
      return new Response(JSON.stringify(body), { status: 200 })
    })
    renderAt('/x', [{ path: '/x', element: <Refreshing /> }], 'zh-CN')
    expect((await screen.findByTestId('record-summary')).textContent).toContain('2')
    open = 1
    fireEvent.click(screen.getByText('again'))
    expect(screen.getByTestId('record-summary')).toBeTruthy()
    await waitFor(() => expect(screen.getByTestId('record-summary').textContent).toContain('1未完成任务'))
    expect(calls.mock.calls.filter(([u]) => String(u).includes('/summary'))).toHaveLength(2)
  })
})
