import { DownloadOutlined } from '@ant-design/icons'
import { App, Button, Dropdown } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { problemText } from '../ProblemAlert.tsx'
import { exportFilter, type Selection, selectedCount } from './bulkActions.ts'
import { downloadExport } from './exportFile.ts'

interface Props {
  object: string
  selection: Selection
  total: number | undefined
  /** the URL's filter (JSON text) and sort */
  filter: string | null
  sort: string | null
  /** the columns to export after `id`, in order (the list's choice); all readable fields when absent */
  columns?: string[]
  compact?: boolean
}

/**
 * CSV / XLSX of the selected records, or of the whole list (its filter and sort) when none is selected, with
 * the list's columns in their order.
 */
export function ExportButton({ object, selection, total, filter, sort, columns, compact }: Props) {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const count = selectedCount(selection, total)
  const some = !selection.all && count > 0
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true)
    try {
      await downloadExport(
        object,
        format,
        { filter: exportFilter(selection, filter), sort, columns: columns?.join(',') ?? null },
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
