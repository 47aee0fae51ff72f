import { Graph, layout } from '@dagrejs/dagre'

/**
 * The relationship graph as plain data (what the canvas draws), and its layout: hierarchy edges
 * (reports to, parent company) rank the nodes top-down with dagre; the other links are drawn over
 * that layout without moving anything.
 */

export interface GraphNode {
  id: string
  /** the record's object, for its link */
  object: string
  label: string
  /** a second line: job title, industry… */
  sub?: string | null
  tag?: { text: string; color?: string } | null
  /** a record outside the chart's main set (someone at another company) */
  external?: boolean
  /** the record the chart was opened for */
  focus?: boolean
}

export interface GraphEdge {
  id: string
  source: string
  target: string
  label: string
  color?: string
  /** ranks the layout (manager above report, parent above subsidiary) */
  hierarchy: boolean
  /** the link record behind the edge, when it can be edited */
  record?: { object: string; id: string; version: number; kind: string; note?: string | null }
}

export const NODE_WIDTH = 208
export const NODE_HEIGHT = 68

export type Positions = Record<string, { x: number; y: number }>

/** Top-left positions for every node. `saved` positions (a user's dragging) win over the layout. */
export function layoutGraph(
  nodes: GraphNode[],
  edges: GraphEdge[],
  saved: Positions = {},
  /** columns of the grid of nodes outside the hierarchy (default: about a square) */
  columns?: number,
): Positions {
  const ids = new Set(nodes.map((n) => n.id))
  const ranked = edges.filter(
    (e) => e.hierarchy && ids.has(e.source) && ids.has(e.target) && e.source !== e.target,
  )
  const inTree = new Set(ranked.flatMap((e) => [e.source, e.target]))
  const g = new Graph({ multigraph: false })
  g.setGraph({ rankdir: 'TB', nodesep: 32, ranksep: 72, marginx: 16, marginy: 16 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const n of nodes) if (inTree.has(n.id)) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT })
  for (const e of ranked) g.setEdge(e.source, e.target)
  layout(g)
  const out: Positions = {}
  let bottom = 16
  for (const n of nodes) {
    if (!inTree.has(n.id)) continue
    const p = g.node(n.id)
    out[n.id] = { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) }
    bottom = Math.max(bottom, out[n.id]!.y + NODE_HEIGHT + GAP_Y)
  }
  // nodes outside any hierarchy: a grid under the tree rather than one endless row
  const loose = nodes.filter((n) => !inTree.has(n.id))
  const cols = columns ?? Math.max(3, Math.ceil(Math.sqrt(loose.length)))
  loose.forEach((n, i) => {
    out[n.id] = {
      x: 16 + (i % cols) * (NODE_WIDTH + GAP_X),
      y: bottom + Math.floor(i / cols) * (NODE_HEIGHT + GAP_Y),
    }
  })
  for (const n of nodes) if (saved[n.id]) out[n.id] = saved[n.id]!
  return out
}

const GAP_X = 32
const GAP_Y = 56

/** The ids of every record an edge points at that is not a node yet (to be fetched as external nodes). */
export function missingEnds(nodes: GraphNode[], edges: GraphEdge[]): string[] {
  const have = new Set(nodes.map((n) => n.id))
  const out = new Set<string>()
  for (const e of edges) for (const id of [e.source, e.target]) if (!have.has(id)) out.add(id)
  return [...out]
}

/** Positions the user dragged, remembered per chart on this device. */
export function loadPositions(key: string): Positions {
  try {
    const raw = window.localStorage.getItem(`kemai.graph.${key}`)
    const v = raw ? (JSON.parse(raw) as unknown) : null
    if (!v || typeof v !== 'object') return {}
    const out: Positions = {}
    for (const [id, p] of Object.entries(v as Record<string, unknown>)) {
      const q = p as { x?: unknown; y?: unknown }
      if (
        typeof q?.x === 'number' &&
        typeof q?.y === 'number' &&
        Number.isFinite(q.x) &&
        Number.isFinite(q.y)
      )
        out[id] = { x: q.x, y: q.y }
    }
    return out
  } catch {
    return {}
  }
}

export function savePositions(key: string, positions: Positions): void {
  try {
    window.localStorage.setItem(`kemai.graph.${key}`, JSON.stringify(positions))
  } catch {
    // a full or disabled storage only loses the arrangement
  }
}
