import { ScanOutlined } from '@ant-design/icons'
import type { DedupScan } from '@kemai/shared/api/dedup-review.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Progress } from 'antd'
import { useTranslation } from 'react-i18next'
import { isActive, percentOf } from './dedup-review-api.ts'

/** The latest scan: start button, live progress while it runs, and what it found when it is done. */
export function ScanPanel({
  scan,
  canScan,
  starting,
  onStart,
}: {
  scan: DedupScan | null
  canScan: boolean
  starting: boolean
  onStart(): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const active = isActive(scan)
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : ''

  return (
    <section className="km-dr-scan" data-testid="dedup-scan">
      <div className="km-dr-scan-row">
        <div className="km-dr-scan-text">
          {!scan && t('dedupReview.neverScanned')}
          {scan && active && (
            <span data-testid="dedup-progress">
              {t(`dedupReview.phase.${scan.phase}`, { done: scan.done, total: scan.total })}
            </span>
          )}
          {scan?.status === 'done' && (
            <span>
              {[
                t('dedupReview.lastScan', { when: when(scan.finishedAt), records: scan.total }),
                t('dedupReview.found', { count: scan.clusters }),
                ...(scan.merged > 0 ? [t('dedupReview.autoMerged', { count: scan.merged })] : []),
              ].join(locale === 'en' ? ' ' : '')}
            </span>
          )}
          {scan?.status === 'failed' && <span>{t('dedupReview.failed')}</span>}
        </div>
        {canScan && (
          <Button
            type={scan ? 'default' : 'primary'}
            icon={<ScanOutlined />}
            onClick={onStart}
            loading={starting || active}
            data-testid="dedup-start"
          >
            {t(scan ? 'dedupReview.rescan' : 'dedupReview.start')}
          </Button>
        )}
      </div>
      {scan && active && <Progress percent={percentOf(scan)} status="active" size="small" />}
      {scan && scan.mergeFailed > 0 && (
        <Alert
          type="warning"
          showIcon
          className="km-dr-scan-alert"
          title={t('dedupReview.mergeFailed', { count: scan.mergeFailed })}
        />
      )}
    </section>
  )
}
