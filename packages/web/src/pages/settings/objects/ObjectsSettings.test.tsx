import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import { fakeMetadataApi } from './fakeMetadataApi.ts'
import { settingsObjects } from './testData.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]

const metadataLoads = (calls: { method: string; path: string }[]) =>
  calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/metadata/objects').length

async function openMenu(row: HTMLElement, item: string) {
  fireEvent.click(within(row).getByRole('button', { name: /Actions for|的操作/ }))
  fireEvent.click(await screen.findByText(item, { selector: '.ant-dropdown-menu-title-content' }))
}

describe('settings › objects', () => {
  it('lists custom and standard objects with their field and record counts', async () => {
    fakeMetadataApi({ objects: settingsObjects, records: { company: 120, person: 1, project: 12 } })
    renderAt('/settings/objects', routes, 'en')
    const project = await screen.findByTestId('object-row-project')
    expect(within(project).getByText('Project')).toBeTruthy()
    expect(within(project).getByText('Custom')).toBeTruthy()
    expect(within(project).getByText('3 fields')).toBeTruthy()
    expect(await within(project).findByText('12 records')).toBeTruthy()
    const company = screen.getByTestId('object-row-company')
    expect(within(company).getByText('Contacts')).toBeTruthy()
    expect(await within(screen.getByTestId('object-row-person')).findByText('1 record')).toBeTruthy()
  })

  it('creates a custom object with a name made from the English label, and reloads the app metadata', async () => {
    const api = fakeMetadataApi({ objects: settingsObjects })
    renderAt('/settings/objects', routes, 'zh-CN')
    await screen.findByTestId('object-row-project')
    const loadsBefore = metadataLoads(api.calls)
    fireEvent.click(screen.getAllByRole('button', { name: /新建对象/ })[0]!)
    const form = await screen.findByTestId('object-form')
    fireEvent.change(within(form).getByLabelText('中文名称'), { target: { value: '服务合同' } })
    fireEvent.change(within(form).getByLabelText('英文名称'), { target: { value: 'Service contract' } })
    fireEvent.change(within(form).getByLabelText('英文复数名称'), { target: { value: 'Service contracts' } })
    expect((within(form).getByLabelText('API 名称') as HTMLInputElement).value).toBe('service_contract')
    fireEvent.click(within(form).getByRole('radio', { name: 'car' }))
    fireEvent.click(screen.getByRole('button', { name: /创\s*建/ }))
    await waitFor(() => expect(api.writes()).toHaveLength(1))
    expect(api.writes()[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/metadata/objects',
      body: {
        name: 'service_contract',
        label: { 'zh-CN': '服务合同', en: 'Service contract' },
        pluralLabel: { 'zh-CN': '服务合同', en: 'Service contracts' },
        icon: 'car',
      },
    })
    expect(await screen.findByTestId('object-row-service_contract')).toBeTruthy()
    // the whole app (navigation, lists, forms) asks for the new metadata too
    await waitFor(() => expect(metadataLoads(api.calls)).toBeGreaterThanOrEqual(loadsBefore + 2))
  })

  it("puts the server's error under the name and keeps the dialog open", async () => {
    const api = fakeMetadataApi({ objects: settingsObjects })
    renderAt('/settings/objects', routes, 'en')
    await screen.findByTestId('object-row-project')
    fireEvent.click(screen.getAllByRole('button', { name: /New object/ })[0]!)
    const form = await screen.findByTestId('object-form')
    fireEvent.change(within(form).getByLabelText('Chinese (zh-CN)'), { target: { value: '项目' } })
    fireEvent.change(within(form).getByLabelText('English (en)'), { target: { value: 'Project' } })
    // the derived name avoids a taken one; typing it back gets the server's conflict
    expect((within(form).getByLabelText('API name') as HTMLInputElement).value).toBe('project_2')
    fireEvent.change(within(form).getByLabelText('API name'), { target: { value: 'project' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create' }))
    expect(await within(form).findByText('This value is already taken')).toBeTruthy()
    expect(api.objects.filter((o) => o.name === 'project')).toHaveLength(1)
  })

  it('deletes an object with records only after its name is typed, stating how many records go', async () => {
    const api = fakeMetadataApi({ objects: settingsObjects, records: { project: 12 } })
    renderAt('/settings/objects', routes, 'en')
    const row = await screen.findByTestId('object-row-project')
    await within(row).findByText('12 records')
    await openMenu(row, 'Delete')
    const count = await screen.findByTestId('delete-object-count')
    expect(count.textContent).toContain('12 records will be deleted for good')
    const dialog = count.closest('.ant-modal') as HTMLElement
    const ok = within(dialog).getByRole('button', { name: 'Delete' })
    expect(ok.hasAttribute('disabled')).toBe(true)
    fireEvent.change(within(dialog).getByTestId('danger-type'), { target: { value: 'projec' } })
    expect(ok.hasAttribute('disabled')).toBe(true)
    fireEvent.change(within(dialog).getByTestId('danger-type'), { target: { value: 'project' } })
    expect(ok.hasAttribute('disabled')).toBe(false)
    fireEvent.click(ok)
    await waitFor(() => expect(screen.queryByTestId('object-row-project')).toBeNull())
    const del = api.writes().find((c) => c.method === 'DELETE')!
    expect(del.path).toBe('/api/v1/metadata/objects/project')
    expect(del.query.get('confirm')).toBe('true')
  })

  it('asks for the name when the server finds records the count did not show (409 confirmation_required)', async () => {
    const api = fakeMetadataApi({
      objects: settingsObjects,
      intercept: (c) =>
        c.method === 'DELETE' && c.query.get('confirm') !== 'true'
          ? {
              status: 409,
              body: {
                type: 'https://kemai.dev/problems/confirmation_required',
                title: '此操作会删除数据，需要确认',
                status: 409,
                code: 'confirmation_required',
                records: 3,
              },
            }
          : undefined,
    })
    renderAt('/settings/objects', routes, 'zh-CN')
    const row = await screen.findByTestId('object-row-project')
    await within(row).findByText('0 条记录')
    await openMenu(row, '删除')
    const count = await screen.findByTestId('delete-object-count')
    expect(count.textContent).toContain('它没有记录')
    const dialog = count.closest('.ant-modal') as HTMLElement
    fireEvent.click(within(dialog).getByRole('button', { name: /删\s*除/ }))
    await waitFor(() => expect(count.textContent).toContain('将永久删除 3 条记录'))
    expect(api.objects.some((o) => o.name === 'project')).toBe(true)
    fireEvent.change(within(dialog).getByTestId('danger-type'), { target: { value: 'project' } })
    fireEvent.click(within(dialog).getByRole('button', { name: /删\s*除/ }))
    await waitFor(() => expect(api.objects.some((o) => o.name === 'project')).toBe(false))
  })

  it('deactivates an object after saying its records are kept; standard objects cannot be', async () => {
    const api = fakeMetadataApi({ objects: settingsObjects, records: { project: 5 } })
    renderAt('/settings/objects', routes, 'en')
    const row = await screen.findByTestId('object-row-project')
    await within(row).findByText('5 records')
    await openMenu(row, 'Deactivate')
    expect(await screen.findByText(/Its 5 records are kept/)).toBeTruthy()
    fireEvent.click(screen.getAllByRole('button', { name: 'Deactivate' }).at(-1)!)
    await waitFor(() => expect(api.writes()[0]?.body).toEqual({ isActive: false }))
    expect(await within(screen.getByTestId('object-row-project')).findByText('Inactive')).toBeTruthy()
    fireEvent.click(
      within(screen.getByTestId('object-row-company')).getByRole('button', { name: /Actions for/ }),
    )
    const items = await screen.findAllByText('Deactivate', { selector: '.ant-dropdown-menu-title-content' })
    expect(items.at(-1)!.closest('li')?.getAttribute('aria-disabled')).toBe('true')
  })
})
