import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { Form, Radio, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { TargetPicker } from './TargetPicker.tsx'

/** Give the record an owner from a team: in turn (round robin) or to whoever has the fewest records. */
export function AssignOwnerForm({
  step,
  onChange,
}: {
  step: StepOf<'assign_owner'>
  onChange(s: Step): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const teams =
    step.teamId && !env.teams.some((x) => x.value === step.teamId)
      ? [{ value: step.teamId, label: step.teamId }, ...env.teams]
      : env.teams
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.target')} {...statusAt(env, 'target')}>
        <TargetPicker
          stepId={step.id}
          value={step.target}
          onChange={(target) => onChange({ ...step, target })}
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.team')} {...statusAt(env, 'teamId')}>
        <Select<string>
          value={step.teamId || undefined}
          onChange={(teamId) => onChange({ ...step, teamId })}
          options={teams}
          placeholder={t('form.choose')}
          notFoundContent={t('workflowBuilder.form.nothingToPick')}
          status={step.teamId ? undefined : 'error'}
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.strategy')}>
        <Radio.Group
          value={step.strategy}
          onChange={(e) => onChange({ ...step, strategy: e.target.value })}
          options={(['round_robin', 'least_loaded'] as const).map((s) => ({
            value: s,
            label: t(`workflowBuilder.strategy.${s}`),
          }))}
        />
      </Form.Item>
    </>
  )
}
