import { readFileSync } from 'node:fs'
import type pg from 'pg'
import { BENCH_SQL } from './trace.ts'

/** CPU time (user + system) this process has used, in ms. */
export function processCpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const TICK_MS = 10 // Linux USER_HZ is 100 on every mainstream distribution (getconf CLK_TCK)

/**
 * CPU time used so far by each PostgreSQL backend of the benchmark database, in ms, read from /proc
 * (the server runs on this machine). Null when that is not possible (PGlite, or a remote server).
 */
export async function backendCpu(pool: pg.Pool): Promise<Map<number, number> | null> {
  try {
    const r = await pool.query(
      // every backend, the one answering included: the pool may answer the next reading on another one
      `${BENCH_SQL}select pid from pg_stat_activity where datname = current_database()`,
    )
    const out = new Map<number, number>()
    for (const { pid } of r.rows as { pid: number }[]) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        // fields after the command name (which is in parentheses and may hold spaces): utime is 14th, stime 15th
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        out.set(pid, (Number(rest[11]) + Number(rest[12])) * TICK_MS)
      } catch {
        // the backend exited meanwhile
      }
    }
    return out.size ? out : null
  } catch {
    return null
  }
}

/** CPU the backends used between two readings (backends that appeared in between count from zero). */
export function backendCpuDelta(
  before: Map<number, number> | null,
  after: Map<number, number> | null,
): number | null {
  if (!before || !after) return null
  let ms = 0
  for (const [pid, v] of after) ms += v - (before.get(pid) ?? 0)
  return ms
}
