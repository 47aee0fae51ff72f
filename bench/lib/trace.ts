import type pg from 'pg'

/** Statements the benchmark itself sends through the product's pool start with this, and are not traced. */
export const BENCH_SQL = '/*bench*/ '

export interface StatementStats {
  count: number
  ms: number
}

/** Names a statement by what it does, for the per-stage breakdown. */
export function classify(text: string): string {
  const s = text.trimStart().toLowerCase()
  if (s === 'begin' || s.startsWith('begin')) return 'begin'
  if (s === 'commit' || s.startsWith('commit')) return 'commit'
  if (s.startsWith('rollback')) return 'rollback'
  if (s.startsWith('savepoint') || s.startsWith('release savepoint')) return 'savepoint'
  if (s.startsWith('set ')) return 'set local'
  if (s.includes("set_config('app.workspace_id'")) return 'workspace (set_config + metadata version)'
  if (s.includes('from "session"') || s.includes('update "session"')) return 'session lookup'
  if (s.includes('insert into search_doc')) return 'search_doc upsert'
  if (s.includes('insert into outbox_event')) return 'outbox insert'
  if (s.includes('insert into "field_history"')) return 'field_history insert'
  if (/^insert into "[^"]+"\."obj_/.test(s)) return 'object insert'
  if (/^update "[^"]+"\."obj_/.test(s)) return 'object update'
  if (s.startsWith('select id from') && s.includes('= any(')) return 'reference check'
  if (s.includes('for update')) return 'select for update'
  if (s.startsWith('with c_title')) return 'search query'
  if (s.startsWith('select') && s.includes('"obj_') && s.includes(' limit ')) return 'object list select'
  if (s.startsWith('select') && s.includes('"obj_')) return 'object select'
  if (s.includes('from "object"') || s.includes('from "field"')) return 'metadata load'
  if (s.includes('from "app_user"') || s.includes('from "role') || s.includes('team')) return 'actor load'
  return 'other'
}

/**
 * Times every statement the product sends through its pool (from `client.query()` to its result, so
 * driver parsing included), grouped by `classify`. Install before the pool opens its first connection.
 */
export class QueryTracer {
  active = false
  stats = new Map<string, StatementStats>()
  /** the last statement of each class, with its parameters (to EXPLAIN exactly what the product ran) */
  last = new Map<string, { text: string; values: unknown[] }>()

  install(pool: pg.Pool): void {
    pool.on('connect', (client) => this.wrap(client))
  }

  private wrap(client: pg.PoolClient): void {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this wraps all of them
    ;(client as any).query = (...args: unknown[]) => {
      const first = args[0]
      const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '')
      if (!this.active || text.startsWith(BENCH_SQL)) return original(...args)
      const started = performance.now()
      const result = original(...args)
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        const cls = classify(text)
        return (result as Promise<unknown>).then((value) => {
          this.record(cls, performance.now() - started)
          this.last.set(cls, { text, values: Array.isArray(args[1]) ? (args[1] as unknown[]) : [] })
          return value
        })
      }
      return result
    }
  }

  private record(cls: string, ms: number): void {
    const s = this.stats.get(cls)
    if (s) {
      s.count++
      s.ms += ms
    } else this.stats.set(cls, { count: 1, ms })
  }

  /** Runs `fn` with tracing on, from empty statistics; returns them. */
  async during<T>(fn: () => Promise<T>): Promise<{ result: T; stats: Map<string, StatementStats> }> {
    this.stats = new Map()
    this.active = true
    try {
      const result = await fn()
      return { result, stats: this.stats }
    } finally {
      this.active = false
    }
  }
}

/** Statistics per unit of work (per request, per batch): count and ms divided by `units`, heaviest first. */
export function perUnit(
  stats: Map<string, StatementStats>,
  units: number,
): Record<string, { count: number; ms: number }> {
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms)
  return Object.fromEntries(
    rows.map(([k, v]) => [
      k,
      { count: Math.round((v.count / units) * 100) / 100, ms: Math.round((v.ms / units) * 1000) / 1000 },
    ]),
  )
}

export function totalMs(stats: Map<string, StatementStats>): number {
  let ms = 0
  for (const v of stats.values()) ms += v.ms
  return ms
}
