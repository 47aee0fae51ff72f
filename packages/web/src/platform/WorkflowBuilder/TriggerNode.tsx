import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { TriggerFlowNode } from './canvasData.ts'
import { TRIGGER_ICON } from './stepVisuals.tsx'

/** The trigger on top of the canvas: what starts the workflow, and its problems. */
export const TriggerNode = memo(function TriggerNode({ data }: NodeProps<TriggerFlowNode>) {
  const { t } = useTranslation()
  const cls = [
    'km-wf-node km-wf-trigger',
    data.selected ? 'km-wf-selected' : '',
    data.problems > 0 ? 'km-wf-has-problems' : '',
    data.run?.kind === 'on' ? 'km-wf-on-path' : '',
  ]
  return (
    <div className={cls.filter(Boolean).join(' ')} data-testid="wf-trigger">
      <div className="km-wf-node-head">
        <span className="km-wf-icon km-wf-trigger-icon">{TRIGGER_ICON}</span>
        <span className="km-wf-node-title km-ellipsis">{data.title}</span>
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
