import type { FieldType } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Form, type FormInstance, Input, InputNumber, Select, Switch } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { ChoicesEditor } from './ChoicesEditor.tsx'
import {
  type ChoiceRow,
  CURRENCIES,
  type FieldFormValues,
  type OptionKey,
  REGIONS,
  TYPE_OPTIONS,
} from './fieldTypes.ts'

function validRegex(v: string | undefined): boolean {
  if (!v) return true
  try {
    new RegExp(v, 'u')
    return true
  } catch {
    return false
  }
}

/** The option controls of a field type, in the order of its option schema (`TYPE_OPTIONS`). */
export function OptionControls({
  form,
  type,
  objects,
  isNew,
  lockedValues,
}: {
  form: FormInstance<FieldFormValues>
  type: FieldType
  objects: ObjectMeta[]
  isNew: boolean
  lockedValues: ReadonlySet<string>
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const choices = (Form.useWatch('choices', form) ?? []) as ChoiceRow[]
  const scale = Form.useWatch('scale', form) as number | null | undefined
  const o = (k: OptionKey) => `settings.objects.opt.${k}`
  const h = (k: OptionKey) => `settings.objects.optHelp.${k}`
  const choiceOptions = choices
    .filter((c) => c?.value?.trim())
    .map((c) => ({ value: c.value.trim(), label: labelOf(c.label, locale) || c.value }))

  const control = (k: OptionKey) => {
    switch (k) {
      case 'required':
      case 'unique':
      case 'searchable':
      case 'personName':
      case 'hideInList':
        return (
          <Form.Item
            key={k}
            name={k}
            valuePropName="checked"
            label={t(o(k))}
            extra={t(h(k))}
            className="km-opt-switch"
          >
            <Switch />
          </Form.Item>
        )
      case 'default':
        return (
          <Form.Item key={k} name="default" label={t(o(k))} extra={t(h(k))}>
            {type === 'boolean' ? (
              <Select
                allowClear
                placeholder={t('settings.objects.noDefault')}
                options={[
                  { value: true, label: t('value.yes') },
                  { value: false, label: t('value.no') },
                ]}
              />
            ) : type === 'select' || type === 'multi_select' ? (
              <Select
                allowClear
                mode={type === 'multi_select' ? 'multiple' : undefined}
                placeholder={t('settings.objects.noDefault')}
                options={choiceOptions}
              />
            ) : type === 'number' || type === 'percent' || type === 'rating' ? (
              <InputNumber
                className="km-full"
                min={type === 'rating' ? 0 : undefined}
                max={type === 'rating' ? (scale ?? 5) : undefined}
              />
            ) : type === 'long_text' ? (
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            ) : (
              <Input />
            )}
          </Form.Item>
        )
      case 'min':
      case 'max':
        return (
          <Form.Item key={k} name={k} label={t(o(k))} className="km-opt-half">
            <InputNumber className="km-full" />
          </Form.Item>
        )
      case 'precision':
        return (
          <Form.Item key={k} name={k} label={t(o(k))} extra={t(h(k))} className="km-opt-half">
            <InputNumber className="km-full" min={0} max={8} precision={0} />
          </Form.Item>
        )
      case 'maxLength':
        return (
          <Form.Item key={k} name={k} label={t(o(k))} className="km-opt-half">
            <InputNumber className="km-full" min={1} max={100000} precision={0} />
          </Form.Item>
        )
      case 'scale':
        return (
          <Form.Item key={k} name={k} label={t(o(k))} extra={t(h(k))} className="km-opt-half">
            <InputNumber className="km-full" min={3} max={10} precision={0} placeholder="5" />
          </Form.Item>
        )
      case 'regex':
        return (
          <Form.Item
            key={k}
            name="regex"
            label={t(o(k))}
            extra={t(h(k))}
            rules={[
              { max: 500 },
              {
                validator: async (_, v: string | undefined) => {
                  if (!validRegex(v)) throw new Error(t('settings.objects.regexInvalid'))
                },
              },
            ]}
          >
            <Input className="km-mono" placeholder="^[A-Z]{2}-\d{4}$" spellCheck={false} />
          </Form.Item>
        )
      case 'format':
        return (
          <Form.Item key={k} name="format" label={t(o(k))} extra={t(h(k))}>
            <Select
              allowClear
              placeholder={t('settings.objects.noFormat')}
              options={[{ value: 'credit_code', label: t('settings.objects.formats.credit_code') }]}
            />
          </Form.Item>
        )
      case 'choices':
        return (
          <Form.Item key={k} label={t(o(k))} extra={t(h(k))} required>
            <ChoicesEditor form={form} lockedValues={lockedValues} />
          </Form.Item>
        )
      case 'target':
        return (
          <Form.Item
            key={k}
            name="target"
            label={t(o(k))}
            extra={isNew ? t(h(k)) : t('settings.objects.targetFixed')}
            rules={[{ required: true, message: t('settings.objects.targetRequired') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              disabled={!isNew}
              placeholder={t('settings.objects.pickObject')}
              options={objects
                .filter((x) => x.isActive)
                .map((x) => ({ value: x.name, label: `${labelOf(x.label, locale)} (${x.name})` }))}
            />
          </Form.Item>
        )
      case 'inverseLabel':
        return (
          <Form.Item key={k} label={t(o(k))} extra={t(h(k))}>
            <div className="km-two">
              <Form.Item name={['inverseLabel', 'zh-CN']} noStyle>
                <Input placeholder={t('settings.objects.labelZh')} aria-label={`${t(o(k))} zh-CN`} />
              </Form.Item>
              <Form.Item name={['inverseLabel', 'en']} noStyle>
                <Input placeholder={t('settings.objects.labelEn')} aria-label={`${t(o(k))} en`} />
              </Form.Item>
            </div>
          </Form.Item>
        )
      case 'currency':
        return (
          <Form.Item key={k} name="currency" label={t(o(k))} extra={t(h(k))}>
            <Select
              allowClear
              showSearch
              placeholder={t('settings.objects.workspaceCurrency')}
              options={CURRENCIES.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
        )
      case 'region':
        return (
          <Form.Item key={k} name="region" label={t(o(k))} extra={t(h(k))}>
            <Select
              allowClear
              showSearch
              placeholder="CN"
              options={REGIONS.map((r) => ({
                value: r,
                label: `${r} · ${t(`settings.objects.regions.${r}`)}`,
              }))}
            />
          </Form.Item>
        )
      case 'help':
        return (
          <Form.Item key={k} label={t(o(k))} extra={t(h(k))}>
            <div className="km-two">
              <Form.Item name={['help', 'zh-CN']} noStyle>
                <Input.TextArea
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  maxLength={1000}
                  placeholder={t('settings.objects.labelZh')}
                  aria-label={`${t(o(k))} zh-CN`}
                />
              </Form.Item>
              <Form.Item name={['help', 'en']} noStyle>
                <Input.TextArea
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  maxLength={1000}
                  placeholder={t('settings.objects.labelEn')}
                  aria-label={`${t(o(k))} en`}
                />
              </Form.Item>
            </div>
          </Form.Item>
        )
    }
  }

  return <div className="km-opts">{TYPE_OPTIONS[type].map(control)}</div>
}
