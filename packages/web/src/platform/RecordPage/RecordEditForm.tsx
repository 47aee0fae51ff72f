import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Form } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { ApiError } from '../api-client.ts'
import { type ObjectMeta, optionsOf, type RecordDto, recordsApi } from '../endpoints.ts'
import {
  canEditField,
  type EditorValue,
  fromEditorValue,
  sameValue,
  toEditorValue,
  validateValue,
} from '../InlineEdit/editValue.ts'
import { labelOf } from '../label.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { FieldInput } from '../RecordForm/FieldInput.tsx'
import { sectionsOf } from './sections.ts'

interface Props {
  object: ObjectMeta
  record: RecordDto
  onSaved(record: RecordDto): void
  /** the record as it is now, after a 409 (the page shows it too) */
  onLatest(record: RecordDto): void
  onCancel(): void
}

/**
 * The header's "Edit": every field the user may change, in layout order, saved at once. Only the
 * changed fields are sent (`PATCH` with `If-Match: version`); the server's field messages land under
 * their fields; a 409 says the record changed meanwhile and offers its current values.
 */
export function RecordEditForm({ object, record, onSaved, onLatest, onCancel }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const tz = me.workspace.timeZone
  const [form] = Form.useForm<Record<string, EditorValue>>()
  const [base, setBase] = useState(record)
  const [error, setError] = useState<unknown>(null)
  const [conflict, setConflict] = useState<RecordDto | null>(null)
  const [saving, setSaving] = useState(false)
  const fields = useMemo(
    () => sectionsOf(object).flatMap((s) => s.fields.filter((f) => canEditField(me, object.name, f))),
    [object, me],
  )
  const initial = useMemo(
    () => Object.fromEntries(fields.map((f) => [f.name, toEditorValue(f, base[f.name], tz)])),
    [fields, base, tz],
  )

  const submit = async (values: Record<string, EditorValue>) => {
    const patch: Record<string, unknown> = {}
    const problems: { name: string; errors: string[] }[] = []
    for (const f of fields) {
      const next = fromEditorValue(f, values[f.name], tz)
      if (sameValue(next, base[f.name])) continue
      const why = validateValue(f, next, locale)
      if (why) problems.push({ name: f.name, errors: [why] })
      patch[f.name] = next
    }
    if (problems.length) {
      form.setFields(problems)
      return
    }
    if (Object.keys(patch).length === 0) {
      onCancel()
      return
    }
    setSaving(true)
    setError(null)
    setConflict(null)
    try {
      onSaved(await recordsApi.update(object.name, record.id, patch, base.version))
    } catch (e) {
      setError(e)
      if (e instanceof ApiError && e.status === 409 && e.problem.code === 'version_conflict')
        setConflict(((e.problem as { current?: RecordDto }).current ?? null) as RecordDto | null)
      if (e instanceof ApiError) {
        const byField = new Map<string, string[]>()
        for (const fe of e.problem.errors ?? []) {
          const name = fe.path.split(/[.[]/)[0] ?? ''
          if (fields.some((f) => f.name === name))
            byField.set(name, [...(byField.get(name) ?? []), fe.message])
        }
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })))
      }
    } finally {
      setSaving(false)
    }
  }

  const loadLatest = () => {
    if (!conflict) return
    setBase(conflict)
    onLatest(conflict)
    form.setFieldsValue(
      Object.fromEntries(fields.map((f) => [f.name, toEditorValue(f, conflict[f.name], tz)])),
    )
    setConflict(null)
    setError(null)
  }

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      requiredMark
      noValidate
      data-testid="record-edit-form"
    >
      {error !== null &&
        (conflict ? (
          <Alert
            className="km-form-error"
            type="warning"
            showIcon
            role="alert"
            title={error instanceof ApiError ? error.problem.title : ''}
            action={
              <Button size="small" onClick={loadLatest} data-testid="edit-load-latest">
                {t('record.loadLatest')}
              </Button>
            }
          />
        ) : (
          <div className="km-form-error">
            <ProblemAlert error={error} hidePath={(p) => fields.some((f) => f.name === p.split(/[.[]/)[0])} />
          </div>
        ))}
      {fields.map((f) => (
        <Form.Item
          key={f.name}
          name={f.name}
          label={labelOf(f.label, locale)}
          valuePropName={f.type === 'boolean' ? 'checked' : 'value'}
          rules={optionsOf(f).required ? [{ required: true, message: t('form.required') }] : undefined}
        >
          <FieldInput field={f} defaultCurrency={me.workspace.currency} />
        </Form.Item>
      ))}
      <div className="km-form-actions">
        <Button onClick={onCancel}>{t('action.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="record-edit-submit">
          {t('action.save')}
        </Button>
      </div>
    </Form>
  )
}
