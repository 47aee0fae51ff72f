import { Alert, Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** A secret the server shows once (API key, webhook signing secret): copy it now, it is not kept. */
export function SecretOnce({ value, warning }: { value: string; warning: string }) {
  const { t } = useTranslation()
  return (
    <div className="km-admin-secret" data-testid="secret-once">
      <Alert type="warning" showIcon title={warning} />
      <Typography.Paragraph
        className="km-admin-secret-value"
        code
        copyable={{ text: value, tooltips: [t('settings.apiKeys.copy'), t('settings.apiKeys.copied')] }}
        data-testid="secret-value"
      >
        {value}
      </Typography.Paragraph>
    </div>
  )
}
