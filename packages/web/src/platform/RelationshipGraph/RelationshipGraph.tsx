import { SwapOutlined } from '@ant-design/icons'
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd'
import { memo, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { usePreferences } from '../../app/preferences.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { type GraphEdge, type GraphNode, layoutGraph, loadPositions, savePositions } from './graph-model.ts'
import './graph.css'

/** antd's preset colour names (select options carry them) as hex, for edges. */
const EDGE_COLORS: Record<string, string> = {
  blue: '#1677ff',
  purple: '#722ed1',
  cyan: '#13c2c2',
  green: '#52c41a',
  gold: '#faad14',
  orange: '#fa8c16',
  red: '#f5222d',
  magenta: '#eb2f96',
}
const edgeColor = (c?: string) => (c && EDGE_COLORS[c]) || '#8c8c8c'

export interface KindChoice {
  value: string
  label: string
  color?: string
}

type CardData = GraphNode & Record<string, unknown>

const Card = memo(function Card({ data }: NodeProps<Node<CardData>>) {
  const { t } = useTranslation()
  return (
    <div
      className={`km-graph-node${data.focus ? ' km-graph-focus' : ''}${data.external ? ' km-graph-external' : ''}`}
      data-testid="graph-node"
    >
      <Handle type="target" position={Position.Top} />
      <div className="km-graph-title km-ellipsis" title={data.label}>
        {data.label}
      </div>
      <div className="km-graph-sub km-ellipsis">
        {data.tag ? (
          <Tag color={data.tag.color} className="km-graph-tag">
            {data.tag.text}
          </Tag>
        ) : null}
        <span className="km-muted">{data.sub ?? (data.external ? t('graph.external') : '')}</span>
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  )
})

const nodeTypes = { card: Card }

export interface RelationshipGraphProps {
  nodes: GraphNode[]
  edges: GraphEdge[]
  /** where dragged positions are remembered on this device */
  storageKey: string
  /** the link kinds a new edge may get; none: the chart is read-only */
  kinds: KindChoice[]
  onCreate?: (link: { source: string; target: string; kind: string; note: string }) => Promise<void>
  onDelete?: (edge: GraphEdge) => Promise<void>
  onOpen: (node: GraphNode) => void
}

/**
 * The relationship graph canvas (@xyflow/react): drag a node to arrange it, drag from a node's lower
 * handle to another node to link them (a dialog asks what the link is), click a link to see or remove it,
 * double-click a node to open its record.
 */
export function RelationshipGraph(props: RelationshipGraphProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  )
}

function toFlowEdge(e: GraphEdge): Edge {
  const color = e.hierarchy ? undefined : edgeColor(e.color)
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    label: e.label,
    type: e.hierarchy ? 'smoothstep' : 'default',
    animated: false,
    markerEnd: { type: MarkerType.ArrowClosed, color },
    style: e.hierarchy ? { strokeWidth: 1.5 } : { stroke: color, strokeDasharray: '6 4', strokeWidth: 1.5 },
    labelStyle: { fill: color, fontSize: 12 },
    labelBgStyle: { fillOpacity: 0.85 },
    data: e as unknown as Record<string, unknown>,
  }
}

function Canvas({ nodes, edges, storageKey, kinds, onCreate, onDelete, onOpen }: RelationshipGraphProps) {
  const { t } = useTranslation()
  const { theme } = usePreferences()
  const columns = useIsMobile() ? 2 : undefined
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes])
  const initial = useMemo(() => {
    const pos = layoutGraph(nodes, edges, loadPositions(storageKey), columns)
    return nodes.map<Node<CardData>>((n) => ({
      id: n.id,
      type: 'card',
      position: pos[n.id]!,
      data: n as CardData,
    }))
  }, [nodes, edges, storageKey, columns])
  const [flowNodes, setFlowNodes, onNodesChange] = useNodesState(initial)
  const [flowEdges, setFlowEdges, onEdgesChange] = useEdgesState(edges.map(toFlowEdge))
  useEffect(() => setFlowNodes(initial), [initial, setFlowNodes])
  useEffect(() => setFlowEdges(edges.map(toFlowEdge)), [edges, setFlowEdges])

  const [pending, setPending] = useState<{ source: string; target: string } | null>(null)
  const [selected, setSelected] = useState<GraphEdge | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [form] = Form.useForm<{ kind: string; note: string }>()
  const editable = kinds.length > 0 && !!onCreate

  const remember = () => {
    const saved = loadPositions(storageKey)
    for (const n of flowNodes) saved[n.id] = n.position
    savePositions(storageKey, saved)
  }
  const resetLayout = () => {
    savePositions(storageKey, {})
    const pos = layoutGraph(nodes, edges, {}, columns)
    setFlowNodes((ns) => ns.map((n) => ({ ...n, position: pos[n.id] ?? n.position })))
  }

  const connect = (c: Connection) => {
    if (!editable || !c.source || !c.target || c.source === c.target) return
    setError(null)
    form.resetFields()
    setPending({ source: c.source, target: c.target })
  }

  const create = async () => {
    if (!pending || !onCreate) return
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      await onCreate({ ...pending, kind: v.kind, note: v.note ?? '' })
      setPending(null)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    if (!selected || !onDelete) return
    setBusy(true)
    setError(null)
    try {
      await onDelete(selected)
      setSelected(null)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const name = (id: string) => byId.get(id)?.label ?? id
  return (
    <div className="km-graph" data-testid="relationship-graph">
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={remember}
        onConnect={connect}
        onEdgeClick={(_, e) => {
          setError(null)
          setSelected(e.data as unknown as GraphEdge)
        }}
        onNodeDoubleClick={(_, n) => onOpen(n.data)}
        nodesConnectable={editable}
        connectionRadius={48}
        edgesReconnectable={false}
        deleteKeyCode={null}
        colorMode={theme === 'dark' ? 'dark' : 'light'}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1, minZoom: 0.5 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <div className="km-graph-toolbar">
        <Button size="small" onClick={resetLayout}>
          {t('graph.resetLayout')}
        </Button>
      </div>

      <Modal
        open={!!pending}
        title={t('graph.newLink')}
        okText={t('action.save')}
        onOk={() => void create()}
        confirmLoading={busy}
        onCancel={() => setPending(null)}
        destroyOnHidden
      >
        {pending && (
          <Form form={form} layout="vertical" initialValues={{ kind: kinds[0]?.value }}>
            <Space className="km-graph-ends" wrap>
              <Typography.Text strong>{name(pending.source)}</Typography.Text>
              <Button
                size="small"
                icon={<SwapOutlined />}
                aria-label={t('graph.swap')}
                onClick={() => setPending({ source: pending.target, target: pending.source })}
              />
              <Typography.Text strong>{name(pending.target)}</Typography.Text>
            </Space>
            <Form.Item
              name="kind"
              label={t('graph.kind')}
              rules={[{ required: true, message: t('graph.kindRequired') }]}
            >
              <Select
                options={kinds.map((k) => ({ value: k.value, label: k.label }))}
                data-testid="graph-kind"
              />
            </Form.Item>
            <Form.Item name="note" label={t('graph.note')}>
              <Input maxLength={500} />
            </Form.Item>
            <Typography.Paragraph type="secondary">
              {t('graph.readsAs', { from: name(pending.source), to: name(pending.target) })}
            </Typography.Paragraph>
            {error ? <ProblemAlert error={error} /> : null}
          </Form>
        )}
      </Modal>

      <Modal
        open={!!selected}
        title={selected?.label}
        onCancel={() => setSelected(null)}
        footer={
          selected?.record && onDelete ? (
            <Popconfirm title={t('graph.deleteConfirm')} onConfirm={() => void remove()}>
              <Button danger loading={busy} data-testid="graph-delete-link">
                {t('graph.deleteLink')}
              </Button>
            </Popconfirm>
          ) : null
        }
      >
        {selected && (
          <>
            <Typography.Paragraph>
              {selected.hierarchy && selected.record
                ? t('graph.reportsTo', { from: name(selected.target), to: name(selected.source) })
                : `${name(selected.source)} → ${selected.label} → ${name(selected.target)}`}
            </Typography.Paragraph>
            {selected.record?.note ? (
              <Typography.Paragraph>{selected.record.note}</Typography.Paragraph>
            ) : null}
            {!selected.record ? (
              <Typography.Text type="secondary">{t('graph.fieldLink')}</Typography.Text>
            ) : null}
            {error ? <ProblemAlert error={error} /> : null}
          </>
        )}
      </Modal>
    </div>
  )
}
