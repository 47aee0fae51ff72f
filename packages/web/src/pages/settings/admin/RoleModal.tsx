import { Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { type Role, rolesAdminApi } from './api.ts'
import { applyFieldErrors } from './formErrors.ts'

interface Values {
  name: string
  description?: string
  copyFrom?: string | null
}

/** Create a role (optionally with the grants of another one) or rename one. */
export function RoleModal({
  current: role,
  roles,
  onClose,
  onSaved,
}: {
  current: Role | null
  roles: readonly Role[]
  onClose(): void
  onSaved(role: Role): void
}) {
  const { t } = useTranslation()
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)

  const save = async (v: Values) => {
    setSaving(true)
    setError(null)
    const description = v.description?.trim() ? v.description.trim() : null
    try {
      if (role) onSaved(await rolesAdminApi.update(role.id, { name: v.name.trim(), description }))
      else {
        const source = roles.find((r) => r.id === v.copyFrom)
        onSaved(
          await rolesAdminApi.create({
            name: v.name.trim(),
            description,
            ...(source ? { grants: source.grants } : {}),
          }),
        )
      }
    } catch (e) {
      setShown(() => applyFieldErrors(form, e, ['name', 'description']))
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open
      title={role ? t('settings.roles.renameTitle') : t('settings.roles.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={role ? t('action.save') : t('action.create')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ name: role?.name ?? '', description: role?.description ?? '', copyFrom: null }}
        data-testid="role-form"
      >
        <Form.Item
          name="name"
          label={t('settings.roles.name')}
          rules={[{ required: true, whitespace: true, message: t('settings.roles.nameRequired') }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('settings.roles.description')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        {role ? null : (
          <Form.Item
            name="copyFrom"
            label={t('settings.roles.copyFrom')}
            extra={t('settings.roles.copyFromHint')}
          >
            <Select
              allowClear
              placeholder={t('settings.roles.startEmpty')}
              options={roles.filter((r) => !r.isAdmin).map((r) => ({ value: r.id, label: r.name }))}
            />
          </Form.Item>
        )}
        {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
      </Form>
    </Modal>
  )
}
