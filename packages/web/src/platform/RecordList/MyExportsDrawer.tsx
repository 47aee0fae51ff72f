import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons'
import type { ExportJob } from '@kemai/shared/api/exports.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Drawer, Empty, Progress, Skeleton, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { labelOf } from '../label.ts'
import { problemText } from '../ProblemAlert.tsx'
import { SimpleList } from '../SimpleList.tsx'
import { downloadExportJob, listExportJobs } from './exportJobs.ts'

const STATUS_COLOR = { queued: 'default', running: 'processing', done: 'success', failed: 'error' } as const
/** While an export runs, the drawer asks again this often (ms). */
const POLL_MS = 2000

/** "My exports": the signed-in user's background exports of the last 7 days, with progress and download. */
export function MyExportsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const { byName } = useMetadata()
  const isMobile = useIsMobile()
  const locale = i18n.language as Locale
  const [jobs, setJobs] = useState<ExportJob[] | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(() => {
    listExportJobs()
      .then((r) => setJobs(r.data))
      .catch((e) => message.error(problemText(e, t).title))
  }, [message, t])
  useEffect(() => {
    if (open) load()
  }, [open, load])
  const running = jobs?.some((j) => j.status === 'queued' || j.status === 'running') ?? false
  useEffect(() => {
    if (!open || !running) return
    const timer = setInterval(load, POLL_MS)
    return () => clearInterval(timer)
  }, [open, running, load])

  const download = async (j: ExportJob) => {
    setBusy(j.id)
    try {
      await downloadExportJob(j.id, i18n.language)
    } catch (e) {
      message.error(problemText(e, t).title)
    } finally {
      setBusy(null)
    }
  }
  const nf = (n: number) => n.toLocaleString(i18n.language)
  const title = (j: ExportJob) =>
    j.fileName ??
    `${labelOf(byName.get(j.object)?.pluralLabel, locale) || j.object} · ${t(`exports.format.${j.format}`)}`

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('exports.title')}
      size={isMobile ? '100%' : 480}
      destroyOnHidden
      extra={
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('exports.reload')}
          onClick={load}
          data-testid="exports-reload"
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('exports.hint')}</Typography.Paragraph>
      {jobs === null ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : jobs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exports.empty')} />
      ) : (
        <SimpleList
          testId="exports-list"
          items={jobs.map((j) => ({
            key: j.id,
            testId: 'export-item',
            title: <span className="km-export-name">{title(j)}</span>,
            description: (
              <>
                <Tag color={STATUS_COLOR[j.status]}>{t(`exports.status.${j.status}`)}</Tag>
                <Typography.Text type="secondary">
                  {new Date(j.createdAt).toLocaleString(i18n.language)}
                </Typography.Text>
                {j.status === 'running' || j.status === 'queued' ? (
                  <Progress
                    size="small"
                    percent={j.total ? Math.floor((j.rows / j.total) * 100) : 0}
                    format={() => (j.total === null ? nf(j.rows) : `${nf(j.rows)} / ${nf(j.total)}`)}
                  />
                ) : null}
                {j.status === 'done' ? (
                  <div>
                    <Typography.Text type="secondary">
                      {t('exports.rows', { count: j.rows, formatted: nf(j.rows) })}
                    </Typography.Text>
                  </div>
                ) : null}
                {j.status === 'failed' ? (
                  <div>
                    <Typography.Text type="danger" data-testid="export-error">
                      {t(`exports.error.${(j.error ?? 'internal').replaceAll('.', '_')}`, {
                        defaultValue: t('exports.error.internal'),
                      })}
                    </Typography.Text>
                  </div>
                ) : null}
              </>
            ),
            actions:
              j.status === 'done' ? (
                <Button
                  type="primary"
                  icon={<DownloadOutlined />}
                  loading={busy === j.id}
                  onClick={() => void download(j)}
                  aria-label={t('exports.download')}
                  data-testid="export-download"
                >
                  {isMobile ? null : t('exports.download')}
                </Button>
              ) : undefined,
          }))}
        />
      )}
    </Drawer>
  )
}
