import { CaretRightOutlined } from '@ant-design/icons'
import { triggerObject, type WorkflowDefinition } from '@kemai/shared/automation/definition'
import { Alert, Button, Empty, Form, Radio, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RunPlan } from '../Automation/automation-api.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { RelationPicker } from '../RecordForm/RelationPicker.tsx'
import { useFormEnv } from './formEnv.ts'
import { PlanDetail } from './PlanDetail.tsx'
import { STEP_VISUALS } from './stepVisuals.tsx'
import { objectLabel, stepSummary } from './summary.ts'

interface Props {
  def: WorkflowDefinition
  plan: RunPlan | null
  /** the plan is of the draft as it was saved before later edits */
  stale: boolean
  busy: boolean
  error: unknown
  /** the draft has unsaved changes: running saves them first */
  dirty: boolean
  onRun(recordId: string, approval: 'approved' | 'rejected'): void
  onSelect(stepId: string): void
}

/**
 * Test run (docs/automation.md "Test run"): pick a record of the trigger's object, and see what each step
 * would do on it — the path taken (also on the canvas), resolved values, conditions' results, and the
 * merge fields a test run cannot know — without anything being written.
 */
export function TestRunPanel({ def, plan, stale, busy, error, dirty, onRun, onSelect }: Props) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const object = triggerObject(def.trigger)
  const [recordId, setRecordId] = useState<string | null>(null)
  const [approval, setApproval] = useState<'approved' | 'rejected'>('approved')
  const hasApproval = def.steps.some((s) => s.type === 'approval')
  if (!object || !env.byName.has(object))
    return <Alert type="info" showIcon title={t('workflowBuilder.test.noRecord')} />
  return (
    <div data-testid="wf-test-panel">
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('workflowBuilder.test.record', { object: objectLabel(env.byName, object, env.locale) })}
        >
          <RelationPicker target={object} value={recordId} onChange={setRecordId} />
        </Form.Item>
        {hasApproval ? (
          <Form.Item label={t('workflowBuilder.test.approval')}>
            <Radio.Group
              value={approval}
              onChange={(e) => setApproval(e.target.value)}
              options={[
                { value: 'approved', label: t('workflowBuilder.link.approved') },
                { value: 'rejected', label: t('workflowBuilder.link.rejected') },
              ]}
            />
          </Form.Item>
        ) : null}
        <Button
          type="primary"
          icon={<CaretRightOutlined />}
          disabled={!recordId}
          loading={busy}
          onClick={() => recordId && onRun(recordId, approval)}
          data-testid="wf-test-go"
        >
          {t(dirty ? 'workflowBuilder.test.saveAndRun' : 'workflowBuilder.test.run')}
        </Button>
        <Typography.Paragraph type="secondary" className="km-wf-gap-top">
          {t('workflowBuilder.test.hint')}
        </Typography.Paragraph>
      </Form>
      {error ? <ProblemAlert error={error} /> : null}
      {plan ? (
        <div data-testid="wf-test-result">
          {stale ? (
            <Alert type="warning" showIcon className="km-wf-gap" title={t('workflowBuilder.test.stale')} />
          ) : null}
          <div className="km-wf-gap">
            <Tag
              color={plan.end === 'completed' ? 'green' : plan.end === 'loop' ? 'gold' : 'red'}
              data-testid="wf-test-end"
            >
              {t(`workflowBuilder.test.end_${plan.end}`)}
            </Tag>
            <Typography.Text type="secondary">
              {t('workflowBuilder.test.stepsTaken', { count: plan.path.length })}
            </Typography.Text>
          </div>
          {!plan.ok ? (
            <Alert
              type="error"
              showIcon
              title={t('workflowBuilder.test.invalid')}
              description={
                <ul className="km-problem-list">
                  {plan.problems.map((p) => (
                    <li key={`${p.code}|${p.path}`}>{p.message}</li>
                  ))}
                </ul>
              }
            />
          ) : plan.steps.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            plan.steps.map((p, i) => {
              const step = def.steps.find((s) => s.id === p.stepId)
              return (
                <div
                  key={p.stepId}
                  className="km-wf-plan-step"
                  data-testid="wf-plan-step"
                  data-step={p.stepId}
                >
                  <button type="button" className="km-wf-plan-head" onClick={() => onSelect(p.stepId)}>
                    <span className="km-wf-order">{i + 1}</span>
                    {step ? (
                      <span className={`km-wf-icon km-wf-${STEP_VISUALS[step.type].family}`}>
                        {STEP_VISUALS[step.type].icon}
                      </span>
                    ) : null}
                    <span className="km-ellipsis">{step?.name?.trim() || p.stepId}</span>
                  </button>
                  {step ? <div className="km-wf-node-summary">{stepSummary(step, env.summary)}</div> : null}
                  <PlanDetail planned={p} />
                </div>
              )
            })
          )}
        </div>
      ) : null}
    </div>
  )
}
