import type { ColumnMapping, ImportDto } from '@kemai/shared/api/imports.api'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { App as AntApp, ConfigProvider } from 'antd'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { createI18n } from '../../app/i18n.ts'
import { personMeta } from '../../test/fixtures.ts'
import { MappingStep, type MappingStepProps } from './MappingStep.tsx'

const imp: ImportDto = {
  id: '01a244c0-0000-7000-8000-000000000001',
  object: 'person',
  fileId: '01a244c0-0000-7000-8000-000000000002',
  fileName: 'people.csv',
  fileSize: 100,
  format: 'csv',
  encoding: 'auto',
  detectedEncoding: 'gb18030',
  header: ['姓名', '手机号', '备注'],
  mapping: [
    { column: 0, field: 'name' },
    { column: 1, field: 'mobile' },
    { column: 2, field: null },
  ],
  policy: 'create',
  matching: true,
  status: 'draft',
  progress: {
    done: 0,
    total: null,
    totalIsEstimate: true,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    rowsPerSecond: null,
    etaSeconds: null,
  },
  error: null,
  createdBy: null,
  createdAt: '2026-12-05T00:00:00Z',
  startedAt: null,
  finishedAt: null,
}

function renderStep(locale: 'zh-CN' | 'en', over: Partial<MappingStepProps> = {}) {
  const props: MappingStepProps = {
    imp,
    object: personMeta,
    canUpdate: true,
    samples: [
      ['张伟', '13812345678', 'VIP'],
      ['李娜', '', ''],
    ],
    templates: [],
    onMapping: vi.fn(),
    onPolicy: vi.fn(),
    onEncoding: vi.fn(),
    onSaveTemplate: vi.fn(),
    onApplyTemplate: vi.fn(),
    ...over,
  }
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ConfigProvider>
        <AntApp>
          <MappingStep {...props} />
        </AntApp>
      </ConfigProvider>
    </I18nextProvider>,
  )
  return props
}

async function choose(label: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: label }))
  const opts = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' })
  fireEvent.click(opts.at(-1)!)
}

describe('MappingStep', () => {
  it('shows each column with its automatic field, in Chinese', () => {
    renderStep('zh-CN')
    expect(screen.getByText('已映射 2 / 3 列')).toBeTruthy()
    const row = (h: string) => screen.getByText(h, { selector: 'strong' }).closest('tr')!
    // the test screen is 1280 px wide: the sample column (hidden below md) is shown
    expect(screen.getByText('示例值')).toBeTruthy()
    const chosen = (h: string) => row(h).querySelector('.ant-select')?.textContent
    expect(chosen('姓名')).toBe('姓名')
    expect(chosen('手机号')).toBe('手机')
    expect(chosen('备注')).toBe('不导入')
    expect(screen.getByText('自动识别（GB18030）')).toBeTruthy()
  })

  it('sends the new mapping when a column changes, and the policy when it is picked', async () => {
    const p = renderStep('en')
    await choose('Field for column 备注', 'Email')
    expect(p.onMapping).toHaveBeenCalledWith([
      { column: 0, field: 'name' },
      { column: 1, field: 'mobile' },
      { column: 2, field: 'email' },
    ] satisfies ColumnMapping[])
    await choose('Field for column 手机号', 'Do not import')
    expect(p.onMapping).toHaveBeenLastCalledWith([
      { column: 0, field: 'name' },
      { column: 1, field: null },
      { column: 2, field: null },
    ])
    fireEvent.click(screen.getByLabelText('Update the existing record'))
    expect(p.onPolicy).toHaveBeenCalledWith('update')
  })

  it('does not offer "update the existing record" to a role that may not change records, and says why', () => {
    const p = renderStep('zh-CN', { canUpdate: false })
    const update = screen.getByLabelText('更新已有记录') as HTMLInputElement
    expect(update.disabled).toBe(true)
    fireEvent.click(update)
    expect(p.onPolicy).not.toHaveBeenCalled()
    expect((screen.getByLabelText('跳过该行') as HTMLInputElement).disabled).toBe(false)
    expect(screen.getByTestId('import-update-denied').textContent).toBe(
      '你的角色不能修改已有的联系人，因此不能选择“更新已有记录”。',
    )
  })

  it('says so in English, and not at all to a role that may change records', () => {
    renderStep('en', { canUpdate: false, imp: { ...imp, policy: 'update' } })
    expect(screen.getByTestId('import-update-denied').textContent).toBe(
      'Your role may not change existing people, so it cannot update them from the file.',
    )
    cleanup()
    renderStep('en')
    expect(screen.queryByTestId('import-update-denied')).toBeNull()
    expect((screen.getByLabelText('Update the existing record') as HTMLInputElement).disabled).toBe(false)
  })

  it('saves the mapping as a template by name; without rules there is no policy choice', () => {
    const p = renderStep('en', { imp: { ...imp, matching: false } })
    expect(screen.getByText(/no duplicate rules/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Name for this mapping'), { target: { value: 'CRM export' } })
    fireEvent.click(screen.getByText('Save mapping'))
    expect(p.onSaveTemplate).toHaveBeenCalledWith('CRM export')
  })
})
