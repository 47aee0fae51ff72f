import { DownloadOutlined } from '@ant-design/icons'
import { App, Button, Dropdown } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { problemText } from '../ProblemAlert.tsx'
import { exportFilter, type Selection, selectedCount } from './bulkActions.ts'
import { downloadExport, type ExportFormat } from './exportFile.ts'

interface Props {
  object: string
  selection: Selection
  total: number | undefined
  /** the URL's filter (JSON text) and sort */
  filter: string | null
  sort: string | null
  /** the columns to export after `id`, in order (the list's choice); all readable fields when absent */
  columns?: string[]
  /** offer vCard too (objects of people: exportsVcard) */
  vcard?: boolean
  compact?: boolean
}

/**
 * CSV / XLSX of the selected records, or of the whole list (its filter and sort) when none is selected, with
 * the list's columns in their order; for people also vCards (every card property, not the columns).
 */
export function ExportButton({ object, selection, total, filter, sort, columns, vcard, compact }: Props) {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const count = selectedCount(selection, total)
  const some = !selection.all && count > 0
  const run = async (format: ExportFormat) => {
    setBusy(true)
    try {
      await downloadExport(
        object,
        format,
        {
          filter: exportFilter(selection, filter),
          sort,
          columns: format === 'vcf' ? null : (columns?.join(',') ?? null),
        },
        i18n.language,
      )
    } catch (e) {
      message.error(problemText(e, t).title)
    } finally {
      setBusy(false)
    }
  }
  const scope = some
    ? t('list.exportScopeSelected', { count, formatted: count.toLocaleString(i18n.language) })
    : t('list.exportScopeAll')
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'scope',
            type: 'group',
            label: scope,
            children: [
              { key: 'csv', label: t('list.exportCsv'), onClick: () => void run('csv') },
              { key: 'xlsx', label: t('list.exportXlsx'), onClick: () => void run('xlsx') },
              ...(vcard
                ? [{ key: 'vcf', label: t('list.exportVcard'), onClick: () => void run('vcf') }]
                : []),
            ],
          },
        ],
      }}
    >
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        aria-label={t('list.export')}
        data-testid="export-button"
      >
        {compact ? null : t('list.export')}
      </Button>
    </Dropdown>
  )
}
