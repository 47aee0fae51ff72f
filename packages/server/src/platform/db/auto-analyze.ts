import { sql } from 'kysely'
import type { Db } from './tx.ts'

/**
 * PGlite has no autovacuum, so tables are never analyzed on their own and the planner guesses one row per
 * table (a 3-hop relation filter then plans a nested loop over everything). The records service reports
 * the rows it writes; tables past the threshold are analyzed on a timer. PostgreSQL's autovacuum does this
 * by itself, so the kernel only starts this on PGlite.
 */
export function createAutoAnalyze(db: Db, opts: { intervalMs?: number; threshold?: number } = {}) {
  const pending = new Map<string, { schema: string; table: string; rows: number }>()
  const threshold = opts.threshold ?? 500
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null

  async function runOnce(): Promise<string[]> {
    const due = [...pending.values()].filter((p) => p.rows >= threshold)
    for (const p of due) {
      pending.delete(`${p.schema}.${p.table}`)
      try {
        await sql`analyze ${sql.id(p.schema)}.${sql.id(p.table)}`.execute(db)
      } catch {
        // the table was dropped meanwhile
      }
    }
    return due.map((p) => `${p.schema}.${p.table}`)
  }

  /** Tables never analyzed (reltuples = -1), e.g. after a restart of the embedded database. */
  async function analyzeNeverAnalyzed(): Promise<number> {
    const r = await sql<{ schema: string; table: string }>`select n.nspname as schema, c.relname as table
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and c.reltuples < 0 and (n.nspname = 'public' or n.nspname like 'ws\_%')`.execute(
      db,
    )
    for (const t of r.rows) await sql`analyze ${sql.id(t.schema)}.${sql.id(t.table)}`.execute(db)
    return r.rows.length
  }

  return {
    analyzeNeverAnalyzed,
    note(schema: string, table: string, rows: number): void {
      const key = `${schema}.${table}`
      const p = pending.get(key) ?? { schema, table, rows: 0 }
      p.rows += rows
      pending.set(key, p)
    },
    runOnce,
    start(): void {
      if (timer) return
      timer = setInterval(() => {
        running ??= runOnce()
          .then(() => undefined)
          .finally(() => {
            running = null
          })
      }, opts.intervalMs ?? 30_000)
      timer.unref()
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = null
      await running
    },
  }
}

export type AutoAnalyze = ReturnType<typeof createAutoAnalyze>
