import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Form, Select, Switch } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'

/** Start another workflow on the same record, optionally waiting until its run ends. */
export function StartWorkflowForm({
  step,
  onChange,
}: {
  step: StepOf<'start_workflow'>
  onChange(s: Step): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const status = statusAt(env, 'workflowId')
  const options =
    step.workflowId && !env.workflows.some((w) => w.value === step.workflowId)
      ? [{ value: step.workflowId, label: step.workflowId }, ...env.workflows]
      : env.workflows
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.workflow')} required {...status}>
        <Select<string>
          value={step.workflowId || undefined}
          onChange={(workflowId) => onChange({ ...step, workflowId })}
          options={options}
          status={status.validateStatus ?? (step.workflowId ? undefined : 'error')}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('form.choose')}
          notFoundContent={t('workflowBuilder.form.noWorkflows')}
          data-testid="wf-start-workflow"
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.waitForCompletion')}>
        <Switch
          checked={step.waitForCompletion}
          onChange={(waitForCompletion) => onChange({ ...step, waitForCompletion })}
        />
      </Form.Item>
    </>
  )
}
