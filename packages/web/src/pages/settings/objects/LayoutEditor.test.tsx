import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderAt } from '../../../test/render.tsx'
import { SettingsPage } from '../SettingsPage.tsx'
import { fakeMetadataApi } from './fakeMetadataApi.ts'
import { settingsObjects } from './testData.ts'

const routes = [{ path: '/settings/:section?/*', element: <SettingsPage /> }]

async function moveTo(field: string, target: string) {
  const chip = screen.getByTestId(`layout-field-${field}`)
  fireEvent.click(within(chip).getByRole('button', { name: /^(Move .* to…|把 .* 移到…)$/ }))
  const items = await screen.findAllByText(target, { selector: '.ant-dropdown-menu-title-content' })
  fireEvent.click(items.at(-1)!)
}

describe('settings › page layout', () => {
  it('adds and names a section, moves fields into it, reorders sections, previews and saves', async () => {
    const api = fakeMetadataApi({ objects: settingsObjects })
    renderAt('/settings/objects/project/layout', routes, 'zh-CN')
    const main = await screen.findByTestId('layout-section-main')
    // no stored layout: one section with every field
    expect(within(main).getByText('基本信息')).toBeTruthy()
    for (const f of ['name', 'budget', 'due_on'])
      expect(within(main).getByTestId(`layout-field-${f}`)).toBeTruthy()
    expect(
      within(screen.getByTestId('layout-editor'))
        .getByRole('button', { name: /保\s*存/ })
        .hasAttribute('disabled'),
    ).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: /添加分组/ }))
    const form = await screen.findByTestId('section-label-form')
    fireEvent.change(within(form).getByLabelText('中文名称'), { target: { value: '财务' } })
    fireEvent.change(within(form).getByLabelText('英文名称'), { target: { value: 'Money' } })
    fireEvent.click(
      within(form.closest('.ant-modal') as HTMLElement).getByRole('button', { name: /保\s*存/ }),
    )
    const money = await screen.findByTestId('layout-section-section_2')
    expect(within(money).getByText('Money')).toBeTruthy()

    await moveTo('budget', '财务')
    await waitFor(() => expect(within(money).getByTestId('layout-field-budget')).toBeTruthy())
    await moveTo('due_on', '未放置')
    expect(within(screen.getByTestId('layout-pool')).getByTestId('layout-field-due_on')).toBeTruthy()
    fireEvent.click(within(money).getByRole('button', { name: '上移' }))
    fireEvent.click(within(money).getByText('单列'))

    fireEvent.click(screen.getByText('预览'))
    const preview = await screen.findByTestId('layout-preview')
    const titles = [...preview.querySelectorAll('.ant-card-head-title')].map((e) => e.textContent)
    expect(titles).toEqual(['财务', '基本信息', '更多信息'])

    fireEvent.click(within(screen.getByTestId('layout-editor')).getByRole('button', { name: /保\s*存/ }))
    await waitFor(() => expect(api.writes()).toHaveLength(1))
    expect(api.writes()[0]).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/metadata/objects/project',
      body: {
        layout: {
          sections: [
            {
              key: 'section_2',
              label: { 'zh-CN': '财务', en: 'Money' },
              columns: 1,
              collapsed: false,
              fields: ['budget'],
            },
            {
              key: 'main',
              label: { 'zh-CN': '基本信息', en: 'Details' },
              columns: 2,
              collapsed: false,
              fields: ['name'],
            },
          ],
        },
      },
    })
    expect(await screen.findByText('布局已保存')).toBeTruthy()
  })

  it("shows the server's message when it refuses the layout, and keeps the draft", async () => {
    fakeMetadataApi({
      objects: settingsObjects,
      intercept: (c) =>
        c.method === 'PATCH'
          ? {
              status: 400,
              body: {
                type: 'https://kemai.dev/problems/validation_failed',
                title: 'Some fields are invalid',
                status: 400,
                code: 'validation_failed',
                errors: [
                  { path: 'layout.sections.0.fields.0', code: 'unknown_field', message: 'Unknown field' },
                ],
              },
            }
          : undefined,
    })
    renderAt('/settings/objects/project/layout', routes, 'en')
    const main = await screen.findByTestId('layout-section-main')
    fireEvent.click(within(main).getByRole('button', { name: /Remove section/ }))
    expect(within(screen.getByTestId('layout-pool')).getByTestId('layout-field-name')).toBeTruthy()
    expect(await screen.findByText(/No sections/)).toBeTruthy()
    fireEvent.click(within(screen.getByTestId('layout-editor')).getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Some fields are invalid')).toBeTruthy()
    expect(screen.getByText('layout.sections.0.fields.0: Unknown field')).toBeTruthy()
    expect(screen.queryByTestId('layout-section-main')).toBeNull()
  })
})
