import type { Label } from '@kemai/shared/fields'
import { Form, Input, Modal } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

/** Names a layout section in both languages (add or rename). */
export function SectionLabelModal({
  open,
  title,
  initial,
  onOk,
  onClose,
}: {
  open: boolean
  title: string
  initial?: Label
  onOk: (label: Label) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [form] = Form.useForm<Label>()
  useEffect(() => {
    if (open) form.setFieldsValue(initial ?? { 'zh-CN': '', en: '' })
  }, [open, initial, form])
  const rules = [{ required: true, whitespace: true, message: t('settings.objects.required') }, { max: 100 }]
  return (
    <Modal
      open={open}
      title={title}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
      width={420}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => onOk({ 'zh-CN': v['zh-CN'].trim(), en: v.en.trim() })}
        data-testid="section-label-form"
      >
        <Form.Item name="zh-CN" label={t('settings.objects.labelZh')} rules={rules}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="en" label={t('settings.objects.labelEn')} rules={rules}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
