import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import { fakeAdminApi } from './fakeAdminApi.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]
// these tests click through several antd overlays; on a loaded 2-core machine a step can take over 10 s
configure({ asyncUtilTimeout: 30_000 })

describe('API keys settings', () => {
  it('shows a new key once, with a warning and a copy button, then only its prefix', async () => {
    const { calls } = fakeAdminApi()
    renderAt('/settings/api-keys', routes, 'en')
    await screen.findByText('No API keys yet. Create one to connect another system to Kemai.')
    fireEvent.click(screen.getByTestId('api-key-new'))
    const form = await screen.findByTestId('api-key-form')
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'ERP sync' } })
    // the first line reads every object; make it read & write
    fireEvent.click(within(screen.getByTestId('scope-access-0')).getByText('Read & write'))
    fireEvent.click(screen.getByRole('button', { name: 'Create' }))

    const secret = await screen.findByTestId('secret-value')
    expect(secret.textContent).toContain('kemai_a1b2c3d4_c2VjcmV0')
    expect(screen.getByText(/it is shown only this once/)).toBeTruthy()
    expect(within(screen.getByTestId('secret-once')).getByRole('button', { name: /copy/i })).toBeTruthy()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'ERP sync',
      scopes: { '*': 'write' },
    })

    fireEvent.click(screen.getByTestId('api-key-done'))
    await waitFor(() => expect(screen.queryByTestId('secret-value')).toBeNull())
    // the list knows the key by its prefix only; the secret is gone from the page
    const row = await screen.findByTestId('api-key-row')
    expect(row.textContent).toContain('kemai_a1b2c3d4_…')
    expect(document.body.textContent).not.toContain('c2VjcmV0')
    expect(screen.getByText('All objects · Read & write')).toBeTruthy()
  })

  it('revokes a key after a confirmation', async () => {
    const { calls } = fakeAdminApi()
    renderAt('/settings/api-keys', routes)
    await screen.findByTestId('api-key-new')
    fireEvent.click(screen.getByTestId('api-key-new'))
    const form = await screen.findByTestId('api-key-form')
    fireEvent.change(within(form).getByLabelText('名称'), { target: { value: '报表' } })
    fireEvent.click(screen.getByRole('button', { name: '创建' }))
    fireEvent.click(await screen.findByTestId('api-key-done'))
    fireEvent.click(await screen.findByTestId('api-key-revoke'))
    const [confirm] = await screen.findAllByText('吊销密钥 报表？')
    fireEvent.click(
      within(confirm?.closest('.ant-modal') as HTMLElement).getByRole('button', { name: '吊销' }),
    )
    await screen.findByText('已吊销')
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1)
  })
})
