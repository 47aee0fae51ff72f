/**
 * Prometheus text exposition for /api/metrics: request latency histograms by route and method,
 * plus gauges the rest of the platform reports (queue depth, outbox lag).
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

export class Metrics {
  readonly #requests = new Map<string, Histogram>()
  readonly #statuses = new Map<string, number>()
  readonly #gauges: (() => Promise<Record<string, { help: string; value: number }>>)[] = []

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method}\u0000${route}`
    let h = this.#requests.get(key)
    if (!h) {
      if (this.#requests.size > 2000) return
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }
      this.#requests.set(key, h)
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++
    h.sum += seconds
    h.count++
    const sk = `${method}\u0000${route}\u0000${status}`
    this.#statuses.set(sk, (this.#statuses.get(sk) ?? 0) + 1)
  }

  addGauges(fn: () => Promise<Record<string, { help: string; value: number }>>): void {
    this.#gauges.push(fn)
  }

  async render(): Promise<string> {
    const out: string[] = []
    out.push('# HELP kemai_http_request_duration_seconds HTTP request latency by route')
    out.push('# TYPE kemai_http_request_duration_seconds histogram')
    for (const [key, h] of this.#requests) {
      const [method, route] = key.split('\u0000')
      const l = `method="${esc(method!)}",route="${esc(route!)}"`
      for (const [i, b] of BUCKETS.entries()) {
        out.push(`kemai_http_request_duration_seconds_bucket{${l},le="${b}"} ${h.counts[i]}`)
      }
      out.push(`kemai_http_request_duration_seconds_bucket{${l},le="+Inf"} ${h.count}`)
      out.push(`kemai_http_request_duration_seconds_sum{${l}} ${h.sum}`)
      out.push(`kemai_http_request_duration_seconds_count{${l}} ${h.count}`)
    }
    out.push('# HELP kemai_http_requests_total HTTP requests by route and status')
    out.push('# TYPE kemai_http_requests_total counter')
    for (const [key, n] of this.#statuses) {
      const [method, route, status] = key.split('\u0000')
      out.push(
        `kemai_http_requests_total{method="${esc(method!)}",route="${esc(route!)}",status="${status}"} ${n}`,
      )
    }
    for (const g of this.#gauges) {
      try {
        for (const [name, { help, value }] of Object.entries(await g())) {
          out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`)
        }
      } catch {
        // a failing gauge source must not break the scrape
      }
    }
    const mem = process.memoryUsage()
    out.push(
      '# HELP process_resident_memory_bytes Resident memory size',
      '# TYPE process_resident_memory_bytes gauge',
    )
    out.push(`process_resident_memory_bytes ${mem.rss}`)
    return `${out.join('\n')}\n`
  }
}

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
