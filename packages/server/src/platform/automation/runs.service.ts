import { timingSafeEqual } from 'node:crypto'
import type {
  ManualWorkflowDto,
  RunStatusDto,
  WorkflowRunDetailDto,
  WorkflowRunDto,
  WorkflowStepRunDto,
} from '@kemai/shared/api/automation.api'
import { workflowDefinitionSchema } from '@kemai/shared/automation/definition'
import { translate } from '@kemai/shared/i18n/messages'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { audit, auditActor } from '../audit/audit.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import { enqueue } from '../events/boss.ts'
import type { MetadataService } from '../metadata/service.ts'
import { assertObject } from '../records/access.ts'
import type { RecordsService } from '../records/service.ts'
import { decodeCursor, encodeCursor } from '../records/shape.ts'
import { assertAutomation } from './access.ts'
import { finish, newRun, RUN_QUEUE } from './engine.ts'
import { type RunError, type RunRow, runsRepo, type StepRunRow } from './runs.repo.ts'
import { workflowsRepo } from './workflows.repo.ts'

export interface RunsDeps {
  db: Db
  records: RecordsService
  metadata: MetadataService
  /** wakes the job workers after a commit that enqueued a run (in-process) */
  notify?: () => void
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** A run error in the caller's language; a service error inside a step is put in words first. */
export function runErrorDto(actor: Pick<Actor, 'locale'>, e: RunError | null) {
  if (!e) return null
  const params: Record<string, unknown> = { step: e.stepId ?? '', ...(e.params ?? {}) }
  const cause = params.cause as
    | {
        code: string
        params?: Record<string, unknown>
        issues?: { path: string; code: string; params?: Record<string, unknown> }[]
      }
    | undefined
  if (cause) {
    const parts = [translate(actor.locale, cause.code, cause.params ?? {})]
    for (const i of cause.issues ?? [])
      parts.push(`${i.path}: ${translate(actor.locale, `field.${i.code}`, i.params ?? {})}`)
    params.reason = parts.join('; ')
  }
  return {
    code: e.code,
    stepId: e.stepId ?? null,
    message: translate(actor.locale, `field.${e.code}`, params),
    params: e.params ?? {},
  }
}

type ListedRun = RunRow & { workflow_name: string }

function runDto(actor: Actor, r: ListedRun): WorkflowRunDto {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    workflowName: r.workflow_name,
    version: r.version,
    status: r.status,
    triggerType: r.trigger_type,
    object: r.object_name,
    recordId: r.record_id,
    depth: r.depth,
    nextStep: r.next_step,
    stepsDone: r.steps_done,
    error: runErrorDto(actor, r.error),
    waitingFor: r.status === 'waiting' ? (r.state.waiting?.kind ?? null) : null,
    wakeAt: iso(r.wake_at),
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  }
}

function stepDto(actor: Actor, s: StepRunRow): WorkflowStepRunDto {
  return {
    seq: s.seq,
    stepId: s.step_id,
    type: s.step_type,
    status: s.status,
    input: s.input,
    output: s.output,
    error: runErrorDto(actor, s.error),
    attempt: s.attempt,
    startedAt: iso(s.started_at)!,
    durationMs: s.duration_ms,
  }
}

const KEYS = [
  { column: 'started_at', desc: true },
  { column: 'id', desc: true },
]

/**
 * Run history (docs/automation.md, "Runs"): every run with its trigger, steps, inputs, outputs, durations
 * and errors; retry of a failed run from the step that failed; cancel; manual starts.
 */
export function createRunsService(deps: RunsDeps) {
  const tx = <T>(actor: Actor, fn: (trx: Tx) => Promise<T>, read = false) =>
    withWorkspace(deps.db, actor.workspaceId, (trx) => fn(trx), { read })

  async function lockRun(trx: Tx, actor: Actor, id: string): Promise<RunRow> {
    if (!isUuid(id)) throw errors.notFound()
    const run = await runsRepo.lock(trx, actor.workspaceId, id)
    if (!run) throw errors.notFound()
    return run
  }

  async function detail(trx: Tx, actor: Actor, id: string): Promise<WorkflowRunDetailDto> {
    const r = await sql<ListedRun>`select r.*, w.name as workflow_name from workflow_run r
      join workflow w on w.workspace_id = r.workspace_id and w.id = r.workflow_id
      where r.workspace_id = ${actor.workspaceId} and r.id = ${id}`.execute(trx)
    const run = r.rows[0]
    if (!run) throw errors.notFound()
    const steps = await runsRepo.steps(trx, actor.workspaceId, id)
    return { ...runDto(actor, run), steps: steps.map((s) => stepDto(actor, s)), payload: run.state.payload }
  }

  const done = <T>(v: T): T => {
    deps.notify?.()
    return v
  }

  return {
    async list(
      actor: Actor,
      q: { workflowId?: string; status?: RunStatusDto; recordId?: string; limit: number; cursor?: string },
    ) {
      assertAutomation(actor, 'read')
      const after = q.cursor ? decodeCursor(q.cursor, KEYS) : null
      return tx(
        actor,
        async (trx) => {
          const r = await sql<ListedRun>`select r.*, w.name as workflow_name from workflow_run r
            join workflow w on w.workspace_id = r.workspace_id and w.id = r.workflow_id
            where r.workspace_id = ${actor.workspaceId}
              ${q.workflowId ? sql`and r.workflow_id = ${q.workflowId}` : sql``}
              ${q.status ? sql`and r.status = ${q.status}` : sql``}
              ${q.recordId ? sql`and r.record_id = ${q.recordId}` : sql``}
              ${after ? sql`and (r.started_at, r.id) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)` : sql``}
            order by r.started_at desc, r.id desc
            limit ${q.limit + 1}`.execute(trx)
          const page = r.rows.slice(0, q.limit)
          const last = page[page.length - 1]
          return {
            data: page.map((x) => runDto(actor, x)),
            nextCursor:
              r.rows.length > q.limit && last ? encodeCursor([iso(last.started_at), last.id]) : null,
          }
        },
        true,
      )
    },

    async get(actor: Actor, id: string): Promise<WorkflowRunDetailDto> {
      assertAutomation(actor, 'read')
      if (!isUuid(id)) throw errors.notFound()
      return tx(actor, (trx) => detail(trx, actor, id), true)
    },

    /** A failed run goes on from the step that failed (a new step row), on the version it started on. */
    async retry(actor: Actor, id: string): Promise<WorkflowRunDetailDto> {
      assertAutomation(actor, 'write')
      return done(
        await tx(actor, async (trx) => {
          const run = await lockRun(trx, actor, id)
          if (run.status !== 'failed' || run.error?.code === 'workflow.loop_limit')
            throw errors.conflict([{ path: 'status', code: 'workflow.not_retryable' }])
          if (!run.error?.stepId) {
            // it never ran a step (rate limit): from the start
            const v = await sql<{ definition: unknown }>`select definition from workflow_version
              where workspace_id = ${run.workspace_id} and workflow_id = ${run.workflow_id} and version = ${run.version}`.execute(
              trx,
            )
            run.next_step = workflowDefinitionSchema.parse(v.rows[0]!.definition).start
          } else run.next_step = run.error.stepId
          run.status = 'running'
          run.error = null
          run.finished_at = null
          run.state.http = null
          run.wait_token++
          await runsRepo.save(trx, run, [])
          await enqueue(trx, RUN_QUEUE, {
            workspaceId: run.workspace_id,
            runId: run.id,
            token: run.wait_token,
          })
          await audit(trx, {
            ...auditActor(actor),
            action: 'metadata.workflow_run_retried',
            targetType: 'workflow_run',
            targetId: run.id,
            detail: { workflowId: run.workflow_id, fromStep: run.next_step },
          })
          return detail(trx, actor, id)
        }),
      )
    },

    /** Stops a running or waiting run; its pending jobs find a new token and do nothing. */
    async cancel(actor: Actor, id: string): Promise<WorkflowRunDetailDto> {
      assertAutomation(actor, 'write')
      return tx(actor, async (trx) => {
        const run = await lockRun(trx, actor, id)
        if (run.status !== 'running' && run.status !== 'waiting')
          throw errors.conflict([{ path: 'status', code: 'workflow.not_active' }])
        const who = actor.userId
          ? (
              await sql<{ name: string }>`select name from app_user
                where workspace_id = ${actor.workspaceId} and id = ${actor.userId}`.execute(trx)
            ).rows[0]?.name
          : undefined
        finish(run, 'cancelled', { code: 'workflow.cancelled', params: { by: who ?? 'API' } })
        run.wait_token++
        await runsRepo.save(trx, run, [])
        await audit(trx, {
          ...auditActor(actor),
          action: 'metadata.workflow_run_cancelled',
          targetType: 'workflow_run',
          targetId: run.id,
          detail: { workflowId: run.workflow_id },
        })
        return detail(trx, actor, id)
      })
    },

    /**
     * An incoming webhook: the URL's secret names an enabled webhook-triggered workflow (compared in
     * constant time; a wrong id or secret is 404, saying nothing); the JSON body becomes the trigger payload
     * (`{{trigger.payload.x}}`). The run starts in its job; the per-workflow rate limit applies.
     */
    async startFromWebhook(workflowId: string, secret: string, body: unknown): Promise<{ runId: string }> {
      if (!isUuid(workflowId) || secret.length > 100) throw errors.notFound()
      // the workflow's workspace is not known yet: its id is looked up across workspaces (no RLS here)
      const found = (
        await sql<{
          workspace_id: string
          webhook_secret: string | null
          enabled: boolean
          trigger_type: string | null
          published_version: number | null
          max_runs_per_minute: number
        }>`select workspace_id, webhook_secret, enabled, trigger_type, published_version, max_runs_per_minute
          from workflow where id = ${workflowId}`.execute(deps.db)
      ).rows[0]
      const a = Buffer.from(found?.webhook_secret ?? '')
      const b = Buffer.from(secret)
      if (
        !found ||
        a.length === 0 ||
        a.length !== b.length ||
        !timingSafeEqual(a, b) ||
        found.trigger_type !== 'webhook'
      )
        throw errors.notFound()
      if (!found.enabled || !found.published_version)
        throw errors.conflict([{ path: 'workflowId', code: 'workflow.disabled' }])
      const version = found.published_version
      return done(
        await withWorkspace(deps.db, found.workspace_id, async (trx) => {
          const v = await sql<{ definition: unknown }>`select definition from workflow_version
            where workspace_id = ${found.workspace_id} and workflow_id = ${workflowId} and version = ${version}`.execute(
            trx,
          )
          const def = workflowDefinitionSchema.parse(v.rows[0]!.definition)
          const run = newRun({
            workspaceId: found.workspace_id,
            workflowId,
            version,
            triggerType: 'webhook',
            objectName: null,
            recordId: null,
            depth: 1,
            start: def.start,
            state: { payload: (body ?? {}) as Record<string, unknown>, outputs: {} },
          })
          if ((await runsRepo.countStart(trx, found.workspace_id, workflowId)) > found.max_runs_per_minute) {
            finish(run, 'failed', {
              code: 'workflow.rate_limited',
              params: { max: found.max_runs_per_minute },
            })
            await runsRepo.insert(trx, [run], new Map())
            return { runId: run.id }
          }
          run.wait_token = 1
          await runsRepo.insert(trx, [run], new Map())
          await enqueue(trx, RUN_QUEUE, { workspaceId: found.workspace_id, runId: run.id, token: 1 })
          return { runId: run.id }
        }),
      )
    },

    /**
     * What "Run workflow" offers on `object`: its enabled workflows with a published manual trigger. Like
     * the start itself, it needs only the right to read the object's records (not `_automation`): an
     * unknown object is 404 and one the caller may not read 403, as in the records API.
     */
    async manualWorkflows(actor: Actor, object: string): Promise<ManualWorkflowDto[]> {
      return withWorkspace(
        deps.db,
        actor.workspaceId,
        async (trx, ws) => {
          deps.metadata.objectIn(await deps.metadata.schemaIn(trx, ws), object)
          assertObject(actor, object, 'read')
          return workflowsRepo.manualOn(trx, actor.workspaceId, object)
        },
        { read: true },
      )
    },

    /**
     * Starts an enabled workflow with a manual trigger on records the caller may read (one; up to 100 when
     * the trigger allows a list selection). Anyone who may read the records may press the button.
     */
    async startManual(actor: Actor, workflowId: string, recordIds: string[]): Promise<{ runIds: string[] }> {
      if (!isUuid(workflowId)) throw errors.notFound()
      const wf = await tx(
        actor,
        async (trx) =>
          (
            await sql<{
              published_version: number | null
              enabled: boolean
              trigger_type: string | null
              trigger_object: string | null
            }>`
              select published_version, enabled, trigger_type, trigger_object from workflow
              where workspace_id = ${actor.workspaceId} and id = ${workflowId}`.execute(trx)
          ).rows[0],
        true,
      )
      if (!wf) throw errors.notFound()
      if (wf.trigger_type !== 'manual' || !wf.trigger_object || !wf.published_version || !wf.enabled)
        throw errors.conflict([{ path: 'workflowId', code: 'workflow.not_manual' }])
      const ids = [...new Set(recordIds.map((x) => x.toLowerCase()))]
      const found = await deps.records.list(actor, wf.trigger_object, {
        filter: { field: 'id', op: 'in', value: ids },
        limit: ids.length,
      })
      if (found.data.length !== ids.length) throw errors.recordNotFound()
      return done(
        await tx(actor, async (trx) => {
          const v = await sql<{ definition: unknown }>`select definition from workflow_version
            where workspace_id = ${actor.workspaceId} and workflow_id = ${workflowId} and version = ${wf.published_version}`.execute(
            trx,
          )
          const def = workflowDefinitionSchema.parse(v.rows[0]!.definition)
          if (def.trigger.type === 'manual' && !def.trigger.bulk && ids.length > 1)
            throw errors.validation([{ path: 'recordIds', code: 'too_large', params: { max: 1 } }])
          const runs = ids.map((recordId) => {
            const run = newRun({
              workspaceId: actor.workspaceId,
              workflowId,
              version: wf.published_version!,
              triggerType: 'manual',
              objectName: wf.trigger_object,
              recordId,
              depth: 1,
              start: def.start,
              state: { payload: { startedBy: actor.userId }, outputs: {} },
              startedBy: actor.userId,
            })
            run.wait_token = 1
            return run
          })
          await runsRepo.insert(trx, runs, new Map())
          for (const r of runs)
            await enqueue(trx, RUN_QUEUE, { workspaceId: actor.workspaceId, runId: r.id, token: 1 })
          return { runIds: runs.map((r) => r.id) }
        }),
      )
    },
  }
}

export type RunsService = ReturnType<typeof createRunsService>
