import type { StepTarget } from '@kemai/shared/automation/definition'
import { triggerObject } from '@kemai/shared/automation/definition'
import { Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { useFormEnv } from '../formEnv.ts'
import { stepsBefore } from '../mergeOptions.ts'
import { objectLabel } from '../summary.ts'

/** Which record a step acts on: the trigger record, or the record a create/find step before it produced. */
export function TargetPicker({
  stepId,
  value,
  onChange,
}: {
  stepId: string
  value: StepTarget
  onChange(t: StepTarget): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const object = triggerObject(env.def.trigger)
  const sources = stepsBefore(env.def, stepId).filter(
    (s) => s.type === 'create_record' || s.type === 'find_records',
  )
  const options = [
    {
      value: '@trigger',
      label: object
        ? t('workflowBuilder.form.targetTrigger', { object: objectLabel(env.byName, object, env.locale) })
        : t('workflowBuilder.form.targetTriggerNone'),
    },
    ...sources.map((s) => ({
      value: s.id,
      label: t(
        s.type === 'create_record'
          ? 'workflowBuilder.form.targetCreated'
          : 'workflowBuilder.form.targetFound',
        {
          step: s.name?.trim() || s.id,
          object: 'object' in s ? objectLabel(env.byName, s.object, env.locale) : '',
        },
      ),
    })),
  ]
  const current = value.kind === 'trigger' ? '@trigger' : value.step
  if (!options.some((o) => o.value === current)) options.push({ value: current, label: current })
  return (
    <Select<string>
      className="km-full"
      value={current}
      onChange={(v) => onChange(v === '@trigger' ? { kind: 'trigger' } : { kind: 'step', step: v })}
      options={options}
      data-testid="wf-target"
    />
  )
}
