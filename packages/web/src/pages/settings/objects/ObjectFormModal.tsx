import { App, Form, Input, Modal, Radio } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { metadataAdminApi } from './api.ts'
import { applyServerErrors } from './formErrors.ts'
import { OBJECT_ICONS, ObjectIcon } from './icons.tsx'
import { IDENTIFIER, toIdentifier, uniqueIdentifier } from './identifier.ts'

interface Values {
  name: string
  label: { 'zh-CN': string; en: string }
  pluralLabel: { 'zh-CN'?: string; en?: string }
  icon: string
}

const ROOTS = new Set(['name', 'label', 'pluralLabel', 'icon'])

/** Create a custom object, or rename one (labels, plural labels, icon; the name never changes). */
export function ObjectFormModal({
  open,
  object,
  taken,
  onClose,
  onSaved,
}: {
  open: boolean
  /** the object to edit; none: create */
  object?: ObjectMeta
  /** names in use (a derived name avoids them) */
  taken: ReadonlySet<string>
  onClose: () => void
  onSaved: (o: ObjectMeta) => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<unknown>(null)
  const [hidePath, setHidePath] = useState<(p: string) => boolean>(() => () => false)
  const [saving, setSaving] = useState(false)
  const nameTouched = useRef(false)

  useEffect(() => {
    if (!open) return
    nameTouched.current = false
    setError(null)
    form.resetFields()
    form.setFieldsValue(
      object
        ? {
            name: object.name,
            label: { ...object.label },
            pluralLabel: { ...object.pluralLabel },
            icon: object.icon ?? 'appstore',
          }
        : { name: '', label: { 'zh-CN': '', en: '' }, pluralLabel: {}, icon: 'folder' },
    )
  }, [open, object, form])

  const onValuesChange = (changed: Partial<Values>) => {
    if (object) return
    if (changed.name !== undefined) nameTouched.current = true
    if (changed.label?.en !== undefined && !nameTouched.current) {
      form.setFieldValue('name', uniqueIdentifier(toIdentifier(changed.label.en), taken))
    }
  }

  const submit = async (v: Values) => {
    setSaving(true)
    setError(null)
    const label = { 'zh-CN': v.label['zh-CN'].trim(), en: v.label.en.trim() }
    const pluralLabel = {
      'zh-CN': v.pluralLabel?.['zh-CN']?.trim() || label['zh-CN'],
      en: v.pluralLabel?.en?.trim() || label.en,
    }
    try {
      const saved = object
        ? await metadataAdminApi.updateObject(object.name, { label, pluralLabel, icon: v.icon })
        : await metadataAdminApi.createObject({ name: v.name, label, pluralLabel, icon: v.icon })
      message.success(t(object ? 'settings.saved' : 'settings.objects.created'))
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
    <Modal
      open={open}
      title={t(object ? 'settings.objects.editObject' : 'settings.objects.newObject')}
      okText={t(object ? 'action.save' : 'action.create')}
      cancelText={t('action.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      destroyOnHidden
      forceRender
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={onValuesChange}
        className="km-obj-form"
        data-testid="object-form"
      >
        <div className="km-two">
          <Form.Item
            name={['label', 'zh-CN']}
            label={t('settings.objects.labelZh')}
            rules={[{ required: true, whitespace: true, message: t('settings.objects.required') }]}
          >
            <Input maxLength={200} placeholder="项目" />
          </Form.Item>
          <Form.Item
            name={['label', 'en']}
            label={t('settings.objects.labelEn')}
            rules={[{ required: true, whitespace: true, message: t('settings.objects.required') }]}
          >
            <Input maxLength={200} placeholder="Project" />
          </Form.Item>
        </div>
        <div className="km-two">
          <Form.Item name={['pluralLabel', 'zh-CN']} label={t('settings.objects.pluralZh')}>
            <Input maxLength={200} placeholder={t('settings.objects.pluralHint')} />
          </Form.Item>
          <Form.Item name={['pluralLabel', 'en']} label={t('settings.objects.pluralEn')}>
            <Input maxLength={200} placeholder={t('settings.objects.pluralHint')} />
          </Form.Item>
        </div>
        <Form.Item
          name="name"
          label={t('settings.objects.apiName')}
          extra={object ? t('settings.objects.apiNameFixed') : t('settings.objects.apiNameHint')}
          rules={[
            { required: true, message: t('settings.objects.required') },
            { pattern: IDENTIFIER, message: t('settings.objects.apiNameInvalid') },
          ]}
        >
          <Input maxLength={48} disabled={!!object} className="km-mono" spellCheck={false} />
        </Form.Item>
        <Form.Item name="icon" label={t('settings.objects.icon')}>
          <Radio.Group className="km-icon-grid" optionType="button">
            {Object.keys(OBJECT_ICONS).map((k) => (
              <Radio.Button key={k} value={k} aria-label={k}>
                <ObjectIcon name={k} />
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {error ? <ProblemAlert error={error} hidePath={hidePath} /> : null}
      </Form>
    </Modal>
  )
}
