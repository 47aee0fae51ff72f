import type { Locale } from '@kemai/shared/i18n/messages'
import { Form, Modal, Select, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { useMe } from '../../app/session.tsx'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import {
  canEditField,
  controlProps,
  type EditorValue,
  fromEditorValue,
  validateValue,
} from '../InlineEdit/editValue.ts'
import { labelOf } from '../label.ts'
import { FieldInput } from '../RecordForm/FieldInput.tsx'

export type BulkChange = { field: string; value: unknown }

interface Props {
  object: ObjectMeta
  /** 'field': pick any field the user may edit; 'owner': the owner only */
  mode: 'field' | 'owner' | null
  count: number
  onCancel(): void
  onApply(change: BulkChange): void
}

/** Asks for one field and its new value (or the new owner) for every selected record. */
export function BulkEditModal({ object, mode, count, onCancel, onApply }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const { userNames } = useMetadata()
  const fields = useMemo(
    () => object.fields.filter((f) => canEditField(me, object.name, f) && f.name !== object.titleField),
    [object, me],
  )
  const [fieldName, setFieldName] = useState<string | undefined>(undefined)
  const [value, setValue] = useState<EditorValue>(undefined)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (mode) {
      setFieldName(mode === 'owner' ? 'owner_id' : undefined)
      setValue(undefined)
      setError(null)
    }
  }, [mode])
  const field: FieldMeta | undefined = fields.find((f) => f.name === fieldName)
  const formatted = count.toLocaleString(locale)

  const ok = () => {
    if (mode === 'owner') {
      if (typeof value !== 'string') {
        setError(t('form.required'))
        return
      }
      onApply({ field: 'owner_id', value })
      return
    }
    if (!field) return
    const next = fromEditorValue(field, value, me.workspace.timeZone)
    const problem = validateValue(field, next, locale)
    if (problem) {
      setError(problem)
      return
    }
    onApply({ field: field.name, value: next })
  }

  return (
    <Modal
      open={mode !== null}
      title={t(mode === 'owner' ? 'list.bulkOwnerTitle' : 'list.bulkEditTitle', { count, formatted })}
      onCancel={onCancel}
      onOk={ok}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      okButtonProps={{
        disabled: mode === 'field' && !field,
        ...({ 'data-testid': 'bulk-apply' } as Record<string, string>),
      }}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        {mode === 'field' && (
          <Form.Item label={t('list.bulkField')}>
            <Select
              aria-label={t('list.bulkField')}
              value={fieldName}
              onChange={(v: string) => {
                setFieldName(v)
                setValue(undefined)
                setError(null)
              }}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('form.choose')}
              options={fields.map((f) => ({ value: f.name, label: labelOf(f.label, locale) }))}
              data-testid="bulk-field"
            />
          </Form.Item>
        )}
        {mode === 'owner' && (
          <Form.Item validateStatus={error ? 'error' : undefined} help={error ?? undefined}>
            <Select
              aria-label={t('system.owner')}
              value={typeof value === 'string' ? value : undefined}
              onChange={(v: string) => {
                setValue(v)
                setError(null)
              }}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('form.choose')}
              options={[...userNames].map(([id, name]) => ({ value: id, label: name }))}
              data-testid="bulk-owner"
            />
          </Form.Item>
        )}
        {field && (
          <Form.Item
            label={t('list.bulkValue')}
            validateStatus={error ? 'error' : undefined}
            help={error ?? undefined}
            extra={<Typography.Text type="secondary">{t('list.bulkClearHint')}</Typography.Text>}
          >
            <FieldInput
              field={field}
              defaultCurrency={me.workspace.currency}
              {...controlProps(field, value, labelOf(field.label, locale), (v) => {
                setValue(v)
                setError(null)
              })}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
