import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { freshDatabase, runChild as run } from '../../test/child.ts'

const CHILD = fileURLToPath(new URL('./crash.child.ts', import.meta.url))

describe('automation crash: SIGKILL while a run waits for its HTTP step', () => {
  const url = process.env.DATABASE_URL
  const dir = mkdtempSync(join(tmpdir(), 'kemai-wf-crash-'))
  let server: Server | null = null
  let drop: (() => Promise<void>) | null = null
  const runChild = (env: Record<string, string>, kill?: Promise<void>) => run(CHILD, env, kill)

  afterAll(async () => {
    server?.close()
    rmSync(dir, { recursive: true, force: true })
    await drop?.()
  })

  it('resumes from the last completed step: the update before is not repeated, the request is re-sent with its key', async () => {
    const env: Record<string, string> = {}
    if (url) {
      const fresh = await freshDatabase(url, `kemai_wf_crash_${process.pid}`)
      drop = fresh.drop
      env.CRASH_DB_URL = fresh.url
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

    await runChild({ ...env, CRASH_PHASE: 'start' }, arrived)
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
