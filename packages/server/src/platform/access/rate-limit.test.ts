import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './rate-limit.ts'

function clock(start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('createRateLimiter', () => {
  it('allows `limit` hits in a window, refuses the next with Retry-After, and does not count refusals', () => {
    const c = clock()
    const rl = createRateLimiter({ limit: 5, windowMs: 15 * 60_000, now: c.now })
    for (let i = 0; i < 5; i++) expect(rl.hit('a')).toMatchObject({ ok: true, remaining: 4 - i })
    const refused = rl.hit('a')
    expect(refused.ok).toBe(false)
    expect(refused.retryAfterSeconds).toBeGreaterThan(0)
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30 * 60)
    expect(rl.hit('b').ok).toBe(true)
    expect(rl.check('a').ok).toBe(false)
  })

  it('allows again exactly when Retry-After says, not before', () => {
    const c = clock()
    const rl = createRateLimiter({ limit: 5, windowMs: 60_000, now: c.now })
    for (let i = 0; i < 5; i++) rl.hit('a')
    c.advance(10_000)
    const r = rl.hit('a')
    expect(r.ok).toBe(false)
    c.advance(r.retryAfterSeconds * 1000 - 1500)
    expect(rl.check('a').ok).toBe(false)
    c.advance(1500)
    expect(rl.check('a').ok).toBe(true)
  })

  it('slides: hits from the previous window count less as it slides away', () => {
    const c = clock()
    const rl = createRateLimiter({ limit: 10, windowMs: 1000, now: c.now })
    for (let i = 0; i < 10; i++) rl.hit('a')
    c.advance(1000) // next window: previous weight 1 → still full
    expect(rl.check('a').ok).toBe(false)
    c.advance(500) // previous counts 5
    for (let i = 0; i < 5; i++) expect(rl.hit('a').ok).toBe(true)
    expect(rl.hit('a').ok).toBe(false)
    c.advance(3000)
    expect(rl.check('a')).toEqual({ ok: true, remaining: 9, retryAfterSeconds: 0 })
  })

  it('reset forgets a key', () => {
    const rl = createRateLimiter({ limit: 1, windowMs: 60_000 })
    rl.hit('a')
    expect(rl.hit('a').ok).toBe(false)
    rl.reset('a')
    expect(rl.hit('a').ok).toBe(true)
  })

  it('keeps memory bounded: at most maxKeys keys, the least recently hit dropped first', () => {
    const rl = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 })
    for (let i = 0; i < 10_000; i++) rl.hit(`ip-${i}`)
    expect(rl.size).toBe(100)
    expect(rl.hit('ip-9999').ok).toBe(false)
    expect(rl.hit('ip-0').ok).toBe(true)
  })

  it('drops keys whose windows have passed', () => {
    const c = clock()
    const rl = createRateLimiter({ limit: 3, windowMs: 1000, now: c.now })
    rl.hit('a')
    c.advance(5000)
    rl.check('a')
    expect(rl.size).toBe(0)
  })

  it('refuses bad options', () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1000 })).toThrow(RangeError)
    expect(() => createRateLimiter({ limit: 1, windowMs: Number.NaN })).toThrow(RangeError)
  })

  it('property: never lets more than 2×limit hits through in any window, never refuses below limit in a fresh window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (limit, gaps) => {
          const c = clock()
          const windowMs = 1000
          const rl = createRateLimiter({ limit, windowMs, now: c.now })
          const allowed: number[] = []
          for (const g of gaps) {
            c.advance(g)
            const r = rl.hit('k')
            if (r.ok) allowed.push(c.now())
            else expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(1)
          }
          // sliding-window counters can over-admit at most by the decayed share of the previous window
          for (const t of allowed) {
            expect(allowed.filter((x) => x > t - windowMs && x <= t).length).toBeLessThanOrEqual(2 * limit)
          }
          const first = allowed.filter((x) => x < 1_000_000 + windowMs)
          expect(first.length).toBeLessThanOrEqual(limit)
        },
      ),
    )
  })
})
