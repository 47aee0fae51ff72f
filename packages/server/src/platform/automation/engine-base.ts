import type { TimelineItem } from '@kemai/shared/api/records.api'
import type { Step, WorkflowDefinition } from '@kemai/shared/automation/definition'
import type { Actor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import type { Tx, WorkspaceInfo } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import type { EnqueueOptions } from '../events/boss.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import type { EventSink } from '../records/ports.ts'
import type { RecordsService } from '../records/service.ts'
import type { RunError, RunRow, RunState, StepRunRow, WaitState } from './runs.repo.ts'
import type { ActivityItem } from './step-batch.ts'

// What the executor (engine.ts) and its step modules share: queue, limits, the run's environment, errors.

/** The queue that continues runs outside the event that started them (waits, HTTP steps, started workflows). */
export const RUN_QUEUE = 'automation.run'
/** Workflows starting workflows (or changing records that trigger them) stop at this depth. */
export const MAX_DEPTH = 5
/** Steps one run may execute in all (a loop through a wait counts each pass). */
export const MAX_RUN_STEPS = 1000

export interface RunJob {
  workspaceId: string
  runId: string
  /** the run's wait_token when the job was made: a job for an earlier pause does nothing */
  token: number
}

export type Enqueue = (job: RunJob, startAfter?: Date) => Promise<void>

/** The Enqueue of run jobs sent through `send`: a transaction's enqueue, a listener's, a StepBatch's. */
export const runJobsVia =
  (send: (queue: string, data: object, opts: EnqueueOptions) => Promise<unknown>): Enqueue =>
  async (job, at) => {
    await send(RUN_QUEUE, job, at ? { startAfter: at } : {})
  }

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

/** What the steps of one run work with, inside one transaction. */
export interface Env {
  trx: Tx
  ws: WorkspaceInfo
  schema: WorkspaceSchema
  actor: Actor
  rec: Awaited<ReturnType<RecordsService['within']>>
  def: WorkflowDefinition
  run: RunRow
  now: Date
  enqueue: Enqueue
  /** writes tasks and notes (writeActivities as the run's actor; gathered with other runs' in a StepBatch) */
  activities(items: ActivityItem[]): Promise<TimelineItem[]>
  /** the trigger record (relations a filter or merge field reads expanded), re-read after it changed */
  record(): Promise<Record<string, unknown> | null>
  /** Has record() read the trigger record from the database (it exists and the run's actor may read it)? */
  found(): boolean
  /** the trigger record changed; `kept`: it still exists (an update), so found() stays as it was */
  forget(kept?: boolean): void
}

export interface StepResult {
  input: unknown
  output: unknown
  next: string | null
  /** the run pauses here (the step row stays `waiting`) */
  pause?: WaitState
}

/** What the engine lends its step modules (approval-steps.ts, external-steps.ts). */
export interface EngineCore {
  deps: EngineDeps
  /** a workflow version's definition (cached: a published version never changes) */
  definition(trx: Tx, ws: string, workflowId: string, version: number): Promise<WorkflowDefinition>
  envFor(trx: Tx, ws: WorkspaceInfo, run: RunRow, enqueue: Enqueue): Promise<Env>
  /** fills merge fields; a merge field without a value fails the step */
  render<T>(env: Env, v: T): Promise<T>
  text(env: Env, t: string | undefined): Promise<string | null>
  pause(run: RunRow, w: WaitState, enqueue: Enqueue): Promise<void>
}

/** The row of a paused step when its pause ends: it lasted from when the pause began until `now`. */
export function pauseEndRow(
  w: { seq: number; stepId: string; since?: string },
  stepType: string,
  now: Date,
  output: unknown,
  error: RunError | null,
): StepRunRow {
  const since = w.since ? Date.parse(w.since) : now.getTime()
  return {
    seq: w.seq,
    step_id: w.stepId,
    step_type: stepType,
    status: error ? 'failed' : 'succeeded',
    input: null,
    output,
    error,
    attempt: 1,
    started_at: new Date(since),
    duration_ms: Math.max(0, now.getTime() - since),
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
