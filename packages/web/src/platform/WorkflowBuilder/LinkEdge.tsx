import { PlusOutlined } from '@ant-design/icons'
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from '@xyflow/react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { AddStepMenu } from './AddStepMenu.tsx'
import { useCanvas } from './canvasContext.ts'
import type { LinkFlowEdge } from './canvasData.ts'
import { ROW_GAP } from './flow.ts'

/** A link between steps: its label (是/否, a case, 超时…) and a "+" that puts a step on it. */
export const LinkEdge = memo(function LinkEdge(props: EdgeProps<LinkFlowEdge>) {
  const { t } = useTranslation()
  const { editable } = useCanvas()
  const { data } = props
  // a link going down turns right below its step (in the gap between rows), so a link that skips rows
  // does not put its label on a step of a row in between; a link going up (a loop) is routed as usual
  const down = props.targetY > props.sourceY + ROW_GAP
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
    borderRadius: 10,
    offset: 16,
    centerY: down ? props.sourceY + ROW_GAP / 2 : undefined,
  })
  if (!data) return null
  const showAdd = editable && !data.toStub
  const cls = `km-wf-edge${data.taken ? ' km-wf-edge-taken' : ''}${data.dim ? ' km-wf-edge-dim' : ''}`
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} className={cls} />
      {data.label || showAdd ? (
        <EdgeLabelRenderer>
          <div
            className={`km-wf-edge-label nodrag nopan${data.dim ? ' km-wf-edge-dim' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid="wf-edge-label"
            data-link={data.link.id}
          >
            {data.label ? (
              <span
                className={`km-wf-edge-text km-wf-tone-${data.tone}${data.taken ? ' km-wf-edge-text-taken' : ''}`}
              >
                {data.label}
              </span>
            ) : null}
            {showAdd ? (
              <AddStepMenu link={data.link}>
                <button
                  type="button"
                  className="km-wf-edge-add"
                  data-testid="wf-edge-add"
                  data-link={data.link.id}
                  aria-label={t('workflowBuilder.menu.addHere')}
                  title={t('workflowBuilder.menu.addHere')}
                >
                  <PlusOutlined />
                </button>
              </AddStepMenu>
            ) : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  )
})
