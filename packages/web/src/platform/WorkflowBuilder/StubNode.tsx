import { PlusOutlined } from '@ant-design/icons'
import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { AddStepMenu } from './AddStepMenu.tsx'
import { useCanvas } from './canvasContext.ts'
import type { StubFlowNode } from './canvasData.ts'

/**
 * The end of a link that goes nowhere (the run ends there): a "+" that adds a step when the canvas can
 * be changed, an end mark otherwise.
 */
export const StubNode = memo(function StubNode({ data }: NodeProps<StubFlowNode>) {
  const { t } = useTranslation()
  const { editable } = useCanvas()
  const cls = `km-wf-stub${data.taken ? ' km-wf-stub-taken' : ''}${data.dim ? ' km-wf-off-path' : ''}`
  return (
    <div className={cls}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {editable ? (
        <AddStepMenu link={data.link}>
          <button
            type="button"
            className="km-wf-stub-add nodrag nopan"
            data-testid="wf-add"
            data-link={data.link.id}
            aria-label={t('workflowBuilder.menu.addHere')}
            title={t('workflowBuilder.menu.addHere')}
          >
            <PlusOutlined />
          </button>
        </AddStepMenu>
      ) : (
        <span
          className="km-wf-stub-end"
          role="img"
          title={t('workflowBuilder.canvas.end')}
          aria-label={t('workflowBuilder.canvas.end')}
        />
      )}
    </div>
  )
})
