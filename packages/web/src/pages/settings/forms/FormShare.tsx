import { LinkOutlined, ReloadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Input, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { problemText } from '../../../platform/ProblemAlert.tsx'
import { embedSnippet, type Form, formsApi, publicUrl } from './api.ts'

/** The public link, the embed snippet, and a new link when the old one leaked. */
export function FormShare({ form, onChanged }: { form: Form; onChanged(f: Form): void }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const url = publicUrl(form.publicKey)
  const snippet = embedSnippet(form.publicKey, form.name)
  const submitUrl = new URL(
    `/api/v1/public/forms/${form.publicKey}/submit`,
    window.location.origin,
  ).toString()
  return (
    <div className="km-forms-share" data-testid="form-share">
      {form.enabled ? null : (
        <Alert type="warning" showIcon title={t('forms.disabledWarning')} className="km-forms-gap" />
      )}
      <Card size="small" title={t('forms.link')} className="km-forms-gap">
        <Typography.Paragraph type="secondary">{t('forms.linkHint')}</Typography.Paragraph>
        <Space.Compact className="km-full">
          <Input readOnly value={url} data-testid="form-public-url" aria-label={t('forms.link')} />
          <Button icon={<LinkOutlined />} href={url} target="_blank" rel="noopener">
            {t('forms.open')}
          </Button>
        </Space.Compact>
        <Typography.Paragraph copyable={{ text: url }} className="km-forms-copy">
          {t('forms.copyLink')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('forms.embed')} className="km-forms-gap">
        <Typography.Paragraph type="secondary">{t('forms.embedHint')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: snippet }} className="km-forms-code" data-testid="form-embed">
          <pre>{snippet}</pre>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {t('forms.postHint', { url: submitUrl })}
        </Typography.Paragraph>
      </Card>
      <Button
        icon={<ReloadOutlined />}
        onClick={() =>
          modal.confirm({
            title: t('forms.newKeyConfirm'),
            content: t('forms.newKeyHint'),
            okText: t('forms.newKey'),
            cancelText: t('action.cancel'),
            onOk: async () => {
              try {
                onChanged(await formsApi.regenerateKey(form.id))
                message.success(t('forms.newKeyDone'))
              } catch (e) {
                message.error(problemText(e, t).title)
              }
            },
          })
        }
        data-testid="form-new-key"
      >
        {t('forms.newKey')}
      </Button>
    </div>
  )
}
