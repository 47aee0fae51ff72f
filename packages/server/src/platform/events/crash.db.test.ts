import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { adminUrl, databaseUrlFor } from '../../test/pg-url.ts'
import { openDatabase } from '../db/connect.ts'
import { newId } from '../db/ids.ts'

const CHILD = fileURLToPath(new URL('./crash.child.ts', import.meta.url))
const N = 400

interface Line {
  tag: string
  data: unknown
}

/**
 * Runs the worker process until `killWhen` says so (then SIGKILL) or until it exits by itself.
 * Resolves with every line it printed.
 */
const timings: string[] = []

function runChild(
  env: Record<string, string>,
  killWhen?: (line: Line, all: Line[]) => boolean,
): Promise<Line[]> {
  const t0 = performance.now()
  let tState = 0
  return new Promise<Line[]>((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: Line[] = []
    let buf = ''
    let err = ''
    let killed = false
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString()
      let i = buf.indexOf('\n')
      while (i >= 0) {
        const raw = buf.slice(0, i)
        buf = buf.slice(i + 1)
        i = buf.indexOf('\n')
        const sp = raw.indexOf(' ')
        const line = { tag: raw.slice(0, sp), data: JSON.parse(raw.slice(sp + 1) || 'null') as unknown }
        lines.push(line)
        if (line.tag === 'STATE') tState = performance.now()
        if (!killed && killWhen?.(line, lines)) {
          killed = true
          child.kill('SIGKILL')
        }
      }
    })
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString()
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (killWhen && !killed) reject(new Error(`worker exited (${code}) before the kill point\n${err}`))
      else if (!killWhen && (code !== 0 || signal))
        reject(new Error(`worker failed (${code ?? signal})\n${err}`))
      else resolve(lines)
    })
  }).finally(() => {
    timings.push(
      `start ${((tState - t0) / 1000).toFixed(1)} s + run ${((performance.now() - tState) / 1000).toFixed(1)} s`,
    )
  })
}

describe('crash: SIGKILL during dispatch and during handling', () => {
  const url = process.env.DATABASE_URL
  const dir = mkdtempSync(join(tmpdir(), 'kemai-crash-'))
  const dbName = `kemai_crash_${process.pid}`

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    if (url) {
      const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await admin.close()
    }
  })

  it('every event is applied exactly once across restarts', async () => {
    const env: Record<string, string> = { CRASH_WORKSPACE: newId() }
    if (url) {
      const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await sql.raw(`create database ${dbName}`).execute(admin.db)
      await admin.close()
      env.CRASH_DB_URL = databaseUrlFor(url, dbName)
    } else {
      env.CRASH_DATA_DIR = dir
    }
    const started = performance.now()
    const state = (lines: Line[]) => lines.find((l) => l.tag === 'STATE')!.data as Record<string, number>

    // 1. half the events, killed after the dispatcher claimed a batch but before it committed
    const run1 = await runChild(
      { ...env, CRASH_APPEND: String(N / 2), CRASH_PAUSE: 'dispatch' },
      (l) => l.tag === 'CLAIMED',
    )
    expect(run1.some((l) => l.tag === 'CLAIMED')).toBe(true)

    // 2. the rest appended while handling; killed inside a handler transaction after 40 handled
    let handling = 0
    const run2 = await runChild(
      { ...env, CRASH_APPEND: String(N), CRASH_PAUSE: 'handle' },
      (l) => l.tag === 'HANDLING' && ++handling === 40,
    )
    // the claim of run 1 was rolled back: its events were still pending, none applied
    expect(state(run2).pending).toBeGreaterThan(0)
    expect(state(run2).applied).toBe(0)

    // 3. killed again, mid-handling
    handling = 0
    const run3 = await runChild(
      { ...env, CRASH_APPEND: String(N), CRASH_PAUSE: 'handle' },
      (l) => l.tag === 'HANDLING' && ++handling === 60,
    )
    const s3 = state(run3)
    expect(s3.applied).toBeGreaterThan(0)
    expect(s3.applied).toBeLessThan(N)

    // 4. runs to the end
    const run4 = await runChild({ ...env, CRASH_APPEND: String(N), CRASH_FINISH: '1' })
    const result = run4.find((l) => l.tag === 'RESULT')!.data as Record<string, number>
    console.log(
      `[${url ? 'postgres' : 'pglite'}] crash test: states at restart ${JSON.stringify([state(run2), s3, state(run4)])}; ` +
        `result ${JSON.stringify(result)}; ${((performance.now() - started) / 1000).toFixed(1)} s (${timings.join(', ')})`,
    )
    expect(result.appended).toBe(N)
    expect(result.applied).toBe(N) // a counter row per event
    expect(result.max_n).toBe(1) // none applied twice
    expect(result.total).toBe(N) // the plain counter
    expect(result.pending).toBe(0)
    expect(result.deadLetters).toBe(0)
  }, 180_000)
})
