import { CloseOutlined, SearchOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Input, Select, Tag } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { optionsOf } from '../endpoints.ts'
import { choiceOf, tagColor } from '../FieldValue/FieldValue.tsx'
import { inSentence, labelOf } from '../label.ts'
import { type QuickFilter, quickSelectFields, searchPaths } from './listQuery.ts'

const TYPING_PAUSE_MS = 350

interface Props {
  object: ObjectMeta
  /** null: the URL holds a filter the toolbar did not build */
  state: QuickFilter | null
  onChange(next: QuickFilter): void
  onClear(): void
  compact: boolean
  /** the filter button and the saved views, after the quick filters */
  extra?: React.ReactNode
}

/** The title field, then one searched field per other type (姓名、邮箱、手机 rather than 姓名、姓、名). */
function placeholderFields(object: ObjectMeta): FieldMeta[] {
  const searched = searchPaths(object)
    .map((p) => object.fields.find((f) => f.name === p.split('.')[0]))
    .filter((f): f is FieldMeta => f !== undefined)
  const title = searched.find((f) => f.name === object.titleField)
  const out: FieldMeta[] = title ? [title] : []
  for (const f of searched) if (out.length < 3 && !out.some((o) => o.type === f.type)) out.push(f)
  return out
}

/** Search box and select pickers; every change becomes a filter AST in the URL (listQuery.ts). */
export function ListToolbar({ object, state, onChange, onClear, compact, extra }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const [text, setText] = useState(state?.q ?? '')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const q = state?.q ?? ''
  useEffect(() => setText(q), [q])
  useEffect(() => () => clearTimeout(timer.current), [])

  const commit = (value: string) => {
    clearTimeout(timer.current)
    if (value.trim() !== q.trim()) onChange({ q: value, selects: state?.selects ?? {} })
  }
  const selects = quickSelectFields(object)
  const objectLabel = inSentence(labelOf(object.pluralLabel, locale), locale)
  // "Search people: name, title, email…": the first fields the box looks in, from metadata
  const fieldLabels = placeholderFields(object)
    .map((f) => inSentence(labelOf(f.label, locale), locale))
    .join(t('list.listSeparator'))
  const placeholder = t('list.searchPlaceholder', { object: objectLabel, fields: fieldLabels })

  return (
    <search className="km-toolbar">
      <Input
        allowClear
        className="km-search"
        prefix={<SearchOutlined aria-hidden />}
        placeholder={placeholder}
        aria-label={t('list.searchLabel', { object: objectLabel })}
        value={text}
        onChange={(e) => {
          const v = e.target.value
          setText(v)
          clearTimeout(timer.current)
          timer.current = setTimeout(() => commit(v), TYPING_PAUSE_MS)
        }}
        onPressEnter={() => commit(text)}
        disabled={state === null}
      />
      {state !== null &&
        !compact &&
        selects.slice(0, 3).map((f) => (
          <Select
            key={f.name}
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            className="km-quick-select"
            placeholder={labelOf(f.label, locale)}
            aria-label={labelOf(f.label, locale)}
            value={state.selects[f.name] ?? []}
            onChange={(values: string[]) => onChange({ q, selects: { ...state.selects, [f.name]: values } })}
            options={(optionsOf(f).choices ?? []).map((c) => ({
              value: c.value,
              label: labelOf(c.label, locale) || c.value,
            }))}
            tagRender={({ value, closable, onClose }) => {
              const c = choiceOf(f, String(value))
              return (
                <Tag
                  color={tagColor(c?.color)}
                  closable={closable}
                  onClose={onClose}
                  className="km-select-tag"
                >
                  {c ? labelOf(c.label, locale) || c.value : String(value)}
                </Tag>
              )
            }}
          />
        ))}
      {extra}
      {(state === null || state.q || Object.values(state.selects).some((v) => v.length)) && (
        <Button type="text" icon={<CloseOutlined />} onClick={onClear}>
          {t('list.clearFilter')}
        </Button>
      )}
    </search>
  )
}
