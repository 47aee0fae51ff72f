import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import { fakeAdminApi, problem, seed, uuid } from './fakeAdminApi.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]
// these tests click through several antd overlays; on a loaded 2-core machine a step can take over 10 s
configure({ asyncUtilTimeout: 30_000 })

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } })
}

describe('users settings', () => {
  it('creates a user; a server field error shows under its field, the rest in the alert', async () => {
    const { calls, db } = fakeAdminApi((c) =>
      c.method === 'POST' && c.path === '/api/v1/users'
        ? problem(409, 'conflict', '与现有数据冲突', [
            { path: 'email', code: 'not_unique', message: '该值已存在，必须唯一' },
          ])
        : undefined,
    )
    renderAt('/settings/users', routes)
    await screen.findAllByTestId('user-row')
    fireEvent.click(screen.getByTestId('user-new'))
    await screen.findByTestId('user-form')
    fill('邮箱', 'wang@kemai.local')
    fill('姓名', '王芳')
    fill('初始密码', 'spring-tea-42')
    fireEvent.click(screen.getByTestId('user-save'))

    const emailItem = screen.getByLabelText('邮箱').closest('.ant-form-item') as HTMLElement
    await waitFor(() => expect(within(emailItem).getByText('该值已存在，必须唯一')).toBeTruthy())
    // the alert says what the server said, without repeating the field's message
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('与现有数据冲突')
    expect(alert.textContent).not.toContain('email:')
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/users')
    expect(post?.body).toMatchObject({
      email: 'wang@kemai.local',
      name: '王芳',
      password: 'spring-tea-42',
      roleId: db.roles[1]?.id,
      teamIds: [],
      locale: 'zh-CN',
    })
    expect(db.users).toHaveLength(1)
  })

  it('creates a user when the server accepts, and lists them', async () => {
    const { calls } = fakeAdminApi()
    renderAt('/settings/users', routes, 'en')
    await screen.findAllByTestId('user-row')
    fireEvent.click(screen.getByTestId('user-new'))
    await screen.findByTestId('user-form')
    fill('Email', 'li@kemai.local')
    fill('Name', 'Li Lei')
    fill('Initial password', 'spring-tea-42')
    fireEvent.click(screen.getByTestId('user-save'))
    await screen.findByText('Li Lei')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    expect(screen.getAllByTestId('user-row')).toHaveLength(2)
  })

  it('shows the server reason when a deactivation is refused, and filters by status', async () => {
    const db = seed()
    const colleague = { ...db.users[0]!, id: uuid(), email: 'zhao@kemai.local', name: '赵强', isOwner: false }
    db.users.push(colleague)
    fakeAdminApi(
      (c) =>
        c.method === 'DELETE'
          ? problem(409, 'conflict', '与现有数据冲突', [
              { path: 'isActive', code: 'invalid_value', message: '值无效' },
            ])
          : undefined,
      db,
    )
    renderAt('/settings/users', routes)
    await screen.findByText('赵强')
    const row = screen.getByText('赵强').closest('tr') as HTMLElement
    fireEvent.click(within(row).getByTestId('user-more'))
    fireEvent.click(await screen.findByText('停用'))
    fireEvent.click(await screen.findByRole('button', { name: '停用' }))
    // the problem's title and its details, as the server wrote them
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .some(
            (a) => a.textContent?.includes('与现有数据冲突') && a.textContent.includes('isActive: 值无效'),
          ),
      ).toBe(true),
    )
    // the search box filters by name or email
    fireEvent.change(screen.getByPlaceholderText('按姓名或邮箱搜索'), { target: { value: 'zhao' } })
    fireEvent.keyDown(screen.getByPlaceholderText('按姓名或邮箱搜索'), {
      key: 'Enter',
      code: 'Enter',
      keyCode: 13,
    })
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1))
  })
})
