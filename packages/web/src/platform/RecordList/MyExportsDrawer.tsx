import { DownloadOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons'
import type { ExportJob } from '@kemai/shared/api/exports.api'
import { EXPORT_FINAL_STATUSES } from '@kemai/shared/api/exports.constants'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Drawer, Empty, Popconfirm, Progress, Skeleton, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { ApiError } from '../api-client.ts'
import { labelOf } from '../label.ts'
import { problemText } from '../ProblemAlert.tsx'
import { SimpleList } from '../SimpleList.tsx'
import { useJobProgress } from '../useJobProgress.ts'
import { cancelExportJob, downloadExportJob, EXPORT_PROGRESS, listExportJobs } from './exportJobs.ts'

const STATUS_COLOR = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  cancelled: 'warning',
} as const
/**
 * At most this many exports are followed over SSE at once (a browser keeps about six connections per server,
 * and the notification bell holds one); the others are asked for every 2 s.
 */
const MAX_STREAMS = 2

/** Follows one export that has not ended (its stream, or a poll) and hands each state on. */
function FollowExport({
  id,
  stream,
  onUpdate,
}: {
  id: string
  stream: boolean
  onUpdate: (job: ExportJob) => void
}) {
  useJobProgress(EXPORT_PROGRESS, id, onUpdate, stream)
  return null
}

/**
 * "My exports": the signed-in user's background exports of the last 7 days, with live progress (SSE), cancel
 * and download.
 */
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
  const update = useCallback(
    (job: ExportJob) => setJobs((js) => js?.map((j) => (j.id === job.id ? job : j)) ?? js),
    [],
  )
  // the running ones first: they change; a queued one changes once, when it starts
  const live = (jobs ?? [])
    .filter((j) => !EXPORT_FINAL_STATUSES.has(j.status))
    .sort((a, b) => Number(b.status === 'running') - Number(a.status === 'running'))

  const cancel = async (j: ExportJob) => {
    setBusy(j.id)
    try {
      update(await cancelExportJob(j.id))
    } catch (e) {
      // it ended meanwhile (409 export.not_cancellable): say so, and show how it ended
      message.error(
        e instanceof ApiError && e.problem.errors?.[0]
          ? e.problem.errors[0].message
          : problemText(e, t).title,
      )
      load()
    } finally {
      setBusy(null)
    }
  }

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
      {open
        ? live.map((j, i) => <FollowExport key={j.id} id={j.id} stream={i < MAX_STREAMS} onUpdate={update} />)
        : null}
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
                {j.status === 'cancelled' ? (
                  <div>
                    <Typography.Text type="secondary" data-testid="export-cancelled">
                      {t('exports.cancelledHint')}
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
              ) : j.status === 'queued' || j.status === 'running' ? (
                <Popconfirm
                  title={t('exports.cancelConfirm')}
                  okText={t('exports.cancel')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('exports.keep')}
                  onConfirm={() => cancel(j)}
                >
                  <Button
                    danger
                    icon={<StopOutlined />}
                    loading={busy === j.id}
                    aria-label={t('exports.cancel')}
                    data-testid="export-cancel"
                  >
                    {isMobile ? null : t('exports.cancel')}
                  </Button>
                </Popconfirm>
              ) : undefined,
          }))}
        />
      )}
    </Drawer>
  )
}
