import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import { fakeMetadataApi } from './fakeMetadataApi.ts'
import { settingsObjects } from './testData.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]

/** Opens an antd Select by its label and clicks an option (typing first brings far options of the virtual list into view). */
async function choose(scope: HTMLElement, label: string, option: string, search?: string) {
  const box = within(scope).getByRole('combobox', { name: label })
  fireEvent.mouseDown(box)
  if (search) fireEvent.change(box, { target: { value: search } })
  const opts = await screen.findAllByText(option, {
    selector: '.ant-select-item-option-content *, .ant-select-item-option-content',
  })
  fireEvent.click(opts.at(-1)!)
}

describe('settings › object fields', () => {
  it('adds a select field with coloured options and a default', async () => {
    const api = fakeMetadataApi({ objects: settingsObjects })
    renderAt('/settings/objects/project', routes, 'en')
    await screen.findByTestId('field-row-budget')
    fireEvent.click(screen.getByRole('button', { name: /Add field/ }))
    const editor = await screen.findByTestId('field-editor')
    await choose(editor, 'Field type', 'Single select', 'Single')
    await within(editor).findByLabelText('Name (Chinese) 1')
    fireEvent.change(within(editor).getByLabelText('Chinese (zh-CN)'), { target: { value: '阶段' } })
    fireEvent.change(within(editor).getByLabelText('English (en)'), { target: { value: 'Stage' } })
    expect((within(editor).getByLabelText('API name') as HTMLInputElement).value).toBe('stage')
    // two empty option rows to start with; a value is made from the English name
    fireEvent.change(within(editor).getByLabelText('Name (Chinese) 1'), { target: { value: '计划中' } })
    fireEvent.change(within(editor).getByLabelText('Name (English) 1'), { target: { value: 'Planned' } })
    fireEvent.blur(within(editor).getByLabelText('Name (English) 1'))
    await waitFor(() =>
      expect((within(editor).getByLabelText('Value 1') as HTMLInputElement).value).toBe('planned'),
    )
    fireEvent.change(within(editor).getByLabelText('Name (Chinese) 2'), { target: { value: '进行中' } })
    fireEvent.change(within(editor).getByLabelText('Name (English) 2'), { target: { value: 'Running' } })
    fireEvent.change(within(editor).getByLabelText('Value 2'), { target: { value: 'running' } })
    await choose(editor, 'Colour 2', 'Green')
    fireEvent.click(within(editor).getByRole('button', { name: /Add option/ }))
    fireEvent.change(within(editor).getByLabelText('Value 3'), { target: { value: 'done' } })
    fireEvent.change(within(editor).getByLabelText('Name (Chinese) 3'), { target: { value: '已完成' } })
    await choose(editor, 'Default value', 'Planned')
    fireEvent.click(within(editor).getByRole('switch', { name: 'Required' }))
    fireEvent.click(within(editor).getByRole('button', { name: 'Create' }))

    await waitFor(() => expect(api.writes()).toHaveLength(1))
    expect(api.writes()[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/metadata/objects/project/fields',
      body: {
        name: 'stage',
        type: 'select',
        label: { 'zh-CN': '阶段', en: 'Stage' },
        options: {
          required: true,
          default: 'planned',
          choices: [
            { value: 'planned', label: { 'zh-CN': '计划中', en: 'Planned' } },
            { value: 'running', label: { 'zh-CN': '进行中', en: 'Running' }, color: 'green' },
            { value: 'done', label: { 'zh-CN': '已完成' } },
          ],
        },
      },
    })
    const row = await screen.findByTestId('field-row-stage')
    expect(within(row).getByText('Single select')).toBeTruthy()
    expect(within(row).getByText('Required')).toBeTruthy()
    // many antd selects in one jsdom test: slow on a loaded 2-core machine
  }, 120_000)

  it('refuses a select field without options before asking the server', async () => {
    const api = fakeMetadataApi({ objects: settingsObjects })
    renderAt('/settings/objects/project', routes, 'zh-CN')
    await screen.findByTestId('field-row-budget')
    fireEvent.click(screen.getByRole('button', { name: /添加字段/ }))
    const editor = await screen.findByTestId('field-editor')
    await choose(editor, '字段类型', '多选', '多选')
    await within(editor).findByLabelText('中文名称 1')
    fireEvent.change(within(editor).getByLabelText('中文名称'), { target: { value: '标签' } })
    fireEvent.change(within(editor).getByLabelText('英文名称'), { target: { value: 'Labels' } })
    for (const b of within(editor).getAllByRole('button', { name: /删除选项/ })) fireEvent.click(b)
    fireEvent.click(within(editor).getByRole('button', { name: /创\s*建/ }))
    expect(await within(editor).findByText('请至少添加一个选项')).toBeTruthy()
    expect(api.writes()).toHaveLength(0)
  })

  it('edits an option away (sent as null) and shows built-in fields as locked, with the reason', async () => {
    const objects = structuredClone(settingsObjects)
    objects[2]!.fields[1]!.options = { min: 0, help: { en: 'Total' } }
    const api = fakeMetadataApi({ objects })
    renderAt('/settings/objects/project', routes, 'en')
    const row = await screen.findByTestId('field-row-budget')
    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }))
    const editor = await screen.findByTestId('field-editor')
    expect(within(editor).getByText('A field keeps its type; to change it, add a new field.')).toBeTruthy()
    const min = within(editor).getByLabelText('Minimum') as HTMLInputElement
    expect(min.value).toBe('0')
    fireEvent.change(min, { target: { value: '' } })
    fireEvent.change(within(editor).getByLabelText('Help text en'), { target: { value: '' } })
    fireEvent.click(within(editor).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.writes()).toHaveLength(1))
    expect(api.writes()[0]).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/metadata/objects/project/fields/budget',
      body: { label: { 'zh-CN': '预算', en: 'Budget' }, options: { min: null, help: null } },
    })
  })

  it('deletes a field with data only after its name is typed, saying how many records lose a value', async () => {
    const api = fakeMetadataApi({ objects: settingsObjects, values: { project: { budget: 7 } } })
    renderAt('/settings/objects/project', routes, 'en')
    const row = await screen.findByTestId('field-row-budget')
    expect(await within(row).findByText('7 records have a value')).toBeTruthy()
    fireEvent.click(within(row).getByRole('button', { name: 'Actions for Budget' }))
    fireEvent.click(await screen.findByText('Delete', { selector: '.ant-dropdown-menu-title-content' }))
    const count = await screen.findByTestId('delete-field-count')
    expect(count.textContent).toBe(
      '7 records have a value in this field; they will be lost for good. This cannot be undone.',
    )
    const dialog = count.closest('.ant-modal') as HTMLElement
    const ok = within(dialog).getByRole('button', { name: 'Delete' })
    expect(ok.hasAttribute('disabled')).toBe(true)
    fireEvent.change(within(dialog).getByTestId('danger-type'), { target: { value: 'budget' } })
    fireEvent.click(ok)
    await waitFor(() => expect(screen.queryByTestId('field-row-budget')).toBeNull())
    const del = api.writes().find((c) => c.method === 'DELETE')!
    expect(del.path).toBe('/api/v1/metadata/objects/project/fields/budget')
    expect(del.query.get('confirm')).toBe('true')
    // the title field cannot go, and says why
    const title = screen.getByTestId('field-row-name')
    fireEvent.click(within(title).getByRole('button', { name: 'Actions for Name' }))
    expect(
      await screen.findByText(
        'Title field: records are named by it, so it cannot be deactivated or deleted.',
        {
          selector: '.ant-dropdown-menu-title-content',
        },
      ),
    ).toBeTruthy()
  })
})
