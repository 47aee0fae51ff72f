import type pg from 'pg'
import { BENCH_SQL, type StatementStats } from './trace.ts'

/** One kind of transaction (or of statement sent outside a transaction): how many, how big, how long. */
export interface TxStats {
  count: number
  statements: number
  /** from BEGIN to the end of COMMIT, summed */
  ms: number
  maxStatements: number
  /** statements by class inside this kind of transaction */
  classes: Map<string, StatementStats>
}

interface OpenTx {
  started: number
  statements: number
  tag: string | null
  classes: Map<string, StatementStats>
}

/**
 * Times every statement the product's pools send (from `client.query()` to its result), by class, and
 * groups them into the transactions they ran in: each transaction is named by the first statement `tag`
 * recognises (a listener's processed_event insert names its listener, the dispatcher's claim, …), so a
 * report can say how many statements and milliseconds each kind of transaction costs. Statements sent
 * outside a transaction (pg-boss polling, read-pool reads) count as transactions of their own class.
 * Install before the pools open their first connection.
 */
export class WorkTracer {
  active = false
  stats = new Map<string, StatementStats>()
  txs = new Map<string, TxStats>()
  private readonly open = new WeakMap<pg.PoolClient, OpenTx>()

  constructor(
    private readonly classify: (text: string) => string,
    private readonly tag: (text: string, values: unknown[]) => string | null,
  ) {}

  install(pool: pg.Pool): void {
    pool.on('connect', (client) => this.wrap(client))
  }

  reset(): void {
    this.stats = new Map()
    this.txs = new Map()
  }

  private wrap(client: pg.PoolClient): void {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this wraps all of them
    ;(client as any).query = (...args: unknown[]) => {
      const first = args[0]
      const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '')
      if (!this.active || text.startsWith(BENCH_SQL)) return original(...args)
      const values = Array.isArray(args[1])
        ? (args[1] as unknown[])
        : ((first as { values?: unknown[] } | null)?.values ?? [])
      const cls = this.classify(text)
      const lower = text.trimStart().slice(0, 40).toLowerCase()
      const head = lower.startsWith('begin') ? 'begin' : TX_END.test(lower) ? 'end' : ''
      let tx = this.open.get(client)
      if (head === 'begin') {
        tx = { started: performance.now(), statements: 0, tag: null, classes: new Map() }
        this.open.set(client, tx)
      }
      if (tx && !tx.tag) tx.tag = this.tag(text, values)
      const started = performance.now()
      const current = tx
      // pool.query() calls client.query() with a callback (pg-boss's statements go that way)
      const last = args.length - 1
      const cb = args[last]
      if (typeof cb === 'function') {
        args[last] = (...res: unknown[]) => {
          this.done(client, current, cls, head, started)
          return (cb as (...a: unknown[]) => unknown)(...res)
        }
        return original(...args)
      }
      const result = original(...args)
      if (!result || typeof (result as Promise<unknown>).then !== 'function') return result
      return (result as Promise<unknown>).then(
        (value) => {
          this.done(client, current, cls, head, started)
          return value
        },
        (err: unknown) => {
          this.done(client, current, cls, head, started)
          throw err
        },
      )
    }
  }

  private done(client: pg.PoolClient, tx: OpenTx | undefined, cls: string, head: string, started: number) {
    const ms = performance.now() - started
    add(this.stats, cls, ms)
    if (!tx) {
      // outside a transaction: one statement is its own transaction
      const t = this.txStats(`(no transaction) ${cls}`)
      t.count++
      t.statements++
      t.ms += ms
      t.maxStatements = Math.max(t.maxStatements, 1)
      add(t.classes, cls, ms)
      return
    }
    tx.statements++
    add(tx.classes, cls, ms)
    if (head === 'end') {
      this.open.delete(client)
      const t = this.txStats(tx.tag ?? '(untagged)')
      t.count++
      t.statements += tx.statements
      t.ms += performance.now() - tx.started
      t.maxStatements = Math.max(t.maxStatements, tx.statements)
      for (const [k, v] of tx.classes) {
        const s = t.classes.get(k) ?? { count: 0, ms: 0 }
        s.count += v.count
        s.ms += v.ms
        t.classes.set(k, s)
      }
    }
  }

  private txStats(tag: string): TxStats {
    let t = this.txs.get(tag)
    if (!t) {
      t = { count: 0, statements: 0, ms: 0, maxStatements: 0, classes: new Map() }
      this.txs.set(tag, t)
    }
    return t
  }
}

/** COMMIT or ROLLBACK (not ROLLBACK TO SAVEPOINT) */
const TX_END = /^(commit|rollback(?!\s+to\b))\b/

function add(map: Map<string, StatementStats>, key: string, ms: number): void {
  const s = map.get(key)
  if (s) {
    s.count++
    s.ms += ms
  } else map.set(key, { count: 1, ms })
}
