import type { Locale } from '@kemai/shared/i18n/messages'
import { DatePicker, Input, InputNumber, Rate, Select, Space, Switch } from 'antd'
import { lazy, Suspense, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import type { AddressInputProps } from '../Address/AddressInput.tsx'
import { toAddress } from '../Address/address.ts'
import { type FieldMeta, optionsOf } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { RelationPicker } from './RelationPicker.tsx'

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'TWD', 'SGD', 'KRW', 'AUD', 'CAD', 'CHF']

interface Props {
  field: FieldMeta
  /** injected by antd's Form.Item */
  value?: never
  onChange?: (v: unknown) => void
  id?: string
  defaultCurrency: string
}

/** The input for one field, by field type. antd's Form.Item passes value/onChange/id through. */
export function FieldInput({ field, defaultCurrency, ...control }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { userNames } = useMetadata()
  const o = optionsOf(field)
  const rest = control as Record<string, unknown>

  switch (field.type) {
    case 'long_text':
      return <Input.TextArea {...rest} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={o.maxLength} />
    case 'address':
      return <LazyAddressInput {...(rest as AddressInputProps)} />
    case 'number':
    case 'percent':
      return (
        <InputNumber
          {...rest}
          className="km-full"
          min={o.min}
          max={o.max}
          precision={o.precision}
          suffix={field.type === 'percent' ? '%' : undefined}
        />
      )
    case 'currency':
      return <MoneyInput {...control} defaultCurrency={o.currency ?? defaultCurrency} min={o.min} />
    case 'date':
      return <DatePicker {...rest} className="km-full" />
    case 'datetime':
      return (
        <DatePicker {...rest} className="km-full" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      )
    case 'boolean':
      return <Switch {...rest} />
    case 'select':
    case 'multi_select':
      return (
        <Select
          {...rest}
          allowClear
          mode={field.type === 'multi_select' ? 'multiple' : undefined}
          placeholder={t('form.choose')}
          options={(o.choices ?? []).map((c) => ({
            value: c.value,
            label: labelOf(c.label, locale) || c.value,
          }))}
        />
      )
    case 'tags':
      return (
        <Select
          {...rest}
          mode="tags"
          placeholder={t('form.tagsHint')}
          tokenSeparators={[',', '，']}
          open={false}
        />
      )
    case 'rating':
      return <Rate {...rest} count={o.scale ?? 5} />
    case 'user':
      return (
        <Select
          {...rest}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.choose')}
          options={[...userNames].map(([value, label]) => ({ value, label }))}
        />
      )
    case 'relation':
      return o.target ? (
        <RelationPicker
          {...(rest as { value?: string; onChange?: (v: string | null) => void; id?: string })}
          target={o.target}
        />
      ) : null
    case 'email':
      return <Input {...rest} type="email" inputMode="email" autoComplete="off" maxLength={254} />
    case 'phone':
      return <Input {...rest} type="tel" inputMode="tel" placeholder={t('form.phoneHint')} />
    case 'url':
      return <Input {...rest} inputMode="url" placeholder="https://" />
    default:
      return <Input {...rest} maxLength={o.maxLength} />
  }
}

// the cascader and China's divisions (about 45 kB gzip together) load with the first address input,
// not with the list or record page (docs/web.md "Size")
const AddressInput = lazy(() => import('../Address/AddressInput.tsx'))

/** While the address input loads: its street line, read-only; if it takes the focus, the input gets it. */
function LazyAddressInput(props: AddressInputProps) {
  const focused = useRef(false)
  return (
    <Suspense
      fallback={
        <Input
          id={props.id}
          aria-label={props['aria-label']}
          readOnly
          value={toAddress(props.value)?.text ?? ''}
          onFocus={() => {
            focused.current = true
          }}
        />
      }
    >
      <AddressInput {...props} focusRef={focused} />
    </Suspense>
  )
}

interface Money {
  amount?: number | null
  currency?: string
}

function MoneyInput({
  value,
  onChange,
  id,
  defaultCurrency,
  min,
}: {
  value?: Money
  onChange?: (v: Money) => void
  id?: string
  defaultCurrency: string
  min?: number
}) {
  const { t } = useTranslation()
  const currency = value?.currency ?? defaultCurrency
  return (
    <Space.Compact className="km-full">
      <Select
        aria-label={t('form.currency')}
        value={currency}
        style={{ width: 96 }}
        onChange={(c: string) => onChange?.({ ...value, currency: c })}
        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
      />
      <InputNumber
        id={id}
        className="km-full"
        min={min}
        precision={2}
        value={value?.amount ?? null}
        onChange={(amount) => onChange?.({ currency, amount: amount === null ? null : Number(amount) })}
      />
    </Space.Compact>
  )
}
