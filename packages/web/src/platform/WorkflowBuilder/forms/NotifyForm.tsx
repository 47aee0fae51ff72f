import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Button, Form } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { TemplateInput } from '../TemplateInput.tsx'
import { RecipientInput } from './RecipientInput.tsx'

/** Notify people in the app (the bell): who, a title and a text, both with merge fields. */
export function NotifyForm({ step, onChange }: { step: StepOf<'notify'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const title = statusAt(env, 'title')
  const list = step.recipients
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.recipients')} required {...statusAt(env, 'recipients')}>
        <div data-testid="wf-recipients">
          {list.map((r, i) => (
            // recipients have no ids; their order is their identity
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <div className="km-wf-row" key={i}>
              <div className="km-grow">
                <RecipientInput
                  value={r}
                  onChange={(x) => onChange({ ...step, recipients: list.map((y, j) => (j === i ? x : y)) })}
                />
              </div>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                disabled={list.length <= 1}
                onClick={() => onChange({ ...step, recipients: list.filter((_, j) => j !== i) })}
                aria-label={t('workflowBuilder.form.removeRecipient')}
              />
            </div>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            disabled={list.length >= 50}
            onClick={() => onChange({ ...step, recipients: [...list, { kind: 'owner_manager' }] })}
          >
            {t('workflowBuilder.form.addRecipient')}
          </Button>
        </div>
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.notifyTitle')} required {...title}>
        <TemplateInput
          value={step.title}
          onChange={(v) => onChange({ ...step, title: v })}
          status={title.validateStatus}
          data-testid="wf-notify-title"
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.notifyBody')} {...statusAt(env, 'body')}>
        <TemplateInput
          multiline
          value={step.body ?? ''}
          onChange={(v) => onChange({ ...step, body: v || undefined })}
        />
      </Form.Item>
    </>
  )
}
