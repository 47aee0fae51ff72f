/**
 * A layered top-down layout for the workflow canvas, small enough to read (no layout library): each
 * node's row is its longest distance from the root over the graph without its back edges (a loop
 * through a wait points up), each row is ordered by where its parents stand (first branch left), each
 * node is centred under its parents, and rows are spread so nodes never overlap.
 */

export interface LayoutNode {
  id: string
  width: number
  height: number
}

export interface LayoutEdge {
  from: string
  to: string
}

export interface LayoutOptions {
  /** horizontal space between two nodes of a row */
  gapX?: number
  /** vertical space between rows */
  gapY?: number
}

export interface Placed {
  /** top-left corner, as @xyflow/react positions nodes */
  x: number
  y: number
  row: number
}

/**
 * Positions for every node. `root` is on the first row; nodes it does not reach start their own
 * trees to its right. Edges are followed in the order given, so the first branch of a step is on the left.
 */
export function layoutLayers(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  root: string,
  opts: LayoutOptions = {},
): Map<string, Placed> {
  const gapX = opts.gapX ?? 48
  const gapY = opts.gapY ?? 56
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const out = new Map<string, string[]>()
  for (const n of nodes) out.set(n.id, [])
  for (const e of edges) if (byId.has(e.from) && byId.has(e.to)) out.get(e.from)!.push(e.to)

  // depth-first from the root, then from every node not reached yet: discovery order and back edges
  const order = new Map<string, number>()
  const state = new Map<string, 'open' | 'done'>()
  const forward: LayoutEdge[] = []
  const roots = [root, ...nodes.map((n) => n.id).filter((id) => id !== root)].filter((id) => byId.has(id))
  for (const r of roots) {
    if (state.has(r)) continue
    const stack: { id: string; i: number }[] = [{ id: r, i: 0 }]
    state.set(r, 'open')
    order.set(r, order.size)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const succ = out.get(top.id)!
      if (top.i < succ.length) {
        const to = succ[top.i++]!
        const s = state.get(to)
        if (s === 'open') continue // a back edge: a loop, drawn upwards
        forward.push({ from: top.id, to })
        if (s === undefined) {
          state.set(to, 'open')
          order.set(to, order.size)
          stack.push({ id: to, i: 0 })
        }
        continue
      }
      state.set(top.id, 'done')
      stack.pop()
    }
  }

  // rows: longest path over the forward edges (an acyclic graph), in topological order
  const preds = new Map<string, string[]>()
  const indegree = new Map<string, number>()
  for (const n of nodes) {
    preds.set(n.id, [])
    indegree.set(n.id, 0)
  }
  const fwdOut = new Map<string, string[]>()
  for (const e of forward) {
    fwdOut.set(e.from, [...(fwdOut.get(e.from) ?? []), e.to])
    preds.get(e.to)!.push(e.from)
    indegree.set(e.to, indegree.get(e.to)! + 1)
  }
  const row = new Map<string, number>()
  const queue = [...nodes.map((n) => n.id)]
    .filter((id) => indegree.get(id) === 0)
    .sort((a, b) => order.get(a)! - order.get(b)!)
  for (const id of queue) row.set(id, 0)
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi]!
    for (const to of fwdOut.get(id) ?? []) {
      row.set(to, Math.max(row.get(to) ?? 0, row.get(id)! + 1))
      indegree.set(to, indegree.get(to)! - 1)
      if (indegree.get(to) === 0) queue.push(to)
    }
  }

  const rows: string[][] = []
  for (const n of nodes) {
    const r = row.get(n.id) ?? 0
    while (rows.length <= r) rows.push([])
    rows[r]!.push(n.id)
  }

  const centre = new Map<string, number>()
  const placed = new Map<string, Placed>()
  let y = 0
  rows.forEach((ids, r) => {
    // where each node would like to be: under the middle of its parents (nodes without parents: to the right)
    const want = new Map<string, number>()
    for (const id of ids) {
      const ps = preds.get(id)!.filter((p) => centre.has(p))
      want.set(id, ps.length ? ps.reduce((s, p) => s + centre.get(p)!, 0) / ps.length : Number.NaN)
    }
    const sorted = [...ids].sort((a, b) => {
      const wa = want.get(a)!
      const wb = want.get(b)!
      if (Number.isNaN(wa) !== Number.isNaN(wb)) return Number.isNaN(wa) ? 1 : -1
      if (!Number.isNaN(wa) && wa !== wb) return wa - wb
      return order.get(a)! - order.get(b)!
    })
    // left to right at the wanted place or just right of the previous node, then the row as a whole
    // shifts so that, on average, nodes stand where they wanted to
    const xs: number[] = []
    sorted.forEach((id, i) => {
      const w = byId.get(id)!.width
      const min =
        i === 0 ? Number.NEGATIVE_INFINITY : xs[i - 1]! + (byId.get(sorted[i - 1]!)!.width + w) / 2 + gapX
      const wanted = want.get(id)!
      xs.push(Number.isNaN(wanted) ? (i === 0 ? 0 : min) : Math.max(wanted, min))
    })
    const diffs = sorted.map((id, i) => want.get(id)! - xs[i]!).filter((d) => !Number.isNaN(d))
    const shift = diffs.length ? diffs.reduce((s, d) => s + d, 0) / diffs.length : 0
    const height = Math.max(...ids.map((id) => byId.get(id)!.height))
    sorted.forEach((id, i) => {
      const n = byId.get(id)!
      const cx = xs[i]! + shift
      centre.set(id, cx)
      placed.set(id, { x: cx - n.width / 2, y: y + (height - n.height) / 2, row: r })
    })
    y += height + gapY
  })
  return placed
}
