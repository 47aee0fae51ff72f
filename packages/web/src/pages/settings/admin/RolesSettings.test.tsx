import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import { fakeAdminApi, problem, repRole } from './fakeAdminApi.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]
// these tests click through several antd overlays; on a loaded 2-core machine a step can take over 10 s
configure({ asyncUtilTimeout: 30_000 })

describe('roles settings: the permission matrix', () => {
  it('saves changed rights and field rules grant by grant, the default first', async () => {
    const { calls, db } = fakeAdminApi()
    renderAt(`/settings/roles/${repRole.id}`, routes)
    await screen.findByTestId('permission-matrix')
    // person inherits the default: it shows the default's rights, marked 默认
    const person = screen.getByTestId('grant-person-delete') as HTMLInputElement
    expect(person.checked).toBe(false)
    expect((screen.getByTestId('grant-person-update') as HTMLInputElement).checked).toBe(true)
    expect(screen.getAllByText('默认').length).toBeGreaterThan(0)
    expect((screen.getByTestId('matrix-save') as HTMLButtonElement).disabled).toBe(true)

    // the default loses "update"; person gets its own grant with "delete" and a hidden field
    fireEvent.click(screen.getByTestId('grant-*-update'))
    fireEvent.click(person)
    fireEvent.click(screen.getByTestId('grant-person-fields'))
    const mobile = await screen.findByTestId('field-rule-mobile')
    fireEvent.click(within(mobile).getByText('隐藏'))
    fireEvent.click(within(screen.getByTestId('field-rule-title')).getByText('只读'))
    fireEvent.click(screen.getByTestId('fields-done'))
    expect(screen.getByText('2 项未保存')).toBeTruthy()

    fireEvent.click(screen.getByTestId('matrix-save'))
    await waitFor(() =>
      expect(
        calls.filter((c) => c.method === 'GET' && c.path === `/api/v1/roles/${repRole.id}`),
      ).toHaveLength(1),
    )
    await screen.findByText('已保存 2 项权限')
    const puts = calls.filter((c) => c.method === 'PUT')
    expect(puts.map((c) => c.path)).toEqual([
      `/api/v1/roles/${repRole.id}/grants/*`,
      `/api/v1/roles/${repRole.id}/grants/person`,
    ])
    expect(puts[0]?.body).toEqual({
      create: true,
      read: true,
      update: false,
      delete: false,
      readScope: 'own',
      writeScope: 'own',
      fields: {},
    })
    // person started from the default as edited (update off), plus delete and the field rules
    expect(puts[1]?.body).toEqual({
      create: true,
      read: true,
      update: false,
      delete: true,
      readScope: 'own',
      writeScope: 'own',
      fields: { mobile: 'hidden', title: 'read' },
    })
    expect(db.roles[1]?.grants.map((g) => g.object).sort()).toEqual(['*', 'person'])
    // saved: nothing left to save, and the matrix shows what the server has
    await waitFor(() => expect((screen.getByTestId('matrix-save') as HTMLButtonElement).disabled).toBe(true))
    expect((screen.getByTestId('grant-person-delete') as HTMLInputElement).checked).toBe(true)
  })

  it('keeps unsaved rows and names the object when the server refuses one', async () => {
    const { calls } = fakeAdminApi((c) =>
      c.method === 'PUT' && c.path.endsWith('/grants/company')
        ? problem(400, 'validation_failed', '请求数据无效', [
            { path: 'fields.x', code: 'invalid_name', message: '名称无效' },
          ])
        : undefined,
    )
    renderAt(`/settings/roles/${repRole.id}`, routes)
    await screen.findByTestId('permission-matrix')
    fireEvent.click(screen.getByTestId('grant-company-delete'))
    fireEvent.click(screen.getByTestId('matrix-save'))
    await screen.findByText('未保存：公司。之前的各行已保存。')
    expect(screen.getAllByText('请求数据无效').length).toBeGreaterThan(0)
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1)
    expect((screen.getByTestId('grant-company-delete') as HTMLInputElement).checked).toBe(true)
    expect(screen.getByText('1 项未保存')).toBeTruthy()
  })
})
