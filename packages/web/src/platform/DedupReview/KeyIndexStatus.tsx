import type { DedupKeyIndex } from '@kemai/shared/api/dedup.api'
import { Alert, Progress } from 'antd'
import { useTranslation } from 'react-i18next'
import { keyIndexPercent } from './dedup-review-api.ts'

/**
 * The duplicate check's key index while it is rebuilt in the background (docs/dedup.md "The key index"):
 * its progress, and what that means for the check on create meanwhile. Nothing when it is ready or the
 * check is off.
 */
export function KeyIndexStatus({ index }: { index: DedupKeyIndex | null | undefined }) {
  const { t, i18n } = useTranslation()
  if (!index || index.status === 'ready') return null
  const percent = keyIndexPercent(index)
  const n = (v: number | null) => (v === null ? '–' : v.toLocaleString(i18n.language))
  const counts = { done: n(index.done), total: n(index.total) }
  if (index.status === 'failed')
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="dedup-key-index"
        title={t('dedupReview.keyIndex.failed')}
        description={t('dedupReview.keyIndex.failedHint', counts)}
      />
    )
  return (
    <Alert
      type="info"
      showIcon
      data-testid="dedup-key-index"
      title={
        percent === null ? t('dedupReview.keyIndex.queued') : t('dedupReview.keyIndex.building', { percent })
      }
      description={
        <>
          <p className="km-dr-index-hint">
            {percent === null
              ? t('dedupReview.keyIndex.queuedHint')
              : t('dedupReview.keyIndex.buildingHint', counts)}
          </p>
          <Progress percent={percent ?? 0} status="active" size="small" />
        </>
      }
    />
  )
}
