import type { GrantDto, MeResponse } from '@kemai/shared/api/access.api'
import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { me } from '../../test/fixtures.ts'
import { renderAt } from '../../test/render.tsx'
import { SettingsPage } from './SettingsPage.tsx'
import { visibleSections } from './sections.tsx'

const automation = (g: Partial<GrantDto>): GrantDto => ({
  object: '_automation',
  create: false,
  read: false,
  update: false,
  delete: false,
  readScope: 'all',
  writeScope: 'none',
  fields: {},
  ...g,
})
const member = (grants: GrantDto[]): MeResponse => ({ ...me, isAdmin: false, grants })
const keys = (who: MeResponse) => visibleSections(who).map((s) => s.key)

afterEach(() => vi.restoreAllMocks())

describe('settings sections', () => {
  it('shows Automation to admins and to roles with the _automation right only', () => {
    expect(keys(me)).toEqual(
      expect.arrayContaining(['workflows', 'workflow-runs', 'email-templates', 'roles']),
    )
    expect(keys(member([]))).toEqual(['profile'])
    // the default grant on every object does not open automation
    expect(keys(member([{ ...automation({ read: true, update: true }), object: '*' }]))).toEqual(['profile'])
    expect(keys(member([automation({ read: true })]))).toEqual([
      'profile',
      'workflows',
      'workflow-runs',
      'email-templates',
    ])
    expect(keys({ ...me, keyScopes: { person: 'write' } })).not.toContain('workflows')
  })

  it('lists the automation sections under their own heading', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const path = new URL(String(input), 'http://kemai.test').pathname
      const body = path === '/api/v1/auth/me' ? member([automation({ read: true })]) : { data: [] }
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    })
    renderAt('/settings/profile', [{ path: '/settings/:section?/*', element: <SettingsPage /> }], 'en')
    await screen.findByTestId('settings-profile')
    const nav = screen.getByRole('navigation')
    expect(within(nav).getByText('Automation')).toBeTruthy()
    expect(within(nav).getByRole('link', { name: 'Workflows' }).getAttribute('href')).toBe(
      '/settings/workflows',
    )
    expect(within(nav).getByRole('link', { name: 'Run history' }).getAttribute('href')).toBe(
      '/settings/workflow-runs',
    )
    expect(within(nav).getByRole('link', { name: 'E-mail templates' }).getAttribute('href')).toBe(
      '/settings/email-templates',
    )
    expect(within(nav).queryByRole('link', { name: 'Roles' })).toBeNull()
  })
})
