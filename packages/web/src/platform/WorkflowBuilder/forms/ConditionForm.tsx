import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { triggerObject } from '@kemai/shared/automation/definition'
import { Form, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { FilterField } from './FilterField.tsx'

/** A condition: a filter on the trigger record; 是 goes one way, 否 the other. */
export function ConditionForm({ step, onChange }: { step: StepOf<'condition'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const name = triggerObject(env.def.trigger)
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.condition')} {...statusAt(env, 'filter')}>
        <FilterField
          object={name ? env.byName.get(name) : undefined}
          value={step.filter}
          onChange={(filter) => onChange({ ...step, filter })}
          emptyText={t('workflowBuilder.summary.always')}
          testId="wf-condition"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('workflowBuilder.form.conditionHint')}</Typography.Paragraph>
    </>
  )
}
