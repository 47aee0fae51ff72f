import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { triggerObject } from '@kemai/shared/automation/definition'
import { Button, Input, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useFormEnv } from '../formEnv.ts'
import { FilterField } from './FilterField.tsx'

/** A switch: cases in order, each a filter and a label; the first that holds is taken, else "otherwise". */
export function SwitchForm({ step, onChange }: { step: StepOf<'switch'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const name = triggerObject(env.def.trigger)
  const object = name ? env.byName.get(name) : undefined
  const setCase = (i: number, c: Partial<StepOf<'switch'>['cases'][number]>) =>
    onChange({ ...step, cases: step.cases.map((x, j) => (j === i ? { ...x, ...c } : x)) })
  return (
    <div data-testid="wf-switch-cases">
      {step.cases.map((c, i) => {
        const problems = env.problemsAt(`cases.${i}`)
        return (
          // cases have no ids; their order is their identity
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="km-wf-card" key={i}>
            <div className="km-wf-card-head">
              <Typography.Text strong>{t('workflowBuilder.link.case', { n: i + 1 })}</Typography.Text>
              <span className="km-grow" />
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                disabled={step.cases.length <= 1}
                onClick={() => onChange({ ...step, cases: step.cases.filter((_, j) => j !== i) })}
                aria-label={t('workflowBuilder.form.removeCase')}
              />
            </div>
            <Input
              className="km-wf-gap"
              value={c.label ?? ''}
              maxLength={200}
              placeholder={t('workflowBuilder.form.caseLabel')}
              aria-label={t('workflowBuilder.form.caseLabel')}
              onChange={(e) => setCase(i, { label: e.target.value || undefined })}
            />
            <FilterField
              object={object}
              value={c.filter}
              onChange={(filter) => setCase(i, { filter })}
              emptyText={t('workflowBuilder.summary.always')}
            />
            {problems.map((m) => (
              <Typography.Text key={m} type="danger" className="km-wf-inline-problem">
                {m}
              </Typography.Text>
            ))}
          </div>
        )
      })}
      <Button
        type="dashed"
        block
        icon={<PlusOutlined />}
        onClick={() => onChange({ ...step, cases: [...step.cases, { filter: { and: [] }, next: null }] })}
        data-testid="wf-add-case"
      >
        {t('workflowBuilder.form.addCase')}
      </Button>
      <Typography.Paragraph type="secondary" className="km-wf-hint">
        {t('workflowBuilder.form.switchHint')}
      </Typography.Paragraph>
    </div>
  )
}
