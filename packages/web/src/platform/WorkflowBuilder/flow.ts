import type { Step, WorkflowDefinition } from '@kemai/shared/automation/definition'
import { layoutLayers, type Placed } from './layout.ts'
import { type Link, linkId, linksOf, TRIGGER } from './model.ts'

/**
 * The canvas as data: the trigger on top, one node per step, and a small "stub" node at the end of
 * every link that ends the run (where "+" adds a step). Positions come from `layoutLayers`.
 */

export const NODE_WIDTH = 248
export const NODE_HEIGHT = 80
/** a stub is drawn as a 28 px "+", but takes a wider slot so that the labels of neighbouring links fit */
export const STUB_WIDTH = 96
export const STUB_HEIGHT = 28
/** space between two rows of the layout */
export const ROW_GAP = 56

export type FlowNodeSpec =
  | { id: string; kind: 'trigger' }
  | { id: string; kind: 'step'; step: Step }
  | { id: string; kind: 'stub'; link: Link }

export interface FlowEdgeSpec {
  id: string
  source: string
  target: string
  link: Link
}

/** What a link is called on the canvas: 是/否, a case, 超时… (null: a plain "next"). */
export type LinkLabel =
  | { kind: 'yes' | 'no' | 'default' | 'approved' | 'rejected' | 'event' | 'timeout' }
  | { kind: 'case'; index: number; label: string | null }
  | null

export function linkLabel(def: WorkflowDefinition, link: Link): LinkLabel {
  if (link.from === TRIGGER) return null
  const step = def.steps.find((s) => s.id === link.from)
  if (!step) return null
  switch (link.path) {
    case 'onTrue':
      return { kind: 'yes' }
    case 'onFalse':
      return { kind: 'no' }
    case 'default':
      return { kind: 'default' }
    case 'approved':
      return { kind: 'approved' }
    case 'rejected':
      return { kind: 'rejected' }
    case 'wait.onTimeout':
      return { kind: 'timeout' }
    case 'next':
      return step.type === 'wait' && step.wait.kind === 'event' ? { kind: 'event' } : null
  }
  const m = /^cases\.(\d+)\.next$/.exec(link.path)
  if (m && step.type === 'switch') {
    const index = Number(m[1])
    return { kind: 'case', index, label: step.cases[index]?.label?.trim() || null }
  }
  return null
}

export const stubId = (link: Link) => `stub:${link.id}`

/** Nodes and edges of the definition; a link to a missing step ends in a stub like a link to nothing. */
export function buildFlow(def: WorkflowDefinition): { nodes: FlowNodeSpec[]; edges: FlowEdgeSpec[] } {
  const ids = new Set(def.steps.map((s) => s.id))
  const nodes: FlowNodeSpec[] = [{ id: TRIGGER, kind: 'trigger' }]
  const seen = new Set<string>()
  for (const s of def.steps) {
    // a duplicate id is drawn once (the validator reports it)
    if (seen.has(s.id)) continue
    seen.add(s.id)
    nodes.push({ id: s.id, kind: 'step', step: s })
  }
  const edges: FlowEdgeSpec[] = []
  const done = new Set<string>()
  for (const link of linksOf(def)) {
    if (done.has(link.id)) continue
    done.add(link.id)
    if (link.to !== null && ids.has(link.to)) {
      edges.push({ id: link.id, source: link.from, target: link.to, link })
      continue
    }
    const id = stubId(link)
    nodes.push({ id, kind: 'stub', link })
    edges.push({ id: link.id, source: link.from, target: id, link })
  }
  return { nodes, edges }
}

export function sizeOf(n: FlowNodeSpec): { width: number; height: number } {
  return n.kind === 'stub'
    ? { width: STUB_WIDTH, height: STUB_HEIGHT }
    : { width: NODE_WIDTH, height: NODE_HEIGHT }
}

export function layoutFlow(flow: { nodes: FlowNodeSpec[]; edges: FlowEdgeSpec[] }): Map<string, Placed> {
  return layoutLayers(
    flow.nodes.map((n) => ({ id: n.id, ...sizeOf(n) })),
    flow.edges.map((e) => ({ from: e.source, to: e.target })),
    TRIGGER,
    { gapX: 40, gapY: ROW_GAP },
  )
}

/** What a test run plans for one step (the parts of `PlannedStep` the canvas reads). */
export interface PlannedLike {
  stepId: string
  type: string
  detail: Record<string, unknown>
  next: string | null
  assumed?: string
}

/** The links a planned run takes: the trigger's start, and from each planned step the branch it chose. */
export function takenLinks(def: WorkflowDefinition, planned: readonly PlannedLike[]): Set<string> {
  const out = new Set<string>()
  if (planned.length === 0) return out
  out.add(linkId(TRIGGER, 'start'))
  const byId = new Map(def.steps.map((s) => [s.id, s]))
  for (const p of planned) {
    const step = byId.get(p.stepId)
    if (!step) continue
    let path = 'next'
    if (step.type === 'condition') path = p.detail.result === true ? 'onTrue' : 'onFalse'
    else if (step.type === 'switch')
      path = typeof p.detail.case === 'number' ? `cases.${p.detail.case}.next` : 'default'
    else if (step.type === 'approval') path = p.assumed === 'rejected' ? 'rejected' : 'approved'
    out.add(linkId(step.id, path))
  }
  return out
}

export type { Placed }
