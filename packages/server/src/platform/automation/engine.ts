import {
  type Step,
  type StepOf,
  type WorkflowDefinition,
  workflowDefinitionSchema,
} from '@kemai/shared/automation/definition'
import { type MergeScope, renderDeep, renderTemplate } from '@kemai/shared/automation/merge-fields'
import { planRelationPaths } from '@kemai/shared/automation/test-run'
import type { WorkflowMetadata } from '@kemai/shared/automation/validate'
import type { Filter } from '@kemai/shared/query/ast'
import { createEvaluator } from '@kemai/shared/query/evaluate'
import { sql } from 'kysely'
import { type Actor, systemActor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import type { Tx, WorkspaceInfo } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { tableName } from '../metadata/ddl.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import { notify } from '../notifications/notifications.service.ts'
import type { EventSink } from '../records/ports.ts'
import type { RecordsService } from '../records/service.ts'
import { writeActivities } from '../records/timeline.ts'
import {
  type ApprovalRequestRow,
  advanceRequest,
  approvalsRepo,
  approverIds,
  insertRequest,
  openLevel,
  tellApprovers,
} from './approvals.ts'
import { loadTemplate } from './email-templates.service.ts'
import { resolveRecipients } from './recipients.ts'
import {
  type RunError,
  type RunRow,
  type RunState,
  runsRepo,
  type StepRunRow,
  type WaitState,
} from './runs.repo.ts'

/** The queue that continues runs outside the event that started them (waits, HTTP steps, started workflows). */
export const RUN_QUEUE = 'automation.run'
/** Workflows starting workflows (or changing records that trigger them) stop at this depth. */
export const MAX_DEPTH = 5
/** Steps one run may execute in all (a loop through a wait counts each pass). */
export const MAX_RUN_STEPS = 1000
const DAY_MS = 86_400_000

export interface RunJob {
  workspaceId: string
  runId: string
  /** the run's wait_token when the job was made: a job for an earlier pause does nothing */
  token: number
}

export type Enqueue = (job: RunJob, startAfter?: Date) => Promise<void>

export interface EngineDeps {
  metadata: MetadataService
  records: RecordsService
  events: EventSink
  /** an approval request opened or closed in this workspace (the record-lock cache forgets it) */
  onApprovalChange?: (workspaceId: string) => void
}

/** A step that cannot go on: the run fails with this error (after the step's own writes are rolled back). */
export class StepFailure extends Error {
  constructor(readonly error: RunError) {
    super(error.code)
  }
}

/** The error of a step that threw: ours as is, a service's AppError kept with its code, params and issues. */
export function stepError(step: Step, e: unknown): RunError {
  if (e instanceof StepFailure) return { ...e.error, stepId: step.id }
  if (e instanceof AppError)
    return {
      code: 'workflow.step_error',
      stepId: step.id,
      params: { step: step.id, cause: { code: e.code, params: e.params, issues: e.issues } },
    }
  throw e
}

const metaOf = (schema: WorkspaceSchema): WorkflowMetadata => ({
  resolveObject: (name) => {
    const o = schema.objects.get(name)
    return o?.isActive ? o : undefined
  },
})

/** What the steps of one run work with, inside one transaction. */
interface Env {
  trx: Tx
  ws: WorkspaceInfo
  schema: WorkspaceSchema
  actor: Actor
  rec: Awaited<ReturnType<RecordsService['within']>>
  def: WorkflowDefinition
  run: RunRow
  now: Date
  enqueue: Enqueue
  /** the trigger record (relations a filter or merge field reads expanded), re-read after it changed */
  record(): Promise<Record<string, unknown> | null>
  /** Has record() read the trigger record from the database (it exists and the run's actor may read it)? */
  found(): boolean
  /** the trigger record changed; `kept`: it still exists (an update), so found() stays as it was */
  forget(kept?: boolean): void
}

interface StepResult {
  input: unknown
  output: unknown
  next: string | null
  /** the run pauses here (the step row stays `waiting`) */
  pause?: WaitState
}

/**
 * The executor (docs/automation.md, "Executor"): runs a workflow's steps in the caller's transaction,
 * from the run's next step until it ends, fails, pauses (a wait, a started workflow it waits for) or reaches
 * an HTTP step, which runs outside any transaction (run-job.ts). Definitions are read by (workflow,
 * version): a published version never changes, so they are cached.
 */
export function createEngine(deps: EngineDeps) {
  const defs = new Map<string, WorkflowDefinition>()

  async function definition(trx: Tx, ws: string, workflowId: string, version: number) {
    const key = `${ws}:${workflowId}:${version}`
    let def = defs.get(key)
    if (!def) {
      const r = await sql<{ definition: unknown }>`select definition from workflow_version
        where workspace_id = ${ws} and workflow_id = ${workflowId} and version = ${version}`.execute(trx)
      if (!r.rows[0]) throw new Error(`workflow ${workflowId} has no version ${version}`)
      def = workflowDefinitionSchema.parse(r.rows[0].definition)
      if (defs.size > 2000) defs.clear()
      defs.set(key, def)
    }
    return def
  }

  function actorFor(run: RunRow): Actor {
    return {
      ...systemActor(run.workspace_id, `workflow:${run.workflow_id}`, 'workflow'),
      cause: { workflowId: run.workflow_id, runId: run.id, depth: Math.max(1, run.depth) },
    }
  }

  async function envFor(trx: Tx, ws: WorkspaceInfo, run: RunRow, enqueue: Enqueue): Promise<Env> {
    const actor = actorFor(run)
    const rec = await deps.records.within(trx, ws, actor)
    const def = await definition(trx, ws.id, run.workflow_id, run.version)
    let cached: Record<string, unknown> | null | undefined
    let found = false
    const env: Env = {
      trx,
      ws,
      schema: rec.schema,
      actor,
      rec,
      def,
      run,
      now: new Date(),
      enqueue,
      async record() {
        if (cached !== undefined) return cached
        const r = await loadRecord(env)
        cached = r.record
        found = r.found
        return cached
      },
      found: () => found,
      forget(kept) {
        // read again when next needed (what a write returns is not always what a read does: currency
        // scale, date formats, after-hooks); an update leaves the record there and readable
        cached = undefined
        if (!kept) found = false
      },
    }
    return env
  }

  async function loadRecord(env: Env): Promise<{ record: Record<string, unknown> | null; found: boolean }> {
    const { run } = env
    const snapshot = { record: run.state.snapshot ?? null, found: false }
    if (!run.object_name || !run.record_id) return snapshot
    let root: Record<string, unknown>
    try {
      root = { ...(await env.rec.get(run.object_name, run.record_id)) }
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return snapshot
      throw e
    }
    const meta = metaOf(env.schema)
    for (const path of planRelationPaths(env.def, meta)) {
      const names = path.split('.')
      let obj = meta.resolveObject(run.object_name)
      let holder: Record<string, unknown> | null = root
      for (let i = 0; i < names.length - 1 && holder && obj; i++) {
        const f = obj.fields.find((x) => x.name === names[i])
        const v: unknown = holder[names[i]!]
        holder = v && typeof v === 'object' ? (v as Record<string, unknown>) : null
        obj = f?.options.target ? meta.resolveObject(f.options.target) : undefined
      }
      const last = names[names.length - 1]!
      const target = obj?.fields.find((x) => x.name === last)?.options.target
      const value = holder?.[last]
      if (!holder || !target || typeof value !== 'string') continue
      try {
        holder[last] = { ...(await env.rec.get(target, value)) }
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e
      }
    }
    return { record: root, found: true }
  }

  async function scope(env: Env): Promise<MergeScope> {
    return {
      record: await env.record(),
      payload: env.run.state.payload,
      steps: env.run.state.outputs,
      now: env.now,
      timeZone: env.schema.timeZone,
    }
  }

  /** Fills merge fields; a merge field without a value fails the step (a deleted field, a missing output). */
  async function render<T>(env: Env, v: T): Promise<T> {
    const unresolved: string[] = []
    const out = renderDeep(v, await scope(env), unresolved)
    if (unresolved.length > 0)
      throw new StepFailure({
        code: 'workflow.merge_unresolved',
        params: { refs: [...new Set(unresolved)].join(', ') },
      })
    return out as T
  }

  async function text(env: Env, t: string | undefined): Promise<string | null> {
    if (t === undefined) return null
    const r = renderTemplate(t, await scope(env))
    if (r.unresolved.length > 0)
      throw new StepFailure({ code: 'workflow.merge_unresolved', params: { refs: r.unresolved.join(', ') } })
    return r.value === null || r.value === undefined ? '' : String(r.value)
  }

  async function matches(env: Env, filter: Filter): Promise<boolean> {
    const object = env.run.object_name ? metaOf(env.schema).resolveObject(env.run.object_name) : undefined
    const record = await env.record()
    if (!object || !record) return false
    return createEvaluator(filter, {
      object,
      resolveObject: metaOf(env.schema).resolveObject,
      now: env.now,
      timeZone: env.schema.timeZone,
      me: null,
      myTeam: [],
    })(record)
  }

  /** The record a step acts on: the trigger record, or the one a create/find step produced. */
  function target(
    env: Env,
    step: Step,
    t: { kind: 'trigger' } | { kind: 'step'; step: string },
  ): { object: string; id: string } {
    if (t.kind === 'trigger') {
      if (env.run.object_name && env.run.record_id)
        return { object: env.run.object_name, id: env.run.record_id }
    } else {
      const source = env.def.steps.find((s) => s.id === t.step)
      const out = env.run.state.outputs[t.step] as { id?: unknown; first?: { id?: unknown } } | undefined
      const id = out?.id ?? out?.first?.id
      if (
        source &&
        (source.type === 'create_record' || source.type === 'find_records') &&
        typeof id === 'string'
      )
        return { object: source.object, id }
    }
    throw new StepFailure({ code: 'workflow.no_target', params: { step: step.id } })
  }

  async function recipients(env: Env, step: Step, list: StepOf<'notify'>['recipients']) {
    const users = await resolveRecipients(env.trx, env.ws.id, list, await env.record())
    if (users.length === 0)
      throw new StepFailure({
        code: 'workflow.no_recipient',
        params: { step: step.id, who: list.map((r) => r.kind).join(', ') },
      })
    return users
  }

  /** One step, in the run's transaction. */
  async function exec(env: Env, step: Step, seq: number): Promise<StepResult> {
    const linear = 'next' in step ? step.next : null
    switch (step.type) {
      case 'condition': {
        const result = await matches(env, step.filter)
        return { input: null, output: { result }, next: result ? step.onTrue : step.onFalse }
      }
      case 'switch': {
        let i = 0
        for (; i < step.cases.length; i++) if (await matches(env, step.cases[i]!.filter)) break
        const hit = i < step.cases.length
        return {
          input: null,
          output: { case: hit ? i : null },
          next: hit ? step.cases[i]!.next : step.default,
        }
      }
      case 'update_record': {
        const values = await render(env, step.values)
        const t = target(env, step, step.target)
        const rec = await env.rec.update(t.object, t.id, values)
        if (step.target.kind === 'trigger') env.forget(true)
        return { input: { ...t, values }, output: { id: rec.id, record: rec }, next: linear }
      }
      case 'create_record': {
        const values = await render(env, step.values)
        const rec = await env.rec.create(step.object, values)
        return { input: { object: step.object, values }, output: { id: rec.id, record: rec }, next: linear }
      }
      case 'find_records': {
        const r = await env.rec.list(step.object, {
          filter: step.filter,
          ...(step.sort ? { sort: step.sort } : {}),
          limit: step.limit,
        })
        return {
          input: { object: step.object, filter: step.filter, sort: step.sort ?? null, limit: step.limit },
          output: { count: r.data.length, records: r.data, first: r.data[0] ?? null },
          next: linear,
        }
      }
      case 'create_task':
      case 'add_note': {
        const t = target(env, step, step.target)
        // the target must exist and be readable; the trigger record read earlier in this run proves it
        if (!(step.target.kind === 'trigger' && env.found())) await env.rec.get(t.object, t.id)
        const isTask = step.type === 'create_task'
        const owner = isTask ? (await recipients(env, step, [step.assignee]))[0]! : null
        const input = isTask
          ? {
              type: 'task' as const,
              subject: (await text(env, step.title)) ?? '',
              ...(step.description !== undefined ? { body: (await text(env, step.description)) ?? '' } : {}),
              due_at: new Date(env.now.getTime() + step.dueInDays * DAY_MS).toISOString(),
            }
          : { type: 'note' as const, body: (await text(env, step.body)) ?? '' }
        const [item] = await writeActivities(
          env.trx,
          env.actor,
          [{ object: t.object, id: t.id, input, ...(isTask ? { ownerId: owner } : {}) }],
          deps.events,
        )
        return {
          input: { ...t, ...input, ...(owner ? { ownerId: owner } : {}) },
          output: { id: item!.id },
          next: linear,
        }
      }
      case 'assign_owner': {
        const t = target(env, step, step.target)
        const members = await resolveRecipients(
          env.trx,
          env.ws.id,
          [{ kind: 'team', teamId: step.teamId }],
          null,
        )
        if (members.length === 0)
          throw new StepFailure({ code: 'workflow.no_recipient', params: { step: step.id, who: 'team' } })
        let ownerId: string
        if (step.strategy === 'round_robin') {
          const turn = await runsRepo.nextTurn(env.trx, env.ws.id, env.run.workflow_id, step.id)
          ownerId = members[turn % members.length]!
        } else ownerId = await leastLoaded(env, t.object, members)
        await env.rec.update(t.object, t.id, { owner_id: ownerId })
        if (step.target.kind === 'trigger') env.forget()
        return {
          input: { ...t, strategy: step.strategy, teamId: step.teamId },
          output: { ownerId },
          next: linear,
        }
      }
      case 'notify': {
        const users = await recipients(env, step, step.recipients)
        const title = (await text(env, step.title)) ?? ''
        const body = await text(env, step.body)
        const n = await notify(
          env.trx,
          users.map((userId) => ({
            workspaceId: env.ws.id,
            userId,
            kind: 'workflow',
            objectName: env.run.object_name,
            recordId: env.run.record_id,
            title,
            data: { body, workflowId: env.run.workflow_id, runId: env.run.id },
          })),
        )
        return { input: { users, title, body }, output: { count: n }, next: linear }
      }
      case 'wait':
        return waitStep(env, step, seq)
      case 'start_workflow':
        return startChild(env, step, seq)
      case 'http':
        throw new Error('HTTP steps run outside the transaction (run-job.ts)')
      case 'approval':
        return approvalStep(env, step, seq)
      case 'send_email':
        throw new Error('e-mail steps run outside the transaction (run-job.ts)')
    }
  }

  /** Who submitted: the person who started the run by hand, or whose change triggered it. */
  function submitterOf(run: RunRow): string | null {
    const e = run.state.payload.event as { actorId?: unknown } | undefined
    return run.started_by ?? (typeof e?.actorId === 'string' ? e.actorId : null)
  }

  async function approvalStep(env: Env, step: StepOf<'approval'>, seq: number): Promise<StepResult> {
    const title = (await text(env, step.title)) ?? ''
    const req = await insertRequest(env.trx, {
      workspaceId: env.ws.id,
      runId: env.run.id,
      workflowId: env.run.workflow_id,
      step,
      objectName: env.run.object_name,
      recordId: env.run.record_id,
      title,
      submitterId: submitterOf(env.run),
    })
    const opened = await openLevel(env.trx, req, step.levels[0]!, await env.record(), env.now)
    if (opened.approvers.length === 0)
      throw new StepFailure({
        code: 'workflow.no_recipient',
        params: { step: step.id, who: step.levels[0]!.id },
      })
    deps.onApprovalChange?.(env.ws.id)
    return {
      input: { requestId: req.id, title, level: step.levels[0]!.id, approvers: opened.approvers },
      output: null,
      next: null,
      pause: {
        kind: 'approval',
        stepId: step.id,
        seq,
        requestId: req.id,
        dueAt: opened.dueAt ? opened.dueAt.toISOString() : null,
      },
    }
  }

  /** A decided request's output: the outcome, who decided, and every comment in order. */
  async function approvalOutput(trx: Tx, req: ApprovalRequestRow) {
    const tasks = await approvalsRepo.tasks(trx, req.workspace_id, req.id)
    const decided = tasks.filter((t) => t.status === 'approved' || t.status === 'rejected')
    return {
      outcome: req.status,
      decidedBy: decided.filter((t) => t.round === req.round).map((t) => t.approver_id),
      comments: decided
        .filter((t) => t.comment)
        .map((t) => ({ userId: t.approver_id, decision: t.status, comment: t.comment, at: t.decided_at })),
    }
  }

  /**
   * An approval's pause ends, or its level timed out: a decided request sends the run to `approved` or
   * `rejected`; a pending one past its due time is reminded again, escalated, or decided as the level says.
   * Returns the step row when the run goes on, or null when it waits again.
   */
  async function approvalWake(
    trx: Tx,
    ws: WorkspaceInfo,
    run: RunRow,
    w: Extract<WaitState, { kind: 'approval' }>,
    enqueue: Enqueue,
  ): Promise<StepRunRow | null> {
    const def = await definition(trx, ws.id, run.workflow_id, run.version)
    const step = def.steps.find((x) => x.id === w.stepId) as StepOf<'approval'>
    const req = await approvalsRepo.get(trx, ws.id, w.requestId, true)
    const now = new Date()
    const since = w.since ? Date.parse(w.since) : now.getTime()
    const row = (status: 'succeeded' | 'failed', output: unknown, error: RunError | null): StepRunRow => ({
      seq: w.seq,
      step_id: w.stepId,
      step_type: 'approval',
      status,
      input: null,
      output,
      error,
      attempt: 1,
      started_at: new Date(since),
      duration_ms: Math.max(0, now.getTime() - since),
    })
    if (!req || req.status === 'cancelled') {
      const error = { code: 'workflow.cancelled', stepId: w.stepId, params: { by: 'approval' } }
      finish(run, 'cancelled', error)
      return row('failed', null, error)
    }
    if (req.status === 'pending') {
      const level = step.levels[req.level_index]!
      const env = await envFor(trx, ws, run, enqueue)
      const record = await env.record()
      const hours = level.timeoutHours ?? 24
      const due = new Date(now.getTime() + hours * 3_600_000)
      if (level.onTimeout === 'approve' || level.onTimeout === 'reject') {
        await sql`update approval_task set status = 'skipped', decided_at = ${now}, comment = 'timeout'
          where workspace_id = ${ws.id} and request_id = ${req.id} and level_index = ${req.level_index}
            and round = ${req.round} and status = 'pending'`.execute(trx)
        const r = await advanceRequest(
          trx,
          req,
          step,
          level.onTimeout === 'approve' ? 'approved' : 'rejected',
          record,
          now,
        )
        deps.onApprovalChange?.(ws.id)
        if (r.failed) {
          const error = {
            code: 'workflow.no_recipient',
            stepId: w.stepId,
            params: { step: w.stepId, who: 'approvers' },
          }
          finish(run, 'failed', error)
          return row('failed', null, error)
        }
        if (r.status === 'pending') {
          await pause(run, { ...w, dueAt: r.dueAt ? r.dueAt.toISOString() : null }, enqueue)
          return null
        }
      } else {
        const pending = (await approvalsRepo.tasks(trx, ws.id, req.id)).filter(
          (t) => t.status === 'pending' && t.level_index === req.level_index && t.round === req.round,
        )
        let users = pending.map((t) => t.approver_id)
        if (level.onTimeout === 'escalate' && level.escalateTo) {
          const extra = (await approverIds(trx, ws.id, [level.escalateTo], record, req.submitter_id)).filter(
            (u) => !users.includes(u),
          )
          if (extra.length > 0)
            await sql`insert into approval_task (workspace_id, request_id, level_index, round, approver_id,
                status, escalated, due_at)
              values ${sql.join(extra.map((a) => sql`(${ws.id}, ${req.id}, ${req.level_index}, ${req.round}, ${a}, 'pending', true, ${due})`))}
              on conflict do nothing`.execute(trx)
          users = extra.length > 0 ? extra : users
        }
        await sql`update approval_task set due_at = ${due} where workspace_id = ${ws.id}
          and request_id = ${req.id} and status = 'pending'`.execute(trx)
        await tellApprovers(trx, req, users)
        await pause(run, { ...w, dueAt: due.toISOString() }, enqueue)
        return null
      }
    }
    const output = await approvalOutput(trx, req)
    run.state.outputs[w.stepId] = output
    run.next_step = req.status === 'approved' ? step.approved : step.rejected
    return row('succeeded', output, null)
  }

  async function leastLoaded(env: Env, objectName: string, members: string[]): Promise<string> {
    const table = sql`${sql.id(env.schema.dbSchema)}.${sql.id(tableName(objectName))}`
    const r = await sql<{ owner_id: string; n: string }>`select owner_id, count(*) as n from ${table}
      where owner_id = any(${members}::uuid[]) and deleted_at is null group by owner_id`.execute(env.trx)
    const load = new Map(r.rows.map((x) => [x.owner_id, Number(x.n)]))
    let best = members[0]!
    for (const m of members) if ((load.get(m) ?? 0) < (load.get(best) ?? 0)) best = m
    return best
  }

  async function waitStep(env: Env, step: StepOf<'wait'>, seq: number): Promise<StepResult> {
    const w = step.wait
    if (w.kind === 'event') {
      const timeoutAt = new Date(env.now.getTime() + w.timeoutMinutes * 60_000).toISOString()
      return {
        input: { event: w.event, timeoutAt },
        output: null,
        next: step.next,
        pause: {
          kind: 'event',
          stepId: step.id,
          seq,
          event: w.event,
          ...(w.filter ? { filter: w.filter } : {}),
          timeoutAt,
          next: step.next,
          onTimeout: w.onTimeout,
        },
      }
    }
    let until: Date
    if (w.kind === 'duration') until = new Date(env.now.getTime() + w.minutes * 60_000)
    else {
      const v = (await env.record())?.[w.field]
      const base = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v
      const ms = typeof base === 'string' ? Date.parse(base) : Number.NaN
      // an empty date does not wait
      until = Number.isFinite(ms) ? new Date(ms + w.offsetMinutes * 60_000) : env.now
    }
    if (until.getTime() <= env.now.getTime())
      return {
        input: { until: until.toISOString() },
        output: { timedOut: false, at: env.now.toISOString() },
        next: step.next,
      }
    return {
      input: { until: until.toISOString() },
      output: null,
      next: step.next,
      pause: { kind: 'time', stepId: step.id, seq, until: until.toISOString() },
    }
  }

  async function startChild(env: Env, step: StepOf<'start_workflow'>, seq: number): Promise<StepResult> {
    const r = await sql<{ published_version: number | null }>`select published_version from workflow
      where workspace_id = ${env.ws.id} and id = ${step.workflowId}`.execute(env.trx)
    const version = r.rows[0]?.published_version
    if (!version)
      throw new StepFailure({ code: 'workflow.target_not_published', params: { workflow: step.workflowId } })
    if (env.run.depth + 1 > MAX_DEPTH)
      throw new StepFailure({ code: 'workflow.loop_limit', params: { max: MAX_DEPTH } })
    const def = await definition(env.trx, env.ws.id, step.workflowId, version)
    const child = newRun({
      workspaceId: env.ws.id,
      workflowId: step.workflowId,
      version,
      triggerType: 'start_workflow',
      objectName: env.run.object_name,
      recordId: env.run.record_id,
      depth: env.run.depth + 1,
      start: def.start,
      state: {
        payload: { parentRunId: env.run.id, ...env.run.state.payload },
        outputs: {},
        snapshot: env.run.state.snapshot ?? null,
        parent: step.waitForCompletion ? { workspaceId: env.ws.id, runId: env.run.id } : null,
      },
    })
    child.wait_token = 1
    await runsRepo.insert(env.trx, [child], new Map())
    await env.enqueue({ workspaceId: env.ws.id, runId: child.id, token: 1 })
    const input = { workflowId: step.workflowId, version, runId: child.id }
    if (!step.waitForCompletion) return { input, output: { runId: child.id, output: null }, next: step.next }
    return {
      input,
      output: null,
      next: step.next,
      pause: { kind: 'workflow', stepId: step.id, seq, runId: child.id },
    }
  }

  /**
   * Runs steps from `run.next_step` in `trx` until the run ends, fails or pauses, or until an HTTP step
   * (which the caller runs outside the transaction: the run stays `running` with that step next). Each
   * writing step runs in a savepoint, so a failed step leaves nothing behind; `guarded: false` leaves the
   * savepoints out and throws instead, for a caller that can redo the whole transaction guarded. Returns the
   * new step rows; `run` is updated in place (the caller saves both).
   */
  async function advance(
    trx: Tx,
    ws: WorkspaceInfo,
    run: RunRow,
    enqueue: Enqueue,
    opts: { maxSteps?: number; guarded?: boolean } = {},
  ): Promise<StepRunRow[]> {
    const rows: StepRunRow[] = []
    if (run.status !== 'running') return rows
    // unguarded (a listener's first pass, ListenerContext.guarded): no savepoints; a failing writing step
    // throws, and the listener runs the batch again guarded
    const guarded = opts.guarded ?? true
    const env = await envFor(trx, ws, run, enqueue)
    const byId = new Map(env.def.steps.map((s) => [s.id, s]))
    let budget = opts.maxSteps ?? Number.POSITIVE_INFINITY
    while (run.status === 'running' && run.next_step !== null && budget-- > 0) {
      const step = byId.get(run.next_step)
      if (!step) {
        finish(run, 'failed', {
          code: 'workflow.dangling_next',
          params: { step: run.next_step, target: run.next_step },
        })
        break
      }
      if (isExternal(step)) break
      if (run.steps_done >= MAX_RUN_STEPS) {
        finish(run, 'failed', {
          code: 'workflow.too_many_steps',
          params: { max: MAX_RUN_STEPS },
          stepId: step.id,
        })
        break
      }
      const seq = run.steps_done + 1
      const startedAt = new Date()
      const t0 = performance.now()
      const writes = step.type !== 'condition' && step.type !== 'switch' && step.type !== 'wait'
      const contained = writes && guarded
      if (contained) await sql`savepoint wf_step`.execute(trx)
      try {
        const r = await exec(env, step, seq)
        if (contained) await sql`release savepoint wf_step`.execute(trx)
        run.steps_done = seq
        const row: StepRunRow = {
          seq,
          step_id: step.id,
          step_type: step.type,
          status: r.pause ? 'waiting' : 'succeeded',
          input: r.input,
          output: r.output,
          error: null,
          attempt: 1,
          started_at: startedAt,
          duration_ms: Math.round(performance.now() - t0),
        }
        rows.push(row)
        if (r.pause) {
          await pause(run, r.pause, enqueue)
          break
        }
        run.state.outputs[step.id] = r.output
        run.next_step = r.next
      } catch (e) {
        if (writes && !guarded) throw e
        if (contained) await sql`rollback to savepoint wf_step`.execute(trx)
        const error = stepError(step, e)
        run.steps_done = seq
        rows.push({
          seq,
          step_id: step.id,
          step_type: step.type,
          status: 'failed',
          input: null,
          output: null,
          error,
          attempt: 1,
          started_at: startedAt,
          duration_ms: Math.round(performance.now() - t0),
        })
        finish(run, 'failed', error)
      }
    }
    if (run.status === 'running' && run.next_step === null) finish(run, 'succeeded')
    if (run.finished_at) await wakeParent(trx, run, enqueue)
    return rows
  }

  /** A run that a parent waits for has ended: the parent goes on in its own job. */
  async function wakeParent(trx: Tx, run: RunRow, enqueue: Enqueue): Promise<void> {
    const p = run.state.parent
    if (!p) return
    const t = await sql<{ wait_token: number }>`update workflow_run set wait_token = wait_token + 1,
        updated_at = now()
      where workspace_id = ${p.workspaceId} and id = ${p.runId} and status = 'waiting'
        and state->'waiting'->>'runId' = ${run.id}
      returning wait_token`.execute(trx)
    if (t.rows[0]) await enqueue({ workspaceId: p.workspaceId, runId: p.runId, token: t.rows[0].wait_token })
  }

  /** The run goes on in a job (now, or at `at`): a new token makes earlier jobs of this run void. */
  async function schedule(run: RunRow, enqueue: Enqueue, at?: Date): Promise<void> {
    run.wait_token++
    run.wake_at = at ?? null
    await enqueue({ workspaceId: run.workspace_id, runId: run.id, token: run.wait_token }, at)
  }

  async function pause(run: RunRow, w: WaitState, enqueue: Enqueue): Promise<void> {
    run.status = 'waiting'
    run.state.waiting = { ...w, since: new Date().toISOString() }
    const at =
      w.kind === 'time'
        ? new Date(w.until)
        : w.kind === 'event'
          ? new Date(w.timeoutAt)
          : w.kind === 'http'
            ? new Date(w.retryAt)
            : w.kind === 'approval' && w.dueAt
              ? new Date(w.dueAt)
              : undefined
    if (w.kind === 'workflow' || (w.kind === 'approval' && !w.dueAt)) {
      run.wait_token++
      run.wake_at = null
    } else await schedule(run, enqueue, at)
  }

  /**
   * Ends a pause: the wait step's row is completed (`timedOut` for an event wait whose timeout came first;
   * a started workflow's outcome) and the run goes on at the branch that follows. `by`: what ended it.
   * Returns the completed row; the caller then advances the run.
   */
  async function resume(
    trx: Tx,
    ws: WorkspaceInfo,
    run: RunRow,
    by: 'due' | 'event',
    enqueue: Enqueue,
  ): Promise<StepRunRow[]> {
    const w = run.state.waiting
    if (run.status !== 'waiting' || !w) return []
    if (w.kind === 'approval') {
      const done = await approvalWake(trx, ws, run, w, enqueue)
      if (!done) return []
      if (run.status === 'waiting') {
        run.status = 'running'
        run.state.waiting = null
        run.wake_at = null
      }
      return [done]
    }
    const def = await definition(trx, ws.id, run.workflow_id, run.version)
    const step = def.steps.find((x) => x.id === w.stepId)
    const now = new Date()
    const since = w.since ? Date.parse(w.since) : now.getTime()
    const row = (output: unknown, error: RunError | null = null): StepRunRow => ({
      seq: w.seq,
      step_id: w.stepId,
      step_type: step?.type ?? 'wait',
      status: error ? 'failed' : 'succeeded',
      input: null,
      output,
      error,
      attempt: 1,
      started_at: new Date(since),
      duration_ms: Math.max(0, now.getTime() - since),
    })
    run.status = 'running'
    run.state.waiting = null
    run.wake_at = null
    switch (w.kind) {
      case 'time':
        run.state.outputs[w.stepId] = { timedOut: false, at: now.toISOString() }
        run.next_step = step && 'next' in step ? step.next : null
        return [row(run.state.outputs[w.stepId])]
      case 'event': {
        const timedOut = by === 'due'
        run.state.outputs[w.stepId] = { timedOut, at: now.toISOString() }
        run.next_step = timedOut ? w.onTimeout : w.next
        return [row(run.state.outputs[w.stepId])]
      }
      case 'workflow': {
        const c = await sql<{ status: string; state: RunState }>`select status, state from workflow_run
          where workspace_id = ${ws.id} and id = ${w.runId}`.execute(trx)
        const child = c.rows[0]
        const output = { runId: w.runId, output: child?.state.outputs ?? null }
        if (child?.status !== 'succeeded') {
          const error = { code: 'workflow.child_failed', stepId: w.stepId, params: { runId: w.runId } }
          finish(run, 'failed', error)
          return [row(output, error)]
        }
        run.state.outputs[w.stepId] = output
        run.next_step = step && 'next' in step ? step.next : null
        return [row(output)]
      }
      case 'http':
        // the retry is due: the step is sent again (attempt kept in state.http)
        return []
    }
    return []
  }

  /** Does the trigger record, as it is now, match a wait's filter? */
  async function recordMatches(trx: Tx, ws: WorkspaceInfo, run: RunRow, filter: unknown): Promise<boolean> {
    const env = await envFor(trx, ws, run, async () => {})
    return matches(env, filter as Filter)
  }

  /** An e-mail step's recipients: users' addresses, and addresses (merge fields filled in) that look like one. */
  async function addresses(env: Env, step: StepOf<'send_email'>, list: StepOf<'send_email'>['to']) {
    const out: string[] = []
    const users = list.filter((x): x is Exclude<typeof x, string> => typeof x !== 'string')
    if (users.length > 0) {
      const ids = await resolveRecipients(env.trx, env.ws.id, users, await env.record())
      const r = await sql<{ email: string }>`select email from app_user where workspace_id = ${env.ws.id}
        and id = any(${ids}::uuid[]) order by email`.execute(env.trx)
      out.push(...r.rows.map((x) => x.email))
    }
    for (const t of list) {
      if (typeof t !== 'string') continue
      for (const a of ((await text(env, t)) ?? '').split(/[,;\s]+/)) if (EMAIL.test(a)) out.push(a)
    }
    if (list.length > 0 && out.length === 0 && list === step.to)
      throw new StepFailure({ code: 'workflow.no_recipient', params: { step: step.id, who: 'to' } })
    return [...new Set(out)]
  }

  /**
   * Before an HTTP or e-mail step goes out: its request with merge fields filled in, the step row
   * (`running`, with the attempt) and its key `<run>:<seq>` (HTTP: the `Idempotency-Key`; e-mail: the
   * Message-ID), the same for every retry of this step run. A merge field without a value, a missing template
   * or nobody to write to fails the run here.
   */
  async function prepareExternal(
    trx: Tx,
    ws: WorkspaceInfo,
    run: RunRow,
  ): Promise<{ step: ExternalStep; request: ExternalRequest; row: StepRunRow } | { failed: StepRunRow }> {
    const env = await envFor(trx, ws, run, async () => {})
    const step = env.def.steps.find((x) => x.id === run.next_step) as ExternalStep
    const pending = run.state.http
    const seq = pending?.seq ?? run.steps_done + 1
    const attempt = pending?.attempt ?? 1
    const base = {
      seq,
      step_id: step.id,
      step_type: step.type,
      attempt,
      started_at: new Date(),
      duration_ms: 0,
      output: null,
    }
    run.steps_done = Math.max(run.steps_done, seq)
    try {
      let request: ExternalRequest
      if (step.type === 'http')
        request = {
          kind: 'http',
          method: step.method,
          url: (await text(env, step.url)) ?? '',
          headers: await render(env, step.headers),
          body: await text(env, step.body),
          timeoutMs: step.timeoutMs,
          idempotencyKey: `${run.id}:${seq}`,
        }
      else {
        const tpl = await loadTemplate(trx, ws.id, step.templateId)
        if (!tpl)
          throw new StepFailure({
            code: 'workflow.unknown_template',
            params: { step: step.id, template: step.templateId },
          })
        request = {
          kind: 'email',
          to: await addresses(env, step, step.to),
          cc: await addresses(env, step, step.cc),
          subject: ((await text(env, tpl.subject)) ?? '').replace(/[\r\n]+/g, ' ').slice(0, 500),
          text: (await text(env, tpl.body)) ?? '',
          messageId: `<${run.id}.${seq}@kemai>`,
        }
      }
      run.state.http = { seq, attempt }
      return { step, request, row: { ...base, status: 'running', input: request, error: null } }
    } catch (e) {
      const error = stepError(step, e)
      finish(run, 'failed', error)
      return { failed: { ...base, status: 'failed', input: null, error } }
    }
  }

  /** After an HTTP or e-mail step went out: its output, a retry with backoff, or the run's failure. */
  async function completeExternal(
    run: RunRow,
    step: ExternalStep,
    request: ExternalRequest,
    result: ExternalResult,
    enqueue: Enqueue,
  ): Promise<StepRunRow> {
    const { seq, attempt } = run.state.http ?? { seq: run.steps_done, attempt: 1 }
    const row: StepRunRow = {
      seq,
      step_id: step.id,
      step_type: step.type,
      status: 'succeeded',
      input: request,
      output: null,
      error: null,
      attempt,
      started_at: new Date(Date.now() - result.durationMs),
      duration_ms: result.durationMs,
    }
    if (result.ok) {
      run.state.outputs[step.id] = result.output
      run.state.http = null
      run.next_step = step.next
      return { ...row, output: result.output }
    }
    const code = step.type === 'http' ? 'workflow.http_failed' : 'workflow.email_failed'
    const reason = result.error ?? 'failed'
    const retries = step.type === 'http' ? step.retries : EMAIL_RETRIES
    if (attempt <= retries) {
      run.state.http = { seq, attempt: attempt + 1 }
      const retryAt = new Date(Date.now() + httpBackoffMs(attempt))
      await pause(
        run,
        { kind: 'http', stepId: step.id, seq, attempt: attempt + 1, retryAt: retryAt.toISOString() },
        enqueue,
      )
      return {
        ...row,
        status: 'running',
        output: result.output,
        error: { code, params: { attempts: attempt, reason } },
      }
    }
    const error = { code, stepId: step.id, params: { attempts: attempt, reason } }
    run.state.http = null
    finish(run, 'failed', error)
    return { ...row, status: 'failed', output: result.output, error }
  }

  return {
    definition,
    actorFor,
    advance,
    resume,
    recordMatches,
    prepareExternal,
    completeExternal,
    schedule,
    wakeParent,
  }
}

export type Engine = ReturnType<typeof createEngine>

/** Steps that reach outside and run between two transactions (run-job.ts). */
export type ExternalStep = StepOf<'http'> | StepOf<'send_email'>
export const isExternal = (step: Step | undefined): step is ExternalStep =>
  step?.type === 'http' || step?.type === 'send_email'

export interface HttpRequest {
  kind: 'http'
  method: StepOf<'http'>['method']
  url: string
  headers: Record<string, string>
  body: string | null
  timeoutMs: number
  idempotencyKey: string
}

export interface EmailRequest {
  kind: 'email'
  to: string[]
  cc: string[]
  subject: string
  text: string
  /** the same for every retry of the step run: mail clients show one message */
  messageId: string
}

export type ExternalRequest = HttpRequest | EmailRequest

/** What came back: the step's output (kept also on failure, e.g. the HTTP status) and the error in words. */
export interface ExternalResult {
  ok: boolean
  output: unknown
  error: string | null
  durationMs: number
}

/** Retries of an e-mail step after the first attempt (the SMTP server refused or was unreachable). */
const EMAIL_RETRIES = 3
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/

/** Delay before retry n (1, 2, …) of an HTTP step: 5 s doubling, at most 10 minutes. */
export const httpBackoffMs = (attempt: number): number => Math.min(5_000 * 2 ** (attempt - 1), 600_000)

/** A JSON answer is kept as JSON (later steps read `body.x`), anything else as text. */
export function parseBody(body: string | null): unknown {
  if (body === null || body === '') return null
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

export function finish(
  run: RunRow,
  status: 'succeeded' | 'failed' | 'cancelled',
  error: RunError | null = null,
) {
  run.status = status
  run.error = error
  run.state.waiting = null
  run.wake_at = null
  run.finished_at = new Date()
}

/** A new run (not saved yet), about to run its first step. */
export function newRun(p: {
  workspaceId: string
  workflowId: string
  version: number
  triggerType: string
  eventId?: string | null
  objectName: string | null
  recordId: string | null
  depth: number
  start: string
  state: RunState
  startedBy?: string | null
}): RunRow {
  const now = new Date()
  return {
    workspace_id: p.workspaceId,
    id: newId(),
    workflow_id: p.workflowId,
    version: p.version,
    status: 'running',
    trigger_type: p.triggerType,
    trigger_event_id: p.eventId ?? null,
    object_name: p.objectName,
    record_id: p.recordId,
    depth: p.depth,
    next_step: p.start,
    state: p.state,
    error: null,
    wake_at: null,
    wait_token: 0,
    steps_done: 0,
    started_by: p.startedBy ?? null,
    started_at: now,
    updated_at: now,
    finished_at: null,
  }
}
