import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type LayoutEdge, type LayoutNode, layoutLayers } from './layout.ts'

const node = (id: string, width = 100, height = 40): LayoutNode => ({ id, width, height })
const centre = (p: { x: number }, n: LayoutNode) => p.x + n.width / 2

describe('layoutLayers', () => {
  it('stacks a chain in one column, top-down', () => {
    const nodes = ['t', 'a', 'b', 'c'].map((id) => node(id))
    const pos = layoutLayers(
      nodes,
      [
        { from: 't', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
      't',
    )
    const xs = nodes.map((n) => pos.get(n.id)!.x)
    expect(new Set(xs).size).toBe(1)
    expect(nodes.map((n) => pos.get(n.id)!.row)).toEqual([0, 1, 2, 3])
    expect(pos.get('b')!.y).toBeGreaterThan(pos.get('a')!.y + 40)
  })

  it('puts branches side by side under their parent, first branch on the left', () => {
    const nodes = [node('t'), node('yes'), node('no')]
    const pos = layoutLayers(
      nodes,
      [
        { from: 't', to: 'yes' },
        { from: 't', to: 'no' },
      ],
      't',
      { gapX: 20 },
    )
    const [t, yes, no] = nodes.map((n) => pos.get(n.id)!)
    expect(yes!.x).toBeLessThan(no!.x)
    expect(no!.x - yes!.x).toBe(120)
    // the parent stands over the middle of its two branches
    expect(centre(t!, nodes[0]!)).toBe((centre(yes!, nodes[1]!) + centre(no!, nodes[2]!)) / 2)
  })

  it('puts a join below both branches, in the middle', () => {
    const nodes = ['c', 'l', 'r', 'j'].map((id) => node(id))
    const pos = layoutLayers(
      nodes,
      [
        { from: 'c', to: 'l' },
        { from: 'c', to: 'r' },
        { from: 'l', to: 'j' },
        { from: 'r', to: 'j' },
      ],
      'c',
    )
    expect(pos.get('j')!.row).toBe(2)
    expect(pos.get('j')!.x).toBe(pos.get('c')!.x)
  })

  it('ranks by the longest path, so a shortcut does not pull a step up', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id) => node(id))
    const pos = layoutLayers(
      nodes,
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'd' },
        { from: 'a', to: 'd' },
      ],
      'a',
    )
    expect(pos.get('d')!.row).toBe(3)
  })

  it('draws a loop back up instead of failing on it', () => {
    const nodes = ['t', 'wait', 'check'].map((id) => node(id))
    const pos = layoutLayers(
      nodes,
      [
        { from: 't', to: 'wait' },
        { from: 'wait', to: 'check' },
        { from: 'check', to: 'wait' },
      ],
      't',
    )
    expect([pos.get('t')!.row, pos.get('wait')!.row, pos.get('check')!.row]).toEqual([0, 1, 2])
  })

  it('places nodes the root does not reach, and ignores edges to unknown nodes', () => {
    const nodes = ['t', 'a', 'lost', 'lost_child'].map((id) => node(id))
    const pos = layoutLayers(
      nodes,
      [
        { from: 't', to: 'a' },
        { from: 'lost', to: 'lost_child' },
        { from: 'a', to: 'ghost' },
      ],
      't',
    )
    expect(pos.size).toBe(4)
    expect(pos.get('lost')!.row).toBe(0)
    expect(pos.get('lost')!.x).toBeGreaterThan(pos.get('t')!.x)
    expect(pos.get('lost_child')!.row).toBe(1)
  })

  it('centres small nodes in their row', () => {
    const nodes = [node('t', 100, 80), node('a', 100, 80), node('stub', 20, 20)]
    const pos = layoutLayers(
      nodes,
      [
        { from: 't', to: 'a' },
        { from: 't', to: 'stub' },
      ],
      't',
    )
    expect(pos.get('stub')!.y).toBe(pos.get('a')!.y + 30)
  })

  it('is empty for no nodes', () => {
    expect(layoutLayers([], [], 'x').size).toBe(0)
  })

  // on any graph (loops, self-links, islands): every node placed at a finite spot, rows without overlaps
  it('places every node, and never two nodes of a row on each other', () => {
    const graph = fc.integer({ min: 1, max: 25 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        widths: fc.array(fc.integer({ min: 10, max: 300 }), { minLength: n, maxLength: n }),
        edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 }),
      }),
    )
    fc.assert(
      fc.property(graph, ({ n, widths, edges }) => {
        const nodes = widths.map((w, i) => node(`n${i}`, w, 40))
        const es: LayoutEdge[] = edges.map(([a, b]) => ({ from: `n${a}`, to: `n${b}` }))
        const pos = layoutLayers(nodes, es, 'n0', { gapX: 10 })
        expect(pos.size).toBe(n)
        const rows = new Map<number, LayoutNode[]>()
        for (const nd of nodes) rows.set(pos.get(nd.id)!.row, [...(rows.get(pos.get(nd.id)!.row) ?? []), nd])
        for (const list of rows.values()) {
          const sorted = [...list].sort((a, b) => pos.get(a.id)!.x - pos.get(b.id)!.x)
          for (let i = 1; i < sorted.length; i++) {
            const prev = sorted[i - 1]!
            expect(pos.get(sorted[i]!.id)!.x).toBeGreaterThanOrEqual(
              pos.get(prev.id)!.x + prev.width + 10 - 1e-6,
            )
          }
        }
        for (const nd of nodes) expect(Number.isFinite(pos.get(nd.id)!.x)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})
