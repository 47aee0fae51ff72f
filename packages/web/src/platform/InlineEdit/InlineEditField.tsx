/**
 * InlineEditField — one field of one record, edited in place (list cells, record page sections).
 *
 * Props (stable; keep additions optional):
 * - `object`, `field`: the metadata of what is edited.
 * - `record`: the record as last read; its `version` goes out as `If-Match`, `record[field.name]` is shown.
 * - `onSaved(record)`: called with the server's answer after a save, and with the current record from a
 *   409 when the user picks "load the latest" — the owner replaces its copy with it.
 * - `compact`: one line, no wrapping (table cells, cards); default false (record page).
 * - `readOnly`: force display only (on top of the user's field permissions, which are always respected).
 *
 * Behaviour: shows the value with FieldValue; a click (compact: a click on the pencil, since a click on a
 * list row opens the record), Enter or F2 opens the editor (RecordForm/FieldInput);
 * Enter (single-line inputs) or ✓ saves, Escape or ✕ cancels, Tab saves and moves to the next editable
 * field. The value is checked first with the server's rules and messages (editValue.ts), then sent as
 * `PATCH /records/{object}/{id}` with `If-Match: version`; a field error from the server lands under the
 * input, another problem above it, and a 409 says the record changed and offers to load the latest.
 */
import { CheckOutlined, CloseOutlined, EditOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Form } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { ApiError } from '../api-client.ts'
import { type FieldMeta, type ObjectMeta, type RecordDto, recordsApi } from '../endpoints.ts'
import { FieldValue } from '../FieldValue/FieldValue.tsx'
import { labelOf } from '../label.ts'
import { problemText } from '../ProblemAlert.tsx'
import { FieldInput } from '../RecordForm/FieldInput.tsx'
import {
  canEditField,
  controlProps,
  type EditorValue,
  fromEditorValue,
  sameValue,
  toEditorValue,
  validateValue,
} from './editValue.ts'

export interface InlineEditFieldProps {
  object: ObjectMeta
  field: FieldMeta
  record: RecordDto
  onSaved(record: RecordDto): void
  compact?: boolean
  readOnly?: boolean
}

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

export function InlineEditField({ object, field, record, onSaved, compact, readOnly }: InlineEditFieldProps) {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const editable = !readOnly && canEditField(me, object.name, field)
  const [editing, setEditing] = useState(false)
  const triggerRef = useRef<HTMLSpanElement>(null)
  const refocus = useRef(false)
  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false
      triggerRef.current?.focus()
    }
  }, [editing])

  if (editing)
    return (
      <Editor
        object={object}
        field={field}
        record={record}
        onSaved={onSaved}
        compact={compact}
        onClose={(then) => {
          refocus.current = !then
          setEditing(false)
          if (then) requestAnimationFrame(() => focusSibling(triggerRef.current, then))
        }}
      />
    )
  const shown = (
    <FieldValue field={field} value={record[field.name]} timeZone={me.workspace.timeZone} compact={compact} />
  )
  if (!editable) return <span className="km-inline-value">{shown}</span>
  return (
    // biome-ignore lint/a11y/useSemanticElements: the value may hold links (email, phone, related record), so it cannot be a <button>
    <span
      ref={triggerRef}
      role="button"
      tabIndex={0}
      className={`km-inline-trigger${compact ? ' km-inline-compact' : ''}`}
      aria-label={t('inlineEdit.editField', { field: labelOf(field.label, i18n.language as Locale) })}
      data-inline-edit={field.name}
      onClick={(e) => {
        const target = e.target as HTMLElement
        // in a list a click on the row opens the record: there the pencil (or Enter) is the way in
        if (target.closest('a') || (compact && !target.closest('.km-inline-pen'))) return
        e.stopPropagation()
        setEditing(true)
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'F2') {
          e.preventDefault()
          e.stopPropagation()
          setEditing(true)
        }
      }}
    >
      {shown}
      <EditOutlined className="km-inline-pen" aria-hidden />
    </span>
  )
}

/** The open editor: its own state, mounted only while editing (a list has hundreds of triggers). */
function Editor({
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

/** Moves focus to the next (or previous) editable value in document order: Tab through a row, then rows. */
function focusSibling(from: HTMLElement | null, dir: 'next' | 'prev') {
  const all = [...document.querySelectorAll<HTMLElement>('[data-inline-edit]')]
  if (!from) return
  const i = all.indexOf(from)
  const target = all[dir === 'next' ? i + 1 : i - 1]
  ;(target ?? from).focus()
}
