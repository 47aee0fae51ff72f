// The load generator, run in its own process (http-load.ts forks it) so that the client's work does not
// run on the server's event loop and is not counted as the API's cost. Timing is taken here.
import http from 'node:http'

export interface HttpReq {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
}

export type ClientMessage =
  | { id: number; type: 'init'; host: string; port: number; maxSockets: number }
  | { id: number; type: 'one'; req: HttpReq; wantBody: boolean }
  | { id: number; type: 'load'; reqs: HttpReq[]; concurrency: number; durationMs: number; warmupMs: number }

export interface OneResult {
  status: number
  ms: number
  body?: string
}

export interface LoadResult {
  ok: number
  failed: number
  elapsedMs: number
  latencies: number[]
  /** requests sent during the warm-up (not in ok/failed) */
  warmup: number
  /** CPU this client process used for the whole load, warm-up included, in ms */
  cpuMs: number
  firstError?: string
}

let agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
let host = '127.0.0.1'
let port = 0

function send(req: HttpReq, wantBody: boolean): Promise<OneResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const r = http.request(
      { host, port, method: req.method, path: req.path, headers: req.headers, agent },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => {
          if (wantBody || (res.statusCode ?? 0) >= 400) chunks.push(c)
        })
        res.on('end', () => {
          const ms = performance.now() - started
          const out: OneResult = { status: res.statusCode ?? 0, ms }
          if (chunks.length) out.body = Buffer.concat(chunks).toString('utf8')
          resolve(out)
        })
        res.on('error', reject)
      },
    )
    r.on('error', reject)
    if (req.body !== undefined) r.end(req.body)
    else r.end()
  })
}

async function load(m: Extract<ClientMessage, { type: 'load' }>): Promise<LoadResult> {
  let next = 0
  let warmup = 0
  const cpu0 = process.cpuUsage()
  const run = async (until: number, record: LoadResult | null) => {
    while (performance.now() < until) {
      const req = m.reqs[next++ % m.reqs.length]!
      const r = await send(req, false)
      if (!record) {
        warmup++
        continue
      }
      if (r.status >= 200 && r.status < 300) {
        record.ok++
        record.latencies.push(r.ms)
      } else {
        record.failed++
        record.firstError ??= `${r.status} ${r.body?.slice(0, 300) ?? ''}`
      }
    }
  }
  if (m.warmupMs > 0) {
    const until = performance.now() + m.warmupMs
    await Promise.all(Array.from({ length: m.concurrency }, () => run(until, null)))
  }
  const result: LoadResult = { ok: 0, failed: 0, elapsedMs: 0, latencies: [], warmup: 0, cpuMs: 0 }
  const started = performance.now()
  const until = started + m.durationMs
  await Promise.all(Array.from({ length: m.concurrency }, () => run(until, result)))
  result.elapsedMs = performance.now() - started
  result.warmup = warmup
  const cpu = process.cpuUsage(cpu0)
  result.cpuMs = (cpu.user + cpu.system) / 1000
  return result
}

process.on('message', async (raw) => {
  const m = raw as ClientMessage
  try {
    let result: unknown
    if (m.type === 'init') {
      host = m.host
      port = m.port
      agent = new http.Agent({ keepAlive: true, maxSockets: m.maxSockets })
      result = true
    } else if (m.type === 'one') result = await send(m.req, m.wantBody)
    else result = await load(m)
    process.send?.({ id: m.id, ok: true, result })
  } catch (e) {
    process.send?.({ id: m.id, ok: false, error: (e as Error).message })
  }
})
process.on('disconnect', () => process.exit(0))
