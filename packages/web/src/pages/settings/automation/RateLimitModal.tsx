import { InputNumber, Modal, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Workflow, workflowsApi } from '../../../platform/Automation/automation-api.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'

const MAX = 1_000_000

/** Sets a workflow's rate limit: starts beyond it within a minute are recorded as failed runs. */
export function RateLimitModal({
  workflow,
  onClose,
  onSaved,
}: {
  workflow: Workflow
  onClose(): void
  onSaved(w: Workflow): void
}) {
  const { t, i18n } = useTranslation()
  const [value, setValue] = useState<number | null>(workflow.maxRunsPerMinute)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const valid = value !== null && Number.isInteger(value) && value >= 1 && value <= MAX

  const save = async () => {
    if (!valid) return
    setSaving(true)
    setError(null)
    try {
      onSaved(await workflowsApi.update(workflow.id, { maxRunsPerMinute: value }))
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open
      title={t('automation.rate.title', { name: workflow.name })}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      onOk={save}
      onCancel={onClose}
      okButtonProps={{ disabled: !valid, loading: saving, ...({ 'data-testid': 'rate-save' } as object) }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('automation.rate.hint')}</Typography.Paragraph>
      <label className="km-admin-field" htmlFor="km-rate-input">
        <span>{t('automation.rate.label')}</span>
        <InputNumber
          min={1}
          max={MAX}
          id="km-rate-input"
          precision={0}
          value={value}
          onChange={(v) => setValue(typeof v === 'number' ? v : null)}
          onPressEnter={save}
          suffix={t('automation.rate.unit')}
          className="km-auto-rate"
          data-testid="rate-input"
        />
      </label>
      {valid ? null : (
        <Typography.Text type="danger" className="km-admin-sub">
          {t('automation.rate.invalid', { max: MAX.toLocaleString(i18n.language) })}
        </Typography.Text>
      )}
      {error ? (
        <div className="km-auto-gap-top">
          <ProblemAlert error={error} />
        </div>
      ) : null}
    </Modal>
  )
}
