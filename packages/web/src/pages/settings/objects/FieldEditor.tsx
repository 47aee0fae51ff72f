import type { FieldType } from '@kemai/shared/fields'
import { App, Button, Drawer, Form, Input, Select, Tag, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import type { FieldMeta, ObjectMeta } from '../../../platform/endpoints.ts'
import { optionsOf as storedOptions } from '../../../platform/endpoints.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { metadataAdminApi } from './api.ts'
import {
  type ChoiceRow,
  choiceRow,
  type FieldFormValues,
  formValuesOf,
  optionsOf,
  TYPE_GROUPS,
  TYPE_OPTIONS,
} from './fieldTypes.ts'
import { applyServerErrors } from './formErrors.ts'
import { IDENTIFIER, toIdentifier, uniqueIdentifier } from './identifier.ts'
import { OptionControls } from './OptionControls.tsx'

const ROOTS = new Set<string>(['name', 'type', 'label', ...Object.values(TYPE_OPTIONS).flat()])

const blank = (type: FieldType): FieldFormValues => ({
  type,
  name: '',
  label: { 'zh-CN': '', en: '' },
  choices: type === 'select' || type === 'multi_select' ? [choiceRow(), choiceRow()] : [],
  inverseLabel: {},
  help: {},
})

/**
 * Add a field of any type, or edit one: labels in both languages, and the options its type has
 * (rendered from `TYPE_OPTIONS`). The type, the name and a relation's target never change.
 */
export function FieldEditor({
  open,
  object,
  objects,
  field,
  onClose,
  onSaved,
}: {
  open: boolean
  object: ObjectMeta
  objects: ObjectMeta[]
  field?: FieldMeta
  onClose: () => void
  onSaved: (f: FieldMeta) => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const isMobile = useIsMobile()
  const [form] = Form.useForm<FieldFormValues>()
  const [error, setError] = useState<unknown>(null)
  const [hidePath, setHidePath] = useState<(p: string) => boolean>(() => () => false)
  const [saving, setSaving] = useState(false)
  const nameTouched = useRef(false)
  const type = (Form.useWatch('type', form) ?? field?.type ?? 'text') as FieldType
  const taken = useMemo(() => new Set(object.fields.map((f) => f.name)), [object.fields])
  const lockedValues = useMemo(
    () => new Set((field ? (storedOptions(field).choices ?? []) : []).map((c) => c.value)),
    [field],
  )

  useEffect(() => {
    if (!open) return
    nameTouched.current = false
    setError(null)
    form.resetFields()
    form.setFieldsValue(field ? formValuesOf({ ...field, options: storedOptions(field) }) : blank('text'))
  }, [open, field, form])

  const autoValues = useRef(new Map<string, string>())
  /** an option's value follows its English name (or `option_n`) until someone types a value */
  const deriveChoiceValues = (changed: (Partial<ChoiceRow> | undefined)[]) => {
    const rows = (form.getFieldValue('choices') ?? []) as ChoiceRow[]
    changed.forEach((c, i) => {
      const row = rows[i]
      if (!c?.label || !row || lockedValues.has(row.value)) return
      if (row.value && row.value !== autoValues.current.get(row.key)) return
      const value = toIdentifier(row.label.en ?? '') || (row.label['zh-CN']?.trim() ? `option_${i + 1}` : '')
      autoValues.current.set(row.key, value)
      form.setFieldValue(['choices', i, 'value'], value)
    })
  }

  const onValuesChange = (changed: Partial<FieldFormValues>) => {
    if (changed.choices) deriveChoiceValues(changed.choices)
    if (field) return
    if (changed.name !== undefined) nameTouched.current = true
    if (changed.label?.en !== undefined && !nameTouched.current)
      form.setFieldValue('name', uniqueIdentifier(toIdentifier(changed.label.en), taken))
    if (changed.type) {
      const keep = form.getFieldsValue(['label', 'name']) as Pick<FieldFormValues, 'label' | 'name'>
      form.setFieldsValue({ ...blank(changed.type), ...keep, type: changed.type })
    }
  }

  const submit = async () => {
    const v = { ...form.getFieldsValue(true), type } as FieldFormValues
    // a default that is not one of the choices would fail every create
    if ((type === 'select' || type === 'multi_select') && v.default !== undefined && v.default !== null) {
      const values = new Set((v.choices ?? []).map((c) => c.value.trim()))
      const d = v.default
      v.default = Array.isArray(d)
        ? d.filter((x) => values.has(String(x)))
        : values.has(String(d))
          ? d
          : undefined
    }
    const label = { 'zh-CN': v.label['zh-CN'].trim(), en: v.label.en.trim() }
    setSaving(true)
    setError(null)
    try {
      const saved = field
        ? await metadataAdminApi.updateField(object.name, field.name, {
            label,
            options: optionsOf(v, storedOptions(field)),
          })
        : await metadataAdminApi.createField(object.name, {
            name: v.name,
            type,
            label,
            options: optionsOf(v),
          })
      message.success(t(field ? 'settings.saved' : 'settings.objects.fieldCreated'))
      onSaved(saved)
    } catch (e) {
      setError(e)
      const placed = applyServerErrors(form, e, (root) => ROOTS.has(root))
      setHidePath(() => placed)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={field ? t('settings.objects.editField') : t('settings.objects.addField')}
      size={isMobile ? '100%' : 600}
      destroyOnHidden
      forceRender
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          {field ? t('action.save') : t('action.create')}
        </Button>
      }
      data-testid="field-editor"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={onValuesChange}
        className="km-field-form"
        scrollToFirstError
      >
        {field ? (
          <Form.Item label={t('settings.objects.fieldType')} extra={t('settings.objects.typeFixed')}>
            <Tag color="blue" variant="filled">
              {t(`settings.objects.types.${field.type}`)}
            </Tag>
          </Form.Item>
        ) : (
          <Form.Item
            name="type"
            label={t('settings.objects.fieldType')}
            extra={t(`settings.objects.typeHelp.${type}`)}
          >
            <Select
              showSearch
              optionFilterProp="label"
              aria-label={t('settings.objects.fieldType')}
              options={TYPE_GROUPS.map((g) => ({
                label: t(`settings.objects.typeGroups.${g.key}`),
                options: g.types.map((ty) => ({ value: ty, label: t(`settings.objects.types.${ty}`) })),
              }))}
            />
          </Form.Item>
        )}
        <div className="km-two">
          <Form.Item
            name={['label', 'zh-CN']}
            label={t('settings.objects.labelZh')}
            rules={[
              { required: true, whitespace: true, message: t('settings.objects.required') },
              { max: 200 },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name={['label', 'en']}
            label={t('settings.objects.labelEn')}
            rules={[
              { required: true, whitespace: true, message: t('settings.objects.required') },
              { max: 200 },
            ]}
          >
            <Input />
          </Form.Item>
        </div>
        <Form.Item
          name="name"
          label={t('settings.objects.apiName')}
          extra={field ? t('settings.objects.apiNameFixed') : t('settings.objects.apiNameHint')}
          rules={[
            { required: true, message: t('settings.objects.required') },
            { pattern: IDENTIFIER, message: t('settings.objects.apiNameInvalid') },
          ]}
        >
          <Input maxLength={48} disabled={!!field} className="km-mono" spellCheck={false} />
        </Form.Item>
        {field?.isSystem ? (
          <Typography.Paragraph type="secondary">
            {t('settings.objects.lock.systemEdit')}
          </Typography.Paragraph>
        ) : null}
        <Typography.Title level={5} className="km-opts-title">
          {t('settings.objects.options')}
        </Typography.Title>
        <OptionControls
          form={form}
          type={type}
          objects={objects}
          isNew={!field}
          lockedValues={lockedValues}
        />
        {error ? <ProblemAlert error={error} hidePath={hidePath} /> : null}
      </Form>
    </Drawer>
  )
}
