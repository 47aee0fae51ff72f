import { Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { type User, usersAdminApi } from './api.ts'
import { applyFieldErrors } from './formErrors.ts'

/** An admin sets a new password for a user; the server ends the user's sessions. */
export function PasswordModal({ user, onClose, onDone }: { user: User; onClose(): void; onDone(): void }) {
  const { t } = useTranslation()
  const [form] = Form.useForm<{ password: string; confirm: string }>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)

  const save = async ({ password }: { password: string }) => {
    setSaving(true)
    setError(null)
    try {
      await usersAdminApi.update(user.id, { password })
      onDone()
    } catch (e) {
      setShown(() => applyFieldErrors(form, e, ['password']))
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open
      title={t('settings.users.resetTitle', { name: user.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('settings.users.resetPassword')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="password-form">
        <Form.Item
          name="password"
          label={t('settings.users.newPassword')}
          extra={t('settings.users.resetHint')}
          rules={[{ required: true, message: t('settings.users.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('settings.users.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('settings.users.passwordRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('settings.users.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
      </Form>
    </Modal>
  )
}
