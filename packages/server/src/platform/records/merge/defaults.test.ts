import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Candidate, defaultChoice, isEmpty, suggestedSurvivor } from './defaults.ts'

const cand = (
  id: string,
  values: Record<string, unknown>,
  createdAt: number,
  changed: [string, number][] = [],
) => ({ id, values, createdAt, changedAt: new Map(changed) }) satisfies Candidate

describe('merge defaults', () => {
  it('treats null, empty text, lists and objects as empty, but not false or 0', () => {
    expect([null, undefined, '', [], {}].every(isEmpty)).toBe(true)
    expect([false, 0, 'x', ['a'], { text: 'a' }].some(isEmpty)).toBe(false)
  })

  it('takes the newest non-empty value: its last change, else the record creation', () => {
    const a = cand('a', { title: '经理', email: null }, 100, [['title', 500]])
    const b = cand('b', { title: '总监', email: 'b@x.cn' }, 200)
    const c = cand('c', { title: '', email: 'c@x.cn' }, 300)
    expect(defaultChoice([a, b, c], 'title')).toBe('a')
    expect(defaultChoice([a, b, c], 'email')).toBe('c')
    expect(defaultChoice([a, b, c], 'mobile')).toBeNull()
    expect(suggestedSurvivor([b, c, a])).toBe('a')
  })

  it('always picks a record holding a value, the newest one, the first listed on a tie', () => {
    const value = fc.oneof(fc.constant(null), fc.constant(''), fc.string({ minLength: 1 }), fc.integer())
    fc.assert(
      fc.property(
        fc.array(fc.record({ v: value, at: fc.integer({ min: 0, max: 5 }) }), { minLength: 2, maxLength: 5 }),
        (rows) => {
          const list = rows.map((r, i) => cand(String(i), { f: r.v }, r.at))
          const pick = defaultChoice(list, 'f')
          const filled = list.filter((c) => !isEmpty(c.values.f))
          if (filled.length === 0) return pick === null
          const newest = Math.max(...filled.map((c) => c.createdAt))
          return pick === filled.find((c) => c.createdAt === newest)!.id
        },
      ),
    )
  })
})
