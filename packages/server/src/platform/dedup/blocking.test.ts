import { describe, expect, it } from 'vitest'
import { candidatePairs, PairBuffer } from './blocking.ts'
import { combineKeys, compileRules } from './rules.ts'

const people = [
  { id: '0', name: '张伟', phone: '0571-88888888', birthday: '1990-01-01' },
  { id: '1', name: '張偉', phone: '+86 571 8888 8888', birthday: '1990-01-02' },
  { id: '2', name: 'Zhang Wei', phone: '0571 8888 8888', birthday: '1990-01-03' },
  { id: '3', name: '王芳', phone: '13812345678', birthday: '1985-05-05' },
  { id: '4', name: 'Wang Fang', phone: null, birthday: '1985-05-05' },
]

function run(blocking: unknown[], sources?: Int32Array) {
  const rules = compileRules({
    object: 'person',
    comparisons: [
      { id: 'name', fields: ['name'], normaliser: 'personName', measure: 'personName', weight: 1 },
    ],
    threshold: 1,
    blocking: blocking as never,
  })
  const { pairs, stats } = candidatePairs({
    n: people.length,
    keysOf: (parts, i) => combineKeys(parts, (p) => p.read(people[i]!)),
    passes: rules.blocking,
    ...(sources ? { sources } : {}),
  })
  return { pairs: [...pairs].map((c) => [Math.floor(c / people.length), c % people.length]), stats }
}

describe('candidate pairs', () => {
  it('pairs records sharing a key, once, with i < j', () => {
    const { pairs, stats } = run([
      { id: 'phone', parts: [{ fields: ['phone'], normaliser: 'phone' }] },
      { id: 'name', parts: [{ fields: ['name'], normaliser: 'personName' }] },
    ])
    expect(pairs).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
      [3, 4],
    ])
    expect(stats.map((s) => s.pairs)).toEqual([3, 4])
  })

  it('windows or skips blocks above maxBlockSize', () => {
    const key = { id: 'name', parts: [{ fields: ['name'], normaliser: 'personName' }], maxBlockSize: 2 }
    expect(run([key]).pairs).toEqual([[3, 4]])
    const windowed = run([{ ...key, window: 2, sortBy: [{ fields: ['birthday'], normaliser: 'date' }] }])
    expect(windowed.pairs).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
    ])
    expect(windowed.stats[0]).toMatchObject({ oversizedBlocks: 1, oversizedRecords: 3 })
  })

  it('sorted neighbourhood compares each record with the next window − 1', () => {
    const { pairs } = run([
      {
        id: 'sn',
        kind: 'sortedNeighbourhood',
        parts: [{ fields: ['birthday'], normaliser: 'date' }],
        window: 2,
      },
    ])
    // sorted: 3 and 4 (1985), then 0, 1, 2 (1990)
    expect(pairs).toEqual([
      [0, 1],
      [0, 4],
      [1, 2],
      [3, 4],
    ])
  })

  it('combines parts and keeps only cross-source pairs in link mode', () => {
    const { pairs } = run(
      [
        {
          id: 'initials_year',
          parts: [
            { fields: ['name'], normaliser: 'personName', take: 'initials' },
            { fields: ['birthday'], normaliser: 'date', take: 'year' },
          ],
        },
      ],
      Int32Array.from([0, 0, 1, 0, 1]),
    )
    expect(pairs).toEqual([
      [0, 2],
      [1, 2],
      [3, 4],
    ])
  })

  it('PairBuffer grows and de-duplicates', () => {
    const b = new PairBuffer(100_000)
    for (let k = 0; k < 200_000; k++) b.push(k % 1000, (k * 7) % 1000)
    const d = b.distinct()
    for (let x = 1; x < d.length; x++) expect(d[x]!).toBeGreaterThan(d[x - 1]!)
  })
})
