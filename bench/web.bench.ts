// `npm run bench -- web [--scale small|full] [--people N] [--trace]`
// The web app in the system Chromium on N people (full: 100,000; small: 10,000): time from navigation to
// the first rows painted on /o/person, long tasks while scrolling through 10,000 rows (small: 2,000), and
// the gzipped JavaScript a first visit of the person list downloads. Writes bench/results/web.json.
// `--trace` records a Chromium trace of the scroll and prints what ran in its long tasks (bench/lib/chrome-trace.ts).
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { serve } from '@hono/node-server'
import { chromium } from 'playwright-core'
import { loadConfig } from '../packages/server/src/config.ts'
import { buildApp } from '../packages/server/src/http/app.ts'
import { ensureWebBuilt } from '../packages/server/src/http/web-build.ts'
import { createKernel } from '../packages/server/src/kernel.ts'
import { migrate } from '../packages/server/src/platform/db/migrate.ts'
import { summariseLongTasks, TRACE_CATEGORIES, type TraceSummary } from './lib/chrome-trace.ts'
import { personName, rng } from './lib/data.ts'
import { openBenchDatabase } from './lib/db.ts'
import { percentile } from './lib/stats.ts'

const argv = process.argv.slice(2)
const opt = (name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const scale = (opt('--scale') ?? 'small') as 'small' | 'full'
const PEOPLE = Number(opt('--people') ?? (scale === 'full' ? 100_000 : 10_000))
const SCROLL_ROWS = Math.min(PEOPLE, scale === 'full' ? 10_000 : 2_000)
const LOADS = 7
const TRACE = argv.includes('--trace')
const TARGETS = { firstRowsMs: 1000, longTaskMs: 100, firstLoadKb: 500 }
const WEB_DIST = join(import.meta.dirname, '..', 'packages', 'web', 'dist')
const started = performance.now()
const log = (s: string) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${s}`)

const bench = await openBenchDatabase({ poolSize: 4 })
let exitCode = 0
try {
  await run()
} catch (e) {
  exitCode = 1
  console.error(e)
} finally {
  await bench.close().catch(() => {})
}
process.exit(exitCode)

async function run(): Promise<void> {
  const { database } = bench
  await migrate(database.db)
  await ensureWebBuilt((line) => log(line.trim()))
  const config = { ...loadConfig({}), rateLimitPerIp: 1e9, rateLimitPerKey: 1e9 }
  const kernel = createKernel(database, config)
  const email = 'web-bench@example.com'
  const password = 'correct horse battery staple'
  const created = await kernel.createWorkspace({
    name: '前端基准',
    slug: 'web-bench',
    owner: { email, name: '基准', password },
  })
  const actor = await kernel.services.access.loadActor({
    workspaceId: created.workspace.id,
    userId: created.owner.id,
    channel: 'import',
    locale: 'zh-CN',
  })
  const r = rng(7)
  for (let i = 0; i < PEOPLE; i += 1000) {
    const n = Math.min(1000, PEOPLE - i)
    await kernel.services.records.batch(
      actor,
      'person',
      Array.from({ length: n }, (_, k) => {
        const { name, latin } = personName(r)
        return {
          op: 'create' as const,
          data: {
            name,
            email: `${latin}${i + k}@example.com`,
            mobile: `+86139${String(10_000_000 + i + k)}`,
          },
        }
      }),
    )
    if ((i / 1000) % 20 === 19) log(`people: ${i + n} / ${PEOPLE}`)
  }
  log(`people: ${PEOPLE}`)

  const app = buildApp(kernel.services)
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const port = (server.address() as { port: number }).port
  const base = `http://127.0.0.1:${port}`
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const login = await context.request.post(`${base}/api/v1/auth/login`, { data: { email, password } })
    if (!login.ok()) throw new Error(`login: ${login.status()}`)
    const page = await context.newPage()

    // 1. navigation → first rows painted (the list's performance mark), cold first, then reloads
    const firstRows: number[] = []
    let scripts: string[] = []
    for (let i = 0; i < LOADS; i++) {
      await page.goto(`${base}/o/person`, { waitUntil: 'commit' })
      // strings, not functions: tsx would wrap named functions in a helper the page does not have
      const ms = (await page.evaluate(`new Promise((resolve) => {
        const poll = () => {
          const e = performance.getEntriesByName('kemai:list-rows')[0]
          if (e) resolve(e.startTime)
          else setTimeout(poll, 10)
        }
        poll()
      })`)) as number
      firstRows.push(ms)
      if (i === 0)
        scripts = (await page.evaluate(
          `performance.getEntriesByType('resource').map((e) => e.name).filter((n) => new URL(n).pathname.endsWith('.js'))`,
        )) as string[]
    }
    log(`first rows: ${firstRows.map((x) => x.toFixed(0)).join(', ')} ms`)

    // 2. the JavaScript that first visit loaded, gzipped as a server would send it
    let firstLoadBytes = 0
    for (const url of scripts) {
      const path = new URL(url).pathname
      firstLoadBytes += gzipSync(readFileSync(join(WEB_DIST, path))).length
    }
    const firstLoadKb = firstLoadBytes / 1000

    // 3. scroll through SCROLL_ROWS rows, counting long tasks
    await page.evaluate(`window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration)
      }).observe({ type: 'longtask' })`)
    const table = page.getByTestId('record-table')
    await table.waitFor()
    if (TRACE) await browser.startTracing(page, { categories: TRACE_CATEGORIES })
    const scrollStarted = performance.now()
    let reached = 0
    for (let step = 0; step < 20_000 && reached < SCROLL_ROWS; step++) {
      reached = (await page.evaluate(`(() => {
        const el = document.querySelector('[data-testid=record-table]')
        el.scrollTop += 600
        const rows = el.querySelectorAll('tr[aria-rowindex]')
        const last = rows[rows.length - 1]
        return last ? Number(last.getAttribute('aria-rowindex')) - 1 : 0
      })()`)) as number
      await page.waitForTimeout(16)
    }
    const scrollSeconds = (performance.now() - scrollStarted) / 1000
    const longTasks = (await page.evaluate('window.__longTasks')) as number[]
    let trace: TraceSummary | undefined
    if (TRACE) {
      const raw = await browser.stopTracing()
      const file = join(tmpdir(), `kemai-web-trace-${process.pid}.json`)
      writeFileSync(file, raw)
      trace = summariseLongTasks(JSON.parse(raw.toString('utf8')), TARGETS.longTaskMs / 2)
      log(`trace: ${file} (open in Chrome DevTools → Performance)`)
      for (const t of trace.longTasks)
        log(`  task at ${t.atMs} ms, ${t.durMs} ms: ${t.events.map(([n, ms]) => `${n} ${ms}`).join(', ')}`)
      log(`  functions in those tasks: ${trace.functions.map(([n, ms]) => `${n} ${ms}`).join('; ')}`)
    }
    log(`scrolled to row ${reached} in ${scrollSeconds.toFixed(1)} s; long tasks: ${longTasks.length}`)
    const over = longTasks.filter((d) => d > TARGETS.longTaskMs)

    const figures = {
      people: PEOPLE,
      first_rows_ms_p50: percentile(firstRows, 50),
      first_rows_ms_cold: firstRows[0]!,
      first_rows_ms_all: firstRows,
      scroll_rows: reached,
      scroll_seconds: scrollSeconds,
      long_tasks: longTasks.length,
      long_tasks_over_100ms: over.length,
      longest_task_ms: longTasks.length ? Math.max(...longTasks) : 0,
      first_load_js_gz_kb: Math.round(firstLoadKb * 10) / 10,
      first_load_files: scripts.map((s) => new URL(s).pathname),
      ...(trace ? { trace } : {}),
    }
    const ok = (b: boolean) => (b ? 'ok' : 'MISSED')
    console.log(`\nweb benchmark: scale ${scale} (${PEOPLE} people), ${bench.kind}`)
    console.log(
      `first rows painted, p50 of ${LOADS} loads (cold):  ${figures.first_rows_ms_p50.toFixed(0)} ms (${figures.first_rows_ms_cold.toFixed(0)} ms)   target < ${TARGETS.firstRowsMs} ms ${ok(figures.first_rows_ms_p50 < TARGETS.firstRowsMs)}`,
    )
    console.log(
      `scroll through ${reached} rows: long tasks > 100 ms: ${over.length} (longest ${figures.longest_task_ms.toFixed(0)} ms)   target 0 ${ok(over.length === 0)}`,
    )
    console.log(
      `first-load JS, gzipped (person list):   ${figures.first_load_js_gz_kb} kB   target ≤ ${TARGETS.firstLoadKb} kB ${ok(firstLoadKb <= TARGETS.firstLoadKb)}`,
    )
    const out = join(import.meta.dirname, 'results', 'web.json')
    writeFileSync(
      out,
      `${JSON.stringify({ name: 'web', scale, db: bench.kind, ratios: {}, figures }, null, 2)}\n`,
    )
    log(`wrote ${out}`)
  } finally {
    await browser.close()
    server.close()
    await kernel.stop()
  }
}
