import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ClientMessage, HttpReq, LoadResult, OneResult } from './http-client.ts'

export type { HttpReq, LoadResult, OneResult }

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

/** Drives the HTTP client process (http-client.ts): one timed request at a time, or a timed load. */
export class HttpClient {
  private seq = 0
  private pending = new Map<number, Pending>()

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (raw) => {
      const m = raw as { id: number; ok: boolean; result?: unknown; error?: string }
      const p = this.pending.get(m.id)
      if (!p) return
      this.pending.delete(m.id)
      if (m.ok) p.resolve(m.result)
      else p.reject(new Error(`http client: ${m.error}`))
    })
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`http client exited (${code})`))
      this.pending.clear()
    })
  }

  static async start(host: string, port: number, maxSockets: number): Promise<HttpClient> {
    const file = fileURLToPath(new URL('./http-client.ts', import.meta.url))
    const child = fork(file, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const c = new HttpClient(child)
    await c.call({ type: 'init', host, port, maxSockets })
    return c
  }

  private call<T>(m: WithoutId<ClientMessage>): Promise<T> {
    const id = ++this.seq
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.child.send({ ...m, id })
    })
  }

  one(req: HttpReq, wantBody = false): Promise<OneResult> {
    return this.call<OneResult>({ type: 'one', req, wantBody })
  }

  load(reqs: HttpReq[], concurrency: number, durationMs: number, warmupMs = 0): Promise<LoadResult> {
    return this.call<LoadResult>({ type: 'load', reqs, concurrency, durationMs, warmupMs })
  }

  close(): void {
    this.child.disconnect()
  }
}
