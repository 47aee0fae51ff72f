import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** A step's input or output (any JSON): pretty-printed, wrapped, scrolling when long. */
export function JsonView({ value }: { value: unknown }) {
  const { t } = useTranslation()
  if (value === undefined || value === null)
    return <Typography.Text type="secondary">{t('automation.runs.nothing')}</Typography.Text>
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2)
  return (
    <pre className="km-admin-pre km-auto-json" data-testid="run-json">
      {text}
    </pre>
  )
}
