import type { StepType } from '@kemai/shared/automation/definition'
import type { Edge, Node } from '@xyflow/react'
import type { Link } from './model.ts'

/** Where a node stands in a test run: on the planned path (with its order), or off it. */
export type RunMark =
  | { kind: 'on'; order: number; note: string | null; warnings: number }
  | { kind: 'off' }
  | null

export type StepNodeData = {
  stepId: string
  type: StepType
  title: string
  typeLabel: string
  summary: string
  problems: number
  selected: boolean
  run: RunMark
}

export type TriggerNodeData = {
  title: string
  summary: string
  problems: number
  selected: boolean
  run: RunMark
}

export type StubNodeData = { link: Link; taken: boolean; dim: boolean }

export type LinkEdgeData = {
  link: Link
  label: string | null
  tone: 'yes' | 'no' | 'timeout' | 'plain'
  /** the edge ends in a stub: the "+" is on the stub, not on the edge */
  toStub: boolean
  taken: boolean
  dim: boolean
}

export type StepFlowNode = Node<StepNodeData, 'step'>
export type TriggerFlowNode = Node<TriggerNodeData, 'trigger'>
export type StubFlowNode = Node<StubNodeData, 'stub'>
export type FlowNode = StepFlowNode | TriggerFlowNode | StubFlowNode
export type LinkFlowEdge = Edge<LinkEdgeData, 'link'>
