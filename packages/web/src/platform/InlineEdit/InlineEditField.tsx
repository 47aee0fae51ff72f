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
import { LoadingOutlined } from '@ant-design/icons'
import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { useMe } from '../../app/session.tsx'
import { useLocale } from '../../app/useLocale.ts'
import type { FieldMeta, ObjectMeta, RecordDto } from '../endpoints.ts'
import { FieldValue } from '../FieldValue/FieldValue.tsx'
import { labelOf } from '../label.ts'
import { canEditField } from './editValue.ts'
import './inline-edit.css'

// the editor (and the inputs of every field type: date pickers, number inputs, pickers) loads on the
// first edit, so a list or record page does not download it up front (docs/web.md "Size")
const InlineEditor = lazy(() => import('./InlineEditor.tsx'))

export interface InlineEditFieldProps {
  object: ObjectMeta
  field: FieldMeta
  record: RecordDto
  onSaved(record: RecordDto): void
  compact?: boolean
  readOnly?: boolean
}

export function InlineEditField({ object, field, record, onSaved, compact, readOnly }: InlineEditFieldProps) {
  const { t, locale } = useLocale()
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
      <Suspense
        fallback={
          <span className="km-inline-value">
            <FieldValue
              field={field}
              value={record[field.name]}
              timeZone={me.workspace.timeZone}
              compact={compact}
            />{' '}
            <LoadingOutlined aria-hidden />
          </span>
        }
      >
        <InlineEditor
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
      </Suspense>
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
      aria-label={t('inlineEdit.editField', { field: labelOf(field.label, locale) })}
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
      <span className="km-inline-pen" aria-hidden />
    </span>
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
