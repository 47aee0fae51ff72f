import { type ChildProcess, spawn } from 'node:child_process'
import { sql } from 'kysely'
import { openDatabase } from '../platform/db/connect.ts'
import { adminUrl, databaseUrlFor } from './pg-url.ts'

/** One line a crash-test child printed: `TAG {json}`. */
export interface ChildLine {
  tag: string
  data: unknown
}

/**
 * Runs a crash-test child (`node --import tsx <script>`) and resolves with the `TAG json` lines it printed.
 * With `kill`, the child is SIGKILLed when the predicate holds for a printed line, or when the promise
 * resolves; it must not exit before that. Without, it must exit 0.
 */
export function runChild(
  script: string,
  env: Record<string, string>,
  kill?: ((line: ChildLine, all: ChildLine[]) => boolean) | Promise<void>,
): Promise<ChildLine[]> {
  return new Promise<ChildLine[]>((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: ChildLine[] = []
    let buf = ''
    let err = ''
    let killed = false
    const killNow = () => {
      if (killed) return
      killed = true
      child.kill('SIGKILL')
    }
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString()
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const raw = buf.slice(0, i)
        buf = buf.slice(i + 1)
        const sp = raw.indexOf(' ')
        if (sp <= 0 || !/^[A-Z]+$/.test(raw.slice(0, sp))) continue
        const line = { tag: raw.slice(0, sp), data: JSON.parse(raw.slice(sp + 1) || 'null') as unknown }
        lines.push(line)
        if (typeof kill === 'function' && kill(line, lines)) killNow()
      }
    })
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString()
    })
    if (kill instanceof Promise) kill.then(killNow, reject)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (kill && !killed) reject(new Error(`child exited (${code}) before the kill point\n${err}`))
      else if (!kill && (code !== 0 || signal)) reject(new Error(`child failed (${code ?? signal})\n${err}`))
      else resolve(lines)
    })
  })
}

/** A fresh PostgreSQL database for a crash test (its children connect to it), and how to drop it. */
export async function freshDatabase(
  url: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const run = async (statement: string) => {
    const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
    try {
      await sql.raw(statement).execute(admin.db)
    } finally {
      await admin.close()
    }
  }
  await run(`drop database if exists ${name} with (force)`)
  await run(`create database ${name}`)
  return { url: databaseUrlFor(url, name), drop: () => run(`drop database if exists ${name} with (force)`) }
}
