import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { usePreferences } from '../../app/preferences.tsx'
import { type CanvasActions, CanvasContext } from './canvasContext.ts'
import type { FlowNode, LinkFlowEdge, RunMark } from './canvasData.ts'
import { buildFlow, type LinkLabel, layoutFlow, linkLabel, sizeOf } from './flow.ts'
import { LinkEdge } from './LinkEdge.tsx'
import { type InsertableType, TRIGGER } from './model.ts'
import { StepNode } from './StepNode.tsx'
import { StubNode } from './StubNode.tsx'
import { type SummaryContext, stepSummary, triggerSummary } from './summary.ts'
import { TriggerNode } from './TriggerNode.tsx'
import './workflowBuilder.css'

const nodeTypes = { step: StepNode, trigger: TriggerNode, stub: StubNode }
const edgeTypes = { link: LinkEdge }

/** What a test run shows on the canvas: the planned steps in order, and the links taken. */
export interface CanvasRun {
  order: Map<string, { order: number; note: string | null; warnings: number }>
  taken: Set<string>
}

export interface WorkflowCanvasProps {
  def: WorkflowDefinition
  /** problems per step id; the trigger's under `TRIGGER` */
  problems: ReadonlyMap<string, number>
  selected: string | null
  run: CanvasRun | null
  editable: boolean
  summary: SummaryContext
  onSelect(id: string | null): void
  onInsert(from: string, path: string, type: InsertableType): void
  onConnect(from: string, path: string, to: string | null): void
}

/** The workflow as a graph (@xyflow/react): laid out top-down, panned and zoomed, never dragged. */
export function WorkflowCanvas(props: WorkflowCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  )
}

function labelText(l: LinkLabel, t: (k: string, o?: Record<string, unknown>) => string): string | null {
  if (!l) return null
  if (l.kind === 'case') return l.label ?? t('workflowBuilder.link.case', { n: l.index + 1 })
  return t(`workflowBuilder.link.${l.kind}`)
}

function toneOf(l: LinkLabel): 'yes' | 'no' | 'timeout' | 'plain' {
  if (!l) return 'plain'
  if (l.kind === 'yes' || l.kind === 'approved') return 'yes'
  if (l.kind === 'no' || l.kind === 'rejected') return 'no'
  if (l.kind === 'timeout') return 'timeout'
  return 'plain'
}

function Canvas({
  def,
  problems,
  selected,
  run,
  editable,
  summary,
  onSelect,
  onInsert,
  onConnect,
}: WorkflowCanvasProps) {
  const { t } = useTranslation()
  const { theme } = usePreferences()
  const flow = useMemo(() => buildFlow(def), [def])
  const positions = useMemo(() => layoutFlow(flow), [flow])

  const computedNodes = useMemo<FlowNode[]>(
    () =>
      flow.nodes.map((n): FlowNode => {
        const position = positions.get(n.id) ?? { x: 0, y: 0 }
        const size = sizeOf(n)
        const base = { id: n.id, position, width: size.width, height: size.height, draggable: false }
        const mark = (id: string): RunMark => {
          if (!run) return null
          const o = run.order.get(id)
          return o ? { kind: 'on', ...o } : { kind: 'off' }
        }
        if (n.kind === 'trigger')
          return {
            ...base,
            type: 'trigger',
            data: {
              title: t('workflowBuilder.trigger.title'),
              summary: triggerSummary(def.trigger, summary),
              problems: problems.get(TRIGGER) ?? 0,
              selected: selected === TRIGGER,
              run: run ? { kind: 'on', order: 0, note: null, warnings: 0 } : null,
            },
          }
        if (n.kind === 'stub')
          return {
            ...base,
            type: 'stub',
            selectable: false,
            data: {
              link: n.link,
              taken: !!run?.taken.has(n.link.id),
              dim: !!run && !run.taken.has(n.link.id),
            },
          }
        const typeLabel = t(`workflowBuilder.type.${n.step.type}`)
        return {
          ...base,
          type: 'step',
          data: {
            stepId: n.step.id,
            type: n.step.type,
            title: n.step.name?.trim() || n.step.id,
            typeLabel,
            summary: stepSummary(n.step, summary),
            problems: problems.get(n.step.id) ?? 0,
            selected: selected === n.step.id,
            run: mark(n.step.id),
          },
        }
      }),
    [flow, positions, def.trigger, summary, problems, selected, run, t],
  )

  const computedEdges = useMemo<LinkFlowEdge[]>(
    () =>
      flow.edges.map((e) => {
        const label = linkLabel(def, e.link)
        const taken = !!run?.taken.has(e.id)
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          type: 'link',
          selectable: false,
          markerEnd: {
            type: MarkerType.ArrowClosed,
            color: taken ? 'var(--km-primary)' : 'var(--km-wf-edge)',
            width: 14,
            height: 14,
            markerUnits: 'userSpaceOnUse',
          },
          data: {
            link: e.link,
            label: labelText(label, t),
            tone: toneOf(label),
            toStub: e.target.startsWith('stub:'),
            taken,
            dim: !!run && !taken,
          },
        }
      }),
    [flow, def, run, t],
  )

  const [nodes, setNodes, onNodesChange] = useNodesState<FlowNode>(computedNodes)
  const [edges, setEdges, onEdgesChange] = useEdgesState<LinkFlowEdge>(computedEdges)
  useEffect(() => setNodes(computedNodes), [computedNodes, setNodes])
  useEffect(() => setEdges(computedEdges), [computedEdges, setEdges])

  // a step added or removed, or the canvas resized (the side panel opened or closed): show it all again
  const { fitView } = useReactFlow()
  const shape = flow.nodes.map((n) => n.id).join(',')
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const el = box.current
    if (!el) return
    const observer = new ResizeObserver((entries) => setWidth(Math.round(entries[0]?.contentRect.width ?? 0)))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `width` is the reason to fit again, not an input
  useEffect(() => {
    if (!shape) return
    const timer = setTimeout(() => void fitView({ padding: 0.15, maxZoom: 1, duration: 200 }), 50)
    return () => clearTimeout(timer)
  }, [shape, width, fitView])

  const actions = useMemo<CanvasActions>(
    () => ({
      editable,
      onSelect: (id) => onSelect(id),
      onInsert,
      onConnect,
      steps: def.steps.map((s) => ({
        id: s.id,
        label: s.name?.trim() ? `${s.name.trim()} (${s.id})` : s.id,
      })),
    }),
    [editable, onSelect, onInsert, onConnect, def.steps],
  )

  return (
    <CanvasContext.Provider value={actions}>
      <div className="km-wf-canvas" data-testid="wf-canvas" ref={box}>
        <ReactFlow<FlowNode, LinkFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeClick={(_, n) => {
            if (n.type === 'step' || n.type === 'trigger') onSelect(n.type === 'trigger' ? TRIGGER : n.id)
          }}
          onPaneClick={() => onSelect(null)}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesReconnectable={false}
          elementsSelectable
          deleteKeyCode={null}
          colorMode={theme === 'dark' ? 'dark' : 'light'}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
          minZoom={0.2}
          maxZoom={1.6}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </CanvasContext.Provider>
  )
}
