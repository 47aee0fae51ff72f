import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { demoLinks } from './relationships.ts'

describe('demo relationship links', () => {
  it('builds a reporting tree per company and a few company links', () => {
    const l = demoLinks([0, 0, 0, 0, 0, 1, 1, null], 8)
    expect(l.people).toEqual([
      { from: 1, to: 0, kind: 'reports_to' },
      { from: 2, to: 0, kind: 'reports_to' },
      { from: 3, to: 1, kind: 'reports_to' },
      { from: 4, to: 2, kind: 'reports_to' },
      { from: 3, to: 0, kind: 'influences' },
      { from: 1, to: 2, kind: 'colleague' },
    ])
    expect(l.companies).toEqual([
      { from: 0, to: 1, kind: 'partner' },
      { from: 0, to: 2, kind: 'competitor' },
      { from: 4, to: 5, kind: 'partner' },
      { from: 4, to: 6, kind: 'competitor' },
    ])
    expect(l.parents).toEqual([
      { child: 3, parent: 0 },
      { child: 7, parent: 4 },
    ])
  })

  it('never links a record to itself, stays within a company and has no duplicate link (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }), { maxLength: 80 }),
        (cs) => {
          const l = demoLinks(cs, 10)
          const keys = new Set(l.people.map((x) => `${x.from}-${x.to}-${x.kind}`))
          return (
            keys.size === l.people.length &&
            l.people.every((x) => x.from !== x.to && cs[x.from] !== null && cs[x.from] === cs[x.to])
          )
        },
      ),
    )
  })
})
