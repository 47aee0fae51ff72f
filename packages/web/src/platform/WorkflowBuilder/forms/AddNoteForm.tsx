import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Form } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { TemplateInput } from '../TemplateInput.tsx'
import { TargetPicker } from './TargetPicker.tsx'

/** Add a note to the record's timeline; its text may hold merge fields. */
export function AddNoteForm({ step, onChange }: { step: StepOf<'add_note'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const body = statusAt(env, 'body')
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.noteBody')} required {...body}>
        <TemplateInput
          multiline
          value={step.body}
          onChange={(v) => onChange({ ...step, body: v })}
          status={body.validateStatus}
          data-testid="wf-note-body"
        />
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
