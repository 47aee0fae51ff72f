// `npm run bench -- automation [--scale small|full] [--updates N] [--waits N] [--writers N] [--batch N]
//   [--skip-waits] [--profile] [--rate N]`
//
// The workflow executor (docs/automation.md, "Executor") through the real kernel: records updated by the
// records service, the outbox dispatcher and every listener worker started by kernel.startWorker().
//   1. N record updates, each starting a 3-step workflow (condition → update a field → create a task):
//      sustained events/s from the first commit to the last run finished, latency from each update's
//      commit to its run's first action, and every effect counted in the database (none lost, none twice).
//      The same updates and effects written by hand-written SQL in the same run are the baseline.
//   2. M runs paused on a 1-minute wait: memory before and after they are pending, and how late each
//      wait fires after its due time.
//   3. Where the time goes: statements and transactions by kind, CPU of Node and of PostgreSQL per event.
// What each figure means: docs/benchmarks.md, "automation".
import './lib/silent.ts'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../packages/server/src/config.ts'
import { buildApp } from '../packages/server/src/http/app.ts'
import { createKernel } from '../packages/server/src/kernel.ts'
import type { Actor } from '../packages/server/src/platform/access/actor.ts'
import { newId } from '../packages/server/src/platform/db/ids.ts'
import { migrate } from '../packages/server/src/platform/db/migrate.ts'
import type { BatchOp } from '../packages/server/src/platform/records/service.ts'
import { backendCpu, backendCpuDelta, processCpuMs } from './lib/cpu.ts'
import { personName, rng } from './lib/data.ts'
import { openBenchDatabase } from './lib/db.ts'
import { Profiler } from './lib/profile.ts'
import { percentile, ratio, round } from './lib/stats.ts'
import { BENCH_SQL, classify, type StatementStats } from './lib/trace.ts'
import { type TxStats, WorkTracer } from './lib/work-trace.ts'

// ---- options ------------------------------------------------------------------------------------

const argv = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const scale = (opt('--scale') ?? 'small') as 'small' | 'full'
if (scale !== 'small' && scale !== 'full') throw new Error(`--scale must be small or full, got ${scale}`)
// small is what the issue asks for; full is a longer soak
const SCALES = { small: { updates: 20_000, waits: 10_000 }, full: { updates: 100_000, waits: 20_000 } }
const UPDATES = Number(opt('--updates') ?? SCALES[scale].updates)
const WAITS = Math.min(UPDATES, Number(opt('--waits') ?? SCALES[scale].waits))
const WRITERS = Number(opt('--writers') ?? 4)
const BATCH = Number(opt('--batch') ?? 50)
const SKIP_WAITS = argv.includes('--skip-waits')
// the same updates once more before any workflow is enabled: what the platform costs without runs
const CONTROL = argv.includes('--control')
// after the main run: single updates at half the measured throughput for this long, for the latency
// without a backlog (0: off)
const PACED_SECONDS = Number(opt('--paced-seconds') ?? 20)
const PACED_MAX = 2_000
const PROFILE = argv.includes('--profile')
// the writers held to this many updates/s in all (0: as fast as they go): the latency at a sustained rate
const RATE = Number(opt('--rate') ?? 0)
const POOL = 10 // the product's default pool size (platform/db/connect.ts)
const OBJECT = 'deal_bench'
const WAIT_MINUTES = 1
const FIRE_TARGET_MS = 5_000

const started = performance.now()
const loadAtStart = loadavg()[0]!
const log = (msg: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const mb = (b: number) => Math.round((b / 1048576) * 10) / 10
const gc = () => (globalThis as { gc?: () => void }).gc?.()

// ---- statement and transaction names ------------------------------------------------------------

/** What a statement does, for the per-event breakdown (the shared names, plus the executor's and pg-boss's). */
function automationClass(text: string): string {
  const s = text.trimStart().toLowerCase()
  if (s.startsWith('begin')) return 'begin (+ workspace setup)'
  if (s.startsWith('savepoint') || s.startsWith('release savepoint') || s.startsWith('rollback to'))
    return 'savepoint'
  if (s.includes('insert into processed_event')) return 'processed_event insert'
  if (s.includes('pgboss.job') || s.includes('pgboss.queue')) {
    if (s.includes('for update skip locked') && s.includes("state = 'active'")) return 'pg-boss fetch'
    if (s.includes("state = 'completed'")) return 'pg-boss complete'
    if (s.includes('with defaults as')) return 'pg-boss insert (dispatch)'
    if (s.startsWith('insert into pgboss.job') || s.includes('insert into pgboss.job'))
      return 'pg-boss send (enqueue)'
    return 'pg-boss other'
  }
  if (s.includes('update outbox_event o set dispatched_at')) return 'outbox claim'
  if (s.includes('"obj_')) {
    if (s.includes('insert into outbox_event')) return 'record write (row + history + outbox, 1 statement)'
    if (s.includes('for update')) return 'object select for update'
    if (s.startsWith('select')) return 'object select'
    return classify(text)
  }
  if (s.includes('from workflow\n') && s.includes('enabled')) return 'workflow lookup (listener)'
  if (s.includes('insert into workflow_rate')) return 'workflow_rate upsert (rate limit)'
  if (s.includes('insert into workflow_run')) return 'workflow_run insert'
  if (s.includes('insert into workflow_step_run')) return 'workflow_step_run insert'
  if (s.includes('update workflow_run')) return 'workflow_run update'
  if (s.includes('from workflow_run') && s.includes("status = 'waiting'"))
    return 'workflow_run waiting lookup'
  if (s.includes('from workflow_run') && s.includes('for update')) return 'workflow_run lock'
  if (s.includes('from workflow_version')) return 'workflow_version read'
  if (s.includes('insert into "activity"')) return 'activity insert'
  if (s.includes('insert into "activity_link"')) return 'activity_link insert'
  if (s.includes('from app_user')) return 'app_user (recipients)'
  if (s.includes('segment')) return 'segments'
  if (s.includes('record_follow') || s.includes('from follow')) return 'followers (notifications)'
  if (s.includes('insert into notification')) return 'notification insert'
  if (s.includes('webhook')) return 'webhooks'
  const c = classify(text)
  return c === 'other' ? `other: ${s.replace(/\s+/g, ' ').slice(0, 60)}` : c
}

/** Names a transaction by the first statement that says what it is for. */
function automationTag(text: string, values: unknown[]): string | null {
  const s = text.trimStart().toLowerCase()
  if (s.includes('insert into processed_event')) return `listener ${String(values[0])}`
  if (s.includes('update outbox_event o set dispatched_at')) return 'dispatcher'
  if (s.includes('from workflow_run') && s.includes('for update') && !s.includes('skip locked'))
    return 'automation.run job'
  if (/^(update|select)[\s\S]*"obj_/.test(s) || s.includes('for update')) return 'records write (writers)'
  return null
}

// ---- setup --------------------------------------------------------------------------------------

const bench = await openBenchDatabase({ poolSize: POOL })
const { database, rawPool } = bench
const tracer = new WorkTracer(automationClass, automationTag)
tracer.install(database.pool)
if (database.readPool) tracer.install(database.readPool)
const profiler = new Profiler(PROFILE)
const live: { stop: (() => Promise<void>) | null } = { stop: null }
let cleaning: Promise<void> | null = null
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await live.stop?.().catch((e) => console.error('stop:', e))
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
    `automation bench, scale ${scale}: ${UPDATES} updates (${WRITERS} writers × batches of ${BATCH}${RATE > 0 ? `, held to ${RATE}/s` : ''}), ${SKIP_WAITS ? 'no' : WAITS} waits, on ${bench.kind} (${bench.where})`,
  )
  await migrate(database.db)
  const config = { ...loadConfig({}), rateLimitPerIp: 1_000_000_000, rateLimitPerKey: 1_000_000_000 }
  const kernel = createKernel(database, config)
  live.stop = () => kernel.stop()
  const { records, metadata, access } = kernel.services
  const email = 'bench-owner@example.com'
  const password = 'correct horse battery staple'
  const created = await kernel.createWorkspace({
    name: '自动化基准',
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
  const app = buildApp(kernel.services)
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'accept-language': 'en',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
    return json!
  }
  const raw: Raw = (text, values = []) => rawPool.query(BENCH_SQL + text, values)
  const plans: Record<string, string> = {}
  const table = `"${dbSchema}"."obj_${OBJECT}"`

  const label = (zh: string, en: string) => ({ 'zh-CN': zh, en })
  await metadata.createObject(actor, { name: OBJECT, label: label('商机（基准）', 'Deal (bench)') })
  await metadata.createField(actor, OBJECT, {
    name: 'stage',
    type: 'select',
    label: label('阶段', 'Stage'),
    options: { choices: ['new', 'qualified', 'won', 'lost'].map((value) => ({ value })) },
  })
  await metadata.createField(actor, OBJECT, {
    name: 'followup',
    type: 'text',
    label: label('跟进', 'Follow-up'),
  })
  await metadata.createField(actor, OBJECT, {
    name: 'nudge',
    type: 'select',
    label: label('提醒', 'Nudge'),
    options: { choices: [{ value: 'off' }, { value: 'on' }] },
  })
  await metadata.createField(actor, OBJECT, {
    name: 'reminded',
    type: 'boolean',
    label: label('已提醒', 'Reminded'),
  })

  // the event machinery of `kemai serve`: dispatcher + every listener and job worker
  await kernel.startWorker()

  // ---- records (not measured): created through the records service, their events handled -----------
  const r = rng(20261206)
  const ids: string[] = []
  const names: string[] = []
  for (let i = 0; i < UPDATES; i += 1000) {
    const ops: BatchOp[] = Array.from({ length: Math.min(1000, UPDATES - i) }, () => {
      const name = `${personName(r).name}的商机`
      names.push(name)
      return { op: 'create', data: { name, stage: 'new', nudge: 'off' } }
    })
    const res = await records.batch(actor, OBJECT, ops)
    for (const x of res) if (x.ok) ids.push(x.id)
  }
  const pacedIds: string[] = []
  for (let i = 0; PACED_SECONDS > 0 && i < PACED_MAX; i += 1000) {
    const res = await records.batch(
      actor,
      OBJECT,
      Array.from({ length: Math.min(1000, PACED_MAX - i) }, () => {
        const name = `${personName(r).name}的商机`
        return { op: 'create', data: { name, stage: 'new', nudge: 'off' } } satisfies BatchOp
      }),
    )
    for (const x of res) if (x.ok) pacedIds.push(x.id)
  }
  log(`created ${ids.length + pacedIds.length} ${OBJECT} records; waiting for their events to be handled`)
  await quiet(raw)
  await raw(`vacuum analyze ${table}`)
  await raw('vacuum analyze outbox_event')
  await raw('vacuum analyze activity')
  await raw('vacuum analyze activity_link')

  // ---- 0. control: the same updates with no workflow enabled (--control) ---------------------------
  let control: {
    perS: number
    nodeCpu: number
    pgCpu: number | null
    statements: number
    subtrans: number | null
  } | null = null
  if (CONTROL) {
    const c0 = processCpuMs()
    const p0 = await backendCpu(rawPool)
    const s0 = await subtransSlru()
    tracer.reset()
    tracer.active = true
    const t0 = Date.now()
    await writeAll(ids, (slice) =>
      records
        .batch(
          actor,
          OBJECT,
          slice.map((id) => ({ op: 'update', id, data: { stage: 'won' } }) satisfies BatchOp),
        )
        .then(() => {}),
    )
    await quiet(raw)
    const wall = Date.now() - t0
    tracer.active = false
    control = {
      perS: (UPDATES / wall) * 1000,
      nodeCpu: processCpuMs() - c0,
      pgCpu: backendCpuDelta(p0, await backendCpu(rawPool)),
      statements: sum(tracer.stats, 'count'),
      subtrans: await subtransSlru().then((s1) => (s0 && s1 ? s1.hit - s0.hit : null)),
    }
    log(
      `control (no workflow): ${Math.round(control.perS)} updates/s handled by every listener; CPU per update ${round(control.nodeCpu / UPDATES)} ms Node, ${control.pgCpu === null ? 'n/a' : round(control.pgCpu / UPDATES)} ms PostgreSQL`,
    )
  }

  // ---- the workflow: condition → update a field → create a task ------------------------------------
  const wf1 = (await api('POST', '/api/v1/workflows', {
    name: '合格商机跟进',
    definition: {
      trigger: { type: 'record_updated', object: OBJECT, fields: ['stage'] },
      start: 'is_qualified',
      steps: [
        {
          id: 'is_qualified',
          type: 'condition',
          filter: { field: 'stage', op: 'eq', value: 'qualified' },
          onTrue: 'set_followup',
          onFalse: null,
        },
        {
          id: 'set_followup',
          type: 'update_record',
          values: { followup: '已跟进 {{trigger.record.name}}' },
          next: 'task',
        },
        { id: 'task', type: 'create_task', title: '跟进 {{trigger.record.name}}', dueInDays: 1, next: null },
      ],
    },
  })) as { id: string }
  await api('PATCH', `/api/v1/workflows/${wf1.id}`, { maxRunsPerMinute: 1_000_000 })
  await api('POST', `/api/v1/workflows/${wf1.id}/publish`)
  await api('POST', `/api/v1/workflows/${wf1.id}/enable`)

  // ---- 1. N updates by W writers in batches of B -------------------------------------------------
  gc()
  const mem0 = process.memoryUsage()
  const commitAt = new Map<string, number>() // record id → wall time (ms since epoch) its update committed
  let firstCommit = Number.POSITIVE_INFINITY
  let lastCommit = 0
  const cpu0 = processCpuMs()
  const pg0 = await backendCpu(rawPool)
  const slru0 = await subtransSlru()
  tracer.reset()
  tracer.active = true
  const writersStart = Date.now()
  const peak = { rss: mem0.rss, heap: mem0.heapUsed }
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peak.rss = Math.max(peak.rss, m.rss)
    peak.heap = Math.max(peak.heap, m.heapUsed)
  }, 250)
  const progress = { finished: 0 }
  const backlog = { jobs: 0 }
  await profiler.phase('updates', async () => {
    await writeAll(
      ids,
      async (slice) => {
        await records.batch(
          actor,
          OBJECT,
          slice.map((id) => ({ op: 'update', id, data: { stage: 'qualified' } }) satisfies BatchOp),
        )
        const at = Date.now()
        firstCommit = Math.min(firstCommit, at)
        lastCommit = Math.max(lastCommit, at)
        for (const id of slice) commitAt.set(id, at)
      },
      RATE,
    )
    log(
      `updates: ${UPDATES} committed in ${((lastCommit - writersStart) / 1000).toFixed(1)} s (${Math.round(UPDATES / ((lastCommit - writersStart) / 1000))}/s); waiting for the runs`,
    )
    progress.finished = await finishedRuns(wf1.id)
    backlog.jobs = (
      (
        await raw(
          "select count(*)::int as n from pgboss.job where name = 'kemai.listener.automation' and state < 'active'",
        )
      ).rows[0] as { n: number }
    ).n
    plans[`pg-boss fetch of the automation listener, ${backlog.jobs} jobs waiting`] = await explainFetch(
      'kemai.listener.automation',
      50,
    )
    await waitUntil(
      async () => (await finishedRuns(wf1.id)) >= UPDATES,
      3_600_000,
      async () => {
        const n = await finishedRuns(wf1.id)
        log(`  runs finished: ${n} / ${UPDATES}`)
      },
    )
  })
  // every listener done with the events (the workflow's own updates and tasks too): the CPU and the
  // statements are those of the updates and of everything they caused
  await quiet(raw)
  const drainedWall = Date.now()
  tracer.active = false
  const cpuNode = processCpuMs() - cpu0
  const pgCpu = backendCpuDelta(pg0, await backendCpu(rawPool))
  const slru1 = await subtransSlru()
  const mainStatements = { count: sum(tracer.stats, 'count'), ms: sum(tracer.stats, 'ms') }
  clearInterval(sampler)
  const runsAtWritersEnd = progress.finished

  // ---- what the database holds: timings and effects ------------------------------------------------
  const rows = (
    await raw(
      `select r.record_id, r.status, extract(epoch from r.finished_at)::float8 * 1000 as finished,
         extract(epoch from s1.started_at)::float8 * 1000 as first_step, extract(epoch from s2.started_at)::float8 * 1000 as action,
         extract(epoch from e.created_at)::float8 * 1000 as event_at
       from workflow_run r
       left join workflow_step_run s1 on s1.workspace_id = r.workspace_id and s1.run_id = r.id and s1.seq = 1
       left join workflow_step_run s2 on s2.workspace_id = r.workspace_id and s2.run_id = r.id and s2.seq = 2
       left join outbox_event e on e.workspace_id = r.workspace_id and e.id = r.trigger_event_id
       where r.workspace_id = $1 and r.workflow_id = $2`,
      [ws, wf1.id],
    )
  ).rows as {
    record_id: string
    status: string
    finished: number
    first_step: number | null
    action: number | null
    event_at: number | null
  }[]
  const toAction: number[] = []
  const toFirstStep: number[] = []
  const toFinished: number[] = []
  const eventToAction: number[] = []
  let lastFinished = 0
  for (const x of rows) {
    const c = commitAt.get(x.record_id)
    lastFinished = Math.max(lastFinished, x.finished)
    if (c === undefined) continue
    if (x.action !== null) toAction.push(x.action - c)
    if (x.first_step !== null) toFirstStep.push(x.first_step - c)
    toFinished.push(x.finished - c)
    if (x.event_at !== null && x.action !== null) eventToAction.push(x.action - x.event_at)
  }
  const sortedFinished = rows.map((x) => x.finished).sort((a, b) => a - b)
  const p10 = sortedFinished[Math.floor(sortedFinished.length * 0.1)]!
  const p90 = sortedFinished[Math.floor(sortedFinished.length * 0.9)]!
  const steadyPerS =
    ((Math.floor(sortedFinished.length * 0.9) - Math.floor(sortedFinished.length * 0.1)) / (p90 - p10)) * 1000
  const eventsWall = lastFinished - firstCommit

  // ---- latency without a backlog: single updates at half the throughput measured above --------------
  const paced = await pacedRun(wf1.id, Math.max(2, Math.round(steadyPerS / 2)))
  const check = (
    await raw(
      `with runs as (
         select record_id, count(*) as n, count(*) filter (where status = 'succeeded') as ok
         from workflow_run where workspace_id = $1 and workflow_id = $2 group by record_id),
       tasks as (
         select l.record_id, count(*) as n from activity a
         join activity_link l on l.workspace_id = a.workspace_id and l.activity_id = a.id
         where a.workspace_id = $1 and a.type = 'task' and l.object_name = $3 group by l.record_id)
       select
         count(*) filter (where coalesce(runs.n, 0) = 0)::int as no_run,
         count(*) filter (where runs.n > 1)::int as runs_twice,
         count(*) filter (where coalesce(runs.ok, 0) <> coalesce(runs.n, 0))::int as run_not_ok,
         count(*) filter (where coalesce(tasks.n, 0) = 0)::int as no_task,
         count(*) filter (where tasks.n > 1)::int as tasks_twice,
         count(*) filter (where d.followup is distinct from '已跟进 ' || d.name)::int as wrong_field,
         count(*) filter (where coalesce(runs.n, 0) = 0 or coalesce(tasks.n, 0) = 0
           or d.followup is distinct from '已跟进 ' || d.name or coalesce(runs.ok, 0) <> coalesce(runs.n, 0))::int as lost,
         count(*) filter (where runs.n > 1 or tasks.n > 1)::int as duplicated,
         (select count(*)::int from activity a join activity_link l on l.workspace_id = a.workspace_id
            and l.activity_id = a.id where a.workspace_id = $1 and a.type = 'task' and l.object_name = $3
            and a.subject = '跟进 ' || (select name from ${table} x where x.id = l.record_id)) as tasks_right_title
       from ${table} d
       left join runs on runs.record_id = d.id
       left join tasks on tasks.record_id = d.id
       where d.workspace_id = $1 and d.deleted_at is null and d.id = any($4::uuid[])`,
      [ws, wf1.id, OBJECT, [...ids, ...paced.ids]],
    )
  ).rows[0] as Record<string, number>

  const eventsPerS = (UPDATES / eventsWall) * 1000
  const counts = (
    await raw(
      `select count(*)::int as events from outbox_event where workspace_id = $1
         and created_at >= to_timestamp($2 / 1000.0) and created_at <= to_timestamp($3 / 1000.0)`,
      [ws, writersStart - 1000, drainedWall],
    )
  ).rows[0] as { events: number }
  log(
    `runs: ${rows.length}, ${Math.round(eventsPerS)} events/s; commit → first action p50 ${round(percentile(toAction, 50))} ms, p99 ${round(percentile(toAction, 99))} ms; lost ${check.lost}, duplicated ${check.duplicated}`,
  )
  const txBreakdown = txTable(tracer.txs, UPDATES)
  const stmtBreakdown = perEvent(tracer.stats, UPDATES)

  // ---- the same work in hand-written SQL ----------------------------------------------------------
  const baseline = await rawBaseline(ws, table, ids, names)
  log(
    `raw SQL: set-based ${Math.round(baseline.set.perS)} events/s, row by row ${Math.round(baseline.row.perS)} events/s`,
  )

  // ---- report (written once before the waits part, so that a run stopped during it keeps part 1) ----
  type Waits = Awaited<ReturnType<typeof waitPart>>
  const report = (waits: Waits | null, done: boolean) => {
    const settings = {
      // the automation listener's (kernel.ts); the other listeners keep the defaults (50, 2)
      listener_batch_size: database.kind === 'pglite' ? 50 : 100,
      listener_concurrency: database.kind === 'pglite' ? 1 : 4,
      pool_size: POOL,
    }
    const figures: Record<string, number> = {
      updates: UPDATES,
      writers: WRITERS,
      writer_batch: BATCH,
      writer_rate_per_s: RATE,
      events_per_s: Math.round(eventsPerS),
      events_wall_s: round(eventsWall / 1000),
      steady_events_per_s: Math.round(steadyPerS),
      updates_per_s: Math.round((UPDATES / (lastCommit - writersStart)) * 1000),
      updates_wall_s: round((lastCommit - writersStart) / 1000),
      runs_finished_when_updates_done: runsAtWritersEnd,
      all_listeners_drained_s: round((drainedWall - firstCommit) / 1000),
      p50_ms: round(percentile(toAction, 50)),
      p99_ms: round(percentile(toAction, 99)),
      max_ms: round(Math.max(...toAction)),
      first_step_p50_ms: round(percentile(toFirstStep, 50)),
      first_step_p99_ms: round(percentile(toFirstStep, 99)),
      run_finished_p50_ms: round(percentile(toFinished, 50)),
      run_finished_p99_ms: round(percentile(toFinished, 99)),
      event_to_action_p50_ms: round(percentile(eventToAction, 50)),
      event_to_action_p99_ms: round(percentile(eventToAction, 99)),
      backlog_automation_jobs_when_updates_done: backlog.jobs,
      ...(paced.ids.length > 0
        ? {
            paced_updates: paced.ids.length,
            paced_rate_per_s: paced.rate,
            paced_p50_ms: round(percentile(paced.toAction, 50)),
            paced_p99_ms: round(percentile(paced.toAction, 99)),
            paced_max_ms: round(Math.max(...paced.toAction)),
            paced_first_step_p50_ms: round(percentile(paced.toFirstStep, 50)),
            paced_run_finished_p50_ms: round(percentile(paced.toFinished, 50)),
            paced_run_finished_p99_ms: round(percentile(paced.toFinished, 99)),
          }
        : {}),
      runs: rows.length,
      lost: check.lost!,
      duplicated: check.duplicated!,
      no_run: check.no_run!,
      runs_twice: check.runs_twice!,
      runs_not_succeeded: check.run_not_ok!,
      no_task: check.no_task!,
      tasks_twice: check.tasks_twice!,
      wrong_field: check.wrong_field!,
      tasks_right_title: check.tasks_right_title!,
      outbox_events_per_update: round(counts.events / UPDATES),
      node_cpu_ms_per_event: round(cpuNode / UPDATES),
      ...(pgCpu !== null ? { pg_cpu_ms_per_event: round(pgCpu / UPDATES) } : {}),
      cpu_cores_busy: round((cpuNode + (pgCpu ?? 0)) / (drainedWall - writersStart)),
      ...(slru0 && slru1
        ? {
            subtrans_slru_hits: slru1.hit - slru0.hit,
            subtrans_slru_reads: slru1.read - slru0.read,
          }
        : {}),
      ...(control
        ? {
            control_updates_per_s: Math.round(control.perS),
            control_node_cpu_ms_per_update: round(control.nodeCpu / UPDATES),
            ...(control.pgCpu !== null
              ? { control_pg_cpu_ms_per_update: round(control.pgCpu / UPDATES) }
              : {}),
            control_statements_per_update: round(control.statements / UPDATES),
            ...(control.subtrans !== null ? { control_subtrans_slru_hits: control.subtrans } : {}),
          }
        : {}),
      statements_per_event: round(mainStatements.count / UPDATES),
      statement_ms_per_event: round(mainStatements.ms / UPDATES),
      rss_before_mb: mb(mem0.rss),
      rss_peak_mb: mb(peak.rss),
      heap_before_mb: mb(mem0.heapUsed),
      heap_peak_mb: mb(peak.heap),
      baseline_events_per_s: Math.round(baseline.set.perS),
      baseline_row_events_per_s: Math.round(baseline.row.perS),
      ...(waits?.figures ?? {}),
      duration_s: round((performance.now() - started) / 1000),
      load_avg_start: round(loadAtStart),
      load_avg_end: round(loadavg()[0]!),
    }
    const ratios = {
      events_per_s: ratio(baseline.set.perS, eventsPerS),
      events_per_s_vs_row_by_row: ratio(baseline.row.perS, eventsPerS),
    }
    const result = {
      name: 'automation',
      scale,
      db: bench.kind,
      settings,
      ratios,
      figures,
      breakdown: { 'transactions (per kind)': txBreakdown, 'statements per event': stmtBreakdown },
      plans,
      ...(waits ? { waits: waits.details } : {}),
      ...(PROFILE ? { profile: profiler.tops, profileDir: profiler.dir } : {}),
      ...(done ? {} : { partial: 'written before the waits part; the final run overwrites it' }),
      at: new Date().toISOString(),
      node: process.version,
    }
    const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'automation.json')
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
    if (!done) return
    printReport(
      figures,
      ratios,
      txBreakdown,
      stmtBreakdown,
      waits?.details['transactions while the waits fire (per kind, per fired wait)'] ?? null,
    )
    log(`wrote ${out}`)
  }
  report(null, false)

  // ---- 2. M runs paused on a 1-minute wait ---------------------------------------------------------
  report(SKIP_WAITS ? null : await waitPart(ws, ids.slice(0, WAITS)), true)

  // ---- helpers that need the run's context --------------------------------------------------------

  /** EXPLAIN ANALYZE of pg-boss's fetch (its SELECT … FOR UPDATE SKIP LOCKED part) on a queue, now. */
  async function explainFetch(queue: string, limit: number): Promise<string> {
    const c = await rawPool.connect()
    try {
      await c.query(`${BENCH_SQL}begin`)
      const q = await c.query(
        `${BENCH_SQL}explain (analyze, buffers) select id, singleton_key, policy from pgboss.job
         where name = $1 and state < 'active' and start_after < now()
         order by priority desc, created_on, id limit $2 for update skip locked`,
        [queue, limit],
      )
      return q.rows.map((x: { 'QUERY PLAN': string }) => x['QUERY PLAN']).join('\n')
    } finally {
      await c.query(`${BENCH_SQL}rollback`).catch(() => {})
      c.release()
    }
  }

  /**
   * Single updates (one transaction each, like API calls) at `rate` per second for PACED_SECONDS, on
   * records the main run did not touch; the latency of each from its commit to its run's first action.
   */
  async function pacedRun(workflowId: string, rate: number) {
    const out = {
      rate,
      ids: [] as string[],
      toAction: [] as number[],
      toFirstStep: [] as number[],
      toFinished: [] as number[],
    }
    if (PACED_SECONDS <= 0 || pacedIds.length === 0) return out
    out.ids = pacedIds.slice(0, Math.min(pacedIds.length, rate * PACED_SECONDS))
    const committed = new Map<string, number>()
    const before = await finishedRuns(workflowId)
    const t0 = performance.now()
    const pending: Promise<void>[] = []
    for (const [k, id] of out.ids.entries()) {
      const wait = t0 + (k * 1000) / rate - performance.now()
      if (wait > 0) await sleep(wait)
      pending.push(
        records.update(actor, OBJECT, id, { stage: 'qualified' }).then(() => {
          committed.set(id, Date.now())
        }),
      )
    }
    await Promise.all(pending)
    await waitUntil(async () => (await finishedRuns(workflowId)) >= before + out.ids.length, 3_600_000)
    await quiet(raw)
    const q = await raw(
      `select r.record_id, extract(epoch from r.finished_at)::float8 * 1000 as finished,
         extract(epoch from s1.started_at)::float8 * 1000 as first_step,
         extract(epoch from s2.started_at)::float8 * 1000 as action
       from workflow_run r
       left join workflow_step_run s1 on s1.workspace_id = r.workspace_id and s1.run_id = r.id and s1.seq = 1
       left join workflow_step_run s2 on s2.workspace_id = r.workspace_id and s2.run_id = r.id and s2.seq = 2
       where r.workspace_id = $1 and r.workflow_id = $2 and r.record_id = any($3::uuid[])`,
      [ws, workflowId, out.ids],
    )
    for (const x of q.rows as { record_id: string; finished: number; first_step: number; action: number }[]) {
      const c = committed.get(x.record_id)!
      if (x.action !== null) out.toAction.push(x.action - c)
      if (x.first_step !== null) out.toFirstStep.push(x.first_step - c)
      out.toFinished.push(x.finished - c)
    }
    log(
      `paced: ${out.ids.length} single updates at ${rate}/s: commit → first action p50 ${round(percentile(out.toAction, 50))} ms, p99 ${round(percentile(out.toAction, 99))} ms`,
    )
    return out
  }

  /** pg_subtrans lookups: they climb when a transaction holds more than 64 subtransactions (savepoints) */
  async function subtransSlru(): Promise<{ hit: number; read: number } | null> {
    if (bench.kind !== 'postgres') return null
    const q = await raw(
      "select blks_hit::float8 as hit, blks_read::float8 as read from pg_stat_slru where name = 'Subtrans'",
    )
    return (q.rows[0] as { hit: number; read: number } | undefined) ?? null
  }

  async function finishedRuns(workflowId: string): Promise<number> {
    const q = await raw(
      'select count(*)::int as n from workflow_run where workspace_id = $1 and workflow_id = $2 and finished_at is not null',
      [ws, workflowId],
    )
    return (q.rows[0] as { n: number }).n
  }

  /** Hands out slices of `list` to WRITERS parallel writers until all are written. */
  /** The writers; with `rate` (updates/s in all), batch k starts no earlier than k·BATCH/rate seconds in. */
  async function writeAll(
    list: string[],
    write: (slice: string[]) => Promise<void>,
    rate = 0,
  ): Promise<void> {
    let next = 0
    const t0 = Date.now()
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (;;) {
          const at = next
          next += BATCH
          if (at >= list.length) return
          const due = t0 + (rate > 0 ? (at / rate) * 1000 : 0)
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
          await write(list.slice(at, at + BATCH))
        }
      }),
    )
  }

  /** The same updates and effects in hand-written SQL, on copies of the tables (same rows, same writers). */
  async function rawBaseline(workspaceId: string, objTable: string, list: string[], titles: string[]) {
    const nameOf = new Map(list.map((id, i) => [id, titles[i]!]))
    const setup = async (suffix: string) => {
      await raw(`drop table if exists public.bench_deal_${suffix}, public.bench_activity_${suffix},
        public.bench_activity_link_${suffix}`)
      await raw(`create table public.bench_deal_${suffix} (like ${objTable} including defaults)`)
      await raw(`alter table public.bench_deal_${suffix} add primary key (workspace_id, id)`)
      await raw(`insert into public.bench_deal_${suffix} select * from ${objTable}`)
      await raw(`update public.bench_deal_${suffix} set stage = 'new', followup = null`)
      await raw(`create table public.bench_activity_${suffix} (like activity including defaults)`)
      await raw(`alter table public.bench_activity_${suffix} add primary key (workspace_id, id)`)
      await raw(`create table public.bench_activity_link_${suffix} (like activity_link including defaults)`)
      await raw(`vacuum analyze public.bench_deal_${suffix}`)
    }
    const tx = async (fn: (q: (t: string, v: unknown[]) => Promise<unknown>) => Promise<void>) => {
      const c = await rawPool.connect()
      try {
        await c.query(`${BENCH_SQL}begin`)
        await fn((t, v) => c.query(BENCH_SQL + t, v))
        await c.query(`${BENCH_SQL}commit`)
      } catch (e) {
        await c.query(`${BENCH_SQL}rollback`).catch(() => {})
        throw e
      } finally {
        c.release()
      }
    }
    const taskCols = (id: string) => {
      const now = new Date()
      return [
        workspaceId,
        newId(),
        'task',
        `跟进 ${nameOf.get(id)}`,
        now,
        new Date(now.getTime() + 86_400_000),
        now,
        created.owner.id,
      ]
    }
    const insertTasks = async (
      q: (t: string, v: unknown[]) => Promise<unknown>,
      s: string,
      idsIn: string[],
    ) => {
      const params: unknown[] = []
      const links: unknown[] = []
      const values: string[] = []
      const linkValues: string[] = []
      for (const [k, id] of idsIn.entries()) {
        const cols = taskCols(id)
        values.push(`(${cols.map((_, c) => `$${k * cols.length + c + 1}`).join(', ')})`)
        params.push(...cols)
        linkValues.push(`($${k * 4 + 1}, $${k * 4 + 2}, $${k * 4 + 3}, $${k * 4 + 4})`)
        links.push(workspaceId, cols[1], OBJECT, id)
      }
      await q(
        `insert into public.bench_activity_${s} (workspace_id, id, type, subject, occurred_at, due_at, created_at, owner_id)
         values ${values.join(', ')}`,
        params,
      )
      await q(
        `insert into public.bench_activity_link_${s} (workspace_id, activity_id, object_name, record_id)
         values ${linkValues.join(', ')}`,
        links,
      )
    }
    // set-based: per batch, the updates and the effects as four statements
    await setup('set')
    let t0 = Date.now()
    await writeAll(list, (slice) =>
      tx(async (q) => {
        await q(
          `update public.bench_deal_set set stage = 'qualified', version = version + 1, updated_at = now()
           where workspace_id = $1 and id = any($2::uuid[])`,
          [workspaceId, slice],
        )
        await q(
          `update public.bench_deal_set set followup = '已跟进 ' || name, version = version + 1, updated_at = now()
           where workspace_id = $1 and id = any($2::uuid[]) and stage = 'qualified'`,
          [workspaceId, slice],
        )
        await insertTasks(q, 'set', slice)
      }),
    )
    const setMs = Date.now() - t0
    // row by row: per record, the update, the condition's read, the field update and the task (4 + 1 statements)
    await setup('row')
    t0 = Date.now()
    await writeAll(list, (slice) =>
      tx(async (q) => {
        for (const id of slice) {
          await q(
            `update public.bench_deal_row set stage = 'qualified', version = version + 1, updated_at = now()
             where workspace_id = $1 and id = $2`,
            [workspaceId, id],
          )
          await q('select stage, name from public.bench_deal_row where workspace_id = $1 and id = $2', [
            workspaceId,
            id,
          ])
          await q(
            `update public.bench_deal_row set followup = '已跟进 ' || name, version = version + 1, updated_at = now()
             where workspace_id = $1 and id = $2`,
            [workspaceId, id],
          )
          await insertTasks(q, 'row', [id])
        }
      }),
    )
    const rowMs = Date.now() - t0
    const ok = (
      await raw(
        `select (select count(*)::int from public.bench_deal_set where followup = '已跟进 ' || name) as s,
                (select count(*)::int from public.bench_deal_row where followup = '已跟进 ' || name) as r`,
      )
    ).rows[0] as { s: number; r: number }
    if (ok.s !== list.length || ok.r !== list.length)
      throw new Error(`raw baseline wrote ${ok.s} / ${ok.r} rows`)
    for (const s of ['set', 'row'])
      await raw(
        `drop table public.bench_deal_${s}, public.bench_activity_${s}, public.bench_activity_link_${s}`,
      )
    return {
      set: { ms: setMs, perS: (list.length / setMs) * 1000 },
      row: { ms: rowMs, perS: (list.length / rowMs) * 1000 },
    }
  }

  /** Part 2: M runs paused on a wait of WAIT_MINUTES, memory around them, and how late each fires. */
  async function waitPart(workspaceId: string, list: string[]) {
    const wf2 = (await api('POST', '/api/v1/workflows', {
      name: '一分钟后提醒',
      definition: {
        trigger: { type: 'record_updated', object: OBJECT, fields: ['nudge'], changedTo: 'on' },
        start: 'pause',
        steps: [
          { id: 'pause', type: 'wait', wait: { kind: 'duration', minutes: WAIT_MINUTES }, next: 'mark' },
          { id: 'mark', type: 'update_record', values: { reminded: true }, next: null },
        ],
      },
    })) as { id: string }
    await api('PATCH', `/api/v1/workflows/${wf2.id}`, { maxRunsPerMinute: 1_000_000 })
    await api('POST', `/api/v1/workflows/${wf2.id}/publish`)
    await api('POST', `/api/v1/workflows/${wf2.id}/enable`)
    await quiet(raw)
    gc()
    await sleep(200)
    gc()
    const before = process.memoryUsage()
    const t0 = Date.now()
    await writeAll(list, async (slice) => {
      await records.batch(
        actor,
        OBJECT,
        slice.map((id) => ({ op: 'update', id, data: { nudge: 'on' } }) satisfies BatchOp),
      )
    })
    const waitingCount = async () =>
      (
        await raw(
          `select count(*) filter (where status = 'waiting')::int as waiting,
                    count(*) filter (where finished_at is not null)::int as finished
             from workflow_run where workspace_id = $1 and workflow_id = $2`,
          [workspaceId, wf2.id],
        )
      ).rows[0] as { waiting: number; finished: number }
    await waitUntil(async () => {
      const c = await waitingCount()
      return c.waiting + c.finished >= list.length
    }, 3_600_000)
    const createdMs = Date.now() - t0
    const pending = await waitingCount()
    const jobs = (
      (
        await raw(
          `select count(*)::int as n from pgboss.job where name = 'automation.run' and state = 'created' and start_after > now()`,
        )
      ).rows[0] as { n: number }
    ).n
    gc()
    await sleep(200)
    gc()
    const held = process.memoryUsage()
    log(
      `waits: ${list.length} runs paused in ${(createdMs / 1000).toFixed(1)} s (${pending.waiting} waiting, ${jobs} delayed jobs); heap ${mb(before.heapUsed)} → ${mb(held.heapUsed)} MB, RSS ${mb(before.rss)} → ${mb(held.rss)} MB`,
    )
    // while they are due and fire: the memory peak
    const peakWait = { rss: held.rss, heap: held.heapUsed }
    const sample = setInterval(() => {
      const m = process.memoryUsage()
      peakWait.rss = Math.max(peakWait.rss, m.rss)
      peakWait.heap = Math.max(peakWait.heap, m.heapUsed)
    }, 250)
    const firePlan = { done: false }
    const cpu1 = processCpuMs()
    const pg1 = await backendCpu(rawPool)
    tracer.reset()
    tracer.active = true
    await profiler.phase('waits', () =>
      waitUntil(
        async () => (await waitingCount()).finished >= list.length,
        createdMs + WAIT_MINUTES * 60_000 + 3_600_000,
        async () => {
          const c = await waitingCount()
          log(`  waits fired: ${c.finished} / ${list.length}`)
          if (c.finished > 0 && !firePlan.done) {
            firePlan.done = true
            const due = (
              (
                await raw(
                  "select count(*)::int as n from pgboss.job where name = 'automation.run' and state < 'active' and start_after < now()",
                )
              ).rows[0] as { n: number }
            ).n
            // run jobs are fetched 25 at a time (run-job.ts RUN_BATCH)
            plans[`pg-boss fetch of automation.run while waits fire, ${due} due`] = await explainFetch(
              'automation.run',
              25,
            )
            // a listener queue meanwhile: few jobs waiting, but the index still holds the churned ones
            plans['pg-boss fetch of the notifications listener while waits fire'] = await explainFetch(
              'kemai.listener.notifications',
              50,
            )
          }
        },
      ),
    )
    clearInterval(sample)
    tracer.active = false
    const cpuFire = processCpuMs() - cpu1
    const pgFire = backendCpuDelta(pg1, await backendCpu(rawPool))
    const fireTx = txTable(tracer.txs, list.length)
    gc()
    await sleep(200)
    gc()
    const after = process.memoryUsage()
    const fired = (
      await raw(
        `select extract(epoch from (s.output->>'at')::timestamptz - (s.input->>'until')::timestamptz)::float8 * 1000 as late,
           extract(epoch from (s.input->>'until')::timestamptz)::float8 * 1000 as due, r.status, d.reminded
         from workflow_run r
         join workflow_step_run s on s.workspace_id = r.workspace_id and s.run_id = r.id and s.seq = 1
         join ${table} d on d.workspace_id = r.workspace_id and d.id = r.record_id
         where r.workspace_id = $1 and r.workflow_id = $2`,
        [workspaceId, wf2.id],
      )
    ).rows as { late: number | null; due: number; status: string; reminded: boolean | null }[]
    const late = fired.filter((x) => x.late !== null).map((x) => x.late!)
    const dues = fired.map((x) => x.due).sort((a, b) => a - b)
    const perRecord = (
      await raw(
        `select count(*) filter (where n > 1)::int as twice,
                  (select count(*)::int from unnest($3::uuid[]) i where not exists
                     (select 1 from workflow_run r where r.workspace_id = $1 and r.workflow_id = $2 and r.record_id = i)) as none
           from (select record_id, count(*) as n from workflow_run where workspace_id = $1 and workflow_id = $2
                 group by record_id) x`,
        [workspaceId, wf2.id, list],
      )
    ).rows[0] as { twice: number; none: number }
    const notReminded = fired.filter((x) => x.reminded !== true).length
    const notSucceeded = fired.filter((x) => x.status !== 'succeeded').length
    log(
      `waits fired: late p50 ${round(percentile(late, 50))} ms, p99 ${round(percentile(late, 99))} ms, max ${round(Math.max(...late))} ms; ${late.filter((x) => x > FIRE_TARGET_MS).length} over ${FIRE_TARGET_MS / 1000} s`,
    )
    return {
      figures: {
        waits: list.length,
        waits_created_s: round(createdMs / 1000),
        waits_created_per_s: Math.round((list.length / createdMs) * 1000),
        waits_due_spread_s: round((dues[dues.length - 1]! - dues[0]!) / 1000),
        waits_pending_delayed_jobs: jobs,
        wait_heap_before_mb: mb(before.heapUsed),
        wait_heap_held_mb: mb(held.heapUsed),
        wait_heap_growth_mb: mb(held.heapUsed - before.heapUsed),
        wait_rss_before_mb: mb(before.rss),
        wait_rss_held_mb: mb(held.rss),
        wait_rss_growth_mb: mb(held.rss - before.rss),
        wait_rss_peak_firing_mb: mb(peakWait.rss),
        wait_heap_after_fired_mb: mb(after.heapUsed),
        wait_fire_late_p50_ms: round(percentile(late, 50)),
        wait_fire_late_p99_ms: round(percentile(late, 99)),
        wait_fire_late_max_ms: round(Math.max(...late)),
        wait_fire_over_5s: late.filter((x) => x > FIRE_TARGET_MS).length,
        wait_fired: late.length,
        wait_lost: perRecord.none + notReminded + notSucceeded,
        wait_duplicated: perRecord.twice,
        wait_fire_node_cpu_ms_per_run: round(cpuFire / list.length),
        ...(pgFire !== null ? { wait_fire_pg_cpu_ms_per_run: round(pgFire / list.length) } : {}),
      },
      details: {
        late_ms_histogram: histogram(late, [0, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000]),
        'transactions while the waits fire (per kind, per fired wait)': fireTx,
      },
    }
  }
}

// ---- helpers ------------------------------------------------------------------------------------

type Raw = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>

/**
 * Waits until no outbox event is pending and no job is due, waiting for a retry or running (a delayed job,
 * such as a wait's, does not count). Through the benchmark's own pool, with statements that use the
 * outbox's and pg-boss's partial indexes: the kernel's metrics() counts every job by state, which costs
 * hundreds of milliseconds once the job table holds a few hundred thousand completed jobs.
 */
async function quiet(raw: Raw): Promise<void> {
  await waitUntil(async () => {
    const q = await raw(
      `select exists (select 1 from outbox_event where dispatched_at is null) as pending,
         exists (select 1 from pgboss.job where name <> 'kemai.dead-letter'
           and (state = 'retry' or (state = 'created' and start_after < now()))) as due`,
    )
    const r = q.rows[0] as { pending: boolean; due: boolean }
    if (r.pending || r.due) return false
    const a = await raw(
      "select exists (select 1 from pgboss.job where state = 'active' and name <> 'kemai.dead-letter') as active",
    )
    return !(a.rows[0] as { active: boolean }).active
  }, 3_600_000)
}

async function waitUntil(
  cond: () => Promise<boolean>,
  timeoutMs: number,
  every10s?: () => Promise<void>,
): Promise<void> {
  const t0 = Date.now()
  let lastNote = t0
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s`)
    if (every10s && Date.now() - lastNote > 10_000) {
      lastNote = Date.now()
      await every10s()
    }
    await sleep(250)
  }
}

function sum(m: Map<string, StatementStats>, k: 'count' | 'ms'): number {
  let n = 0
  for (const v of m.values()) n += v[k]
  return n
}

function perEvent(m: Map<string, StatementStats>, n: number): Record<string, { count: number; ms: number }> {
  return Object.fromEntries(
    [...m]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([k, v]) => [k, { count: round(v.count / n), ms: round(v.ms / n) }]),
  )
}

function txTable(txs: Map<string, TxStats>, events: number) {
  return Object.fromEntries(
    [...txs]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([k, t]) => [
        k,
        {
          transactions: t.count,
          statements_avg: round(t.statements / t.count),
          statements_max: t.maxStatements,
          ms_avg: round(t.ms / t.count),
          ms_per_event: round(t.ms / events),
          top: Object.fromEntries(
            [...t.classes]
              .sort((a, b) => b[1].ms - a[1].ms)
              .slice(0, 8)
              .map(([c, s]) => [c, { per_tx: round(s.count / t.count), ms_per_tx: round(s.ms / t.count) }]),
          ),
        },
      ]),
  )
}

function histogram(values: number[], edges: number[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (let i = 0; i < edges.length; i++) {
    const lo = edges[i]!
    const hi = edges[i + 1]
    out[hi === undefined ? `≥ ${lo}` : `${lo}–${hi}`] = values.filter(
      (v) => v >= lo && (hi === undefined || v < hi),
    ).length
  }
  out['< 0'] = values.filter((v) => v < 0).length
  return out
}

function printReport(
  f: Record<string, number>,
  ratios: Record<string, number>,
  txs: ReturnType<typeof txTable>,
  stmts: Record<string, { count: number; ms: number }>,
  fireTxs: ReturnType<typeof txTable> | null,
) {
  const withWaits = fireTxs !== null
  const fmt = (v: number | undefined) =>
    v === undefined || !Number.isFinite(v)
      ? 'n/a'
      : Math.abs(v) >= 1000
        ? Math.round(v).toLocaleString('en-US')
        : String(round(v))
  const ok = (b: boolean) => (b ? 'ok' : 'MISSED')
  const printTx = (t: ReturnType<typeof txTable>, unit: string) => {
    for (const [k, x] of Object.entries(t)) {
      console.log(
        `  ${k.padEnd(44)} ${String(x.transactions).padStart(7)} × ${String(x.statements_avg).padStart(6)} statements (max ${x.statements_max}), ${String(x.ms_avg).padStart(7)} ms each, ${x.ms_per_event} ms per ${unit}`,
      )
    }
  }
  const rows: [string, string, string, string, string][] = [
    ['measure', 'Kemai', 'raw SQL', 'ratio', 'target'],
    [
      `events/s, ${fmt(f.updates)} updates → 3-step runs (first commit → last run)`,
      fmt(f.events_per_s),
      fmt(f.baseline_events_per_s),
      `${fmt(ratios.events_per_s)}x`,
      `≥ 1,000/s ${ok(f.events_per_s! >= 1000)}`,
    ],
    [
      '  vs row by row (5 statements per event)',
      '',
      fmt(f.baseline_row_events_per_s),
      `${fmt(ratios.events_per_s_vs_row_by_row)}x`,
      '',
    ],
    ['  steady (10th → 90th percentile of finished runs)', fmt(f.steady_events_per_s), '', '', ''],
    [
      `  updates alone committed at, /s (${fmt(f.writers)} writers × ${fmt(f.writer_batch)}${f.writer_rate_per_s ? `, held to ${fmt(f.writer_rate_per_s)}/s` : ''})`,
      fmt(f.updates_per_s),
      '',
      '',
      '',
    ],
    ['commit → first action (update step), p50 / p99 ms', `${fmt(f.p50_ms)} / ${fmt(f.p99_ms)}`, '', '', ''],
    [
      '  commit → first step (condition), p50 / p99 ms',
      `${fmt(f.first_step_p50_ms)} / ${fmt(f.first_step_p99_ms)}`,
      '',
      '',
      '',
    ],
    [
      '  commit → run finished, p50 / p99 ms',
      `${fmt(f.run_finished_p50_ms)} / ${fmt(f.run_finished_p99_ms)}`,
      '',
      '',
      '',
    ],
    [
      `  paced: ${fmt(f.paced_updates)} single updates at ${fmt(f.paced_rate_per_s)}/s, commit → first action p50 / p99 ms`,
      `${fmt(f.paced_p50_ms)} / ${fmt(f.paced_p99_ms)}`,
      '',
      '',
      '',
    ],
    [
      'lost / duplicated effects (runs, tasks, field)',
      `${fmt(f.lost)} / ${fmt(f.duplicated)}`,
      '',
      '',
      `0 / 0 ${ok(f.lost === 0 && f.duplicated === 0)}`,
    ],
    [
      'CPU per event, ms: Node / PostgreSQL',
      `${fmt(f.node_cpu_ms_per_event)} / ${fmt(f.pg_cpu_ms_per_event)}`,
      '',
      '',
      '',
    ],
    [
      'statements per event (all pools) / their ms',
      `${fmt(f.statements_per_event)} / ${fmt(f.statement_ms_per_event)}`,
      '',
      '',
      '',
    ],
    ['outbox events per update', fmt(f.outbox_events_per_update), '', '', ''],
  ]
  if (f.subtrans_slru_hits !== undefined)
    rows.push([
      'pg_subtrans lookups (hits / reads) during the run',
      `${fmt(f.subtrans_slru_hits)} / ${fmt(f.subtrans_slru_reads)}`,
      '',
      '',
      '',
    ])
  if (f.control_updates_per_s !== undefined)
    rows.push(
      ['control: the same updates, no workflow enabled, /s', fmt(f.control_updates_per_s), '', '', ''],
      [
        '  CPU per update, ms: Node / PostgreSQL; statements',
        `${fmt(f.control_node_cpu_ms_per_update)} / ${fmt(f.control_pg_cpu_ms_per_update)}; ${fmt(f.control_statements_per_update)}`,
        '',
        '',
        '',
      ],
    )
  if (withWaits) {
    rows.push(
      [
        `${fmt(f.waits)} paused runs: heap before → held, MB`,
        `${fmt(f.wait_heap_before_mb)} → ${fmt(f.wait_heap_held_mb)}`,
        '',
        '',
        `no growth ${ok(f.wait_heap_growth_mb! < 20)}`,
      ],
      [
        '  RSS before → held (peak while firing), MB',
        `${fmt(f.wait_rss_before_mb)} → ${fmt(f.wait_rss_held_mb)} (${fmt(f.wait_rss_peak_firing_mb)})`,
        '',
        '',
        '',
      ],
      [
        `  created in, s (due times spread over ${fmt(f.waits_due_spread_s)} s)`,
        fmt(f.waits_created_s),
        '',
        '',
        '',
      ],
      [
        '  fired late, p50 / p99 / max ms',
        `${fmt(f.wait_fire_late_p50_ms)} / ${fmt(f.wait_fire_late_p99_ms)} / ${fmt(f.wait_fire_late_max_ms)}`,
        '',
        '',
        `≤ 5 s ${ok(f.wait_fire_late_max_ms! <= FIRE_TARGET_MS)}`,
      ],
      [
        '  fired / lost / duplicated',
        `${fmt(f.wait_fired)} / ${fmt(f.wait_lost)} / ${fmt(f.wait_duplicated)}`,
        '',
        '',
        '',
      ],
    )
  }
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(w[c]!) : v.padStart(w[c]!))).join('  ')
  console.log(`\nautomation benchmark: scale ${scale}, ${bench.kind}, ${process.version}`)
  console.log(line(rows[0]!))
  console.log(w.map((n) => '-'.repeat(n)).join('  '))
  for (const r of rows.slice(1)) console.log(line(r))
  console.log('\ntransactions by kind (during the updates and their runs):')
  printTx(txs, 'event')
  if (fireTxs) {
    console.log('\ntransactions by kind while the waits fire:')
    printTx(fireTxs, 'wait')
  }
  console.log('\nstatements per event (count × ms):')
  for (const [k, v] of Object.entries(stmts).slice(0, 25))
    console.log(`  ${k.padEnd(50)} ${String(v.count).padStart(7)} × ${String(v.ms).padStart(8)} ms`)
}
