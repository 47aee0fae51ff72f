import type { FieldType } from '@kemai/shared/fields'
import { DatePicker, Input, InputNumber, Segmented, Select, Space, Switch } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type FieldMeta, optionsOf } from '../../endpoints.ts'
import { labelOf } from '../../label.ts'
import { CURRENCIES } from '../../RecordForm/FieldInput.tsx'
import { RelationPicker } from '../../RecordForm/RelationPicker.tsx'
import { isoToWallTime, wallTimeToIso } from '../../time-zone.ts'
import { useFormEnv } from '../formEnv.ts'
import { TemplateInput } from '../TemplateInput.tsx'

/** Field types whose value is text: merge fields go inside it. */
const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['text', 'long_text', 'email', 'phone', 'url'])
/** Field types with no literal input here: only a merge field (or clearing) fills them. */
const MERGE_ONLY: ReadonlySet<FieldType> = new Set(['address', 'json', 'file'])

type Mode = 'fixed' | 'merge' | 'clear'

export function modeOf(field: FieldMeta, v: unknown): Mode {
  if (v === null) return 'clear'
  if (MERGE_ONLY.has(field.type)) return 'merge'
  if (TEXT_TYPES.has(field.type)) return 'fixed'
  return typeof v === 'string' && v.includes('{{') ? 'merge' : 'fixed'
}

/** The value a field starts with in a workflow step (a literal of its type). */
export function defaultValue(field: FieldMeta, users: { value: string }[], timeZone: string): unknown {
  const o = optionsOf(field)
  switch (field.type) {
    case 'number':
    case 'percent':
    case 'rating':
      return 0
    case 'currency':
      return { amount: '0.00', currency: o.currency ?? 'CNY' }
    case 'boolean':
      return true
    case 'select':
      return o.choices?.[0]?.value ?? ''
    case 'multi_select':
    case 'tags':
      return []
    case 'date':
      return isoToWallTime(new Date().toISOString(), timeZone).slice(0, 10)
    case 'datetime':
      return new Date().toISOString()
    case 'user':
      return users[0]?.value ?? ''
    case 'address':
    case 'json':
    case 'file':
      return ''
    default:
      return ''
  }
}

/**
 * The value a step writes into a field: a literal of the field's type, a merge field
 * (`{{trigger.record.amount}}`, which keeps its type), or nothing (clears the field).
 */
export function ValueInput({
  field,
  value,
  onChange,
  status,
}: {
  field: FieldMeta
  value: unknown
  onChange(v: unknown): void
  status?: 'error'
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const [mode, setMode] = useState<Mode>(() => modeOf(field, value))
  const modes: Mode[] = TEXT_TYPES.has(field.type)
    ? ['fixed', 'clear']
    : MERGE_ONLY.has(field.type)
      ? ['merge', 'clear']
      : ['fixed', 'merge', 'clear']
  const switchTo = (m: Mode) => {
    setMode(m)
    if (m === 'clear') onChange(null)
    else if (m === 'merge') onChange('')
    else onChange(defaultValue(field, env.users, env.timeZone))
  }
  return (
    <div className="km-wf-value">
      <Segmented<Mode>
        size="small"
        value={mode}
        onChange={switchTo}
        options={modes.map((m) => ({ value: m, label: t(`workflowBuilder.value.${m}`) }))}
        aria-label={t('workflowBuilder.value.mode')}
      />
      <div className="km-wf-value-input">
        {mode === 'clear' ? null : mode === 'merge' || TEXT_TYPES.has(field.type) ? (
          <TemplateInput
            value={typeof value === 'string' ? value : ''}
            onChange={onChange}
            multiline={field.type === 'long_text'}
            status={status}
            placeholder={
              mode === 'merge'
                ? t('workflowBuilder.value.mergeHint', { example: '{{trigger.record.name}}' })
                : undefined
            }
            aria-label={labelOf(field.label, env.locale)}
            data-testid={`wf-value-${field.name}`}
          />
        ) : (
          <Literal field={field} value={value} onChange={onChange} status={status} />
        )}
      </div>
    </div>
  )
}

function Literal({
  field,
  value,
  onChange,
  status,
}: {
  field: FieldMeta
  value: unknown
  onChange(v: unknown): void
  status?: 'error'
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const o = optionsOf(field)
  const label = labelOf(field.label, env.locale)
  const common = { 'aria-label': label, status, 'data-testid': `wf-value-${field.name}` }
  switch (field.type) {
    case 'number':
    case 'percent':
    case 'rating':
      return (
        <InputNumber
          {...common}
          className="km-full"
          value={typeof value === 'number' ? value : null}
          min={field.type === 'rating' ? 0 : o.min}
          max={field.type === 'rating' ? (o.scale ?? 5) : o.max}
          precision={field.type === 'rating' ? 0 : o.precision}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        />
      )
    case 'currency': {
      const m = (value ?? {}) as { amount?: string | number; currency?: string }
      return (
        <Space.Compact className="km-full">
          <Select
            value={m.currency ?? o.currency ?? 'CNY'}
            onChange={(currency: string) => onChange({ amount: String(m.amount ?? '0.00'), currency })}
            options={CURRENCIES.map((c) => ({ value: c, label: c }))}
            popupMatchSelectWidth={false}
            aria-label={t('workflowBuilder.value.currency')}
          />
          <InputNumber
            {...common}
            className="km-full"
            value={m.amount === undefined ? null : Number(m.amount)}
            precision={2}
            onChange={(v) =>
              onChange({
                amount: (typeof v === 'number' ? v : 0).toFixed(2),
                currency: m.currency ?? o.currency ?? 'CNY',
              })
            }
          />
        </Space.Compact>
      )
    }
    case 'boolean':
      return (
        <Switch
          aria-label={label}
          checked={value === true}
          onChange={(v) => onChange(v)}
          data-testid={`wf-value-${field.name}`}
        />
      )
    case 'select':
    case 'multi_select':
      return (
        <Select
          {...common}
          className="km-full"
          mode={field.type === 'multi_select' ? 'multiple' : undefined}
          value={value ?? undefined}
          onChange={onChange}
          placeholder={t('form.choose')}
          options={(o.choices ?? []).map((c) => ({
            value: c.value,
            label: labelOf(c.label, env.locale) || c.value,
          }))}
        />
      )
    case 'tags':
      return (
        <Select
          {...common}
          className="km-full"
          mode="tags"
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
          tokenSeparators={[',', '，']}
          open={false}
          placeholder={t('form.tagsHint')}
        />
      )
    case 'date':
      return (
        <DatePicker
          {...common}
          className="km-full"
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)}
        />
      )
    case 'datetime':
      return (
        <DatePicker
          {...common}
          className="km-full"
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={typeof value === 'string' && value ? dayjs(isoToWallTime(value, env.timeZone)) : null}
          onChange={(d) => onChange(d ? wallTimeToIso(d.format('YYYY-MM-DDTHH:mm:ss'), env.timeZone) : null)}
        />
      )
    case 'user':
      return (
        <Select
          {...common}
          className="km-full"
          value={typeof value === 'string' && value ? value : undefined}
          onChange={onChange}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.choose')}
          options={env.users}
        />
      )
    case 'relation':
      return o.target ? (
        <RelationPicker
          target={o.target}
          value={typeof value === 'string' && value ? value : null}
          onChange={(v) => onChange(v ?? '')}
          status={status ?? ''}
        />
      ) : (
        <Input {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
      )
    default:
      return <Input {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
  }
}
