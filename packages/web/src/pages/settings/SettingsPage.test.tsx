import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { SettingsPage } from './SettingsPage.tsx'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]

interface Call {
  method: string
  path: string
  body: unknown
}

/** The three calls the profile section makes, answered the way the server does. */
function serve(answer: (c: Call) => { status: number; body?: unknown } | undefined, who = me) {
  const calls: Call[] = []
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const call = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    }
    calls.push(call)
    const json = (status: number, body: unknown) =>
      new Response(status === 204 ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      })
    if (call.path === '/api/v1/auth/me') return json(200, who)
    if (call.path === '/api/v1/metadata/objects') return json(200, { data: [] })
    const a = answer(call)
    return a ? json(a.status, a.body) : json(404, { status: 404, title: 'not found', code: 'not_found' })
  })
  return calls
}

afterEach(() => vi.restoreAllMocks())

describe('settings', () => {
  it('opens the first section and lists only what a member may see', async () => {
    serve(() => undefined, { ...me, isAdmin: false })
    renderAt('/settings', routes, 'en')
    expect(await screen.findByTestId('settings-profile')).toBeTruthy()
    expect(screen.getByText('demo@kemai.local')).toBeTruthy()
    expect(screen.getByText('Member')).toBeTruthy()
  })

  it('says so for an unknown section', async () => {
    serve(() => undefined)
    renderAt('/settings/nope', routes, 'zh-CN')
    expect(await screen.findByText('没有这个设置页')).toBeTruthy()
  })

  it('renames the user through the self-service PATCH', async () => {
    const calls = serve((c) =>
      c.method === 'PATCH' ? { status: 200, body: { ...me.user, name: '林小晓' } } : undefined,
    )
    renderAt('/settings/profile', routes, 'zh-CN')
    const input = await screen.findByDisplayValue('林晓')
    fireEvent.change(input, { target: { value: '林小晓' } })
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }))
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true))
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.path).toBe(`/api/v1/users/${me.user.id}`)
    expect(patch.body).toEqual({ name: '林小晓' })
  })

  it("puts the server's password error under its field and never sends a mismatched pair", async () => {
    const calls = serve((c) =>
      c.path === '/api/v1/auth/password'
        ? {
            status: 400,
            body: {
              type: 'https://kemai.dev/problems/validation_failed',
              title: 'Some fields are invalid',
              status: 400,
              code: 'validation_failed',
              errors: [{ path: 'newPassword', code: 'too_short', message: 'At least 8 characters' }],
            },
          }
        : undefined,
    )
    renderAt('/settings/profile', routes, 'en')
    await screen.findByTestId('settings-profile')
    const [current, next, again] = ['Current password', 'New password', 'Repeat the new password'].map((l) =>
      screen.getByLabelText(l),
    ) as [HTMLElement, HTMLElement, HTMLElement]
    fireEvent.change(current, { target: { value: 'old-secret' } })
    fireEvent.change(next, { target: { value: 'short' } })
    fireEvent.change(again, { target: { value: 'shorter' } })
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }))
    expect(await screen.findByText('The two passwords differ')).toBeTruthy()
    expect(calls.some((c) => c.path === '/api/v1/auth/password')).toBe(false)

    fireEvent.change(again, { target: { value: 'short' } })
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }))
    expect(await screen.findByText('At least 8 characters')).toBeTruthy()
    expect(calls.find((c) => c.path === '/api/v1/auth/password')?.body).toEqual({
      currentPassword: 'old-secret',
      newPassword: 'short',
    })
  })
})
