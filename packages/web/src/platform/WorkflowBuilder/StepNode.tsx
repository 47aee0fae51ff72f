import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { StepFlowNode } from './canvasData.ts'
import { STEP_VISUALS } from './stepVisuals.tsx'

/** A step on the canvas: its icon, name (or id), what it does in one line, its problems and test-run mark. */
export const StepNode = memo(function StepNode({ data }: NodeProps<StepFlowNode>) {
  const { t } = useTranslation()
  const v = STEP_VISUALS[data.type]
  const run = data.run
  const cls = [
    'km-wf-node',
    data.selected ? 'km-wf-selected' : '',
    data.problems > 0 ? 'km-wf-has-problems' : '',
    run?.kind === 'on' ? 'km-wf-on-path' : run?.kind === 'off' ? 'km-wf-off-path' : '',
  ]
  return (
    <div
      className={cls.filter(Boolean).join(' ')}
      data-testid="wf-node"
      data-step={data.stepId}
      data-run={run?.kind ?? undefined}
      title={`${data.typeLabel} · ${data.stepId}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="km-wf-node-head">
        <span className={`km-wf-icon km-wf-${v.family}`}>{v.icon}</span>
        <span className="km-wf-node-title km-ellipsis">{data.title}</span>
        {run?.kind === 'on' && run.note ? <span className="km-wf-run-note">{run.note}</span> : null}
        {run?.kind === 'on' && run.warnings > 0 ? (
          <span
            className="km-wf-run-warn"
            title={t('workflowBuilder.test.unresolvedShort', { count: run.warnings })}
          >
            {t('workflowBuilder.test.unresolvedShort', { count: run.warnings })}
          </span>
        ) : null}
        {run?.kind === 'on' ? (
          <span
            className="km-wf-order"
            role="img"
            aria-label={t('workflowBuilder.test.order', { n: run.order })}
          >
            {run.order}
          </span>
        ) : null}
        {data.problems > 0 ? (
          <span
            className="km-wf-badge"
            role="img"
            data-testid="wf-node-problems"
            aria-label={t('workflowBuilder.problems.count', { count: data.problems })}
          >
            {data.problems}
          </span>
        ) : null}
      </div>
      <div className="km-wf-node-summary km-ellipsis">{data.summary}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  )
})
