import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { ApprovalLevel, Approver, Step, StepOf } from '@kemai/shared/automation/definition'
import { triggerObject } from '@kemai/shared/automation/definition'
import { Button, Form, Input, InputNumber, Radio, Select, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { labelOf } from '../../label.ts'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { TemplateInput } from '../TemplateInput.tsx'
import { RecipientInput } from './RecipientInput.tsx'

const ON_TIMEOUT = ['remind', 'escalate', 'approve', 'reject'] as const

/** A level id not used by the step's other levels (`level_1`, `level_2`…). */
export function freshLevelId(levels: readonly ApprovalLevel[]): string {
  const used = new Set(levels.map((l) => l.id))
  for (let n = 1; ; n++) if (!used.has(`level_${n}`)) return `level_${n}`
}

/**
 * An approval (docs/automation.md "Approvals"): its title, levels of approvers (会签 all / 或签 any, a
 * timeout with what happens then), where a rejection goes, and the fields locked while it is pending.
 */
export function ApprovalForm({ step, onChange }: { step: StepOf<'approval'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const title = statusAt(env, 'title')
  const name = triggerObject(env.def.trigger)
  const fields = (name ? (env.byName.get(name)?.fields ?? []) : [])
    .filter((f) => f.isActive)
    .map((f) => ({ value: f.name, label: labelOf(f.label, env.locale) || f.name }))
  const setLevel = (i: number, l: Partial<ApprovalLevel>) =>
    onChange({ ...step, levels: step.levels.map((x, j) => (j === i ? { ...x, ...l } : x)) })
  const removeLevel = (i: number) => {
    const gone = step.levels[i]!.id
    // a rejection back to the removed level goes back to the submitter instead
    const onReject =
      step.onReject.kind === 'level' && step.onReject.level === gone
        ? { kind: 'submitter' as const }
        : step.onReject
    onChange({ ...step, levels: step.levels.filter((_, j) => j !== i), onReject })
  }
  const setApprovers = (i: number, approvers: Approver[]) => setLevel(i, { approvers })
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.approvalTitle')} required {...title}>
        <TemplateInput
          value={step.title}
          onChange={(v) => onChange({ ...step, title: v })}
          status={title.validateStatus}
          data-testid="wf-approval-title"
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.levels')}>
        <div data-testid="wf-approval-levels">
          {step.levels.map((l, i) => (
            <div className="km-wf-card" key={l.id} data-testid="wf-approval-level">
              <div className="km-wf-card-head">
                <Typography.Text strong>{t('workflowBuilder.form.level', { n: i + 1 })}</Typography.Text>
                <span className="km-grow" />
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  disabled={step.levels.length <= 1}
                  onClick={() => removeLevel(i)}
                  aria-label={t('workflowBuilder.form.removeLevel')}
                />
              </div>
              <Input
                className="km-wf-gap"
                value={l.name ?? ''}
                maxLength={200}
                placeholder={t('workflowBuilder.form.levelName')}
                aria-label={t('workflowBuilder.form.levelName')}
                onChange={(e) => setLevel(i, { name: e.target.value || undefined })}
              />
              {l.approvers.map((a, k) => (
                // approvers have no ids; their order is their identity
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <div className="km-wf-row" key={k}>
                  <div className="km-grow">
                    <RecipientInput<Approver>
                      approver
                      value={a}
                      onChange={(x) =>
                        setApprovers(
                          i,
                          l.approvers.map((y, m) => (m === k ? x : y)),
                        )
                      }
                    />
                  </div>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    disabled={l.approvers.length <= 1}
                    onClick={() =>
                      setApprovers(
                        i,
                        l.approvers.filter((_, m) => m !== k),
                      )
                    }
                    aria-label={t('workflowBuilder.form.removeApprover')}
                  />
                </div>
              ))}
              <Button
                size="small"
                type="dashed"
                icon={<PlusOutlined />}
                className="km-wf-gap"
                disabled={l.approvers.length >= 50}
                onClick={() => setApprovers(i, [...l.approvers, { kind: 'owner_manager' }])}
              >
                {t('workflowBuilder.form.addApprover')}
              </Button>
              <Radio.Group
                className="km-wf-gap"
                value={l.mode}
                onChange={(e) => setLevel(i, { mode: e.target.value })}
                options={[
                  { value: 'any', label: t('workflowBuilder.form.modeAny') },
                  { value: 'all', label: t('workflowBuilder.form.modeAll') },
                ]}
              />
              <div className="km-wf-row">
                <InputNumber
                  className="km-grow"
                  min={1}
                  max={24 * 365}
                  precision={0}
                  value={l.timeoutHours ?? null}
                  placeholder={t('workflowBuilder.form.noTimeout')}
                  suffix={t('workflowBuilder.form.hours')}
                  aria-label={t('workflowBuilder.form.levelTimeout')}
                  onChange={(v) => setLevel(i, { timeoutHours: typeof v === 'number' ? v : undefined })}
                />
                <Select
                  className="km-grow"
                  value={l.onTimeout}
                  disabled={l.timeoutHours === undefined}
                  aria-label={t('workflowBuilder.form.onTimeout')}
                  onChange={(onTimeout: ApprovalLevel['onTimeout']) =>
                    setLevel(i, {
                      onTimeout,
                      escalateTo:
                        onTimeout === 'escalate' ? (l.escalateTo ?? { kind: 'owner_manager' }) : undefined,
                    })
                  }
                  options={ON_TIMEOUT.map((o) => ({
                    value: o,
                    label: t(`workflowBuilder.form.timeout_${o}`),
                  }))}
                />
              </div>
              {l.onTimeout === 'escalate' && l.timeoutHours !== undefined ? (
                <div className="km-wf-gap-top">
                  <Typography.Text type="secondary">{t('workflowBuilder.form.escalateTo')}</Typography.Text>
                  <RecipientInput<Approver>
                    approver
                    value={l.escalateTo ?? { kind: 'owner_manager' }}
                    onChange={(escalateTo) => setLevel(i, { escalateTo })}
                  />
                </div>
              ) : null}
            </div>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            disabled={step.levels.length >= 20}
            onClick={() =>
              onChange({
                ...step,
                levels: [
                  ...step.levels,
                  {
                    id: freshLevelId(step.levels),
                    approvers: [{ kind: 'owner_manager' }],
                    mode: 'any',
                    onTimeout: 'remind',
                  },
                ],
              })
            }
            data-testid="wf-add-level"
          >
            {t('workflowBuilder.form.addLevel')}
          </Button>
        </div>
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.onReject')} {...statusAt(env, 'onReject')}>
        <Select<string>
          aria-label={t('workflowBuilder.form.onReject')}
          value={step.onReject.kind === 'submitter' ? '@submitter' : step.onReject.level}
          onChange={(v) =>
            onChange({
              ...step,
              onReject: v === '@submitter' ? { kind: 'submitter' } : { kind: 'level', level: v },
            })
          }
          options={[
            { value: '@submitter', label: t('workflowBuilder.form.rejectToSubmitter') },
            ...step.levels.map((l, i) => ({
              value: l.id,
              label: t('workflowBuilder.form.rejectToLevel', {
                level: l.name?.trim() || t('workflowBuilder.form.level', { n: i + 1 }),
              }),
            })),
          ]}
        />
      </Form.Item>
      <Form.Item
        label={t('workflowBuilder.form.lock')}
        extra={t('workflowBuilder.form.lockHint')}
        {...statusAt(env, 'lock')}
      >
        <Radio.Group
          className="km-wf-gap"
          value={step.lock === 'all' ? 'all' : 'some'}
          onChange={(e) => onChange({ ...step, lock: e.target.value === 'all' ? 'all' : [] })}
          options={[
            { value: 'all', label: t('workflowBuilder.form.lockAll') },
            { value: 'some', label: t('workflowBuilder.form.lockSome') },
          ]}
        />
        {step.lock !== 'all' ? (
          <Select<string[]>
            mode="multiple"
            className="km-full"
            value={step.lock}
            onChange={(lock) => onChange({ ...step, lock })}
            options={fields}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('workflowBuilder.form.lockNone')}
            aria-label={t('workflowBuilder.form.lock')}
          />
        ) : null}
      </Form.Item>
    </>
  )
}
