import { AUTO_MERGE_MAX, type DedupSettings } from '@kemai/shared/api/dedup-review.api'
import { App, Button, InputNumber, Switch } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { dedupReviewApi } from './dedup-review-api.ts'

/** Admins: the score from which a scan merges a cluster by itself (every pair at or above it). */
export function AutoMergeSetting({
  object,
  settings,
  onSaved,
}: {
  object: string
  settings: DedupSettings
  onSaved(s: DedupSettings): void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [on, setOn] = useState(settings.autoMergeAbove !== null)
  const [score, setScore] = useState<number | null>(settings.autoMergeAbove ?? 12)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const value = on ? score : null
  const dirty = value !== settings.autoMergeAbove

  const save = async () => {
    setSaving(true)
    setError(null)
    try {
      const s = await dedupReviewApi.settings(object, { autoMergeAbove: value })
      onSaved(s)
      message.success(t('dedupReview.settingSaved'))
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <section className="km-dr-setting" data-testid="dedup-setting">
      <div className="km-dr-setting-row">
        <span className="km-dr-setting-label">
          <Switch
            size="small"
            checked={on}
            onChange={setOn}
            aria-label={t('dedupReview.autoMerge')}
            data-testid="dedup-auto-on"
          />
          {t('dedupReview.autoMerge')}
        </span>
        <InputNumber
          min={0}
          max={AUTO_MERGE_MAX}
          step={0.5}
          value={score}
          disabled={!on}
          onChange={(v) => setScore(typeof v === 'number' ? v : null)}
          aria-label={t('dedupReview.autoMergeScore')}
          data-testid="dedup-auto-score"
        />
        <Button onClick={save} loading={saving} disabled={!dirty || (on && score === null)}>
          {t('action.save')}
        </Button>
      </div>
      <p className="km-dr-hint">{t('dedupReview.autoMergeHint')}</p>
      {error !== null && <ProblemAlert error={error} />}
    </section>
  )
}
