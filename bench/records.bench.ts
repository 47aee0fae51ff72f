// `npm run bench -- records [--scale small|full] [--profile] [--explain] [--leads N] [--accounts N]`
//
// The records platform against hand-written SQL on the same database, in the same run: bulk create,
// filtered list (through a relation), get, update, global search, list throughput and server memory.
// What each figure means: docs/benchmarks.md.
import './lib/silent.ts'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import type pg from 'pg'
import { loadConfig } from '../packages/server/src/config.ts'
import { buildApp } from '../packages/server/src/http/app.ts'
import { createKernel } from '../packages/server/src/kernel.ts'
import type { Actor } from '../packages/server/src/platform/access/actor.ts'
import { migrate } from '../packages/server/src/platform/db/migrate.ts'
import type { BatchOp } from '../packages/server/src/platform/records/service.ts'
import { backendCpu, backendCpuDelta, processCpuMs } from './lib/cpu.ts'
import {
  type AccountInput,
  account,
  INDUSTRIES,
  type LeadInput,
  lead,
  leadColumns,
  personName,
  pick,
  REGION_NAMES,
  rng,
  SEARCH_QUERIES,
  STATUSES,
  weighted,
} from './lib/data.ts'
import { openBenchDatabase } from './lib/db.ts'
import { HttpClient, type HttpReq } from './lib/http-load.ts'
import { Profiler } from './lib/profile.ts'
import { percentile, ratio, round, summarize } from './lib/stats.ts'
import { BENCH_SQL, perUnit, QueryTracer, type StatementStats, totalMs } from './lib/trace.ts'

// ---- options ------------------------------------------------------------------------------------

const argv = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const scale = (opt('--scale') ?? 'small') as 'small' | 'full'
if (scale !== 'small' && scale !== 'full') throw new Error(`--scale must be small or full, got ${scale}`)
const SCALES = {
  small: { accounts: 2_000, leads: 50_000, loadSeconds: 3 },
  full: { accounts: 20_000, leads: 1_000_000, loadSeconds: 10 },
} as const
const ACCOUNTS = Number(opt('--accounts') ?? SCALES[scale].accounts)
const LEADS = Number(opt('--leads') ?? SCALES[scale].leads)
const LOAD_MS = SCALES[scale].loadSeconds * 1000
const WARMUP_MS = 500
const BATCH = 1000
const REQUESTS = 200
const CONCURRENCY = 10
const PROFILE = argv.includes('--profile')
// the second bulk baseline (same table with the same indexes) shows how much of the bulk gap is index
// maintenance; it is off unless asked for, to keep the runs short
const INDEXED_BASELINE = argv.includes('--indexed-baseline')
const EXPLAIN = argv.includes('--explain')
const ACCOUNT = 'account_bench'
const LEAD = 'lead_bench'

const started = performance.now()
const loadAtStart = loadavg()[0]!
const log = (msg: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`)
const ms = (t0: number) => performance.now() - t0

// ---- setup --------------------------------------------------------------------------------------

const bench = await openBenchDatabase({ poolSize: CONCURRENCY })
const { database, rawPool } = bench
const tracer = new QueryTracer()
tracer.install(database.pool)
if (database.readPool) tracer.install(database.readPool)
const profiler = new Profiler(PROFILE)
// set inside run(), closed in finally
const live: { server: ReturnType<typeof serve> | null; client: HttpClient | null } = {
  server: null,
  client: null,
}
let cleaning: Promise<void> | null = null
/** Closes the server and drops the benchmark database; once, also when interrupted. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    live.client?.close()
    const { server } = live
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
    profiler.close()
    await bench.close().catch((e) => console.error('cleanup:', e))
  })()
  return cleaning
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: dropping the benchmark database and stopping`)
    void cleanup().finally(() => process.exit(130))
  })
}

let exitCode = 0
try {
  await run()
} catch (e) {
  exitCode = 1
  console.error(e)
} finally {
  await cleanup()
}
process.exit(exitCode)

async function run(): Promise<void> {
  log(
    `records bench, scale ${scale}: ${ACCOUNTS} accounts, ${LEADS} leads, on ${bench.kind} (${bench.where})`,
  )
  await migrate(database.db)
  const config = { ...loadConfig({}), rateLimitPerIp: 1_000_000_000, rateLimitPerKey: 1_000_000_000 }
  const kernel = createKernel(database, config)
  const { records, metadata, access, search } = kernel.services
  const email = 'bench-owner@example.com'
  const password = 'correct horse battery staple'
  const created = await kernel.createWorkspace({
    name: '基准测试',
    slug: 'bench',
    owner: { email, name: '基准管理员', password },
  })
  const ws = created.workspace.id
  const dbSchema = created.workspace.db_schema
  const actor: Actor = await access.loadActor({
    workspaceId: ws,
    userId: created.owner.id,
    channel: 'api',
    locale: 'en',
  })
  const { token } = await access.auth.login(email, password, {})
  const auth = { authorization: `Bearer ${token}`, 'accept-language': 'en' }

  // ---- objects ------------------------------------------------------------------------------------
  const label = (zh: string, en: string) => ({ 'zh-CN': zh, en })
  await metadata.createObject(actor, { name: ACCOUNT, label: label('客户（基准）', 'Account (bench)') })
  await metadata.createField(actor, ACCOUNT, {
    name: 'region',
    type: 'select',
    label: label('区域', 'Region'),
    options: { choices: REGION_NAMES.map((value) => ({ value })) },
  })
  await metadata.createField(actor, ACCOUNT, { name: 'city', type: 'text', label: label('城市', 'City') })
  await metadata.createField(actor, ACCOUNT, {
    name: 'industry',
    type: 'select',
    label: label('行业', 'Industry'),
    options: { choices: INDUSTRIES.map((value) => ({ value })) },
  })
  await metadata.createObject(actor, { name: LEAD, label: label('线索（基准）', 'Lead (bench)') })
  await metadata.updateField(actor, LEAD, 'name', { options: { personName: true } })
  const leadFields: {
    name: string
    type: Parameters<typeof metadata.createField>[2]['type']
    zh: string
    options?: object
  }[] = [
    { name: 'description', type: 'long_text', zh: '描述' },
    { name: 'quantity', type: 'number', zh: '数量' },
    { name: 'amount', type: 'currency', zh: '金额', options: { currency: 'CNY' } },
    { name: 'close_date', type: 'date', zh: '预计成交日期' },
    { name: 'last_contact_at', type: 'datetime', zh: '最近联系时间' },
    { name: 'is_key', type: 'boolean', zh: '重点' },
    {
      name: 'status',
      type: 'select',
      zh: '状态',
      options: { choices: STATUSES.map((value) => ({ value })) },
    },
    { name: 'email', type: 'email', zh: '邮箱' },
    { name: 'phone', type: 'phone', zh: '手机' },
    { name: 'tags', type: 'tags', zh: '标签' },
    { name: 'account', type: 'relation', zh: '客户', options: { target: ACCOUNT } },
  ]
  for (const f of leadFields) {
    await metadata.createField(actor, LEAD, {
      name: f.name,
      type: f.type,
      label: label(f.zh, f.name),
      options: f.options ?? {},
    })
  }
  const leadTable = `"${dbSchema}"."obj_${LEAD}"`
  const accountTable = `"${dbSchema}"."obj_${ACCOUNT}"`

  // ---- accounts (not compared) --------------------------------------------------------------------
  const r = rng(20261122)
  const accounts: AccountInput[] = []
  let accountMs = 0
  for (let i = 0; i < ACCOUNTS; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, ACCOUNTS - i) }, (_, k) => account(r, i + k))
    accounts.push(...batch)
    const t0 = performance.now()
    await records.batch(
      actor,
      ACCOUNT,
      batch.map((a) => ({ op: 'create', data: a }) satisfies BatchOp),
    )
    accountMs += ms(t0)
  }
  log(`accounts: ${ACCOUNTS} in ${(accountMs / 1000).toFixed(1)} s`)

  // ---- 1. bulk create: records.batch vs a multi-row INSERT into a plain table ------------------------
  const raw = async (text: string, values: unknown[] = []) => rawPool.query(BENCH_SQL + text, values)
  await raw(`create table public.bench_plain (like ${leadTable} including defaults)`)
  await raw('alter table public.bench_plain add primary key (workspace_id, id)')
  if (INDEXED_BASELINE) await raw(`create table public.bench_indexed (like ${leadTable} including all)`)
  const insertCols = [
    'workspace_id',
    'id',
    'version',
    'owner_id',
    'created_at',
    'created_by',
    'updated_at',
    'updated_by',
    'name',
    'description',
    'quantity',
    'amount',
    'amount__cur',
    'close_date',
    'last_contact_at',
    'is_key',
    'status',
    'email',
    'phone',
    'tags',
    'account',
  ]
  const insertSql = (table: string, rows: number) => {
    const values: string[] = []
    for (let i = 0; i < rows; i++) {
      values.push(`(${insertCols.map((_, c) => `$${i * insertCols.length + c + 1}`).join(', ')})`)
    }
    return `insert into public.${table} (${insertCols.map((c) => `"${c}"`).join(', ')}) values ${values.join(', ')}`
  }
  const fullInsert = { plain: insertSql('bench_plain', BATCH), indexed: insertSql('bench_indexed', BATCH) }
  const baselineInsert = async (table: 'plain' | 'indexed', leads: LeadInput[]) => {
    const now = new Date()
    const params: unknown[] = []
    for (const l of leads) {
      const c = leadColumns(l)
      params.push(ws, l.id, 1, actor.userId, now, actor.userId, now, actor.userId)
      for (let k = 8; k < insertCols.length; k++) params.push(c[insertCols[k]!])
    }
    const text = leads.length === BATCH ? fullInsert[table] : insertSql(`bench_${table}`, leads.length)
    await raw(text, params)
  }

  const bulk = { product: 0, plain: 0, indexed: 0 }
  const bulkStats = new Map<string, StatementStats>()
  const batches = Math.ceil(LEADS / BATCH)
  let nextReport = 0.1
  await profiler.phase('bulk', async () => {
    for (let b = 0; b < batches; b++) {
      const leads = Array.from({ length: Math.min(BATCH, LEADS - b * BATCH) }, (_, k) =>
        lead(r, accounts, b * BATCH + k),
      )
      const ops: BatchOp[] = leads.map((data) => ({ op: 'create', data }))
      // rotate the order so that checkpoints and autovacuum do not always land on the same side
      const sides = INDEXED_BASELINE
        ? (['product', 'plain', 'indexed'] as const)
        : (['product', 'plain'] as const)
      const order = sides.map((_, k, a) => a[(k + b) % a.length]!)
      for (const side of order) {
        const t0 = performance.now()
        if (side === 'product') {
          const traced = await tracer.during(() => records.batch(actor, LEAD, ops))
          for (const [k, v] of traced.stats) {
            const s = bulkStats.get(k) ?? { count: 0, ms: 0 }
            s.count += v.count
            s.ms += v.ms
            bulkStats.set(k, s)
          }
        } else await baselineInsert(side, leads)
        bulk[side] += ms(t0)
      }
      if ((b + 1) / batches >= nextReport) {
        log(
          `bulk: ${Math.min(LEADS, (b + 1) * BATCH)} / ${LEADS} leads (Kemai ${Math.round(((b + 1) * BATCH) / (bulk.product / 1000))} rows/s)`,
        )
        nextReport += 0.1
      }
    }
  })
  const bulkSqlMs = totalMs(bulkStats)
  const bulkBreakdown = perUnit(bulkStats, batches)
  await raw('drop table public.bench_plain')
  if (INDEXED_BASELINE) await raw('drop table public.bench_indexed')
  const t0 = performance.now()
  await raw(`vacuum analyze ${accountTable}`)
  await raw(`vacuum analyze ${leadTable}`)
  await raw('vacuum analyze search_doc')
  await raw('vacuum analyze outbox_event')
  const vacuumMs = ms(t0)
  const sizes = (
    await raw(
      `select relname, pg_total_relation_size(c.oid)::float8 / 1048576 as mb from pg_class c
       where relname in ('obj_${LEAD}', 'obj_${ACCOUNT}', 'search_doc', 'outbox_event') and relkind = 'r'`,
    )
  ).rows as { relname: string; mb: number }[]
  log(
    `bulk done; vacuum analyze ${(vacuumMs / 1000).toFixed(1)} s; sizes ${sizes.map((s) => `${s.relname} ${Math.round(s.mb)} MB`).join(', ')}`,
  )

  // ---- HTTP server and client ---------------------------------------------------------------------
  const app = buildApp(kernel.services)
  const port = await new Promise<number>((resolve) => {
    live.server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port))
  })
  // the client pauses between phases (while the raw SQL side runs): keep its connections open meanwhile
  const nodeServer = live.server as unknown as { keepAliveTimeout: number; headersTimeout: number }
  nodeServer.keepAliveTimeout = 120_000
  nodeServer.headersTimeout = 121_000
  const http = await HttpClient.start('127.0.0.1', port, 32)
  live.client = http

  const sample = (
    await raw(`select id from ${leadTable} where workspace_id = $1 order by random() limit ${REQUESTS * 2}`, [
      ws,
    ])
  ).rows as { id: string }[]
  const getIds = sample.slice(0, REQUESTS).map((x) => x.id)
  const updateIds = sample.slice(REQUESTS).map((x) => x.id)

  // ---- 2. list: 3 filters (one through the relation) + sort + 50 ------------------------------------
  const cols = [
    'id',
    'version',
    'owner_id',
    'created_at',
    'created_by',
    'updated_at',
    'updated_by',
    'name',
    'description',
    'quantity',
    'amount',
    'amount__cur',
    'close_date',
    'last_contact_at',
    'is_key',
    'status',
    'email',
    'phone',
    'tags',
    'account',
  ]
  const SORTS = [
    { api: '-amount', sql: 'l.amount desc, l.id desc' },
    { api: 'close_date', sql: 'l.close_date asc, l.id asc' },
    { api: '-created_at', sql: 'l.created_at desc, l.id desc' },
    { api: '-last_contact_at', sql: 'l.last_contact_at desc, l.id desc' },
  ] as const
  const listSql = (sort: string) =>
    `select ${cols.map((c) => `l."${c}"`).join(', ')}
     from ${leadTable} l join ${accountTable} a on a.workspace_id = l.workspace_id and a.id = l.account
     where l.workspace_id = $1 and l.deleted_at is null and l.status = $2 and l.amount >= $3 and l.amount__cur = $4
       and a.deleted_at is null and a.region = $5
     order by ${sort} limit 50`
  const lr = rng(42)
  const listCases = Array.from({ length: REQUESTS }, (_, i) => {
    const status = weighted(lr, [
      ['open', 4],
      ['new', 2],
      ['qualified', 2],
      ['won', 1],
      ['lost', 1],
    ] as const)
    const amount = pick(lr, [1000, 5000, 20_000, 50_000, 100_000, 300_000, 1_000_000])
    const region = weighted(lr, [
      ['华东', 4],
      ['华北', 2],
      ['华南', 2],
      ['华中', 1],
      ['西南', 1],
      ['西北', 1],
      ['东北', 1],
    ] as const)
    const sort = SORTS[i % SORTS.length]!
    const filter = {
      and: [
        { field: 'status', op: 'eq', value: status },
        { field: 'amount', op: 'gte', value: { amount: String(amount), currency: 'CNY' } },
        { field: 'account.region', op: 'eq', value: region },
      ],
    }
    const req: HttpReq = {
      method: 'GET',
      path: `/api/v1/records/${LEAD}?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(sort.api)}&limit=50`,
      headers: auth,
    }
    return {
      filter,
      sort: sort.api,
      req,
      sql: listSql(sort.sql),
      params: [ws, status, String(amount), 'CNY', region],
    }
  })

  const list = {
    api: [] as number[],
    sql: [] as number[],
    svc: [] as number[],
    mismatches: 0,
    rows: 0,
    firstMismatch: '',
  }
  // the statement Kemai sent for each case, to run it again without the transaction, the role and RLS
  const productStatements: { text: string; values: unknown[] }[] = []
  const listApiStats = new Map<string, StatementStats>()
  const traceInto = async <T>(into: Map<string, StatementStats>, fn: () => Promise<T>): Promise<T> => {
    const t = await tracer.during(fn)
    for (const [k, v] of t.stats) {
      const s = into.get(k) ?? { count: 0, ms: 0 }
      s.count += v.count
      s.ms += v.ms
      into.set(k, s)
    }
    return t.result
  }
  // warm-up: JIT, plans, caches
  for (const c of listCases.slice(0, 20)) {
    await http.one(c.req)
    await rawPool.query(c.sql, c.params)
    await records.list(actor, LEAD, { filter: c.filter, sort: c.sort, limit: 50 })
  }
  await profiler.phase('list', async () => {
    for (let i = 0; i < listCases.length; i++) {
      const c = listCases[i]!
      let apiIds: string[] = []
      let sqlIds: string[] = []
      let svcIds: string[] = []
      for (let k = 0; k < 3; k++) {
        const which = (i + k) % 3
        if (which === 0) {
          const res = await traceInto(listApiStats, () => http.one(c.req, true))
          if (res.status !== 200) throw new Error(`list API ${res.status}: ${res.body?.slice(0, 500)}`)
          list.api.push(res.ms)
          apiIds = (JSON.parse(res.body!) as { data: { id: string }[] }).data.map((x) => x.id)
        } else if (which === 1) {
          const t = performance.now()
          const q = await rawPool.query(c.sql, c.params)
          list.sql.push(ms(t))
          sqlIds = q.rows.map((x: { id: string }) => x.id)
        } else {
          const t = performance.now()
          const res = await traceInto(new Map(), () =>
            records.list(actor, LEAD, { filter: c.filter, sort: c.sort, limit: 50 }),
          )
          list.svc.push(ms(t))
          svcIds = res.data.map((x) => x.id)
          const stmt = tracer.last.get('object list select')
          if (stmt) productStatements[i] = stmt
        }
      }
      list.rows += sqlIds.length
      if (apiIds.join() !== sqlIds.join() || svcIds.join() !== sqlIds.join()) {
        list.mismatches++
        list.firstMismatch ||= `case ${i}: api ${apiIds.length} rows, sql ${sqlIds.length} rows, first ${apiIds[0]} vs ${sqlIds[0]}`
      }
    }
  })
  // Kemai's own statement, sent directly by the table owner (no transaction, no RLS): separates the cost
  // of the statement's shape from the cost of the request around it
  const kemaiSql: number[] = []
  const kemaiSqlRls: number[] = []
  for (const st of productStatements) {
    const t = performance.now()
    await rawPool.query(st.text, st.values)
    kemaiSql.push(ms(t))
    // …and as the product runs it (kemai_app, RLS), timing only the statement itself
    kemaiSqlRls.push(await timeAsApp(rawPool, ws, st.text, st.values))
  }
  if (list.mismatches)
    log(
      `WARNING list: ${list.mismatches} of ${REQUESTS} requests returned other rows than the SQL (${list.firstMismatch})`,
    )
  log(
    `list: API p50 ${round(percentile(list.api, 50))} ms, SQL p50 ${round(percentile(list.sql, 50))} ms, avg ${Math.round(list.rows / REQUESTS)} rows`,
  )

  // EXPLAIN ANALYZE of the typical case and of the slowest one, exactly as each side ran them
  const plans: Record<string, string> = {}
  const explainBoth = async (tag: string, c: (typeof listCases)[number]) => {
    await traceInto(new Map(), () => records.list(actor, LEAD, { filter: c.filter, sort: c.sort, limit: 50 }))
    const productSql = tracer.last.get('object list select')
    const what = `${JSON.stringify(c.params.slice(1))}, sort ${c.sort}`
    plans[`${tag}: Kemai as kemai_app under RLS (${what})`] = productSql
      ? await explainAsApp(rawPool, ws, productSql.text, productSql.values)
      : '(not captured)'
    if (productSql)
      plans[`${tag}: Kemai's statement as table owner, no RLS`] = await explain(
        rawPool,
        productSql.text,
        productSql.values,
      )
    plans[`${tag}: raw SQL`] = await explain(rawPool, c.sql, c.params)
  }
  await explainBoth(
    'list typical',
    listCases.find((c) => c.sort === '-amount' && c.params[1] === 'open' && c.params[4] === '华东') ??
      listCases[0]!,
  )
  const slowest = list.sql.indexOf(Math.max(...list.sql))
  await explainBoth('list slowest', listCases[slowest]!)

  // ---- 3. get one record --------------------------------------------------------------------------
  const getSql = `select ${cols.map((c) => `"${c}"`).join(', ')} from ${leadTable} where workspace_id = $1 and id = $2 and deleted_at is null`
  const get = { api: [] as number[], sql: [] as number[], svc: [] as number[], auth: [] as number[] }
  const getApiStats = new Map<string, StatementStats>()
  for (const id of getIds.slice(0, 20)) {
    await http.one({ method: 'GET', path: `/api/v1/records/${LEAD}/${id}`, headers: auth })
    await rawPool.query(getSql, [ws, id])
    await records.get(actor, LEAD, id)
  }
  await profiler.phase('get', async () => {
    for (let i = 0; i < getIds.length; i++) {
      const id = getIds[i]!
      for (let k = 0; k < 3; k++) {
        const which = (i + k) % 3
        if (which === 0) {
          const res = await traceInto(getApiStats, () =>
            http.one({ method: 'GET', path: `/api/v1/records/${LEAD}/${id}`, headers: auth }),
          )
          if (res.status !== 200) throw new Error(`get API ${res.status}: ${res.body?.slice(0, 500)}`)
          get.api.push(res.ms)
        } else if (which === 1) {
          const t = performance.now()
          const q = await rawPool.query(getSql, [ws, id])
          get.sql.push(ms(t))
          if (q.rows.length !== 1) throw new Error('get SQL: no row')
        } else {
          const t = performance.now()
          await records.get(actor, LEAD, id)
          get.svc.push(ms(t))
        }
      }
      // what authentication costs on every request: session lookup + actor (cached)
      const t = performance.now()
      const s = await access.auth.resolveSession(token)
      await access.loadActor({ workspaceId: s.workspaceId, userId: s.userId, channel: 'api', locale: 'en' })
      get.auth.push(ms(t))
    }
  })
  log(`get: API p50 ${round(percentile(get.api, 50))} ms, SQL p50 ${round(percentile(get.sql, 50))} ms`)

  // ---- 5. global search ---------------------------------------------------------------------------
  const searchCases = Object.entries(SEARCH_QUERIES).flatMap(([kind, qs]) => qs.map((q) => ({ kind, q })))
  const searchTimes: Record<string, number[]> = {}
  const searchSvc: number[] = []
  const searchApiStats = new Map<string, StatementStats>()
  let emptyResults = 0
  const emptyQueries = new Set<string>()
  const searchReq = (q: string): HttpReq => ({
    method: 'GET',
    path: `/api/v1/search?q=${encodeURIComponent(q)}`,
    headers: auth,
  })
  for (const c of searchCases) await http.one(searchReq(c.q))
  await profiler.phase('search', async () => {
    for (let i = 0; i < REQUESTS; i++) {
      const c = searchCases[i % searchCases.length]!
      const res = await traceInto(searchApiStats, () => http.one(searchReq(c.q), true))
      if (res.status !== 200) throw new Error(`search API ${res.status}: ${res.body?.slice(0, 500)}`)
      const times = searchTimes[c.kind] ?? []
      times.push(res.ms)
      searchTimes[c.kind] = times
      const groups = (JSON.parse(res.body!) as { groups: unknown[] }).groups
      if (groups.length === 0) {
        emptyResults++
        emptyQueries.add(c.q)
      }
      const t = performance.now()
      await search.search(actor, c.q)
      searchSvc.push(ms(t))
    }
  })
  const searchAll = Object.values(searchTimes).flat()
  // the slowest query kind, EXPLAINed as the product runs it
  const slowKind = Object.entries(searchTimes).sort(
    (a, b) => percentile(b[1], 95) - percentile(a[1], 95),
  )[0]![0]
  await traceInto(new Map(), () => search.search(actor, SEARCH_QUERIES[slowKind]![0]!))
  const searchSqlRun = tracer.last.get('search query')
  if (searchSqlRun) {
    plans[`search slowest kind (${slowKind}: "${SEARCH_QUERIES[slowKind]![0]}")`] = await explainAsApp(
      rawPool,
      ws,
      searchSqlRun.text,
      searchSqlRun.values,
    )
  }
  log(
    `search: API p95 ${round(percentile(searchAll, 95))} ms (slowest kind ${slowKind}), ${emptyResults} empty results${emptyQueries.size ? ` (${[...emptyQueries].join(' ')})` : ''}`,
  )

  // ---- 6. list throughput: 10 concurrent clients ---------------------------------------------------
  // CPU per request on each side: the Node server (this process; the HTTP client is another one), the
  // pg client (this process, for the SQL side) and the PostgreSQL backends (read from /proc, local PG only)
  const localPg = bench.kind === 'postgres' && /^(127\.0\.0\.1|localhost|\[::1\])(:|$)/.test(bench.where)
  const pgCpu = () => (localPg ? backendCpu(rawPool) : Promise.resolve(null))
  let cpu0 = processCpuMs()
  let pg0 = await pgCpu()
  const apiLoad = await profiler.phase('throughput', () =>
    http.load(
      listCases.map((c) => c.req),
      CONCURRENCY,
      LOAD_MS,
      WARMUP_MS,
    ),
  )
  const apiCpu = {
    node: processCpuMs() - cpu0,
    pg: backendCpuDelta(pg0, await pgCpu()),
    n: apiLoad.ok + apiLoad.failed + apiLoad.warmup,
  }
  if (apiLoad.failed) log(`WARNING throughput: ${apiLoad.failed} failed requests (${apiLoad.firstError})`)
  cpu0 = processCpuMs()
  pg0 = await pgCpu()
  const sqlLoad = await sqlThroughput(rawPool, listCases, CONCURRENCY, LOAD_MS, WARMUP_MS)
  const sqlCpu = {
    node: processCpuMs() - cpu0,
    pg: backendCpuDelta(pg0, await pgCpu()),
    n: sqlLoad.ok + sqlLoad.warmup,
  }
  const apiRps = apiLoad.ok / (apiLoad.elapsedMs / 1000)
  const sqlRps = sqlLoad.ok / (sqlLoad.elapsedMs / 1000)
  log(`throughput: API ${Math.round(apiRps)} req/s, SQL ${Math.round(sqlRps)} req/s`)

  // ---- 4. update one field (field history + search doc + outbox in the same transaction) ------------
  const ur = rng(7)
  const upd = { name: [] as number[], status: [] as number[], sql: [] as number[] }
  const updApiStats = new Map<string, StatementStats>()
  const patch = (id: string, body: object): HttpReq => ({
    method: 'PATCH',
    path: `/api/v1/records/${LEAD}/${id}`,
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const updateSql = `update ${leadTable} set quantity = $3, version = version + 1, updated_at = now() where workspace_id = $1 and id = $2`
  for (const id of updateIds.slice(0, 10)) await http.one(patch(id, { quantity: 1 }))
  await profiler.phase('update', async () => {
    for (let i = 0; i < updateIds.length; i++) {
      const id = updateIds[i]!
      const res = await traceInto(updApiStats, () => http.one(patch(id, { name: personName(ur).name })))
      if (res.status !== 200) throw new Error(`update API ${res.status}: ${res.body?.slice(0, 500)}`)
      upd.name.push(res.ms)
      const res2 = await http.one(
        patch(id, { status: STATUSES[i % STATUSES.length] === 'open' ? 'won' : 'open' }),
      )
      if (res2.status !== 200) throw new Error(`update API ${res2.status}: ${res2.body?.slice(0, 500)}`)
      upd.status.push(res2.ms)
      const t = performance.now()
      await rawPool.query(updateSql, [ws, id, i])
      upd.sql.push(ms(t))
    }
  })
  log(
    `update: API p50 ${round(percentile(upd.name, 50))} ms (name), ${round(percentile(upd.status, 50))} ms (status)`,
  )

  // ---- 7. memory ----------------------------------------------------------------------------------
  http.close()
  live.client = null
  const mem = process.memoryUsage()
  const maxRss = process.resourceUsage().maxRSS / 1024
  ;(globalThis as { gc?: () => void }).gc?.()
  const memAfterGc = process.memoryUsage()

  // ---- report -------------------------------------------------------------------------------------
  const L = { api: summarize(list.api), sql: summarize(list.sql), svc: summarize(list.svc) }
  const G = {
    api: summarize(get.api),
    sql: summarize(get.sql),
    svc: summarize(get.svc),
    auth: summarize(get.auth),
  }
  const U = { name: summarize(upd.name), status: summarize(upd.status), sql: summarize(upd.sql) }
  const bulkRate = (LEADS / bulk.product) * 1000
  const plainRate = (LEADS / bulk.plain) * 1000
  const indexedRate = (LEADS / bulk.indexed) * 1000
  const searchByKind = Object.fromEntries(Object.entries(searchTimes).map(([k, v]) => [k, summarize(v)]))
  const mb = (b: number) => Math.round(b / 1048576)

  const ratios = {
    bulk_create: ratio(bulk.product, bulk.plain),
    list_p50: ratio(L.api.p50, L.sql.p50),
    list_p95: ratio(L.api.p95, L.sql.p95),
    get_p50: ratio(G.api.p50, G.sql.p50),
    list_throughput: ratio(sqlRps, apiRps),
  }
  const figures: Record<string, number> = {
    accounts: ACCOUNTS,
    leads: LEADS,
    bulk_create_rows_per_s: Math.round(bulkRate),
    bulk_baseline_rows_per_s: Math.round(plainRate),
    ...(INDEXED_BASELINE
      ? {
          bulk_baseline_indexed_rows_per_s: Math.round(indexedRate),
          bulk_create_vs_indexed_table: ratio(bulk.product, bulk.indexed),
        }
      : {}),
    bulk_batch_ms: round(bulk.product / batches),
    bulk_batch_sql_ms: round(bulkSqlMs / batches),
    bulk_accounts_rows_per_s: Math.round((ACCOUNTS / accountMs) * 1000),
    vacuum_analyze_s: round(vacuumMs / 1000),
    list_p50_ms: round(L.api.p50),
    list_p95_ms: round(L.api.p95),
    list_sql_p50_ms: round(L.sql.p50),
    list_sql_p95_ms: round(L.sql.p95),
    list_kemai_statement_no_rls_p50_ms: round(percentile(kemaiSql, 50)),
    list_kemai_statement_no_rls_p95_ms: round(percentile(kemaiSql, 95)),
    list_kemai_statement_rls_p50_ms: round(percentile(kemaiSqlRls, 50)),
    list_kemai_statement_rls_p95_ms: round(percentile(kemaiSqlRls, 95)),
    list_service_p50_ms: round(L.svc.p50),
    list_service_p95_ms: round(L.svc.p95),
    list_rows_avg: round(list.rows / REQUESTS),
    list_row_mismatches: list.mismatches,
    get_p50_ms: round(G.api.p50),
    get_p95_ms: round(G.api.p95),
    get_sql_p50_ms: round(G.sql.p50),
    get_service_p50_ms: round(G.svc.p50),
    auth_p50_ms: round(G.auth.p50),
    update_p50_ms: round(U.name.p50),
    update_p95_ms: round(U.name.p95),
    update_status_p50_ms: round(U.status.p50),
    update_sql_p50_ms: round(U.sql.p50),
    search_p50_ms: round(percentile(searchAll, 50)),
    search_p95_ms: round(percentile(searchAll, 95)),
    search_service_p95_ms: round(percentile(searchSvc, 95)),
    search_empty_results: emptyResults,
    ...Object.fromEntries(Object.entries(searchByKind).map(([k, s]) => [`search_${k}_p95_ms`, round(s.p95)])),
    list_api_rps: Math.round(apiRps),
    list_sql_rps: Math.round(sqlRps),
    list_api_under_load_p50_ms: round(percentile(apiLoad.latencies, 50)),
    list_api_under_load_p95_ms: round(percentile(apiLoad.latencies, 95)),
    list_sql_under_load_p95_ms: round(percentile(sqlLoad.latencies, 95)),
    // CPU ms per list request under load: Node server vs pg client, and the PostgreSQL backends of each side
    list_api_node_cpu_ms_per_req: round(apiCpu.node / apiCpu.n),
    list_sql_node_cpu_ms_per_req: round(sqlCpu.node / sqlCpu.n),
    // the HTTP load generator's own CPU: on a 2-core machine it is taken from the server and the database
    list_api_client_cpu_ms_per_req: round(apiLoad.cpuMs / apiCpu.n),
    ...(apiCpu.pg !== null && sqlCpu.pg !== null
      ? {
          list_api_pg_cpu_ms_per_req: round(apiCpu.pg / apiCpu.n),
          list_sql_pg_cpu_ms_per_req: round(sqlCpu.pg / sqlCpu.n),
        }
      : {}),
    rss_mb: mb(mem.rss),
    rss_after_gc_mb: mb(memAfterGc.rss),
    rss_peak_mb: Math.round(maxRss),
    heap_used_mb: mb(mem.heapUsed),
    ...Object.fromEntries(sizes.map((s) => [`size_${s.relname}_mb`, Math.round(s.mb)])),
    duration_s: round((performance.now() - started) / 1000),
    // other work on the machine skews every figure: the 1-minute load average when the run began and ended
    load_avg_start: round(loadAtStart),
    load_avg_end: round(loadavg()[0]!),
  }
  const breakdown = {
    'bulk: per batch of 1000 (statements, ms)': bulkBreakdown,
    'list API: per request': perUnit(listApiStats, REQUESTS),
    'get API: per request': perUnit(getApiStats, REQUESTS),
    'search API: per request': perUnit(searchApiStats, REQUESTS),
    'update (name) API: per request': perUnit(updApiStats, REQUESTS),
  }
  const result = {
    name: 'records',
    scale,
    db: bench.kind,
    ratios,
    figures,
    breakdown,
    plans,
    ...(PROFILE ? { profile: profiler.tops, profileDir: profiler.dir } : {}),
    at: new Date().toISOString(),
    node: process.version,
  }
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'records.json')
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)

  printReport({ ratios, figures, L, G, U, searchByKind, breakdown, apiRps, sqlRps, plans, sizes })
  log(`wrote ${out}`)
}

// ---- helpers ------------------------------------------------------------------------------------

/** Runs a statement as the product does (transaction, kemai_app, RLS) and returns the statement's own time. */
async function timeAsApp(pool: pg.Pool, ws: string, text: string, values: unknown[]): Promise<number> {
  const c = await pool.connect()
  try {
    await c.query(`${BENCH_SQL}begin`)
    await c.query(
      `${BENCH_SQL}select set_config('app.workspace_id', $1, true), set_config('role', 'kemai_app', true)`,
      [ws],
    )
    const t = performance.now()
    await c.query(text, values)
    return performance.now() - t
  } finally {
    await c.query(`${BENCH_SQL}rollback`).catch(() => {})
    c.release()
  }
}

/** EXPLAIN ANALYZE as the product runs the statement: in a transaction, as kemai_app, under RLS. */
async function explainAsApp(pool: pg.Pool, ws: string, text: string, values: unknown[]): Promise<string> {
  const c = await pool.connect()
  try {
    await c.query(`${BENCH_SQL}begin`)
    await c.query(
      `${BENCH_SQL}select set_config('app.workspace_id', $1, true), set_config('role', 'kemai_app', true)`,
      [ws],
    )
    const r = await c.query(`${BENCH_SQL}explain (analyze, buffers) ${text}`, values)
    return r.rows.map((x: { 'QUERY PLAN': string }) => x['QUERY PLAN']).join('\n')
  } finally {
    await c.query(`${BENCH_SQL}rollback`).catch(() => {})
    c.release()
  }
}

async function explain(pool: pg.Pool, text: string, values: unknown[]): Promise<string> {
  const r = await pool.query(`${BENCH_SQL}explain (analyze, buffers) ${text}`, values)
  return r.rows.map((x: { 'QUERY PLAN': string }) => x['QUERY PLAN']).join('\n')
}

async function sqlThroughput(
  pool: pg.Pool,
  cases: { sql: string; params: unknown[] }[],
  concurrency: number,
  durationMs: number,
  warmupMs: number,
): Promise<{ ok: number; elapsedMs: number; latencies: number[]; warmup: number }> {
  let next = 0
  const out = { ok: 0, elapsedMs: 0, latencies: [] as number[], warmup: 0 }
  const worker = async (until: number, record: boolean) => {
    while (performance.now() < until) {
      const c = cases[next++ % cases.length]!
      const t = performance.now()
      await pool.query(c.sql, c.params)
      if (record) {
        out.ok++
        out.latencies.push(performance.now() - t)
      } else out.warmup++
    }
  }
  const w = performance.now() + warmupMs
  await Promise.all(Array.from({ length: concurrency }, () => worker(w, false)))
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, () => worker(t0 + durationMs, true)))
  out.elapsedMs = performance.now() - t0
  return out
}

type S = ReturnType<typeof summarize>
function printReport(x: {
  ratios: Record<string, number>
  figures: Record<string, number>
  L: { api: S; sql: S; svc: S }
  G: { api: S; sql: S; svc: S; auth: S }
  U: { name: S; status: S; sql: S }
  searchByKind: Record<string, S>
  breakdown: Record<string, Record<string, { count: number; ms: number }>>
  apiRps: number
  sqlRps: number
  plans: Record<string, string>
  sizes: { relname: string; mb: number }[]
}) {
  const { ratios, figures: f } = x
  const fmt = (v: number) =>
    Number.isFinite(v)
      ? Math.abs(v) >= 1000
        ? Math.round(v).toLocaleString('en-US')
        : String(round(v))
      : 'n/a'
  const check = (ok: boolean) => (ok ? 'ok' : 'MISSED')
  const rows: [string, string, string, string, string][] = [
    ['measure', 'Kemai', 'raw SQL', 'ratio', 'target (full, PG)'],
    [
      'bulk create, rows/s (records.batch ×1000)',
      fmt(f.bulk_create_rows_per_s!),
      fmt(f.bulk_baseline_rows_per_s!),
      `${fmt(ratios.bulk_create!)}x`,
      `≤ 2.5x ${check(ratios.bulk_create! <= 2.5)}`,
    ],
    ...(INDEXED_BASELINE
      ? [
          [
            '  vs the same table with the same indexes',
            '',
            fmt(f.bulk_baseline_indexed_rows_per_s!),
            `${fmt(f.bulk_create_vs_indexed_table!)}x`,
            '',
          ] as [string, string, string, string, string],
        ]
      : []),
    [
      'list p50, ms (HTTP)',
      fmt(x.L.api.p50),
      fmt(x.L.sql.p50),
      `${fmt(ratios.list_p50!)}x`,
      `≤ 1.1x ${check(ratios.list_p50! <= 1.1)}`,
    ],
    [
      'list p95, ms (HTTP)',
      fmt(x.L.api.p95),
      fmt(x.L.sql.p95),
      `${fmt(ratios.list_p95!)}x`,
      `≤ 1.2x ${check(ratios.list_p95! <= 1.2)}`,
    ],
    [
      '  list p50 / p95, ms (records.list, no HTTP)',
      `${fmt(x.L.svc.p50)} / ${fmt(x.L.svc.p95)}`,
      '',
      `${fmt(ratio(x.L.svc.p50, x.L.sql.p50))}x / ${fmt(ratio(x.L.svc.p95, x.L.sql.p95))}x`,
      '',
    ],
    [
      "  Kemai's list statement alone as kemai_app (RLS): p50 / p95",
      `${fmt(f.list_kemai_statement_rls_p50_ms!)} / ${fmt(f.list_kemai_statement_rls_p95_ms!)}`,
      '',
      `${fmt(ratio(f.list_kemai_statement_rls_p50_ms!, x.L.sql.p50))}x / ${fmt(ratio(f.list_kemai_statement_rls_p95_ms!, x.L.sql.p95))}x`,
      '',
    ],
    [
      '  the same statement as table owner (no RLS): p50 / p95',
      `${fmt(f.list_kemai_statement_no_rls_p50_ms!)} / ${fmt(f.list_kemai_statement_no_rls_p95_ms!)}`,
      '',
      `${fmt(ratio(f.list_kemai_statement_no_rls_p50_ms!, x.L.sql.p50))}x / ${fmt(ratio(f.list_kemai_statement_no_rls_p95_ms!, x.L.sql.p95))}x`,
      '',
    ],
    [
      'get p50, ms (HTTP)',
      fmt(x.G.api.p50),
      fmt(x.G.sql.p50),
      `${fmt(ratios.get_p50!)}x`,
      `≤ 3x ${check(ratios.get_p50! <= 3)}, ≤ 2 ms ${check(x.G.api.p50 <= 2)}`,
    ],
    [
      '  get p50, ms (records.get, no HTTP)',
      fmt(x.G.svc.p50),
      '',
      `${fmt(ratio(x.G.svc.p50, x.G.sql.p50))}x`,
      '',
    ],
    ['  auth per request p50, ms (session + actor)', fmt(x.G.auth.p50), '', '', ''],
    [
      'update one field p50, ms (HTTP, name)',
      fmt(x.U.name.p50),
      fmt(x.U.sql.p50),
      '',
      `≤ 5 ms ${check(x.U.name.p50 <= 5)}`,
    ],
    ['  update status p50, ms (no search doc)', fmt(x.U.status.p50), '', '', ''],
    [
      'search p95, ms (HTTP, all kinds)',
      fmt(f.search_p95_ms!),
      '',
      '',
      `< 50 ms ${check(f.search_p95_ms! < 50)}`,
    ],
    ...Object.entries(x.searchByKind).map(
      ([k, s]) =>
        [`  search ${k} p50 / p95, ms`, `${fmt(s.p50)} / ${fmt(s.p95)}`, '', '', ''] as [
          string,
          string,
          string,
          string,
          string,
        ],
    ),
    [
      `list throughput, req/s (${CONCURRENCY} concurrent)`,
      fmt(x.apiRps),
      fmt(x.sqlRps),
      `${fmt(ratios.list_throughput!)}x`,
      `≤ 1.1x ${check(ratios.list_throughput! <= 1.1)}`,
    ],
    [
      '  CPU per list request under load, ms: Node / PostgreSQL',
      `${fmt(f.list_api_node_cpu_ms_per_req!)} / ${f.list_api_pg_cpu_ms_per_req === undefined ? 'n/a' : fmt(f.list_api_pg_cpu_ms_per_req)}`,
      `${fmt(f.list_sql_node_cpu_ms_per_req!)} / ${f.list_sql_pg_cpu_ms_per_req === undefined ? 'n/a' : fmt(f.list_sql_pg_cpu_ms_per_req)}`,
      '',
      '',
    ],
    ['server RSS after the run, MB', fmt(f.rss_mb!), '', '', `< 400 MB ${check(f.rss_mb! < 400)}`],
    ['  RSS after GC / peak, MB', `${fmt(f.rss_after_gc_mb!)} / ${fmt(f.rss_peak_mb!)}`, '', '', ''],
  ]
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c]!))))
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? padEnd(v, w[c]!) : padStart(v, w[c]!))).join('  ')
  console.log(
    `\nrecords benchmark: scale ${scale} (${f.accounts} accounts, ${f.leads} leads), ${bench.kind}, ${process.version}`,
  )
  console.log(line(rows[0]!))
  console.log(w.map((n) => '-'.repeat(n)).join('  '))
  for (const r of rows.slice(1)) console.log(line(r))
  console.log(
    '\nratios: Kemai ÷ raw SQL for times, raw SQL ÷ Kemai for throughput (1.00 = as fast as hand-written SQL)',
  )
  console.log(
    `\nbulk: ${fmt(f.bulk_batch_ms!)} ms per batch of ${BATCH}, of which ${fmt(f.bulk_batch_sql_ms!)} ms in SQL statements and ${fmt(f.bulk_batch_ms! - f.bulk_batch_sql_ms!)} ms in JavaScript`,
  )
  for (const [name, stats] of Object.entries(x.breakdown)) {
    console.log(`\n${name}:`)
    for (const [k, v] of Object.entries(stats))
      console.log(`  ${padEnd(k, 44)} ${padStart(String(v.count), 8)} × ${padStart(v.ms.toFixed(3), 9)} ms`)
  }
  if (EXPLAIN) {
    for (const [k, v] of Object.entries(x.plans)) console.log(`\n=== EXPLAIN ANALYZE ${k}\n${v}`)
  } else {
    for (const [k, v] of Object.entries(x.plans)) {
      const exec = /Execution Time: ([\d.]+) ms/.exec(v)?.[1]
      console.log(`plan ${k}: execution ${exec ?? '?'} ms (--explain prints the plans; all are in the JSON)`)
    }
  }
}

// East Asian characters take two columns in a terminal
function width(s: string): number {
  let n = 0
  for (const ch of s)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1
  return n
}
function padEnd(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)))
}
function padStart(s: string, n: number): string {
  return ' '.repeat(Math.max(0, n - width(s))) + s
}
