import { App, Button, Card, Descriptions, Form, Input } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe, useSession } from '../../app/session.tsx'
import { ApiError } from '../../platform/api-client.ts'
import { authApi } from '../../platform/endpoints.ts'
import { ProblemAlert } from '../../platform/ProblemAlert.tsx'

interface PasswordForm {
  currentPassword: string
  newPassword: string
  confirm: string
}

/** `/settings/profile`: the signed-in user's own name and password (any user, no admin right needed). */
export function ProfileSettings() {
  const { t } = useTranslation()
  const me = useMe()
  const { message } = App.useApp()
  const { refresh } = useSession()
  const [nameForm] = Form.useForm<{ name: string }>()
  const [pwForm] = Form.useForm<PasswordForm>()
  const [nameError, setNameError] = useState<unknown>(null)
  const [pwError, setPwError] = useState<unknown>(null)
  const [saving, setSaving] = useState<'name' | 'password' | null>(null)

  const saveName = async ({ name }: { name: string }) => {
    setSaving('name')
    setNameError(null)
    try {
      await authApi.updateSelf(me.user.id, { name })
      message.success(t('settings.saved'))
      await refresh()
    } catch (e) {
      setNameError(e)
    } finally {
      setSaving(null)
    }
  }

  const savePassword = async (v: PasswordForm) => {
    setSaving('password')
    setPwError(null)
    try {
      await authApi.changePassword(v.currentPassword, v.newPassword)
      pwForm.resetFields()
      message.success(t('settings.profile.passwordChanged'))
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = e.fieldErrors()
        pwForm.setFields(
          (['currentPassword', 'newPassword'] as const)
            .filter((f) => fields[f])
            .map((f) => ({ name: f, errors: [fields[f]!] })),
        )
      }
      setPwError(e)
    } finally {
      setSaving(null)
    }
  }

  return (
    <div className="km-settings-stack" data-testid="settings-profile">
      <Card title={t('settings.profile.account')}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('settings.profile.email')}>{me.user.email}</Descriptions.Item>
          <Descriptions.Item label={t('settings.profile.workspace')}>{me.workspace.name}</Descriptions.Item>
          <Descriptions.Item label={t('settings.profile.role')}>
            {me.isAdmin ? t('settings.profile.admin') : t('settings.profile.member')}
          </Descriptions.Item>
        </Descriptions>
        <Form
          form={nameForm}
          layout="vertical"
          initialValues={{ name: me.user.name }}
          onFinish={saveName}
          className="km-settings-form"
        >
          <Form.Item
            name="name"
            label={t('settings.profile.name')}
            rules={[{ required: true, whitespace: true, message: t('settings.profile.nameRequired') }]}
          >
            <Input maxLength={100} autoComplete="name" />
          </Form.Item>
          {nameError ? <ProblemAlert error={nameError} /> : null}
          <Button type="primary" htmlType="submit" loading={saving === 'name'}>
            {t('action.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('settings.profile.password')}>
        <Form form={pwForm} layout="vertical" onFinish={savePassword} className="km-settings-form">
          <Form.Item
            name="currentPassword"
            label={t('settings.profile.currentPassword')}
            rules={[{ required: true, message: t('settings.profile.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('settings.profile.newPassword')}
            extra={t('settings.profile.passwordHint')}
            rules={[{ required: true, message: t('settings.profile.passwordRequired') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('settings.profile.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('settings.profile.passwordRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('settings.profile.passwordMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {pwError ? <ProblemAlert error={pwError} hidePath={(p) => p !== ''} /> : null}
          <Button type="primary" htmlType="submit" loading={saving === 'password'}>
            {t('settings.profile.changePassword')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
