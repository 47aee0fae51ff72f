import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UnionFind } from './union-find.ts'

describe('UnionFind', () => {
  it('joins transitively and reports repeated unions', () => {
    const uf = new UnionFind(5)
    expect(uf.union(0, 1)).toBe(true)
    expect(uf.union(1, 2)).toBe(true)
    expect(uf.union(0, 2)).toBe(false)
    expect(uf.find(2)).toBe(uf.find(0))
    expect(uf.find(3)).not.toBe(uf.find(0))
  })

  it('agrees with a naive connected-components computation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(19), fc.nat(19)), { maxLength: 40 }), (edges) => {
        const uf = new UnionFind(20)
        for (const [a, b] of edges) uf.union(a, b)
        const label = Array.from({ length: 20 }, (_, i) => i)
        for (let changed = true; changed; ) {
          changed = false
          for (const [a, b] of edges) {
            const m = Math.min(label[a]!, label[b]!)
            if (label[a] !== m || label[b] !== m) {
              label[a] = m
              label[b] = m
              changed = true
            }
          }
        }
        for (let i = 0; i < 20; i++)
          for (let j = 0; j < 20; j++) expect(uf.find(i) === uf.find(j)).toBe(label[i] === label[j])
      }),
    )
  })
})
