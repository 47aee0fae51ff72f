import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Drawer, Form, Input, Select, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../../app/metadata.tsx'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import {
  type EmailTemplate,
  type EmailTemplateInput,
  emailTemplatesApi,
} from '../../../platform/Automation/automation-api.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { timeOptions, triggerRecordOptions } from '../../../platform/WorkflowBuilder/mergeOptions.ts'
import { TemplateInput } from '../../../platform/WorkflowBuilder/TemplateInput.tsx'
import { applyFieldErrors } from '../admin/formErrors.ts'
import { MergePreview } from './MergePreview.tsx'

const FIELDS = ['name', 'subject', 'body'] as const

/**
 * Create, change or (without the update right) view an e-mail template: name, subject and plain-text body
 * with the builder's merge-field picker (fields of the object chosen above, now, today) and a preview
 * that shows the merge fields as literal tokens. The server's field errors show under the fields.
 */
export function EmailTemplateDrawer({
  template,
  readOnly,
  onClose,
  onSaved,
}: {
  template: EmailTemplate | null
  readOnly: boolean
  onClose(): void
  onSaved(t: EmailTemplate, created: boolean): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const isMobile = useIsMobile()
  const { objects, byName } = useMetadata()
  const [form] = Form.useForm<EmailTemplateInput>()
  // the picked object, else people (or the first object) once the metadata is there: a default
  // fixed when the drawer opens would stay empty if the metadata arrived after it
  const [picked, setPicked] = useState<string | null>(null)
  const object = picked ?? (byName.has('person') ? 'person' : (objects[0]?.name ?? null))
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)
  const subject = Form.useWatch('subject', form) ?? template?.subject ?? ''
  const body = Form.useWatch('body', form) ?? template?.body ?? ''
  const options = useMemo(
    () => [...triggerRecordOptions(object, byName, locale, t), ...timeOptions(t)],
    [object, byName, locale, t],
  )

  const save = async (v: EmailTemplateInput) => {
    setSaving(true)
    setError(null)
    const input = { name: v.name.trim(), subject: v.subject.trim(), body: v.body }
    try {
      const saved = template
        ? await emailTemplatesApi.update(template.id, input)
        : await emailTemplatesApi.create(input)
      onSaved(saved, !template)
    } catch (e) {
      setShown(() => applyFieldErrors(form, e, FIELDS))
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  const title = readOnly
    ? t('automation.emailTemplates.viewTitle')
    : template
      ? t('automation.emailTemplates.editTitle')
      : t('automation.emailTemplates.newTitle')

  return (
    <Drawer
      open
      onClose={onClose}
      title={title}
      size={isMobile ? '92%' : 640}
      placement={isMobile ? 'bottom' : 'right'}
      destroyOnHidden
      data-testid="email-template-drawer"
      footer={
        readOnly ? null : (
          <div className="km-admin-drawer-footer">
            <Button onClick={onClose}>{t('action.cancel')}</Button>
            <Button
              type="primary"
              loading={saving}
              onClick={() => form.submit()}
              data-testid="email-template-save"
            >
              {template ? t('action.save') : t('action.create')}
            </Button>
          </div>
        )
      }
    >
      <Form<EmailTemplateInput>
        form={form}
        layout="vertical"
        onFinish={save}
        disabled={readOnly}
        data-testid="email-template-form"
        initialValues={{
          name: template?.name ?? '',
          subject: template?.subject ?? '',
          body: template?.body ?? '',
        }}
      >
        <Form.Item
          name="name"
          label={t('automation.emailTemplates.name')}
          rules={[{ required: true, whitespace: true, message: t('automation.emailTemplates.nameRequired') }]}
        >
          <Input maxLength={200} autoComplete="off" data-testid="email-template-name" />
        </Form.Item>
        {readOnly ? null : (
          <Form.Item
            label={t('automation.emailTemplates.mergeObject')}
            extra={t('automation.emailTemplates.mergeObjectHint')}
          >
            <Select<string>
              value={object ?? undefined}
              onChange={setPicked}
              showSearch={{ optionFilterProp: 'label' }}
              options={objects.map((o) => ({ value: o.name, label: labelOf(o.label, locale) || o.name }))}
              data-testid="email-template-object"
            />
          </Form.Item>
        )}
        <Form.Item
          name="subject"
          label={t('automation.emailTemplates.subject')}
          rules={[
            { required: true, whitespace: true, message: t('automation.emailTemplates.subjectRequired') },
          ]}
        >
          <TemplateInput options={options} maxLength={500} data-testid="email-template-subject" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('automation.emailTemplates.body')}
          extra={t('automation.emailTemplates.bodyHint')}
          rules={[{ required: true, message: t('automation.emailTemplates.bodyRequired') }]}
        >
          <TemplateInput
            multiline
            options={options}
            maxLength={50_000}
            rows={{ minRows: 6, maxRows: 18 }}
            data-testid="email-template-body"
          />
        </Form.Item>
        {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
      </Form>
      <section
        className="km-mail-preview"
        data-testid="email-template-preview"
        aria-label={t('automation.emailTemplates.preview')}
      >
        <Typography.Title level={5}>{t('automation.emailTemplates.preview')}</Typography.Title>
        <Typography.Paragraph type="secondary" className="km-admin-hint">
          {t('automation.emailTemplates.previewHint')}
        </Typography.Paragraph>
        <div className="km-mail-preview-card">
          <div className="km-mail-preview-subject">
            <span className="km-mail-preview-label">{t('automation.emailTemplates.subject')}</span>
            <MergePreview text={subject} testId="email-preview-subject" />
          </div>
          <MergePreview text={body} multiline testId="email-preview-body" />
        </div>
      </section>
    </Drawer>
  )
}
