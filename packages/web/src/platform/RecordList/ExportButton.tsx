import { DownloadOutlined } from '@ant-design/icons'
import { BACKGROUND_EXPORT_FROM } from '@kemai/shared/api/exports.constants'
import { App, Button, Dropdown } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { problemText } from '../ProblemAlert.tsx'
import { exportFilter, type Selection, selectedCount } from './bulkActions.ts'
import { downloadExport, type ExportFormat } from './exportFile.ts'
import { startExportJob } from './exportJobs.ts'
import { MyExportsDrawer } from './MyExportsDrawer.tsx'

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
 *
 * Up to BACKGROUND_EXPORT_FROM rows the file downloads at once. Above it the same entries start a background
 * export (the menu says so): the user keeps working and is notified when the file is ready, as CRMs such as
 * HubSpot and Salesforce do for large exports — nobody should have to guess which of two entries works for a
 * big list. "My exports" lists the files of the last 7 days.
 */
export function ExportButton({ object, selection, total, filter, sort, columns, vcard, compact }: Props) {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const [mine, setMine] = useState(false)
  const count = selectedCount(selection, total)
  const some = !selection.all && count > 0
  // without a selection of some rows the export is the whole list
  const rows = some ? count : (total ?? 0)
  const background = !some && rows > BACKGROUND_EXPORT_FROM
  const run = async (format: ExportFormat) => {
    setBusy(true)
    const query = { filter: exportFilter(selection, filter), sort }
    try {
      if (background) {
        await startExportJob(object, format, { ...query, columns: columns ?? null })
        message.success({
          content: (
            <span data-testid="export-queued">
              {t('list.exportQueued')}{' '}
              <Button type="link" size="small" onClick={() => setMine(true)}>
                {t('exports.title')}
              </Button>
            </span>
          ),
          duration: 6,
        })
      } else {
        await downloadExport(
          object,
          format,
          { ...query, columns: format === 'vcf' ? null : (columns?.join(',') ?? null) },
          i18n.language,
        )
      }
    } catch (e) {
      message.error(problemText(e, t).title)
    } finally {
      setBusy(false)
    }
  }
  const formatted = rows.toLocaleString(i18n.language)
  const scope = some
    ? t('list.exportScopeSelected', { count, formatted })
    : background
      ? t('list.exportScopeBackground', { count: rows, formatted })
      : t('list.exportScopeAll')
  return (
    <>
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
            { type: 'divider' },
            { key: 'mine', label: t('exports.title'), onClick: () => setMine(true) },
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
      <MyExportsDrawer open={mine} onClose={() => setMine(false)} />
    </>
  )
}
