import { DeleteOutlined } from '@ant-design/icons'
import type { Step } from '@kemai/shared/automation/definition'
import { Alert, Button, Divider, Form, Input, Popconfirm, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PlannedLike } from './flow.ts'
import { PlanDetail } from './PlanDetail.tsx'
import { StepForm } from './StepForm.tsx'

export interface Removal {
  allowed: boolean
  reroute: string | null
  incoming: number
  branches: boolean
}

interface Props {
  step: Step
  /** messages of this step's problems */
  problems: string[]
  planned: (PlannedLike & { unresolved: string[] }) | null
  removal: Removal
  /** the canvas may be changed (not on phones) */
  structural: boolean
  /** the role may only read workflows */
  readOnly?: boolean
  onChange(step: Step): void
  /** renames the step; answers why the id cannot be used, or null */
  onRename(id: string): 'invalid' | 'taken' | null
  onRemove(): void
}

/** The side panel of a step: its name and id, its settings by type, its problems and its test-run detail. */
export function StepPanel({
  step,
  problems,
  planned,
  removal,
  structural,
  readOnly = false,
  onChange,
  onRename,
  onRemove,
}: Props) {
  const { t } = useTranslation()
  const [id, setId] = useState(step.id)
  const [idError, setIdError] = useState<string | null>(null)
  useEffect(() => {
    setId(step.id)
    setIdError(null)
  }, [step.id])
  const commitId = () => {
    if (id === step.id) return
    const why = onRename(id)
    setIdError(why ? t(`workflowBuilder.form.id_${why}`) : null)
  }
  const confirm = removal.branches
    ? t('workflowBuilder.remove.branches', { count: removal.incoming })
    : removal.reroute
      ? t('workflowBuilder.remove.reroute', { count: removal.incoming, next: removal.reroute })
      : t('workflowBuilder.remove.end', { count: removal.incoming })
  return (
    <div className="km-wf-step-panel" data-testid="wf-step-panel" data-step={step.id}>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          className="km-wf-gap"
          data-testid="wf-step-problems"
          title={t('workflowBuilder.problems.count', { count: problems.length })}
          description={
            <ul className="km-problem-list">
              {problems.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Form layout="vertical" className="km-wf-form" component="div" disabled={readOnly}>
        <Form.Item label={t('workflowBuilder.form.name')}>
          <Input
            value={step.name ?? ''}
            maxLength={200}
            placeholder={step.id}
            onChange={(e) => onChange({ ...step, name: e.target.value || undefined })}
            data-testid="wf-step-name"
          />
        </Form.Item>
        <Form.Item
          label={t('workflowBuilder.form.id')}
          validateStatus={idError ? 'error' : undefined}
          help={idError ?? t('workflowBuilder.form.idHint')}
        >
          <Input
            value={id}
            maxLength={48}
            onChange={(e) => setId(e.target.value.trim())}
            onBlur={commitId}
            onPressEnter={commitId}
            data-testid="wf-step-id"
          />
        </Form.Item>
        <Divider className="km-wf-divider" />
        <StepForm step={step} onChange={onChange} />
      </Form>
      {planned ? (
        <>
          <Divider className="km-wf-divider">{t('workflowBuilder.test.stepResult')}</Divider>
          <PlanDetail planned={planned} />
        </>
      ) : null}
      {structural ? <Divider className="km-wf-divider" /> : null}
      {!structural ? null : removal.allowed ? (
        <Popconfirm
          title={t('workflowBuilder.remove.title', { step: step.name?.trim() || step.id })}
          description={<div className="km-wf-confirm">{confirm}</div>}
          okText={t('workflowBuilder.remove.ok')}
          okButtonProps={{ danger: true, 'data-testid': 'wf-remove-confirm' }}
          onConfirm={onRemove}
        >
          <Button danger icon={<DeleteOutlined />} data-testid="wf-remove-step">
            {t('workflowBuilder.remove.button')}
          </Button>
        </Popconfirm>
      ) : (
        <Typography.Text type="secondary">{t('workflowBuilder.remove.last')}</Typography.Text>
      )}
    </div>
  )
}
