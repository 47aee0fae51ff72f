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
import type { Tx, WorkspaceInfo } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { tableName } from '../metadata/ddl.ts'
import type { WorkspaceSchema } from '../metadata/service.ts'
import { notify } from '../notifications/notifications.service.ts'
import { writeActivities } from '../records/timeline.ts'
import { approvalSteps } from './approval-steps.ts'
import {
  type EngineCore,
  type EngineDeps,
  type Enqueue,
  type Env,
  finish,
  MAX_DEPTH,
  MAX_RUN_STEPS,
  newRun,
  pauseEndRow,
  StepFailure,
  type StepResult,
  stepError,
} from './engine-base.ts'
import { externalSteps, isExternal } from './external-steps.ts'
import { resolveRecipients } from './recipients.ts'
import {
  type RunError,
  type RunRow,
  type RunState,
  runsRepo,
  type StepRunRow,
  type WaitState,
} from './runs.repo.ts'
import { StepBatch } from './step-batch.ts'

export {
  type EngineDeps,
  type Enqueue,
  finish,
  MAX_DEPTH,
  MAX_RUN_STEPS,
  newRun,
  RUN_QUEUE,
  type RunJob,
  runJobsVia,
  StepFailure,
  stepError,
} from './engine-base.ts'
export {
  type ExternalRequest,
  type ExternalResult,
  type ExternalStep,
  httpBackoffMs,
  isExternal,
  parseBody,
} from './external-steps.ts'

const DAY_MS = 86_400_000

const metaOf = (schema: WorkspaceSchema): WorkflowMetadata => ({
  resolveObject: (name) => {
    const o = schema.objects.get(name)
    return o?.isActive ? o : undefined
  },
})

/**
 * The executor (docs/automation.md, "Executor"): runs a workflow's steps in the caller's transaction,
 * from the run's next step until it ends, fails, pauses (a wait, a started workflow it waits for) or reaches
 * an HTTP step, which runs outside any transaction (run-job.ts). Definitions are read by (workflow,
 * version): a published version never changes, so they are cached.
 */
export function createEngine(deps: EngineDeps) {
  const defs = new Map<string, WorkflowDefinition>()
  const core: EngineCore = { deps, definition, envFor, render, text, pause }
  const { approvalStep, approvalWake } = approvalSteps(core)
  const { prepareExternal, completeExternal } = externalSteps(core)

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

  async function envFor(
    trx: Tx,
    ws: WorkspaceInfo,
    run: RunRow,
    enqueue: Enqueue,
    batch?: StepBatch,
  ): Promise<Env> {
    const actor = actorFor(run)
    const own = await deps.records.within(trx, ws, actor)
    const rec = batch ? batch.recordsFor(own, actor) : own
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
      activities: (items) =>
        batch ? batch.activities(actor, items) : writeActivities(trx, actor, items, deps.events),
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
        const [item] = await env.activities([
          { object: t.object, id: t.id, input, ...(isTask ? { ownerId: owner } : {}) },
        ])
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
    opts: { maxSteps?: number; guarded?: boolean; batch?: StepBatch } = {},
  ): Promise<StepRunRow[]> {
    const rows: StepRunRow[] = []
    if (run.status !== 'running') return rows
    // unguarded (a listener's first pass, ListenerContext.guarded): no savepoints; a failing writing step
    // throws, and the listener runs the batch again guarded
    const guarded = opts.guarded ?? true
    const env = await envFor(trx, ws, run, enqueue, guarded ? undefined : opts.batch)
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
    const row = (output: unknown, error: RunError | null = null) =>
      pauseEndRow(w, step?.type ?? 'wait', now, output, error)
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

  return {
    definition,
    /** a StepBatch for the runs a listener batch starts in `trx` (lockstep; see step-batch.ts) */
    stepBatch: (trx: Tx, ws: WorkspaceInfo) => new StepBatch(trx, ws, deps.records, deps.events),
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
