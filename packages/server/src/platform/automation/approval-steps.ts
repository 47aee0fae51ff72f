import type { StepOf } from '@kemai/shared/automation/definition'
import { sql } from 'kysely'
import type { Tx, WorkspaceInfo } from '../db/tx.ts'
import {
  type ApprovalRequestRow,
  advanceRequest,
  approvalsRepo,
  approverIds,
  insertRequest,
  openLevel,
  tellApprovers,
} from './approvals.ts'
import {
  type EngineCore,
  type Enqueue,
  type Env,
  finish,
  pauseEndRow,
  StepFailure,
  type StepResult,
} from './engine-base.ts'
import type { RunError, RunRow, StepRunRow, WaitState } from './runs.repo.ts'

/**
 * The approval step (docs/automation.md, "Approvals"): it opens a request and pauses the run; the run wakes
 * when the request is decided or a level's time is up (reminder, escalation, or a decision by timeout).
 */
export function approvalSteps(core: EngineCore) {
  const { deps, definition, envFor, text, pause } = core

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
    const row = (output: unknown, error: RunError | null): StepRunRow =>
      pauseEndRow(w, 'approval', now, output, error)
    if (!req || req.status === 'cancelled') {
      const error = { code: 'workflow.cancelled', stepId: w.stepId, params: { by: 'approval' } }
      finish(run, 'cancelled', error)
      return row(null, error)
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
          return row(null, error)
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
    return row(output, null)
  }

  return { approvalStep, approvalWake }
}
