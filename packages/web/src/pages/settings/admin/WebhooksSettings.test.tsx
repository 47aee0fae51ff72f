import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import type { Delivery, Webhook } from './api.ts'
import { fakeAdminApi, problem, seed, uuid } from './fakeAdminApi.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]
// these tests click through several antd overlays; on a loaded 2-core machine a step can take over 10 s
configure({ asyncUtilTimeout: 30_000 })
const at = '2026-12-05T02:00:00.000Z'

function withLog() {
  const db = seed()
  const hook: Webhook = {
    id: uuid(),
    url: 'https://erp.example.com/kemai',
    description: 'ERP',
    eventTypes: ['record.*'],
    objectNames: ['person'],
    isActive: true,
    createdBy: null,
    createdAt: at,
    updatedAt: at,
  }
  const failed: Delivery = {
    id: uuid(),
    webhookId: hook.id,
    eventId: uuid(),
    eventType: 'record.created',
    status: 'failed',
    attempt: 6,
    responseStatus: 500,
    error: 'HTTP 500',
    durationMs: 132,
    nextAttemptAt: null,
    createdAt: at,
    updatedAt: at,
    attempts: [
      {
        attempt: 1,
        manual: false,
        requestedAt: at,
        responseStatus: 500,
        responseBody: 'upstream exploded',
        error: 'HTTP 500',
        durationMs: 132,
      },
    ],
  }
  const pending: Delivery = {
    ...failed,
    id: uuid(),
    status: 'pending',
    attempt: 1,
    nextAttemptAt: at,
    attempts: [],
  }
  db.webhooks.push(hook)
  db.deliveries.push(failed, pending)
  return { db, hook, failed }
}

describe('webhooks settings: delivery log', () => {
  it('shows response codes and timing, and redelivers a settled delivery', async () => {
    const { db, hook, failed } = withLog()
    const { calls } = fakeAdminApi(undefined, db)
    renderAt(`/settings/webhooks/${hook.id}`, routes)
    await screen.findByTestId('webhook-deliveries')
    const rows = await screen.findAllByTestId('delivery-row')
    expect(rows).toHaveLength(2)
    const failedRow = rows[0]?.closest('tr') as HTMLElement
    // the columns marked `responsive` appear once antd has measured the screen, a render after the rows
    expect(await within(failedRow).findByText('500')).toBeTruthy()
    expect(within(failedRow).getByText('132 毫秒')).toBeTruthy()
    expect(within(failedRow).getByText('失败')).toBeTruthy()
    // a pending delivery cannot be redelivered yet
    const buttons = screen.getAllByTestId('redeliver') as HTMLButtonElement[]
    expect(buttons[1]?.disabled).toBe(true)

    // the attempts with the answer's first characters
    fireEvent.click(within(failedRow).getByRole('button', { name: /展开|expand/i }))
    expect(await screen.findByText('upstream exploded')).toBeTruthy()

    fireEvent.click(buttons[0] as HTMLButtonElement)
    await screen.findByText('已重新发送，稍后刷新查看响应')
    expect(calls.at(-1)).toMatchObject({
      method: 'POST',
      path: `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`,
    })
    await waitFor(() => expect(within(failedRow).getByText('投递中')).toBeTruthy())
  })

  it('shows the server message when a redelivery is refused', async () => {
    const { db, hook } = withLog()
    fakeAdminApi(
      (c) => (c.path.endsWith('/redeliver') ? problem(409, 'conflict', '与现有数据冲突') : undefined),
      db,
    )
    renderAt(`/settings/webhooks/${hook.id}`, routes, 'en')
    await screen.findAllByTestId('delivery-row')
    fireEvent.click((screen.getAllByTestId('redeliver') as HTMLButtonElement[])[0] as HTMLButtonElement)
    await waitFor(() =>
      expect(screen.getAllByRole('alert').some((a) => a.textContent?.includes('与现有数据冲突'))).toBe(true),
    )
  })
})
