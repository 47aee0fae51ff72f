import { DeleteOutlined, EditOutlined, MailOutlined, PlusOutlined } from '@ant-design/icons'
import type { Recipient, Step, StepOf } from '@kemai/shared/automation/definition'
import { Button, Form, Select, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { TemplateInput } from '../TemplateInput.tsx'
import { RecipientInput } from './RecipientInput.tsx'

type Address = Recipient | string

/** Recipients (people by their login address) or addresses with merge fields, one per row. */
function AddressList({
  value,
  onChange,
  min,
  testId,
}: {
  value: Address[]
  onChange(v: Address[]): void
  min: number
  testId: string
}) {
  const { t } = useTranslation()
  const set = (i: number, x: Address) => onChange(value.map((y, j) => (j === i ? x : y)))
  return (
    <div data-testid={testId}>
      {value.map((a, i) => (
        // recipients have no ids; their order is their identity
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div className="km-wf-row" key={i}>
          <div className="km-grow">
            {typeof a === 'string' ? (
              <TemplateInput
                value={a}
                onChange={(v) => set(i, v)}
                status={a.trim() ? undefined : 'error'}
                placeholder="{{trigger.record.email}}"
                aria-label={t('workflowBuilder.form.address')}
                data-testid="wf-email-address"
              />
            ) : (
              <RecipientInput value={a} onChange={(x) => set(i, x)} />
            )}
          </div>
          <Button
            type="text"
            icon={<DeleteOutlined />}
            disabled={value.length <= min}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
            aria-label={t(
              typeof a === 'string'
                ? 'workflowBuilder.form.removeAddress'
                : 'workflowBuilder.form.removeRecipient',
            )}
          />
        </div>
      ))}
      <Space wrap>
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          disabled={value.length >= 50}
          onClick={() => onChange([...value, { kind: 'owner' }])}
        >
          {t('workflowBuilder.form.addRecipient')}
        </Button>
        <Button
          type="dashed"
          icon={<MailOutlined />}
          disabled={value.length >= 50}
          onClick={() => onChange([...value, ''])}
          data-testid={`${testId}-add-address`}
        >
          {t('workflowBuilder.form.addAddress')}
        </Button>
      </Space>
    </div>
  )
}

/**
 * Send an e-mail template (docs/automation.md, "E-mail"): the template picked from the workspace's list
 * (with a link to the template editor), to and cc as people or addresses with merge fields.
 */
export function SendEmailForm({ step, onChange }: { step: StepOf<'send_email'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const status = statusAt(env, 'templateId')
  const known = env.emailTemplates.some((x) => x.value === step.templateId)
  const options =
    step.templateId && !known
      ? [{ value: step.templateId, label: step.templateId }, ...env.emailTemplates]
      : env.emailTemplates
  return (
    <>
      <Form.Item
        label={t('workflowBuilder.form.emailTemplate')}
        required
        {...status}
        extra={
          // a new tab: the draft on screen stays as it is
          <a
            href="/settings/email-templates"
            target="_blank"
            rel="noreferrer"
            data-testid="wf-edit-templates"
          >
            <EditOutlined /> {t('workflowBuilder.form.editTemplates')}
          </a>
        }
      >
        <Select<string>
          value={step.templateId || undefined}
          onChange={(templateId) => onChange({ ...step, templateId })}
          options={options}
          status={status.validateStatus ?? (step.templateId && known ? undefined : 'error')}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.choose')}
          notFoundContent={t('workflowBuilder.form.noTemplates')}
          data-testid="wf-email-template"
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.emailTo')} required {...statusAt(env, 'to')}>
        <AddressList
          value={step.to}
          onChange={(to) => onChange({ ...step, to })}
          min={1}
          testId="wf-email-to"
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.emailCc')} {...statusAt(env, 'cc')}>
        <AddressList
          value={step.cc}
          onChange={(cc) => onChange({ ...step, cc })}
          min={0}
          testId="wf-email-cc"
        />
      </Form.Item>
    </>
  )
}
