import type { ApprovalLevel, Approver, StepOf } from '@kemai/shared/automation/definition'
import { sql } from 'kysely'
import { newId } from '../db/ids.ts'
import type { Tx } from '../db/tx.ts'
import { notify } from '../notifications/notifications.service.ts'
import { managersOf, resolveRecipients } from './recipients.ts'

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'cancelled'

export interface ApprovalRequestRow {
  workspace_id: string
  id: string
  run_id: string
  step_id: string
  workflow_id: string
  object_name: string | null
  record_id: string | null
  title: string
  status: ApprovalStatus
  level_index: number
  round: number
  submitter_id: string | null
  lock: 'all' | string[]
  created_at: Date
  decided_at: Date | null
}

export interface ApprovalTaskRow {
  level_index: number
  round: number
  approver_id: string
  status: 'pending' | 'approved' | 'rejected' | 'skipped'
  comment: string | null
  escalated: boolean
  due_at: Date | null
  decided_at: Date | null
  created_at: Date
}

const HOUR_MS = 3_600_000

/** The users an approver entry stands for (the submitter's manager: the managers of the submitter's teams). */
export async function approverIds(
  trx: Tx,
  workspaceId: string,
  approvers: readonly Approver[],
  record: Readonly<Record<string, unknown>> | null,
  submitterId: string | null,
): Promise<string[]> {
  const out = new Set<string>()
  const plain = approvers.filter((a) => a.kind !== 'submitter_manager')
  for (const id of await resolveRecipients(
    trx,
    workspaceId,
    plain as Exclude<Approver, { kind: 'submitter_manager' }>[],
    record,
  ))
    out.add(id)
  if (submitterId && approvers.some((a) => a.kind === 'submitter_manager')) {
    const managers = await managersOf(trx, workspaceId, submitterId)
    for (const id of await resolveRecipients(
      trx,
      workspaceId,
      managers.map((userId) => ({ kind: 'user' as const, userId })),
      null,
    ))
      out.add(id)
  }
  return [...out].sort()
}

export const approvalsRepo = {
  async get(trx: Tx, ws: string, id: string, forUpdate = false): Promise<ApprovalRequestRow | undefined> {
    const r = await sql<ApprovalRequestRow>`select * from approval_request where workspace_id = ${ws}
      and id = ${id} ${forUpdate ? sql`for update` : sql``}`.execute(trx)
    return r.rows[0]
  },

  async tasks(trx: Tx, ws: string, requestId: string): Promise<ApprovalTaskRow[]> {
    const r = await sql<ApprovalTaskRow>`select level_index, round, approver_id, status, comment, escalated,
        due_at, decided_at, created_at
      from approval_task where workspace_id = ${ws} and request_id = ${requestId}
      order by round, level_index, created_at, approver_id`.execute(trx)
    return r.rows
  },

  /** The pending requests that lock a record (several workflows may ask about the same change). */
  async locksOn(trx: Tx, ws: string, recordId: string): Promise<ApprovalRequestRow[]> {
    const r = await sql<ApprovalRequestRow>`select * from approval_request where workspace_id = ${ws}
      and record_id = ${recordId} and status = 'pending' order by created_at`.execute(trx)
    return r.rows
  },
}

/**
 * Opens a level: one task per approver (a new round of it after a reject back to it), each told by a
 * notification. Returns the approvers (none: the caller fails the step) and the level's due time.
 */
export async function openLevel(
  trx: Tx,
  req: ApprovalRequestRow,
  level: ApprovalLevel,
  record: Readonly<Record<string, unknown>> | null,
  now: Date,
): Promise<{ approvers: string[]; dueAt: Date | null }> {
  const approvers = await approverIds(trx, req.workspace_id, level.approvers, record, req.submitter_id)
  const dueAt = level.timeoutHours ? new Date(now.getTime() + level.timeoutHours * HOUR_MS) : null
  if (approvers.length === 0) return { approvers, dueAt }
  await sql`insert into approval_task (workspace_id, request_id, level_index, round, approver_id, status, due_at)
    values ${sql.join(
      approvers.map(
        (a) =>
          sql`(${req.workspace_id}, ${req.id}, ${req.level_index}, ${req.round}, ${a}, 'pending', ${dueAt})`,
      ),
    )}
    on conflict do nothing`.execute(trx)
  await tellApprovers(trx, req, approvers)
  return { approvers, dueAt }
}

export async function tellApprovers(trx: Tx, req: ApprovalRequestRow, users: string[]): Promise<void> {
  await notify(
    trx,
    users.map((userId) => ({
      workspaceId: req.workspace_id,
      userId,
      kind: 'approval' as const,
      objectName: req.object_name,
      recordId: req.record_id,
      title: req.title,
      data: { approvalId: req.id, runId: req.run_id },
    })),
  )
}

/** A new request for an approval step (level 0, round 1), not yet with tasks. */
export async function insertRequest(
  trx: Tx,
  p: {
    workspaceId: string
    runId: string
    workflowId: string
    step: StepOf<'approval'>
    objectName: string | null
    recordId: string | null
    title: string
    submitterId: string | null
  },
): Promise<ApprovalRequestRow> {
  const row: ApprovalRequestRow = {
    workspace_id: p.workspaceId,
    id: newId(),
    run_id: p.runId,
    step_id: p.step.id,
    workflow_id: p.workflowId,
    object_name: p.objectName,
    record_id: p.recordId,
    title: p.title.slice(0, 500),
    status: 'pending',
    level_index: 0,
    round: 1,
    submitter_id: p.submitterId,
    lock: p.step.lock,
    created_at: new Date(),
    decided_at: null,
  }
  await sql`insert into approval_request (workspace_id, id, run_id, step_id, workflow_id, object_name,
      record_id, title, status, level_index, round, submitter_id, lock)
    values (${row.workspace_id}, ${row.id}, ${row.run_id}, ${row.step_id}, ${row.workflow_id},
      ${row.object_name}, ${row.record_id}, ${row.title}, 'pending', 0, 1, ${row.submitter_id},
      ${JSON.stringify(row.lock)}::jsonb)`.execute(trx)
  return row
}

/**
 * Where the current level stands after a decision: `rejected` when anyone rejected, `approved` when one
 * approved (或签, `any`) or all approved (会签, `all`), else `pending`.
 */
export function levelOutcome(
  mode: ApprovalLevel['mode'],
  tasks: Pick<ApprovalTaskRow, 'status'>[],
): 'approved' | 'rejected' | 'pending' {
  const live = tasks.filter((t) => t.status !== 'skipped')
  if (live.some((t) => t.status === 'rejected')) return 'rejected'
  if (mode === 'any') return live.some((t) => t.status === 'approved') ? 'approved' : 'pending'
  return live.length > 0 && live.every((t) => t.status === 'approved') ? 'approved' : 'pending'
}

/**
 * Moves a request on after its current level reached an outcome: the next level opens (approved), the
 * request is decided (last level approved; rejected back to the submitter), or an earlier level opens again
 * in a new round (rejected back to a level). Open tasks of the finished level are skipped.
 */
export async function advanceRequest(
  trx: Tx,
  req: ApprovalRequestRow,
  step: StepOf<'approval'>,
  outcome: 'approved' | 'rejected',
  record: Readonly<Record<string, unknown>> | null,
  now: Date,
): Promise<{ status: ApprovalStatus; dueAt: Date | null; failed?: 'no_approvers' }> {
  await sql`update approval_task set status = 'skipped', decided_at = ${now}
    where workspace_id = ${req.workspace_id} and request_id = ${req.id} and level_index = ${req.level_index}
      and round = ${req.round} and status = 'pending'`.execute(trx)
  let status: ApprovalStatus = 'pending'
  if (outcome === 'approved' && req.level_index + 1 < step.levels.length) req.level_index++
  else if (outcome === 'approved') status = 'approved'
  else if (step.onReject.kind === 'level') {
    const to = step.levels.findIndex((l) => l.id === (step.onReject as { level: string }).level)
    req.level_index = Math.max(0, to)
    req.round++
  } else status = 'rejected'
  req.status = status
  req.decided_at = status === 'pending' ? null : now
  await sql`update approval_request set status = ${status}, level_index = ${req.level_index}, round = ${req.round},
      decided_at = ${req.decided_at}
    where workspace_id = ${req.workspace_id} and id = ${req.id}`.execute(trx)
  if (status !== 'pending') return { status, dueAt: null }
  const opened = await openLevel(trx, req, step.levels[req.level_index]!, record, now)
  return opened.approvers.length === 0
    ? { status, dueAt: null, failed: 'no_approvers' }
    : { status, dueAt: opened.dueAt }
}
