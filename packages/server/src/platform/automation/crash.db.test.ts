import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { adminUrl, databaseUrlFor } from '../../test/pg-url.ts'
import { openDatabase } from '../db/connect.ts'

const CHILD = fileURLToPath(new URL('./crash.child.ts', import.meta.url))

interface Line {
  tag: string
  data: unknown
}

/** Runs the worker until `kill` says so (then SIGKILL) or until it exits by itself; resolves with its lines. */
function runChild(env: Record<string, string>, kill?: () => Promise<void>): Promise<Line[]> {
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
        if (sp > 0 && /^[A-Z]+$/.test(raw.slice(0, sp)))
          lines.push({ tag: raw.slice(0, sp), data: JSON.parse(raw.slice(sp + 1) || 'null') as unknown })
      }
    })
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString()
    })
    kill?.().then(() => {
      killed = true
      child.kill('SIGKILL')
    }, reject)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (kill && !killed) reject(new Error(`worker exited (${code}) before the kill point\n${err}`))
      else if (!kill && (code !== 0 || signal)) reject(new Error(`worker failed (${code ?? signal})\n${err}`))
      else resolve(lines)
    })
  })
}

describe('automation crash: SIGKILL while a run waits for its HTTP step', () => {
  const url = process.env.DATABASE_URL
  const dir = mkdtempSync(join(tmpdir(), 'kemai-wf-crash-'))
  const dbName = `kemai_wf_crash_${process.pid}`
  let server: Server | null = null

  afterAll(async () => {
    server?.close()
    rmSync(dir, { recursive: true, force: true })
    if (url) {
      const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await admin.close()
    }
  })

  it('resumes from the last completed step: the update before is not repeated, the request is re-sent with its key', async () => {
    const env: Record<string, string> = {}
    if (url) {
      const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await sql.raw(`create database ${dbName}`).execute(admin.db)
      await admin.close()
      env.CRASH_DB_URL = databaseUrlFor(url, dbName)
    } else env.CRASH_DATA_DIR = dir

    // the first request never gets an answer (the worker dies waiting); later ones do
    const keys: string[] = []
    let firstArrived: () => void = () => {}
    const arrived = new Promise<void>((r) => {
      firstArrived = r
    })
    server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        keys.push(String(req.headers['idempotency-key']))
        if (keys.length === 1) {
          firstArrived()
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"wechat":"resumed"}')
      })
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    env.CRASH_TARGET = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`

    await runChild({ ...env, CRASH_PHASE: 'start' }, () => arrived)
    expect(keys).toHaveLength(1)
    const lines = await runChild({ ...env, CRASH_PHASE: 'finish' })
    const result = lines.find((l) => l.tag === 'RESULT')!.data as {
      status: string
      steps: { step_id: string; status: string; attempt: number }[]
      marks: number
      wechat: string | null
    }
    expect(result.status).toBe('succeeded')
    expect(result.steps.map((s) => `${s.step_id}:${s.status}`)).toEqual([
      'mark:succeeded',
      'call:succeeded',
      'after:succeeded',
    ])
    // the step before the crash ran once; the request went out again with the same idempotency key
    expect(result.marks).toBe(1)
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    expect(result.wechat).toBe('resumed')
  }, 180_000)
})
