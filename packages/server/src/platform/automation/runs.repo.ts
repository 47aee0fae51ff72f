import { type RawBuilder, sql } from 'kysely'
import { executeTogether, type Tx } from '../db/tx.ts'

export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled'
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'waiting'

/** Why a run or a step failed: a message code of the catalogue (`field.<code>`) and its params. */
export interface RunError {
  code: string
  params?: Record<string, unknown>
  stepId?: string
}

export interface RunRow {
  workspace_id: string
  id: string
  workflow_id: string
  version: number
  status: RunStatus
  trigger_type: string
  trigger_event_id: string | null
  object_name: string | null
  record_id: string | null
  depth: number
  next_step: string | null
  state: RunState
  error: RunError | null
  wake_at: Date | null
  wait_token: number
  steps_done: number
  started_by: string | null
  started_at: Date
  updated_at: Date
  finished_at: Date | null
}

/** What a run carries from step to step. */
export interface RunState {
  /** the trigger's payload (the event's, or what a manual start or a parent run passed) */
  payload: Record<string, unknown>
  /** outputs of the steps done so far, by step id */
  outputs: Record<string, unknown>
  /** the trigger record as the event had it, for triggers whose record can no longer be read (deleted) */
  snapshot?: Record<string, unknown> | null
  /** what a paused run waits for */
  waiting?: WaitState | null
  /** the run that started this one and waits for it */
  parent?: { workspaceId: string; runId: string } | null
  /** the HTTP step being sent: its step row and attempt (a retry after a crash re-sends with the same key) */
  http?: { seq: number; attempt: number } | null
}

export type WaitState = (
  | { kind: 'time'; stepId: string; seq: number; until: string }
  | {
      kind: 'event'
      stepId: string
      seq: number
      event: string
      filter?: unknown
      timeoutAt: string
      next: string | null
      onTimeout: string | null
    }
  | { kind: 'workflow'; stepId: string; seq: number; runId: string }
  | { kind: 'http'; stepId: string; seq: number; attempt: number; retryAt: string }
  | { kind: 'approval'; stepId: string; seq: number; requestId: string; dueAt: string | null }
) & {
  /** when the pause began */
  since?: string
}

export interface StepRunRow {
  seq: number
  step_id: string
  step_type: string
  status: StepStatus
  input: unknown
  output: unknown
  error: RunError | null
  attempt: number
  started_at: Date
  duration_ms: number
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))

/** Workflow runs and their steps (migration 17). Every query names the workspace. */
export const runsRepo = {
  async insert(trx: Tx, runs: RunRow[], steps: Map<string, StepRunRow[]>): Promise<void> {
    if (runs.length === 0) return
    const insert = sql`insert into workflow_run (workspace_id, id, workflow_id, version, status, trigger_type,
        trigger_event_id, object_name, record_id, depth, next_step, state, error, wake_at, wait_token,
        steps_done, started_by, started_at, updated_at, finished_at)
      values ${sql.join(
        runs.map(
          (r) => sql`(${r.workspace_id}, ${r.id}, ${r.workflow_id}, ${r.version}, ${r.status},
            ${r.trigger_type}, ${r.trigger_event_id}, ${r.object_name}, ${r.record_id}, ${r.depth},
            ${r.next_step}, ${json(r.state)}::jsonb, ${json(r.error)}::jsonb, ${r.wake_at}, ${r.wait_token},
            ${r.steps_done}, ${r.started_by}, ${r.started_at}, now(), ${r.finished_at})`,
        ),
      )}
      on conflict do nothing`
    await withSteps(
      trx,
      insert,
      runs.flatMap((r) => (steps.get(r.id) ?? []).map((s) => ({ run: r, s }))),
    )
  },

  /** Saves a run's state and its new or changed step rows. */
  async save(trx: Tx, run: RunRow, steps: StepRunRow[]): Promise<void> {
    const update = sql`update workflow_run set status = ${run.status}, next_step = ${run.next_step},
        state = ${json(run.state)}::jsonb, error = ${json(run.error)}::jsonb, wake_at = ${run.wake_at},
        wait_token = ${run.wait_token}, steps_done = ${run.steps_done}, updated_at = now(),
        finished_at = ${run.finished_at}
      where workspace_id = ${run.workspace_id} and id = ${run.id}`
    await withSteps(
      trx,
      update,
      steps.map((s) => ({ run, s })),
    )
  },

  /** `save` for many runs: their states in one statement, their new or changed step rows in another. */
  async saveMany(trx: Tx, items: { run: RunRow; steps: StepRunRow[] }[]): Promise<void> {
    if (items.length === 0) return
    const update = sql`update workflow_run r set status = v.status, next_step = v.next_step, state = v.state,
        error = v.error, wake_at = v.wake_at, wait_token = v.wait_token, steps_done = v.steps_done,
        updated_at = now(), finished_at = v.finished_at
      from (values ${sql.join(
        items.map(
          ({ run }) => sql`(${run.workspace_id}::uuid, ${run.id}::uuid, ${run.status}, ${run.next_step},
            ${json(run.state)}::jsonb, ${json(run.error)}::jsonb, ${run.wake_at}::timestamptz,
            ${run.wait_token}::int, ${run.steps_done}::int, ${run.finished_at}::timestamptz)`,
        ),
      )}) as v(workspace_id, id, status, next_step, state, error, wake_at, wait_token, steps_done, finished_at)
      where r.workspace_id = v.workspace_id and r.id = v.id`
    await withSteps(
      trx,
      update,
      items.flatMap(({ run, steps }) => steps.map((s) => ({ run, s }))),
    )
  },

  async lock(trx: Tx, ws: string, id: string): Promise<RunRow | undefined> {
    const r = await sql<RunRow>`select * from workflow_run where workspace_id = ${ws} and id = ${id}
      for update`.execute(trx)
    return r.rows[0]
  },

  /** Locks these runs (in id order, so two batches never wait on each other in a cycle); by lower-case id. */
  async lockMany(trx: Tx, ws: string, ids: string[]): Promise<Map<string, RunRow>> {
    const r = await sql<RunRow>`select * from workflow_run where workspace_id = ${ws}
        and id = any(${[...new Set(ids)]}::uuid[])
      order by id for update`.execute(trx)
    return new Map(r.rows.map((x) => [String(x.id).toLowerCase(), x]))
  },

  /** Runs paused until an event on this record (the listener wakes them). */
  /**
   * The runs waiting for a change to this record, locked (in id order). A run locked by another transaction
   * (a run job firing its timeout, another listener worker) is waited for, not skipped: skipping it would
   * lose this event's wake-up when the other one does not wake it. Once that lock is released the row is
   * read again, and a run no longer waiting drops out.
   */
  async waitingOn(trx: Tx, ws: string, recordId: string): Promise<RunRow[]> {
    const r = await sql<RunRow>`select * from workflow_run where workspace_id = ${ws}
        and record_id = ${recordId} and status = 'waiting' and state->'waiting'->>'kind' = 'event'
      order by id for update`.execute(trx)
    return r.rows
  },

  /** Which of these records have runs waiting for a change to them (lower-case ids). */
  async recordsWaitedOn(trx: Tx, ws: string, recordIds: readonly string[]): Promise<Set<string>> {
    if (recordIds.length === 0) return new Set()
    const r = await sql<{ record_id: string }>`select distinct record_id from workflow_run
      where workspace_id = ${ws} and record_id = any(${[...recordIds]}::uuid[]) and status = 'waiting'
        and state->'waiting'->>'kind' = 'event'`.execute(trx)
    return new Set(r.rows.map((x) => String(x.record_id).toLowerCase()))
  },

  async steps(trx: Tx, ws: string, runId: string): Promise<StepRunRow[]> {
    const r = await sql<StepRunRow>`select seq, step_id, step_type, status, input, output, error, attempt,
        started_at, duration_ms from workflow_step_run where workspace_id = ${ws} and run_id = ${runId}
      order by seq`.execute(trx)
    return r.rows
  },

  /** The next position of a round-robin step (0, 1, 2, …). */
  async nextTurn(trx: Tx, ws: string, workflowId: string, stepId: string): Promise<number> {
    const r = await sql<{ n: string }>`insert into workflow_counter (workspace_id, workflow_id, step_id, n)
      values (${ws}, ${workflowId}, ${stepId}, 0)
      on conflict (workspace_id, workflow_id, step_id) do update set n = workflow_counter.n + 1
      returning n`.execute(trx)
    return Number(r.rows[0]!.n)
  },

  /**
   * Counts one start of a workflow in the current minute; returns the minute's count. Each connection
   * counts in its own row (slot = backend pid) and reads the others' committed rows, so concurrent listener
   * batches never wait on each other's row lock; the price is that starts in another batch not yet
   * committed are not seen (the limit can be passed by at most one batch per other worker).
   */
  async countStart(trx: Tx, ws: string, workflowId: string, n = 1): Promise<number> {
    const r = await sql<{ n: number }>`with mine as (
        insert into workflow_rate (workspace_id, workflow_id, minute, slot, n)
        values (${ws}, ${workflowId}, date_trunc('minute', now()), pg_backend_pid(), ${n})
        on conflict (workspace_id, workflow_id, minute, slot) do update set n = workflow_rate.n + excluded.n
        returning n)
      select ((select n from mine) + coalesce((select sum(o.n) from workflow_rate o
        where o.workspace_id = ${ws} and o.workflow_id = ${workflowId}
          and o.minute = date_trunc('minute', now()) and o.slot <> pg_backend_pid()), 0))::int as n`.execute(
      trx,
    )
    return r.rows[0]!.n
  },
}

/** Step rows go in slices of this many (12 parameters each). */
const STEP_SLICE = 500

/**
 * A statement on workflow_run and the step rows it goes with: one round trip when they fit in one slice
 * (executeTogether: the run and its steps are different tables), otherwise the statement, then the slices.
 */
async function withSteps(trx: Tx, main: RawBuilder<unknown>, rows: StepInsert[]): Promise<void> {
  if (rows.length === 0) await main.execute(trx)
  else if (rows.length <= STEP_SLICE) await executeTogether(trx, [main, stepsInsert(rows)])
  else {
    await main.execute(trx)
    for (let i = 0; i < rows.length; i += STEP_SLICE)
      await stepsInsert(rows.slice(i, i + STEP_SLICE)).execute(trx)
  }
}

type StepInsert = { run: RunRow; s: StepRunRow }

function stepsInsert(rows: StepInsert[]): RawBuilder<unknown> {
  return sql`insert into workflow_step_run (workspace_id, run_id, seq, step_id, step_type, status, input,
      output, error, attempt, started_at, duration_ms)
    values ${sql.join(
      rows.map(
        ({ run, s }) => sql`(${run.workspace_id}, ${run.id}, ${s.seq}, ${s.step_id}, ${s.step_type},
          ${s.status}, ${json(s.input)}::jsonb, ${json(s.output)}::jsonb, ${json(s.error)}::jsonb,
          ${s.attempt}, ${s.started_at}, ${s.duration_ms})`,
      ),
    )}
    on conflict (workspace_id, run_id, seq) do update set status = excluded.status, output = excluded.output,
      error = excluded.error, attempt = excluded.attempt, duration_ms = excluded.duration_ms`
}
