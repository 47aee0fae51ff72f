import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Form, InputNumber } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { TemplateInput } from '../TemplateInput.tsx'
import { RecipientInput } from './RecipientInput.tsx'
import { TargetPicker } from './TargetPicker.tsx'

/** Create a task on the record: title and description (with merge fields), due in n days, for someone. */
export function CreateTaskForm({ step, onChange }: { step: StepOf<'create_task'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const title = statusAt(env, 'title')
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.taskTitle')} required {...title}>
        <TemplateInput
          value={step.title}
          onChange={(v) => onChange({ ...step, title: v })}
          status={title.validateStatus}
          maxLength={10_000}
          data-testid="wf-task-title"
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.description')} {...statusAt(env, 'description')}>
        <TemplateInput
          multiline
          value={step.description ?? ''}
          onChange={(v) => onChange({ ...step, description: v || undefined })}
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.dueInDays')}>
        <InputNumber
          min={0}
          max={3650}
          precision={0}
          value={step.dueInDays}
          suffix={t('workflowBuilder.form.days')}
          onChange={(v) => typeof v === 'number' && onChange({ ...step, dueInDays: v })}
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.assignee')} {...statusAt(env, 'assignee')}>
        <RecipientInput value={step.assignee} onChange={(assignee) => onChange({ ...step, assignee })} />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.target')} {...statusAt(env, 'target')}>
        <TargetPicker
          stepId={step.id}
          value={step.target}
          onChange={(target) => onChange({ ...step, target })}
        />
      </Form.Item>
    </>
  )
}
