/**
 * Graph checks of a workflow's steps: which steps the start reaches, which steps sit on a loop that never
 * pauses (a busy loop), and which steps always run before another (dominators, for merge fields that
 * read an earlier step's output).
 */

export type Edges = ReadonlyMap<string, readonly string[]>

export function reachableFrom(start: string, edges: Edges): Set<string> {
  const seen = new Set<string>()
  if (!edges.has(start)) return seen
  const stack = [start]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    for (const to of edges.get(id) ?? []) if (edges.has(to) && !seen.has(to)) stack.push(to)
  }
  return seen
}

/**
 * Steps on a cycle made only of steps that do not pause (Tarjan's strongly connected components on the
 * graph without the pausing steps): a run entering one would loop without ever waiting.
 */
export function busyCycleSteps(edges: Edges, pausing: ReadonlySet<string>): Set<string> {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const out = new Set<string>()
  let counter = 0
  const next = (id: string) => (edges.get(id) ?? []).filter((to) => edges.has(to) && !pausing.has(to))

  // iterative Tarjan: a frame is a node and the index of the next successor to visit
  for (const root of edges.keys()) {
    if (pausing.has(root) || index.has(root)) continue
    const frames: { id: string; succ: string[]; i: number }[] = []
    const open = (id: string) => {
      index.set(id, counter)
      low.set(id, counter)
      counter++
      stack.push(id)
      onStack.add(id)
      frames.push({ id, succ: next(id), i: 0 })
    }
    open(root)
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!
      if (f.i < f.succ.length) {
        const to = f.succ[f.i++]!
        if (!index.has(to)) open(to)
        else if (onStack.has(to)) low.set(f.id, Math.min(low.get(f.id)!, index.get(to)!))
        continue
      }
      frames.pop()
      const parent = frames[frames.length - 1]
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(f.id)!))
      if (low.get(f.id) !== index.get(f.id)) continue
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== f.id)
      if (component.length > 1 || f.succ.includes(f.id)) for (const c of component) out.add(c)
    }
  }
  return out
}

/** For each step the start reaches: the steps that run before it on every path from the start (itself included). */
export function dominators(start: string, edges: Edges): Map<string, Set<string>> {
  const reach = reachableFrom(start, edges)
  const preds = new Map<string, string[]>()
  for (const id of reach) preds.set(id, [])
  for (const id of reach) for (const to of edges.get(id) ?? []) if (reach.has(to)) preds.get(to)!.push(id)
  const dom = new Map<string, Set<string>>()
  for (const id of reach) dom.set(id, id === start ? new Set([id]) : new Set(reach))
  let changed = true
  while (changed) {
    changed = false
    for (const id of reach) {
      if (id === start) continue
      const ps = preds.get(id)!
      let next = new Set<string>()
      ps.forEach((p, i) => {
        const d = dom.get(p)!
        next = i === 0 ? new Set(d) : new Set([...next].filter((x) => d.has(x)))
      })
      next.add(id)
      if (next.size !== dom.get(id)!.size) {
        dom.set(id, next)
        changed = true
      }
    }
  }
  return dom
}
