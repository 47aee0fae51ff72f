import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Form } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { ObjectSelect } from './ObjectSelect.tsx'
import { ValuesEditor } from './ValuesEditor.tsx'

/** Create a record of an object, field by field (merge fields fill it from the trigger record). */
export function CreateRecordForm({
  step,
  onChange,
}: {
  step: StepOf<'create_record'>
  onChange(s: Step): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const status = statusAt(env, 'object')
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.object')} {...status}>
        <ObjectSelect
          value={step.object}
          status={status.validateStatus}
          // the values belong to the old object: they start over
          onChange={(object) =>
            onChange({ ...step, object, values: object === step.object ? step.values : {} })
          }
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.values')}>
        <ValuesEditor
          object={env.byName.get(step.object)}
          values={step.values}
          onChange={(values) => onChange({ ...step, values })}
          problemPath="values"
        />
      </Form.Item>
    </>
  )
}
