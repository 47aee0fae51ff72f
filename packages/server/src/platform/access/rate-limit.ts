export interface RateLimiterOptions {
  /** requests (or failures) allowed per window */
  limit: number
  windowMs: number
  /** most keys tracked at once; the least recently hit key is dropped first (bounded memory) */
  maxKeys?: number
  /** clock, for tests */
  now?: () => number
}

export interface RateLimitResult {
  ok: boolean
  /** hits still allowed after this one (0 when blocked) */
  remaining: number
  /** 0 when ok; otherwise whole seconds until a hit would be allowed again (for Retry-After) */
  retryAfterSeconds: number
}

export interface RateLimiter {
  /** counts one hit for `key` if it is allowed; a refused hit is not counted */
  hit(key: string): RateLimitResult
  /** what `hit` would answer, without counting */
  check(key: string): RateLimitResult
  /** forgets `key` (e.g. the failures of an email after a successful login) */
  reset(key: string): void
  readonly size: number
}

interface Entry {
  /** start of the current fixed window */
  start: number
  prev: number
  curr: number
}

/**
 * A sliding-window rate limiter in memory: O(1) per key (two counters: the previous fixed window,
 * weighted by how much of it still overlaps the sliding window, plus the current one) and at most
 * `maxKeys` keys. Per process: with several API nodes each node limits on its own.
 *
 * @example const perIp = createRateLimiter({ limit: 5, windowMs: 15 * 60_000 }); if (!perIp.hit(ip).ok) …
 */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const { limit, windowMs } = opts
  if (!(limit >= 1) || !(windowMs >= 1)) throw new RangeError('limit and windowMs must be positive')
  const maxKeys = opts.maxKeys ?? 100_000
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()

  function roll(e: Entry, t: number): void {
    const windows = Math.floor((t - e.start) / windowMs)
    if (windows <= 0) return
    e.prev = windows === 1 ? e.curr : 0
    e.curr = 0
    e.start += windows * windowMs
  }

  function evaluate(e: Entry | undefined, t: number): RateLimitResult {
    if (!e) return { ok: true, remaining: limit - 1, retryAfterSeconds: 0 }
    const elapsed = t - e.start
    const weight = (windowMs - elapsed) / windowMs
    const estimate = e.prev * weight + e.curr
    if (estimate + 1 <= limit) {
      return { ok: true, remaining: Math.max(0, Math.floor(limit - estimate - 1)), retryAfterSeconds: 0 }
    }
    return { ok: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs(e, elapsed) / 1000)) }
  }

  // Time until prev·(W−e)/W + curr + 1 ≤ limit, given that the estimate only falls as time passes.
  function waitMs(e: Entry, elapsed: number): number {
    const toWindowEnd = windowMs - elapsed
    if (e.curr + 1 <= limit && e.prev > 0) {
      return Math.min(toWindowEnd, toWindowEnd - (windowMs * (limit - 1 - e.curr)) / e.prev)
    }
    // the current window alone is full: it becomes the previous one and must decay enough
    return toWindowEnd + (e.curr > 0 ? windowMs * Math.max(0, 1 - (limit - 1) / e.curr) : 0)
  }

  function get(key: string, t: number): Entry | undefined {
    const e = entries.get(key)
    if (!e) return undefined
    roll(e, t)
    if (e.prev === 0 && e.curr === 0) {
      entries.delete(key)
      return undefined
    }
    return e
  }

  return {
    hit(key) {
      const t = now()
      let e = get(key, t)
      const result = evaluate(e, t)
      if (!result.ok) return result
      if (!e) {
        if (entries.size >= maxKeys) {
          const oldest = entries.keys().next()
          if (!oldest.done) entries.delete(oldest.value)
        }
        e = { start: t, prev: 0, curr: 0 }
      } else {
        entries.delete(key) // re-insert below: Map order is recency order, the first key is the LRU one
      }
      e.curr++
      entries.set(key, e)
      return result
    },
    check(key) {
      const t = now()
      return evaluate(get(key, t), t)
    },
    reset(key) {
      entries.delete(key)
    },
    get size() {
      return entries.size
    },
  }
}
