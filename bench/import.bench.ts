// `npm run bench -- import [--scale small|full] [--rows N] [--policy create|update|skip]`
//
// Import of a CSV of people (姓名, 手机, 邮箱, 职位, 地址, 标签) through the import runner, the same code the
// import job runs: streaming parse → mapping → records service batch path (validation, search document,
// duplicate keys, outbox event) → bookkeeping, 1,000 rows per transaction. Baselines on the same file in
// the same run: a raw multi-row INSERT of the parsed rows into a plain table, and (PostgreSQL) COPY.
// Writes bench/results/import.json (docs/import.md "Performance").
import './lib/silent.ts'
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../packages/server/src/config.ts'
import { createKernel } from '../packages/server/src/kernel.ts'
import { migrate } from '../packages/server/src/platform/db/migrate.ts'
import { withWorkspace } from '../packages/server/src/platform/db/tx.ts'
import { setImport } from '../packages/server/src/platform/io/import/imports.repo.ts'
import { type RunnerDeps, runImport } from '../packages/server/src/platform/io/import/runner.ts'
import { openSource } from '../packages/server/src/platform/io/import/source.ts'
import { personName, rng } from './lib/data.ts'
import { openBenchDatabase } from './lib/db.ts'
import { ratio, round } from './lib/stats.ts'
import { classify, perUnit, type StatementStats } from './lib/trace.ts'

/** The statements of the import's transactions by what they do (the shared names, plus the import's own). */
function importClass(text: string): string {
  const s = text.trimStart().toLowerCase()
  if (s.includes('insert into dedup_key')) return 'dedup_key insert'
  if (s.includes('import_job') || s.includes('import_batch') || s.includes('import_row'))
    return 'import bookkeeping'
  return classify(text)
}

const argv = process.argv.slice(2)
const opt = (name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const scale = (opt('--scale') ?? 'small') as 'small' | 'full'
const ROWS = Number(opt('--rows') ?? (scale === 'full' ? 100_000 : 10_000))
const POLICY = (opt('--policy') ?? 'create') as 'create' | 'update' | 'skip'
const started = performance.now()
const log = (msg: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`)

const bench = await openBenchDatabase({ poolSize: 4 })
const { database, rawPool } = bench
const traced = { on: false, stats: new Map<string, StatementStats>() }
for (const pool of [database.pool, database.readPool]) {
  // every statement of the product's pools, timed to its result and named by importClass
  pool?.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown
    // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this wraps all of them
    ;(client as any).query = (...args: unknown[]) => {
      const first = args[0]
      const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '')
      const t0 = performance.now()
      const result = original(...args)
      if (!traced.on || !(result instanceof Promise)) return result
      const cls = importClass(text)
      return result.then((v) => {
        const st = traced.stats.get(cls) ?? { count: 0, ms: 0 }
        st.count++
        st.ms += performance.now() - t0
        traced.stats.set(cls, st)
        return v
      })
    }
  })
}
const dir = mkdtempSync(join(tmpdir(), 'kemai-import-bench-'))
// the PostgreSQL server reads the file itself for the COPY baseline
chmodSync(dir, 0o755)
let exitCode = 0
try {
  await run()
} catch (e) {
  exitCode = 1
  console.error(e)
} finally {
  await bench.close().catch(() => {})
  rmSync(dir, { recursive: true, force: true })
}
process.exit(exitCode)

async function writeCsv(path: string): Promise<void> {
  const r = rng(42)
  const out = createWriteStream(path)
  const cities = [
    '浙江省杭州市西湖区文三路',
    '北京市海淀区中关村大街',
    '上海市浦东新区世纪大道',
    '广东省深圳市南山区科技园',
  ]
  const titles = ['经理', '总监', '工程师', '销售代表', 'CEO', '采购']
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once('drain', () => res()))
  await write('姓名,手机,邮箱,职位,地址,标签\n')
  for (let i = 0; i < ROWS; i++) {
    const n = personName(r)
    const mobile = `1${[3, 5, 8][i % 3]}${String(10_000_000 + i).padStart(9, '0')}`
    const tags = i % 3 === 0 ? '"VIP,重点"' : ''
    await write(
      `${n.name},${mobile},user${i}@example.com,${titles[i % titles.length]},${cities[i % cities.length]}${i % 100}号,${tags}\n`,
    )
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())))
}

async function run(): Promise<void> {
  log(`import bench, ${ROWS} rows, policy ${POLICY}, on ${bench.kind} (${bench.where})`)
  await migrate(database.db)
  const kernel = createKernel(database, { ...loadConfig({}), filesDir: join(dir, 'files') })
  const s = kernel.services
  const created = await kernel.createWorkspace({
    name: 'Import bench',
    slug: `import-bench-${process.pid}`,
    owner: { email: `bench-${process.pid}@example.com`, name: 'Bench', password: 'import bench password' },
  })
  const actor = await s.access.loadActor({
    workspaceId: created.workspace.id,
    userId: created.owner.id,
    channel: 'api',
    locale: 'zh-CN',
  })
  const csv = join(dir, 'people.csv')
  await writeCsv(csv)
  const bytes = statSync(csv).size
  log(`CSV written: ${(bytes / 1024 / 1024).toFixed(1)} MB`)

  // parse only: the streaming reader alone
  let t = performance.now()
  const src = await openSource(createReadStream(csv), { name: 'people.csv' })
  let parsed = 0
  for await (const _ of src.rows) parsed++
  const parseS = (performance.now() - t) / 1000
  log(`parse only: ${parsed} rows in ${parseS.toFixed(2)} s`)

  // baseline 1: parsed rows into a plain table with multi-row INSERTs of 1000
  await rawPool.query(
    'create table bench_plain (name text, mobile text, email text, title text, address text, tags text)',
  )
  t = performance.now()
  const base = await openSource(createReadStream(csv), { name: 'people.csv' })
  let batch: string[][] = []
  const flush = async () => {
    if (!batch.length) return
    const values = batch.flat()
    const ph = batch.map((_, i) => `(${[1, 2, 3, 4, 5, 6].map((k) => `$${i * 6 + k}`).join(',')})`).join(',')
    await rawPool.query(`insert into bench_plain values ${ph}`, values)
    batch = []
  }
  for await (const r of base.rows) {
    batch.push(r.cells.slice(0, 6))
    if (batch.length === 1000) await flush()
  }
  await flush()
  const insertS = (performance.now() - t) / 1000
  log(`raw INSERT baseline: ${insertS.toFixed(2)} s`)

  // baseline 2 (PostgreSQL): COPY of the same file into the plain table (server-side file read)
  let copyS: number | null = null
  if (bench.kind === 'postgres') {
    await rawPool.query('truncate bench_plain')
    t = performance.now()
    try {
      await rawPool.query(
        `copy bench_plain from '${csv.replaceAll("'", "''")}' with (format csv, header true)`,
      )
      copyS = (performance.now() - t) / 1000
      log(`COPY baseline: ${copyS.toFixed(2)} s`)
    } catch (e) {
      log(`COPY baseline skipped: ${(e as Error).message}`)
    }
  }

  // the import itself
  const file = await s.importFiles.upload(actor, {
    name: 'people.csv',
    mime: 'text/csv',
    body: Readable.toWeb(createReadStream(csv)) as ReadableStream<Uint8Array>,
  })
  const imp = await s.imports.create(actor, { fileId: file.id, object: 'person' })
  log(`mapping: ${JSON.stringify(imp.mapping.map((m) => `${imp.header[m.column]}→${m.field ?? '-'}`))}`)
  if (POLICY !== 'create') await s.imports.update(actor, imp.id, { policy: POLICY })
  await withWorkspace(database.db, actor.workspaceId, (trx) =>
    setImport(trx, actor.workspaceId, imp.id, { status: 'queued' }),
  )
  const ms = { read: 0, prepare: 0, write: 0 }
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 100)
  let lastLog = performance.now()
  const deps: RunnerDeps = {
    db: database.db,
    records: s.records,
    metadata: s.metadata,
    files: s.importFiles,
    loadActor: (workspaceId, userId, locale) =>
      s.access.loadActor({ workspaceId, userId, channel: 'import', locale }),
    sliceMs: Number.POSITIVE_INFINITY,
    onBatch: (_id, cursor, b) => {
      ms.read += b.read
      ms.prepare += b.prepare
      ms.write += b.write
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now()
        log(`  ${cursor} rows`)
      }
    },
  }
  t = performance.now()
  traced.on = true
  await runImport(deps, { workspaceId: actor.workspaceId, importId: imp.id, action: 'run' })
  traced.on = false
  const importS = (performance.now() - t) / 1000
  const byClass = traced.stats
  clearInterval(sampler)
  const done = await s.imports.get(actor, imp.id)
  log(`import: ${done.status}, ${JSON.stringify(done.progress)} in ${importS.toFixed(2)} s`)
  if (done.status !== 'done' || done.progress.failed > 0) throw new Error(`import ended ${done.status}`)

  const rowsPerS = Math.round(ROWS / importS)
  const figures = {
    rows: ROWS,
    file_mb: round(bytes / 1024 / 1024),
    policy: POLICY,
    rows_per_s: rowsPerS,
    import_s: round(importS),
    parse_only_s: round(parseS),
    raw_insert_s: round(insertS),
    copy_s: copyS === null ? null : round(copyS),
    // where the import's time went (sums over batches)
    read_parse_s: round(ms.read / 1000),
    map_match_s: round(ms.prepare / 1000),
    records_batch_write_s: round(ms.write / 1000),
    peak_rss_mb: Math.round(peakRss / 1024 / 1024),
    created: done.progress.created,
    updated: done.progress.updated,
    skipped: done.progress.skipped,
    load_avg_start: round(loadavg()[0]!),
  }
  const ratios = {
    vs_raw_insert: ratio(importS, insertS),
    ...(copyS !== null ? { vs_copy: ratio(importS, copyS) } : {}),
  }
  const breakdown = { 'per batch of 1000 rows (statements, ms)': perUnit(byClass, Math.ceil(ROWS / 1000)) }
  const result = {
    name: 'import',
    scale,
    db: bench.kind,
    breakdown,
    ratios,
    figures,
    at: new Date().toISOString(),
    node: process.version,
  }
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'import.json')
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
  console.log(JSON.stringify(result, null, 2))
  await kernel.stop()
}
