import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from './platform/db/connect.ts'
import { databaseUrlFor } from './test/pg-url.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const BIN = join(ROOT, 'bin/kemai.js')

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

interface Proc {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

function run(args: string[], env: Record<string, string>): Proc {
  let out = ''
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, KEMAI_LOG_LEVEL: 'warn', VITEST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => {
    out += d
  })
  child.stderr!.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
  return { child, output: () => out, exited }
}

async function waitFor(p: Proc, text: string, ms: number): Promise<void> {
  const start = Date.now()
  while (!p.output().includes(text)) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for "${text}"; output:\n${p.output()}`)
    if (p.child.exitCode !== null)
      throw new Error(`process exited (${p.child.exitCode}); output:\n${p.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** `npm start` as a user runs it: migrations, demo workspace, URL and login printed, data kept across restarts. */
describe('kemai serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kemai-cli-'))
  const pgUrl = process.env.DATABASE_URL
  const dbName = `kemai_cli_${process.pid}`
  let env: Record<string, string>

  beforeAll(async () => {
    env = { KEMAI_DATA_DIR: dir }
    if (pgUrl) {
      const admin = await openDatabase({ url: pgUrl, poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await sql.raw(`create database ${dbName}`).execute(admin.db)
      await admin.close()
      env.DATABASE_URL = databaseUrlFor(pgUrl, dbName)
    }
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    if (pgUrl) {
      const admin = await openDatabase({ url: pgUrl, poolSize: 1 })
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db)
      await admin.close()
    }
  })

  it('starts, prints the URL and demo login, refuses a second process, stops cleanly and keeps data', async () => {
    const port = String(await freePort())
    const first = run(['serve'], { ...env, PORT: port })
    try {
      await waitFor(first, 'demo@kemai.local / kemai-demo', 300_000)
      expect(first.output()).toContain(`http://localhost:${port}`)
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()
      expect(health).toMatchObject({ status: 'ok', db: pgUrl ? 'postgres' : 'pglite' })
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'demo@kemai.local', password: 'kemai-demo' }),
      })
      expect(login.status).toBe(200)
      const { token } = (await login.json()) as { token: string }
      const before = (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/records/person?count=true&limit=1`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { total: number }
      expect(before.total).toBeGreaterThanOrEqual(1000)

      if (!pgUrl) {
        const second = run(['serve'], { ...env, PORT: String(await freePort()) })
        expect(await second.exited).toBe(2)
        expect(second.output()).toMatch(/already in use by process \d+/)
        expect(existsSync(join(dir, 'kemai.lock'))).toBe(true)
      }

      first.child.kill('SIGTERM')
      expect(await first.exited).toBe(0)
      if (!pgUrl) expect(existsSync(join(dir, 'kemai.lock'))).toBe(false)

      const again = run(['serve'], { ...env, PORT: port })
      try {
        await waitFor(again, 'demo@kemai.local', 180_000)
        const after = (await (
          await fetch(`http://127.0.0.1:${port}/api/v1/records/person?count=true&limit=1`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as { total: number }
        expect(after.total).toBe(before.total)
      } finally {
        again.child.kill('SIGTERM')
        await again.exited
      }
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL')
    }
  }, 600_000)

  it('migrate is idempotent and worker needs PostgreSQL', async () => {
    const m = run(['migrate'], env)
    expect(await m.exited).toBe(0)
    expect(m.output()).toMatch(/up to date|applied migrations/)
    if (!pgUrl) {
      const w = run(['worker'], env)
      expect(await w.exited).toBe(2)
      expect(w.output()).toContain('needs DATABASE_URL')
    }
    const help = run(['nope'], env)
    expect(await help.exited).toBe(1)
    expect(help.output()).toContain('Usage: kemai <command>')
  }, 300_000)
})
