import { afterEach, describe, expect, it } from 'vitest'
import {
  type GraphEdge,
  type GraphNode,
  layoutGraph,
  loadPositions,
  missingEnds,
  NODE_HEIGHT,
  savePositions,
} from './graph-model.ts'

const node = (id: string): GraphNode => ({ id, object: 'person', label: id })
const edge = (source: string, target: string, hierarchy = true): GraphEdge => ({
  id: `${source}-${target}`,
  source,
  target,
  label: '',
  hierarchy,
})

afterEach(() => window.localStorage.clear())

describe('relationship graph layout', () => {
  it('puts managers above their reports and leaves other links out of the ranking', () => {
    const nodes = ['ceo', 'cto', 'dev', 'friend'].map(node)
    const pos = layoutGraph(nodes, [edge('ceo', 'cto'), edge('cto', 'dev'), edge('dev', 'ceo', false)])
    expect(pos.ceo!.y).toBeLessThan(pos.cto!.y)
    expect(pos.cto!.y + NODE_HEIGHT).toBeLessThanOrEqual(pos.dev!.y)
    expect(Object.keys(pos).sort()).toEqual(['ceo', 'cto', 'dev', 'friend'])
  })

  it('keeps where the user put a node, and ignores edges to unknown nodes', () => {
    const pos = layoutGraph([node('a'), node('b')], [edge('a', 'b'), edge('a', 'ghost')], {
      b: { x: 999, y: -5 },
    })
    expect(pos.b).toEqual({ x: 999, y: -5 })
    expect(pos.ghost).toBeUndefined()
  })

  it('names the ends it still has to fetch', () => {
    expect(missingEnds([node('a')], [edge('a', 'b'), edge('c', 'a'), edge('b', 'a')])).toEqual(['b', 'c'])
  })

  it('remembers positions per chart and drops anything malformed', () => {
    savePositions('company:1:people', { a: { x: 1, y: 2 } })
    expect(loadPositions('company:1:people')).toEqual({ a: { x: 1, y: 2 } })
    expect(loadPositions('other')).toEqual({})
    window.localStorage.setItem('kemai.graph.bad', '{"a":{"x":"1","y":2},"b":null,"c":{"x":3,"y":4}}')
    expect(loadPositions('bad')).toEqual({ c: { x: 3, y: 4 } })
    window.localStorage.setItem('kemai.graph.worse', 'not json')
    expect(loadPositions('worse')).toEqual({})
  })
})

describe('loose nodes', () => {
  it('go into a grid below the tree, not one long row', () => {
    const nodes = ['m', 'r', ...Array.from({ length: 9 }, (_, i) => `n${i}`)].map(node)
    const pos = layoutGraph(nodes, [edge('m', 'r')])
    const rows = new Set(Array.from({ length: 9 }, (_, i) => pos[`n${i}`]!.y))
    expect(rows.size).toBe(3)
    expect(Math.min(...rows)).toBeGreaterThan(pos.r!.y)
  })
})
