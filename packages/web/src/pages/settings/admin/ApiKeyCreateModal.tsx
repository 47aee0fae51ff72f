import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Form, Input, Modal, Segmented, Select, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { apiKeysApi, type CreatedApiKey } from './api.ts'
import { applyFieldErrors } from './formErrors.ts'
import { SecretOnce } from './SecretOnce.tsx'

type Access = 'read' | 'write'
interface Values {
  name: string
  scopes: { object: string; access: Access }[]
}

/** Name and scopes (per object: read or read and write); then the key, once, with a copy button. */
export function ApiKeyCreateModal({
  objects,
  onCreated,
  onClose,
}: {
  objects: readonly ObjectMeta[]
  onCreated(key: CreatedApiKey): void
  onClose(): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [shown, setShown] = useState<(path: string) => boolean>(() => () => false)
  const [created, setCreated] = useState<CreatedApiKey | null>(null)
  const objectOptions = [
    { value: '*', label: t('settings.apiKeys.allObjects') },
    ...objects.map((o) => ({ value: o.name, label: labelOf(o.label, locale) })),
  ]

  const save = async (v: Values) => {
    setSaving(true)
    setError(null)
    try {
      const scopes: Record<string, Access> = {}
      for (const s of v.scopes) if (s.object) scopes[s.object] = s.access
      const key = await apiKeysApi.create({ name: v.name.trim(), scopes })
      setCreated(key)
      onCreated(key)
    } catch (e) {
      setShown(() => applyFieldErrors(form, e, ['name', 'scopes']))
      setError(e)
    } finally {
      setSaving(false)
    }
  }

  if (created)
    return (
      <Modal
        open
        title={t('settings.apiKeys.createdTitle', { name: created.name })}
        onCancel={onClose}
        footer={
          <Button type="primary" onClick={onClose} data-testid="api-key-done">
            {t('settings.apiKeys.done')}
          </Button>
        }
        mask={{ closable: false }}
        destroyOnHidden
      >
        <SecretOnce value={created.key} warning={t('settings.apiKeys.shownOnce')} />
        <Typography.Paragraph type="secondary" className="km-admin-hint">
          {t('settings.apiKeys.usage')}
        </Typography.Paragraph>
        <pre className="km-admin-pre">{`curl -H "Authorization: Bearer ${created.key}" \\\n  ${window.location.origin}/api/v1/records/${Object.keys(created.scopes).find((o) => o !== '*') ?? objects[0]?.name ?? 'person'}`}</pre>
      </Modal>
    )

  return (
    <Modal
      open
      title={t('settings.apiKeys.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('action.create')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ name: '', scopes: [{ object: '*', access: 'read' }] }}
        data-testid="api-key-form"
      >
        <Form.Item
          name="name"
          label={t('settings.apiKeys.name')}
          extra={t('settings.apiKeys.nameHint')}
          rules={[{ required: true, whitespace: true, message: t('settings.apiKeys.nameRequired') }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item label={t('settings.apiKeys.scopes')} extra={t('settings.apiKeys.scopesHint')} required>
          <Form.List
            name="scopes"
            rules={[
              {
                validator: (_, v: Values['scopes'] | undefined) =>
                  v?.some((s) => s.object)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('settings.apiKeys.scopesRequired'))),
              },
            ]}
          >
            {(rows, { add, remove }, { errors }) => (
              <div className="km-admin-scopes">
                {rows.map((row, i) => (
                  <div key={row.key} className="km-admin-scope-row">
                    <Form.Item name={[row.name, 'object']} noStyle>
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        className="km-admin-grow"
                        options={objectOptions}
                        aria-label={t('settings.apiKeys.object')}
                        data-testid={`scope-object-${i}`}
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'access']} noStyle>
                      <Segmented<Access>
                        options={[
                          { value: 'read', label: t('settings.apiKeys.access.read') },
                          { value: 'write', label: t('settings.apiKeys.access.write') },
                        ]}
                        data-testid={`scope-access-${i}`}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('settings.apiKeys.removeScope')}
                      disabled={rows.length === 1}
                      onClick={() => remove(row.name)}
                    />
                  </div>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ object: undefined, access: 'read' })}>
                  {t('settings.apiKeys.addScope')}
                </Button>
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
        </Form.Item>
        {error ? <ProblemAlert error={error} hidePath={shown} /> : null}
      </Form>
    </Modal>
  )
}
