import { LockOutlined, MailOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { Brand } from '../app/Brand.tsx'
import { LanguageSwitch, ThemeToggle } from '../app/HeaderControls.tsx'
import { useSession } from '../app/session.tsx'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'

/** Only same-site paths may be a `?next=` target (no open redirect). */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/'
}

export function LoginPage() {
  const { t } = useTranslation()
  const { state, login } = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const next = safeNext(params.get('next'))

  if (state.status === 'signed-in' && !busy) return <Navigate to={next} replace />

  const submit = async ({ email, password }: { email: string; password: string }) => {
    setBusy(true)
    setError(null)
    try {
      await login(email.trim(), password)
      navigate(next, { replace: true })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="km-login">
      <div className="km-login-tools">
        <LanguageSwitch />
        <ThemeToggle />
      </div>
      <Card className="km-login-card">
        <Brand />
        <Typography.Title level={3} className="km-login-title">
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {error !== null && (
          <div className="km-form-error">
            <ProblemAlert error={error} />
          </div>
        )}
        <Form layout="vertical" onFinish={submit} requiredMark={false} data-testid="login-form">
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[
              { required: true, message: t('login.emailRequired') },
              { type: 'email', message: t('login.emailInvalid') },
            ]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" inputMode="email" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
