import type { Filter } from '@kemai/shared/query/ast'
import { Form, Input, Modal, Radio } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { ApiError } from '../api-client.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { type Segment, saveFilterAsSegment } from './segmentsApi.ts'

interface Values {
  name: string
  description?: string
  visibility: 'private' | 'shared'
}

/** Names a filter and saves it as a segment of the object; shared segments are for admins. */
export function SaveSegmentModal({
  objectName,
  filter,
  open,
  onClose,
  onSaved,
}: {
  objectName: string
  filter: Filter | null
  open: boolean
  onClose(): void
  onSaved(segment: Segment): void
}) {
  const { t } = useTranslation()
  const me = useMe()
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (v: Values) => {
    if (!filter) return
    setSaving(true)
    setError(null)
    try {
      const s = await saveFilterAsSegment(objectName, filter, v.name.trim(), {
        description: v.description?.trim() || null,
        visibility: v.visibility,
      })
      form.resetFields()
      onSaved(s)
    } catch (e) {
      setError(e)
      if (e instanceof ApiError) {
        form.setFields(
          Object.entries(e.fieldErrors())
            .filter(([p]) => p === 'name' || p === 'description')
            .map(([name, msg]) => ({ name: name as keyof Values, errors: [msg] })),
        )
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t('segments.saveTitle')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      okButtonProps={{ disabled: !filter, id: 'segment-save-ok' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {!filter && <p className="km-muted">{t('segments.noFilter')}</p>}
      {error !== null && <ProblemAlert error={error} hidePath={(p) => p === 'name' || p === 'description'} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ visibility: 'private' }}
        onFinish={submit}
        requiredMark={false}
      >
        <Form.Item
          name="name"
          label={t('segments.name')}
          rules={[{ required: true, whitespace: true, message: t('segments.nameRequired') }, { max: 100 }]}
        >
          <Input maxLength={100} autoFocus data-testid="segment-name" />
        </Form.Item>
        <Form.Item name="description" label={t('segments.description')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        {me.isAdmin && (
          <Form.Item name="visibility" label={t('segments.visibility')}>
            <Radio.Group
              options={[
                { value: 'private', label: t('segments.private') },
                { value: 'shared', label: t('segments.shared') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
