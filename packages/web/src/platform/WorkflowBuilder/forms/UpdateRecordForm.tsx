import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Form } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { targetObject } from '../summary.ts'
import { TargetPicker } from './TargetPicker.tsx'
import { ValuesEditor } from './ValuesEditor.tsx'

/** Update a record: the trigger record (or one a step before created or found), field by field. */
export function UpdateRecordForm({
  step,
  onChange,
}: {
  step: StepOf<'update_record'>
  onChange(s: Step): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const name = targetObject(env.def, step.target)
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.target')} {...statusAt(env, 'target')}>
        <TargetPicker
          stepId={step.id}
          value={step.target}
          onChange={(target) => onChange({ ...step, target })}
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.values')}>
        <ValuesEditor
          object={name ? env.byName.get(name) : undefined}
          values={step.values}
          onChange={(values) => onChange({ ...step, values })}
          problemPath="values"
        />
      </Form.Item>
    </>
  )
}
