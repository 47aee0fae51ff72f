import { Input } from 'antd'
import { useContext, useRef } from 'react'
import { FormEnvContext } from './formEnv.ts'
import { MergeFieldPicker } from './MergeFieldPicker.tsx'
import { insertAt, type MergeOption } from './mergeOptions.ts'
import './mergeFields.css'

interface Props {
  value?: string
  /** optional for a Form.Item, which passes it */
  onChange?(value: string): void
  multiline?: boolean
  placeholder?: string
  id?: string
  status?: 'error'
  maxLength?: number
  /** the merge fields to offer; by default those of the builder's step panel */
  options?: MergeOption[]
  /** rows of a multiline text */
  rows?: { minRows: number; maxRows: number }
  'data-testid'?: string
  'aria-label'?: string
}

/**
 * A text that may hold merge fields: an input (or text area) and the picker that inserts them at the
 * caret. In the builder's step panel it offers the step's merge fields; elsewhere (the e-mail template
 * editor) pass `options`.
 */
export function TemplateInput({
  value = '',
  onChange,
  multiline,
  placeholder,
  id,
  status,
  maxLength,
  options,
  rows = { minRows: 2, maxRows: 8 },
  ...rest
}: Props) {
  const env = useContext(FormEnvContext)
  const sel = useRef<{ start: number | null; end: number | null }>({ start: null, end: null })
  const field = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null)
  const remember = (el: HTMLInputElement | HTMLTextAreaElement) => {
    field.current = el
    sel.current = { start: el.selectionStart, end: el.selectionEnd }
  }
  const pick = (token: string) => {
    const r = insertAt(value, token, sel.current.start, sel.current.end)
    onChange?.(r.text)
    sel.current = { start: r.caret, end: r.caret }
    // put the caret after the inserted field once the new value is rendered
    requestAnimationFrame(() => {
      const el = field.current
      if (!el) return
      el.focus()
      el.setSelectionRange(r.caret, r.caret)
    })
  }
  const common = {
    id,
    value,
    status,
    placeholder,
    maxLength,
    'data-testid': rest['data-testid'],
    'aria-label': rest['aria-label'],
    onSelect: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => remember(e.currentTarget),
    onKeyUp: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => remember(e.currentTarget),
    onClick: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => remember(e.currentTarget),
  }
  return (
    <div className="km-wf-template">
      {multiline ? (
        <Input.TextArea
          {...common}
          autoSize={rows}
          onChange={(e) => {
            remember(e.currentTarget)
            onChange?.(e.target.value)
          }}
        />
      ) : (
        <Input
          {...common}
          onChange={(e) => {
            remember(e.currentTarget)
            onChange?.(e.target.value)
          }}
        />
      )}
      <MergeFieldPicker options={options ?? env?.merge ?? []} onPick={pick} />
    </div>
  )
}
