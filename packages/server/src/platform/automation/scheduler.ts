import { createHash } from 'node:crypto'
import { type CronSpec, cronMatches, localTime, parseCron } from '@kemai/shared/automation/cron'
import type { Trigger } from '@kemai/shared/automation/definition'
import { sql } from 'kysely'
import { type Db, type Tx, type WorkspaceInfo, withWorkspace } from '../db/tx.ts'
import { enqueue } from '../events/boss.ts'
import { rootLogger } from '../log.ts'
import { tableName } from '../metadata/ddl.ts'
import type { MetadataService } from '../metadata/service.ts'
import type { Engine } from './engine.ts'
import { newRun, RUN_QUEUE } from './engine.ts'
import { type RunRow, runsRepo } from './runs.repo.ts'

/** A gap longer than this (the worker was down) is caught up only for its last day. */
const MAX_CATCH_UP_MS = 86_400_000
/** Runs one date-relative workflow starts per sweep at most; the rest follow in the next sweep. */
const MAX_RUNS_PER_SWEEP = 5000

/** A stable uuid from a text (sha-1, version 5 layout): the same occurrence always gets the same run key. */
export function occurrenceId(key: string): string {
  const h = createHash('sha1').update(key).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}

/** Each whole minute in (from, to], oldest first. */
function* minutes(from: Date, to: Date): Generator<Date> {
  const start = Math.max(from.getTime(), to.getTime() - MAX_CATCH_UP_MS)
  let m = Math.floor(start / 60_000) * 60_000 + 60_000
  for (; m <= to.getTime(); m += 60_000) yield new Date(m)
}

/** Days `date` ± n (YYYY-MM-DD, calendar arithmetic). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

/**
 * Starts the runs of schedule and date-relative triggers (docs/automation.md, "Schedules"). Every sweep
 * looks at the minutes since the workflow was last checked, in the workspace's time zone: a cron minute
 * that matches starts one run; the minute of a date-relative trigger's `at` starts one run per record whose
 * date (plus the offset) is that day — every year on the anniversary with `yearly` (29 February on 28
 * February in other years). Runs are keyed by (workflow, occurrence[, record]), so a sweep repeated after a
 * crash starts nothing twice. A gap longer than a day (the worker was down) is caught up for its last day.
 */
export async function sweepSchedules(
  deps: { db: Db; metadata: MetadataService; engine: Engine },
  now = new Date(),
) {
  const due = await sql<{ workspace_id: string }>`select distinct workspace_id from workflow
    where enabled and trigger_type in ('schedule', 'date_relative')`.execute(deps.db)
  let started = 0
  for (const { workspace_id } of due.rows) {
    started += await withWorkspace(deps.db, workspace_id, async (trx, ws) => {
      const wfs = await sql<{ id: string; published_version: number; schedule_checked_at: Date | null }>`
        select id, published_version, schedule_checked_at from workflow
        where workspace_id = ${ws.id} and enabled and trigger_type in ('schedule', 'date_relative')
          and published_version is not null
        for update skip locked`.execute(trx)
      let n = 0
      for (const wf of wfs.rows) {
        const from = wf.schedule_checked_at ? new Date(wf.schedule_checked_at) : now
        const def = await deps.engine.definition(trx, ws.id, wf.id, wf.published_version)
        const runs =
          def.trigger.type === 'schedule'
            ? cronRuns(ws, wf, def.trigger, def.start, from, now)
            : def.trigger.type === 'date_relative'
              ? await dateRuns(trx, ws, deps.metadata, wf, def.trigger, def.start, from, now)
              : []
        n += await startRuns(trx, ws.id, runs)
        await sql`update workflow set schedule_checked_at = ${now}
          where workspace_id = ${ws.id} and id = ${wf.id}`.execute(trx)
      }
      return n
    })
  }
  return started
}

function cronRuns(
  ws: WorkspaceInfo,
  wf: { id: string; published_version: number },
  trigger: Extract<Trigger, { type: 'schedule' }>,
  start: string,
  from: Date,
  to: Date,
): RunRow[] {
  const parsed = parseCron(trigger.cron)
  if (!parsed.ok) return []
  const spec: CronSpec = parsed.spec
  const out: RunRow[] = []
  for (const m of minutes(from, to)) {
    if (!cronMatches(spec, localTime(m, ws.timeZone))) continue
    out.push(
      newRun({
        workspaceId: ws.id,
        workflowId: wf.id,
        version: wf.published_version,
        triggerType: 'schedule',
        eventId: occurrenceId(`${wf.id}:${m.toISOString()}`),
        objectName: null,
        recordId: null,
        depth: 1,
        start,
        state: { payload: { scheduledAt: m.toISOString() }, outputs: {} },
      }),
    )
  }
  return out
}

async function dateRuns(
  trx: Tx,
  ws: WorkspaceInfo,
  metadata: MetadataService,
  wf: { id: string; published_version: number },
  trigger: Extract<Trigger, { type: 'date_relative' }>,
  start: string,
  from: Date,
  to: Date,
): Promise<RunRow[]> {
  const schema = await metadata.schemaIn(trx, ws)
  const object = schema.objects.get(trigger.object)
  const field = object?.isActive
    ? object.fields.find((f) => f.name === trigger.field && f.isActive)
    : undefined
  if (!object || !field || (field.type !== 'date' && field.type !== 'datetime')) return []
  const days: string[] = []
  for (const m of minutes(from, to)) {
    const t = localTime(m, ws.timeZone)
    if (t.time === trigger.at) days.push(t.date)
  }
  const out: RunRow[] = []
  const table = sql`${sql.id(schema.dbSchema)}.${sql.id(tableName(object.name))}`
  const col = sql.id(field.name)
  const day = field.type === 'date' ? sql`t.${col}` : sql`(t.${col} at time zone ${ws.timeZone})::date`
  for (const fireDay of days) {
    // the record's date is the fire day minus the offset (its anniversary when yearly)
    const target = addDays(fireDay, -trigger.offsetDays)
    const [y, md] = [Number(target.slice(0, 4)), target.slice(5)]
    const leapCatchUp = trigger.yearly && md === '02-28' && !isLeap(y)
    const match = trigger.yearly
      ? leapCatchUp
        ? sql`to_char(${day}, 'MM-DD') in ('02-28', '02-29')`
        : sql`to_char(${day}, 'MM-DD') = ${md}`
      : sql`${day} = ${target}::date`
    const r = await sql<{ id: string }>`select t.id from ${table} t
      where t.deleted_at is null and t.${col} is not null and ${match}
      order by t.id limit ${MAX_RUNS_PER_SWEEP}`.execute(trx)
    for (const rec of r.rows)
      out.push(
        newRun({
          workspaceId: ws.id,
          workflowId: wf.id,
          version: wf.published_version,
          triggerType: 'date_relative',
          eventId: occurrenceId(`${wf.id}:${rec.id}:${fireDay}`),
          objectName: object.name,
          recordId: rec.id,
          depth: 1,
          start,
          state: { payload: { day: fireDay }, outputs: {} },
        }),
      )
  }
  return out
}

/** Inserts the runs (an occurrence already started is skipped) and queues the new ones. */
async function startRuns(trx: Tx, workspaceId: string, runs: RunRow[]): Promise<number> {
  if (runs.length === 0) return 0
  for (const r of runs) r.wait_token = 1
  const before = new Set(
    (
      await sql<{
        id: string
      }>`select trigger_event_id as id from workflow_run where workspace_id = ${workspaceId}
        and trigger_event_id = any(${runs.map((r) => r.trigger_event_id)}::uuid[])`.execute(trx)
    ).rows.map((x) => x.id),
  )
  const fresh = runs.filter((r) => !before.has(r.trigger_event_id!))
  await runsRepo.insert(trx, fresh, new Map())
  for (const r of fresh) await enqueue(trx, RUN_QUEUE, { workspaceId, runId: r.id, token: 1 })
  return fresh.length
}

/** The sweep every 30 s in a worker process. */
export function startScheduler(
  deps: { db: Db; metadata: MetadataService; engine: Engine },
  intervalMs = 30_000,
) {
  let running: Promise<unknown> | null = null
  const tick = () => {
    // a sweep still going (a large date-relative start) is not doubled
    if (running) return
    running = sweepSchedules(deps)
      .catch((err: unknown) =>
        rootLogger.error({ err: err instanceof Error ? err.message : err }, 'automation schedule sweep'),
      )
      .finally(() => {
        running = null
      })
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
