import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons'
import type { FormField } from '@kemai/shared/api/forms.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Collapse, Input, InputNumber, Select, Switch, Tag, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { type FieldMeta, type ObjectMeta, optionsOf } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { BilingualInput } from './BilingualInput.tsx'
import {
  addable,
  addField,
  type FormDraft,
  missingRequired,
  moveField,
  mustHave,
  patchField,
  removeField,
} from './formModel.ts'

/** The fixed value of a hidden field, with the input its type takes. */
function HiddenValue({
  field,
  value,
  onChange,
  locale,
}: {
  field: FieldMeta
  value: unknown
  onChange(v: unknown): void
  locale: Locale
}) {
  const { t } = useTranslation()
  const o = optionsOf(field)
  const choices = (o.choices ?? []).map((c) => ({
    value: c.value,
    label: labelOf(c.label, locale) || c.value,
  }))
  const common = { 'aria-label': t('forms.value'), 'data-testid': `form-field-value-${field.name}` }
  switch (field.type) {
    case 'select':
      return (
        <Select
          {...common}
          className="km-full"
          value={value as string}
          onChange={onChange}
          options={choices}
        />
      )
    case 'multi_select':
      return (
        <Select
          {...common}
          className="km-full"
          mode="multiple"
          value={(value as string[]) ?? []}
          onChange={onChange}
          options={choices}
        />
      )
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={onChange} />
    case 'number':
    case 'percent':
    case 'rating':
      return <InputNumber {...common} className="km-full" value={value as number} onChange={onChange} />
    case 'currency':
      return (
        <Input
          {...common}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value)}
          inputMode="decimal"
        />
      )
    case 'date':
      return (
        <Input
          {...common}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
          placeholder="YYYY-MM-DD"
        />
      )
    default:
      return <Input {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />
  }
}

/** The form's fields in order: add, move, remove, required, hidden with a fixed value, texts per field. */
export function FormFieldsEditor({
  object,
  draft,
  onChange,
  locale,
  issues,
}: {
  object: ObjectMeta
  draft: FormDraft
  onChange(d: FormDraft): void
  locale: Locale
  /** the server's messages by field index (`fields.2.field`) */
  issues: Map<number, string[]>
}) {
  const { t } = useTranslation()
  const byName = new Map(object.fields.map((f) => [f.name, f]))
  const offer = addable(object, draft)
  const missing = missingRequired(object, draft)
  const set = (i: number, patch: Partial<FormField>) => onChange(patchField(draft, i, patch))

  return (
    <div className="km-forms-fields" data-testid="form-fields">
      {missing.map((f) => (
        <Alert
          key={f.name}
          type="warning"
          showIcon
          className="km-forms-gap"
          title={t('forms.missingRequired', { field: labelOf(f.label, locale) })}
        />
      ))}
      <ol className="km-forms-field-list">
        {draft.fields.map((f, i) => {
          const meta = byName.get(f.field)
          const locked = meta ? mustHave(meta) : false
          const name = meta ? labelOf(meta.label, locale) : f.field
          const shown = f.label?.[locale] || name
          return (
            <li key={f.field} className="km-forms-field" data-testid="form-field" data-field={f.field}>
              <div className="km-forms-field-head">
                <div className="km-forms-field-title">
                  <Typography.Text strong>{shown}</Typography.Text>
                  {shown !== name ? <Typography.Text type="secondary"> · {name}</Typography.Text> : null}
                  {f.hidden ? <Tag className="km-forms-tag">{t('forms.hidden')}</Tag> : null}
                </div>
                <div className="km-forms-field-tools">
                  <Tooltip title={t('forms.moveUp')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowUpOutlined />}
                      disabled={i === 0}
                      aria-label={t('forms.moveUp')}
                      onClick={() => onChange(moveField(draft, i, -1))}
                      data-testid="form-field-up"
                    />
                  </Tooltip>
                  <Tooltip title={t('forms.moveDown')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={i === draft.fields.length - 1}
                      aria-label={t('forms.moveDown')}
                      onClick={() => onChange(moveField(draft, i, 1))}
                      data-testid="form-field-down"
                    />
                  </Tooltip>
                  <Tooltip title={t('forms.remove')}>
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('forms.remove')}
                      onClick={() => onChange(removeField(draft, i))}
                      data-testid="form-field-remove"
                    />
                  </Tooltip>
                </div>
              </div>
              <div className="km-forms-field-switches">
                <span className="km-forms-switch">
                  <Switch
                    size="small"
                    checked={f.required || locked}
                    disabled={locked || f.hidden}
                    onChange={(required) => set(i, { required })}
                    aria-label={t('forms.required')}
                    data-testid="form-field-required"
                  />
                  {locked ? t('forms.requiredByObject') : t('forms.required')}
                </span>
                <Tooltip title={t('forms.hiddenHint')}>
                  <span className="km-forms-switch">
                    <Switch
                      size="small"
                      checked={f.hidden}
                      onChange={(hidden) => set(i, hidden ? { hidden } : { hidden, value: undefined })}
                      aria-label={t('forms.hidden')}
                      data-testid="form-field-hidden"
                    />
                    {t('forms.hidden')}
                  </span>
                </Tooltip>
              </div>
              {f.hidden && meta ? (
                <div className="km-forms-field-value">
                  <HiddenValue
                    field={meta}
                    value={f.value}
                    onChange={(value) => set(i, { value })}
                    locale={locale}
                  />
                </div>
              ) : null}
              {(issues.get(i) ?? []).map((m) => (
                <Typography.Text key={m} type="danger" className="km-forms-issue" role="alert">
                  {m}
                </Typography.Text>
              ))}
              {f.hidden ? null : (
                <Collapse
                  ghost
                  size="small"
                  items={[
                    {
                      key: 'd',
                      label: t('forms.details'),
                      children: (
                        <div className="km-forms-details">
                          <div className="km-forms-detail-label">{t('forms.label')}</div>
                          <BilingualInput
                            value={f.label}
                            onChange={(label) => set(i, { label })}
                            maxLength={200}
                            placeholder={meta?.label}
                            testId={`form-field-label-${f.field}`}
                          />
                          <div className="km-forms-detail-label">{t('forms.placeholder')}</div>
                          <BilingualInput
                            value={f.placeholder}
                            onChange={(placeholder) => set(i, { placeholder })}
                            maxLength={200}
                          />
                          <div className="km-forms-detail-label">{t('forms.help')}</div>
                          <BilingualInput
                            value={f.help}
                            onChange={(help) => set(i, { help })}
                            maxLength={1000}
                            multiline
                          />
                        </div>
                      ),
                    },
                  ]}
                />
              )}
            </li>
          )
        })}
      </ol>
      <Select<string>
        className="km-full"
        value={null as unknown as string}
        placeholder={offer.length ? t('forms.addField') : t('forms.noMoreFields')}
        disabled={offer.length === 0}
        showSearch={{ optionFilterProp: 'label' }}
        options={offer.map((f) => ({ value: f.name, label: labelOf(f.label, locale) || f.name }))}
        onChange={(name) => {
          const f = byName.get(name)
          if (f) onChange(addField(draft, f))
        }}
        data-testid="form-add-field"
      />
    </div>
  )
}
