import { CheckOutlined, CloseOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Form } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { ApiError } from '../api-client.ts'
import { type RecordDto, recordsApi } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { problemText } from '../ProblemAlert.tsx'
import { FieldInput } from '../RecordForm/FieldInput.tsx'
import {
  controlProps,
  type EditorValue,
  fromEditorValue,
  sameValue,
  toEditorValue,
  validateValue,
} from './editValue.ts'
import type { InlineEditFieldProps } from './InlineEditField.tsx'

/** Types whose input takes Enter for itself (new lines, picking an option). */
const ENTER_IS_INPUT = new Set([
  'long_text',
  'select',
  'multi_select',
  'tags',
  'user',
  'relation',
  'date',
  'datetime',
])

/** The open editor: its own state, mounted only while editing (a list has hundreds of triggers). */
export default function InlineEditor({
  object,
  field,
  record,
  onSaved,
  compact,
  onClose,
}: Omit<InlineEditFieldProps, 'readOnly'> & { onClose(then?: 'next' | 'prev'): void }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const timeZone = me.workspace.timeZone
  const [value, setValue] = useState<EditorValue>(() => toEditorValue(field, record[field.name], timeZone))
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [problem, setProblem] = useState<unknown>(null)
  const [conflict, setConflict] = useState<RecordDto | null>(null)
  const [saving, setSaving] = useState(false)
  const boxRef = useRef<HTMLDivElement>(null)
  const label = labelOf(field.label, locale)
  useEffect(() => {
    boxRef.current
      ?.querySelector<HTMLElement>('input, textarea, button[role="switch"], [tabindex="0"]')
      ?.focus()
  }, [])

  const save = async (then?: 'next' | 'prev'): Promise<void> => {
    const next = fromEditorValue(field, value, timeZone)
    const local = validateValue(field, next, locale)
    if (local) {
      setFieldError(local)
      return
    }
    if (sameValue(next, record[field.name])) {
      onClose(then)
      return
    }
    setSaving(true)
    setFieldError(null)
    setProblem(null)
    try {
      const saved = await recordsApi.update(object.name, record.id, { [field.name]: next }, record.version)
      onSaved(saved)
      onClose(then)
    } catch (e) {
      setSaving(false)
      if (e instanceof ApiError && e.status === 409 && e.problem.code === 'version_conflict') {
        setConflict(((e.problem as { current?: RecordDto }).current ?? null) as RecordDto | null)
        setProblem(e)
      } else {
        const own =
          e instanceof ApiError
            ? e.problem.errors?.find((x) => x.path.split(/[.[]/)[0] === field.name)
            : undefined
        if (own) setFieldError(own.message)
        else setProblem(e)
      }
    }
  }

  const reloadLatest = () => {
    if (!conflict) return
    onSaved(conflict)
    setValue(toEditorValue(field, conflict[field.name], timeZone))
    setConflict(null)
    setProblem(null)
  }

  const title = problem ? problemText(problem, t).title : null
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the editor box catches the keys of whichever input it holds
    <div
      ref={boxRef}
      className={`km-inline-editor${compact ? ' km-inline-compact' : ''}`}
      data-testid="inline-editor"
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          e.stopPropagation()
          onClose()
        } else if (e.key === 'Tab') {
          e.preventDefault()
          void save(e.shiftKey ? 'prev' : 'next')
        } else if (e.key === 'Enter' && !ENTER_IS_INPUT.has(field.type) && !e.nativeEvent.isComposing) {
          e.preventDefault()
          e.stopPropagation()
          void save()
        }
      }}
    >
      <Form component={false}>
        <Form.Item
          className="km-inline-item"
          validateStatus={fieldError ? 'error' : undefined}
          help={fieldError ?? undefined}
        >
          <div className="km-inline-row">
            <div className="km-inline-input">
              <FieldInput
                field={field}
                defaultCurrency={me.workspace.currency}
                {...controlProps(field, value, label, (v) => {
                  setValue(v)
                  setFieldError(null)
                })}
              />
            </div>
            <Button
              size="small"
              type="primary"
              icon={<CheckOutlined />}
              loading={saving}
              onClick={() => void save()}
              aria-label={t('action.save')}
              data-testid="inline-save"
            />
            <Button
              size="small"
              icon={<CloseOutlined />}
              onClick={() => onClose()}
              aria-label={t('action.cancel')}
            />
          </div>
        </Form.Item>
      </Form>
      {title !== null && (
        <Alert
          className="km-inline-problem"
          type={conflict ? 'warning' : 'error'}
          showIcon
          role="alert"
          title={title}
          action={
            conflict ? (
              <Button size="small" onClick={reloadLatest} data-testid="inline-reload">
                {t('inlineEdit.loadLatest')}
              </Button>
            ) : undefined
          }
        />
      )}
    </div>
  )
}
