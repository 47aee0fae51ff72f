import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Form } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { ApiError } from '../api-client.ts'
import { type ObjectMeta, optionsOf, type RecordDto, recordsApi } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { DuplicateCandidates, duplicateCandidatesOf } from './DuplicateCandidates.tsx'
import { FieldInput } from './FieldInput.tsx'
import { type FormValue, fieldOfPath, formFields, toRecordInput } from './formValues.ts'

interface Props {
  object: ObjectMeta
  onCreated(record: RecordDto): void
  onCancel?: () => void
  /** values to start from (a related list's "add" sets the relation to the record it is on) */
  initialValues?: Record<string, FormValue>
}

/**
 * The create form of any object, rendered from its field metadata. It posts to the records API; the
 * server's validation (the one write path) decides, and its per-field messages land on the fields.
 */
export function RecordForm({ object, onCreated, onCancel, initialValues }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const [form] = Form.useForm<Record<string, FormValue>>()
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const fields = useMemo(() => formFields(object), [object])
  const candidates = duplicateCandidatesOf(error)

  const submit = async (values: Record<string, FormValue>, allowDuplicate = false) => {
    setSaving(true)
    setError(null)
    try {
      const input = toRecordInput(fields, values, me.workspace.timeZone)
      const rec = await recordsApi.create(object.name, input, { allowDuplicate })
      onCreated(rec)
    } catch (e) {
      setError(e)
      if (e instanceof ApiError) {
        const byField = new Map<string, string[]>()
        for (const fe of e.problem.errors ?? []) {
          const name = fieldOfPath(fe.path, fields)
          if (name) byField.set(name, [...(byField.get(name) ?? []), fe.message])
        }
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })))
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <Form
      form={form}
      initialValues={initialValues}
      layout="vertical"
      onFinish={(values) => submit(values)}
      requiredMark
      // the browser's own bubbles (in the browser's language) would stop the submit before the
      // server could say, in the user's language, what is wrong with a value
      noValidate
      data-testid="record-form"
      scrollToFirstError={{ block: 'center' }}
    >
      {error !== null && (
        <div className="km-form-error">
          {candidates && error instanceof ApiError ? (
            <DuplicateCandidates
              object={object}
              error={error}
              candidates={candidates}
              creating={saving}
              onCreateAnyway={() => submit(form.getFieldsValue(true), true)}
            />
          ) : (
            <ProblemAlert error={error} hidePath={(p) => fieldOfPath(p, fields) !== null} />
          )}
        </div>
      )}
      {fields.map((f) => {
        const o = optionsOf(f)
        const help = o.help ? labelOf(o.help, locale) : undefined
        return (
          <Form.Item
            key={f.name}
            name={f.name}
            label={labelOf(f.label, locale)}
            extra={help || undefined}
            valuePropName={f.type === 'boolean' ? 'checked' : 'value'}
            rules={o.required ? [{ required: true, message: t('form.required') }] : undefined}
          >
            <FieldInput field={f} defaultCurrency={me.workspace.currency} />
          </Form.Item>
        )
      })}
      <div className="km-form-actions">
        {onCancel && <Button onClick={onCancel}>{t('action.cancel')}</Button>}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="record-form-submit">
          {t('action.create')}
        </Button>
      </div>
    </Form>
  )
}
