import type { RecordEventType } from '@kemai/shared/api/events.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Drawer, Form, Input, Select, Switch } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { type Webhook, type WebhookWithSecret, webhooksApi } from './api.ts'
import { applyFieldErrors } from './formErrors.ts'

/** Offered in the picker; any other type or `prefix.*` can be typed (docs/events.md). */
const RECORD_EVENTS = [
  'record.created',
  'record.updated',
  'record.deleted',
  'record.restored',
  'records.merged',
] as const satisfies readonly RecordEventType[]
const PATTERNS = ['*', 'record.*', ...RECORD_EVENTS]

interface Values {
  url: string
  description?: string
  eventTypes: string[]
  objectNames: string[]
  isActive: boolean
}

/** Create or change a webhook: URL, event types, objects (none = all), on/off. */
export function WebhookDrawer({
  webhook,
  objects,
  onClose,
  onSaved,
}: {
  webhook: Webhook | null
  objects: readonly ObjectMeta[]
  onClose(): void
  onSaved(w: Webhook | WebhookWithSecret): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const isMobile = useIsMobile()
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)

  const save = async (v: Values) => {
    setSaving(true)
    setError(null)
    const body = {
      url: v.url.trim(),
      description: v.description?.trim() ? v.description.trim() : null,
      eventTypes: v.eventTypes,
      objectNames: v.objectNames.length ? v.objectNames : null,
      isActive: v.isActive,
    }
    try {
      onSaved(webhook ? await webhooksApi.update(webhook.id, body) : await webhooksApi.create(body))
    } catch (e) {
      setShown(() =>
        applyFieldErrors(form, e, ['url', 'description', 'eventTypes', 'objectNames', 'isActive']),
      )
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer
      open
      onClose={onClose}
      title={webhook ? t('settings.webhooks.editTitle') : t('settings.webhooks.newTitle')}
      size={isMobile ? '92%' : 520}
      placement={isMobile ? 'bottom' : 'right'}
      destroyOnHidden
      footer={
        <div className="km-admin-drawer-footer">
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="webhook-save">
            {webhook ? t('action.save') : t('action.create')}
          </Button>
        </div>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        data-testid="webhook-form"
        initialValues={{
          url: webhook?.url ?? 'https://',
          description: webhook?.description ?? '',
          eventTypes: webhook?.eventTypes ?? ['record.*'],
          objectNames: webhook?.objectNames ?? [],
          isActive: webhook?.isActive ?? true,
        }}
      >
        <Form.Item
          name="url"
          label={t('settings.webhooks.url')}
          extra={t('settings.webhooks.urlHint')}
          rules={[
            { required: true, message: t('settings.webhooks.urlRequired') },
            { type: 'url', message: t('settings.webhooks.urlInvalid') },
            { pattern: /^https?:\/\//i, message: t('settings.webhooks.urlInvalid') },
          ]}
        >
          <Input maxLength={2048} inputMode="url" autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('settings.webhooks.description')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          name="eventTypes"
          label={t('settings.webhooks.events')}
          extra={t('settings.webhooks.eventsHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('settings.webhooks.eventsRequired') }]}
        >
          <Select
            mode="tags"
            options={PATTERNS.map((p) => ({
              value: p,
              label: p === '*' ? `* · ${t('settings.webhooks.allEvents')}` : p,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="objectNames"
          label={t('settings.webhooks.objects')}
          extra={t('settings.webhooks.objectsHint')}
        >
          <Select
            mode="multiple"
            allowClear
            placeholder={t('settings.webhooks.allObjects')}
            showSearch={{ optionFilterProp: 'label' }}
            options={objects.map((o) => ({ value: o.name, label: labelOf(o.label, locale) }))}
          />
        </Form.Item>
        <Form.Item name="isActive" label={t('settings.webhooks.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
      </Form>
    </Drawer>
  )
}
