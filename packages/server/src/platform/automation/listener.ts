import type { EventEnvelope } from '@kemai/shared/api/events.api'
import type { Trigger } from '@kemai/shared/automation/definition'
import { sql } from 'kysely'
import { isUuid, type Tx } from '../db/tx.ts'
import { defineListener, type Listener, type ListenerContext } from '../events/subscribe.ts'
import { type Engine, type Enqueue, finish, MAX_DEPTH, newRun, runJobsVia } from './engine.ts'
import { type RunRow, runsRepo, type StepRunRow } from './runs.repo.ts'
import { inLockstep, type StepBatch } from './step-batch.ts'

/** The trigger type each record event starts. */
const TRIGGER_OF: Record<string, Trigger['type']> = {
  'record.created': 'record_created',
  'record.updated': 'record_updated',
  'record.deleted': 'record_deleted',
  'record.restored': 'record_restored',
  'records.merged': 'records_merged',
  'segment.entered': 'segment_changed',
  'segment.left': 'segment_changed',
  'form.submitted': 'form_submitted',
}

/** The trigger types a record or segment event can start. */
const TRIGGER_TYPES: Trigger['type'][] = [...new Set(Object.values(TRIGGER_OF))]

type Payload = Record<string, unknown>
const obj = (v: unknown): Payload => (v && typeof v === 'object' ? (v as Payload) : {})

/** Loose equality of a stored value and a "changed to" literal (`5` = `"5"`, arrays and objects as JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || a === undefined || b === undefined) return false
  if (typeof a !== 'object' && typeof b !== 'object') return String(a) === String(b)
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Does a record event fire this (record) trigger? `fields` and `changedTo` narrow an update trigger. */
export function triggerFires(t: Trigger, event: Pick<EventEnvelope, 'type' | 'payload'>): boolean {
  if (TRIGGER_OF[event.type] !== t.type) return false
  if (t.type === 'segment_changed')
    return obj(event.payload).segmentId === t.segmentId && event.type === `segment.${t.change}`
  if (t.type === 'form_submitted') return obj(event.payload).formId === t.formId
  if (t.type !== 'record_updated') return true
  const p = obj(event.payload)
  const changed = Array.isArray(p.changed) ? (p.changed as string[]) : []
  if (t.fields && t.fields.length > 0 && !t.fields.some((f) => changed.includes(f))) return false
  if (t.changedTo !== undefined && t.fields?.length === 1)
    return sameValue(obj(p.after)[t.fields[0]!], t.changedTo)
  return true
}

/**
 * Starts workflows from record events (ARCHITECTURE rule 3: a listener, at least once, idempotent by the
 * processed-event key in the same transaction). For each enabled workflow whose published trigger matches,
 * a run starts on the version published now and runs in this transaction up to its first pause or HTTP
 * step; the rest goes on in `automation.run` jobs. The same event also wakes runs waiting for a change to
 * its record. Loop guard: an event caused by a run carries the run's depth; past MAX_DEPTH the run is
 * recorded as failed without a step. Rate limit: at most `max_runs_per_minute` starts per workflow.
 */
export function automationListener(
  engine: Engine,
  opts: Pick<Listener, 'concurrency' | 'batchSize'> = {},
): Listener {
  return defineListener({
    ...opts,
    name: 'automation',
    events: Object.keys(TRIGGER_OF),
    wants: wantedEvents,
    async handle(event, ctx) {
      const enqueue = enqueueOf(ctx)
      await wakeWaiting(engine, ctx, event, enqueue)
      const started = await startRuns(engine, ctx, event, enqueue)
      await runsRepo.insert(ctx.trx, started.runs, started.steps)
    },
    async handleBatch(events, ctx) {
      const enqueue = enqueueOf(ctx)
      for (const wave of waves(events)) {
        for (const event of wave) await wakeWaiting(engine, ctx, event, enqueue)
        // events whose workflows use only steps that may run side by side go in lockstep; the rest one by one
        const together: EventEnvelope[] = []
        const started: Started = { runs: [], steps: new Map() }
        const add = (s: Started) => {
          started.runs.push(...s.runs)
          for (const [k, v] of s.steps) started.steps.set(k, v)
        }
        for (const event of wave) {
          if (await lockstepSafe(engine, ctx, event)) together.push(event)
          else add(await startRuns(engine, ctx, event, enqueue))
        }
        const batch = engine.stepBatch(ctx.trx, ctx.workspace)
        const later = runJobsVia((q, data, opts) => batch.enqueue(q, data, opts))
        const results = await Promise.allSettled(
          together.map((event) => batch.join(() => startRuns(engine, ctx, event, later, batch))),
        )
        for (const r of results) {
          if (r.status === 'rejected') throw r.reason
          add(r.value)
        }
        // before the next wave: its events may wake the runs that wait now
        await runsRepo.insert(ctx.trx, started.runs, started.steps)
      }
    },
  })
}

const enqueueOf = (ctx: ListenerContext): Enqueue => runJobsVia(ctx.enqueue)

/**
 * The batch's events in waves: the n-th event of each record in wave n, so the events of one record are
 * handled in order and the runs of a wave never share their trigger record.
 */
export function waves(events: readonly EventEnvelope[]): EventEnvelope[][] {
  const out: EventEnvelope[][] = []
  const seen = new Map<string, number>()
  for (const e of events) {
    const key = `${e.objectName}:${(e.recordId ?? e.id).toLowerCase()}`
    const n = seen.get(key) ?? 0
    seen.set(key, n + 1)
    if (n === out.length) out.push([])
    out[n]!.push(e)
  }
  return out
}

async function lockstepSafe(engine: Engine, ctx: ListenerContext, event: EventEnvelope): Promise<boolean> {
  const type = TRIGGER_OF[event.type]
  for (const wf of await startable(ctx)) {
    if (wf.trigger_object !== event.objectName || wf.trigger_type !== type) continue
    if (!inLockstep(await engine.definition(ctx.trx, ctx.workspace.id, wf.id, wf.published_version)))
      return false
  }
  return true
}

interface Started {
  runs: RunRow[]
  steps: Map<string, StepRunRow[]>
}

/**
 * The dispatcher's check: an event is queued for this listener only when an enabled workflow's published
 * trigger fires on it, or it may wake a run: an update or delete of a record of an object some workflow
 * version waits on (`wait` for an event) — not only runs waiting now, since the event may be dispatched
 * before the event that starts the run has been handled. Two queries per dispatch batch instead of a job for
 * every record event of the workspace.
 */
export async function wantedEvents(
  trx: Tx,
  events: readonly EventEnvelope[],
): Promise<(e: EventEnvelope) => boolean> {
  const workspaces = [...new Set(events.map((e) => e.workspaceId))]
  const triggers = await sql<{ workspace_id: string; trigger_object: string; trigger: Trigger }>`
    select w.workspace_id, w.trigger_object, v.definition->'trigger' as trigger
    from workflow w join workflow_version v
      on v.workspace_id = w.workspace_id and v.workflow_id = w.id and v.version = w.published_version
    where w.workspace_id = any(${workspaces}::uuid[]) and w.enabled and w.published_version is not null
      and w.trigger_type = any(${TRIGGER_TYPES}::text[])`.execute(trx)
  const waitable = new Set<string>()
  if (events.some((e) => WAKING.has(e.type))) {
    // every version counts: a run stays on the version it started on, enabled or not
    const r = await sql<{ k: string | null }>`select distinct v.workspace_id || ':'
        || (v.definition->'trigger'->>'object') || ':' || (s->'wait'->>'event') as k
      from workflow_version v cross join lateral jsonb_array_elements(v.definition->'steps') s
      where v.workspace_id = any(${workspaces}::uuid[]) and s->>'type' = 'wait'
        and s->'wait'->>'kind' = 'event'`.execute(trx)
    for (const x of r.rows) if (x.k) waitable.add(x.k)
  }
  return (e) =>
    (WAKING.has(e.type) && waitable.has(`${e.workspaceId}:${e.objectName}:${e.type}`)) ||
    triggers.rows.some(
      (w) =>
        w.workspace_id === e.workspaceId &&
        w.trigger_object === e.objectName &&
        typeof w.trigger?.type === 'string' &&
        triggerFires(w.trigger, e),
    )
}

/** The events that can wake a run waiting for a change to its record. */
const WAKING = new Set(['record.updated', 'record.deleted'])

interface StartableWorkflow {
  id: string
  published_version: number
  max_runs_per_minute: number
  trigger_object: string
  trigger_type: string
}

/** The workspace's enabled workflows with a record or segment trigger, read once per listener batch. */
function startable(ctx: ListenerContext): Promise<StartableWorkflow[]> {
  return ctx.batch.memo('automation.workflows', async () => {
    const r = await sql<StartableWorkflow>`
      select id, published_version, max_runs_per_minute, trigger_object, trigger_type from workflow
      where workspace_id = ${ctx.workspace.id} and enabled and published_version is not null
        and trigger_type = any(${TRIGGER_TYPES}::text[])
      order by created_at, id`.execute(ctx.trx)
    return r.rows
  })
}

/** The runs an event starts, advanced in this transaction; the caller inserts them (with their steps). */
async function startRuns(
  engine: Engine,
  ctx: ListenerContext,
  event: EventEnvelope,
  enqueue: Enqueue,
  batch?: StepBatch,
): Promise<Started> {
  const { trx, workspace: ws, guarded } = ctx
  const runs: RunRow[] = []
  const steps = new Map<string, StepRunRow[]>()
  const type = TRIGGER_OF[event.type]
  if (!type || !event.objectName) return { runs, steps }
  const found = (await startable(ctx)).filter(
    (w) => w.trigger_object === event.objectName && w.trigger_type === type,
  )
  if (found.length === 0) return { runs, steps }
  const p = obj(event.payload)
  const depth = (await causeDepth(trx, ws.id, p)) + 1
  for (const wf of found) {
    const def = await engine.definition(trx, ws.id, wf.id, wf.published_version)
    if (!triggerFires(def.trigger, event)) continue
    const run = newRun({
      workspaceId: ws.id,
      workflowId: wf.id,
      version: wf.published_version,
      triggerType: type,
      eventId: event.id,
      objectName: event.objectName,
      recordId: event.recordId,
      depth,
      start: def.start,
      state: {
        payload: {
          ...p,
          event: { id: event.id, type: event.type, actorId: event.actorId, channel: event.channel },
        },
        outputs: {},
        snapshot: p.record && typeof p.record === 'object' ? { id: event.recordId, ...obj(p.record) } : null,
      },
    })
    runs.push(run)
    if (depth > MAX_DEPTH) {
      finish(run, 'failed', { code: 'workflow.loop_limit', params: { max: MAX_DEPTH } })
      continue
    }
    if ((await startSlot(ctx, wf, def.trigger)) > wf.max_runs_per_minute) {
      finish(run, 'failed', { code: 'workflow.rate_limited', params: { max: wf.max_runs_per_minute } })
      continue
    }
    steps.set(run.id, await engine.advance(trx, ws, run, enqueue, { guarded, ...(batch ? { batch } : {}) }))
    if (run.status === 'waiting' && run.state.waiting?.kind === 'event' && run.record_id)
      (await waitedInBatch(ctx)).add(run.record_id.toLowerCase())
    // an HTTP step next: it is sent from a job, outside this transaction
    if (run.status === 'running') await engine.schedule(run, enqueue)
  }
  return { runs, steps }
}

/**
 * The place of this start in its workflow's count for the minute (the rate limit). Guarded, each start counts
 * itself (a start rolled back to its savepoint takes its count with it). Unguarded, the batch is all or
 * nothing: the first start reserves a place for every event of the batch the trigger fires on, in one
 * statement, and the starts take those places in turn (an event stopped by the loop guard keeps its place).
 */
async function startSlot(ctx: ListenerContext, wf: StartableWorkflow, trigger: Trigger): Promise<number> {
  const { trx, workspace: ws } = ctx
  if (ctx.guarded) return runsRepo.countStart(trx, ws.id, wf.id)
  const places = await ctx.batch.memo(`automation.rate:${wf.id}`, async () => {
    const n = ctx.batch.events.filter(
      (e) => e.objectName === wf.trigger_object && triggerFires(trigger, e),
    ).length
    const total = await runsRepo.countStart(trx, ws.id, wf.id, Math.max(1, n))
    return { next: total - Math.max(1, n) }
  })
  places.next++
  return places.next
}

/**
 * How deep in a chain of runs the event is: the run behind a record change says so in `cause`; a segment
 * entry or exit inherits it from the change that caused it (`causeEventId`), so a workflow that moves records
 * in and out of a segment it listens to is stopped by the loop guard too.
 */
async function causeDepth(trx: Tx, ws: string, p: Payload): Promise<number> {
  const cause = obj(p.cause)
  if (typeof cause.depth === 'number') return cause.depth
  if (typeof p.causeEventId !== 'string') return 0
  const r = await sql<{ depth: string | null }>`select payload->'cause'->>'depth' as depth from outbox_event
    where workspace_id = ${ws} and id = ${p.causeEventId}`.execute(trx)
  const d = Number(r.rows[0]?.depth ?? 0)
  return Number.isFinite(d) ? d : 0
}

/**
 * Which of the batch's records runs wait on, read in one query; startRuns adds the records of runs that
 * start waiting in this transaction, so a later event of the batch wakes them as it would in a later batch.
 */
function waitedInBatch(ctx: ListenerContext): Promise<Set<string>> {
  return ctx.batch.memo('automation.waited', async () => {
    const ids = ctx.batch.events
      .filter((e) => WAKING.has(e.type) && isUuid(e.recordId))
      .map((e) => e.recordId!)
    return runsRepo.recordsWaitedOn(ctx.trx, ctx.workspace.id, ids)
  })
}

/** Runs paused until this record changes (or is deleted) go on when the change matches their wait. */
async function wakeWaiting(engine: Engine, ctx: ListenerContext, event: EventEnvelope, enqueue: Enqueue) {
  const { trx, workspace: ws, guarded } = ctx
  if (!isUuid(event.recordId) || !WAKING.has(event.type)) return
  if (!(await waitedInBatch(ctx)).has(event.recordId.toLowerCase())) return
  const causeRun = obj(obj(event.payload).cause).runId
  for (const run of await runsRepo.waitingOn(trx, ws.id, event.recordId)) {
    const w = run.state.waiting
    // a run is not woken by its own change
    if (w?.kind !== 'event' || w.event !== event.type || causeRun === run.id) continue
    if (w.filter !== undefined && !(await engine.recordMatches(trx, ws, run, w.filter))) continue
    const rows = await engine.resume(trx, ws, run, 'event', enqueue)
    rows.push(...(await engine.advance(trx, ws, run, enqueue, { guarded })))
    if (run.status === 'running') await engine.schedule(run, enqueue)
    await runsRepo.save(trx, run, rows)
  }
}
