import { describe, expect, it } from 'vitest'
import {
  bestThreshold,
  labelledScores,
  pairKey,
  pairScores,
  pairsWithinGroups,
  parseCsv,
} from './dedup-data.ts'

describe('dedup benchmark helpers', () => {
  it('parses quoted CSV with doubled quotes, commas and line breaks', () => {
    const rows = parseCsv('id,title,authors\r\n0,"a, b","x ""y""\nz"\n1,plain,\n')
    expect(rows).toEqual([
      { id: '0', title: 'a, b', authors: 'x "y"\nz' },
      { id: '1', title: 'plain', authors: '' },
    ])
    expect(parseCsv('rec_id, given_name\nrec-1-org, mitchell', { trimFields: true })).toEqual([
      { rec_id: 'rec-1-org', given_name: 'mitchell' },
    ])
  })

  it('scores pairs order-free and builds the true pairs of groups', () => {
    const truth = pairsWithinGroups([['a', 'b', 'c'], ['d']])
    expect(truth.size).toBe(3)
    const s = pairScores([pairKey('b', 'a'), pairKey('a', 'b'), pairKey('a', 'd')], truth)
    expect(s).toMatchObject({ tp: 1, fp: 1, fn: 2 })
    expect(s.f1).toBeCloseTo(0.4, 10)
  })

  it('picks the threshold with the best F1 and counts unblocked pairs as not predicted', () => {
    const pairs = [
      { a: 'a1', b: 'b1', label: 1 as const },
      { a: 'a2', b: 'b2', label: 1 as const },
      { a: 'a3', b: 'b3', label: 0 as const },
    ]
    const scores = new Map([
      [pairKey('a1', 'b1'), 9],
      [pairKey('a3', 'b3'), 5],
    ])
    const scoreOf = (a: string, b: string) => scores.get(pairKey(a, b))
    expect(bestThreshold(pairs, scoreOf)).toEqual({ threshold: 9, f1: 2 / 3 })
    expect(labelledScores(pairs, scoreOf, 5)).toMatchObject({ tp: 1, fp: 1, fn: 1 })
  })
})
