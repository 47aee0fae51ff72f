import { type ButtonProps, Modal } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ObjectMeta, recordsApi } from '../endpoints.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { RelationPicker } from '../RecordForm/RelationPicker.tsx'

/** Picks a record of `from` and points its relation field at this record. */
export function LinkExistingModal({
  from,
  field,
  id,
  title,
  onClose,
  onLinked,
}: {
  from: ObjectMeta
  field: string
  id: string
  title: string
  onClose(): void
  onLinked(title: string): void
}) {
  const { t } = useTranslation()
  const [picked, setPicked] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const save = async () => {
    if (!picked) return
    setSaving(true)
    setError(null)
    try {
      const rec = await recordsApi.update(from.name, picked, { [field]: id })
      onLinked(String(rec[from.titleField] ?? ''))
    } catch (e) {
      setError(e)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={save}
      okText={t('record.related.link')}
      cancelText={t('action.cancel')}
      okButtonProps={{
        disabled: !picked,
        loading: saving,
        ...({ 'data-testid': 'related-link-ok' } as ButtonProps),
      }}
      destroyOnHidden
    >
      <div className="km-link-existing" data-testid="related-link-modal">
        <RelationPicker target={from.name} value={picked} onChange={setPicked} />
        {error !== null && <ProblemAlert error={error} />}
      </div>
    </Modal>
  )
}
