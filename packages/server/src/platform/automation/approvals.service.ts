import type { ApprovalDetailDto, ApprovalDto } from '@kemai/shared/api/automation.api'
import type { StepOf } from '@kemai/shared/automation/definition'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { audit, auditActor } from '../audit/audit.ts'
import { type Db, isUuid, type Tx, type WorkspaceInfo, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import { enqueue } from '../events/boss.ts'
import type { HookRegistry } from '../records/hooks.ts'
import type { RecordsService } from '../records/service.ts'
import { decodeCursor, encodeCursor } from '../records/shape.ts'
import { canAutomation } from './access.ts'
import { type ApprovalRequestRow, advanceRequest, approvalsRepo, levelOutcome } from './approvals.ts'
import { type Engine, finish, RUN_QUEUE } from './engine.ts'
import { runsRepo } from './runs.repo.ts'

export interface ApprovalsDeps {
  db: Db
  records: RecordsService
  engine: Engine
  locks: ApprovalLocks
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

type ListedRequest = ApprovalRequestRow & { workflow_name: string; my_status: string | null }

const KEYS = [
  { column: 'created_at', desc: true },
  { column: 'id', desc: true },
]

/**
 * Approvals (docs/automation.md, "Approvals"): the inbox of pending decisions, the requests one submitted,
 * a request with its levels and every decision, and the decision itself. A request is visible to its
 * approvers, its submitter, readers of its record and automation readers; only a pending approver of the
 * current level decides.
 */
export function createApprovalsService(deps: ApprovalsDeps) {
  const tx = <T>(actor: Actor, fn: (trx: Tx, ws: WorkspaceInfo) => Promise<T>, read = false) =>
    withWorkspace(deps.db, actor.workspaceId, (trx, ws) => fn(trx, ws), { read })

  async function stepOf(trx: Tx, req: ApprovalRequestRow): Promise<StepOf<'approval'>> {
    const run = await sql<{ version: number }>`select version from workflow_run
      where workspace_id = ${req.workspace_id} and id = ${req.run_id}`.execute(trx)
    const def = await deps.engine.definition(trx, req.workspace_id, req.workflow_id, run.rows[0]!.version)
    return def.steps.find((s) => s.id === req.step_id) as StepOf<'approval'>
  }

  function dto(r: ListedRequest, step: StepOf<'approval'> | null): ApprovalDto {
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      workflowId: r.workflow_id,
      workflowName: r.workflow_name,
      runId: r.run_id,
      object: r.object_name,
      recordId: r.record_id,
      submitterId: r.submitter_id,
      level: step
        ? {
            index: r.level_index,
            id: step.levels[r.level_index]?.id ?? '',
            name: step.levels[r.level_index]?.name ?? null,
            count: step.levels.length,
            mode: step.levels[r.level_index]?.mode ?? 'any',
          }
        : null,
      round: r.round,
      myTask: r.my_status,
      lock: r.lock,
      createdAt: iso(r.created_at)!,
      decidedAt: iso(r.decided_at),
    }
  }

  /** May the actor see this request? Its approvers, submitter, automation readers and readers of its record. */
  async function assertVisible(
    trx: Tx,
    ws: WorkspaceInfo,
    actor: Actor,
    req: ApprovalRequestRow,
  ): Promise<void> {
    if (canAutomation(actor, 'read') || (actor.userId && req.submitter_id === actor.userId)) return
    if (actor.userId) {
      const mine = await sql`select 1 from approval_task where workspace_id = ${req.workspace_id}
        and request_id = ${req.id} and approver_id = ${actor.userId} limit 1`.execute(trx)
      if (mine.rows.length > 0) return
    }
    if (req.object_name && req.record_id) {
      // in this transaction: PGlite has one connection
      await (await deps.records.within(trx, ws, actor)).get(req.object_name, req.record_id)
      return
    }
    throw errors.notFound()
  }

  const listed = (where: ReturnType<typeof sql>, actor: Actor, after: unknown[] | null, limit: number) =>
    sql<ListedRequest>`select r.*, w.name as workflow_name,
        (select t.status from approval_task t where t.workspace_id = r.workspace_id and t.request_id = r.id
           and t.approver_id = ${actor.userId} and t.level_index = r.level_index and t.round = r.round
           limit 1) as my_status
      from approval_request r
      join workflow w on w.workspace_id = r.workspace_id and w.id = r.workflow_id
      where r.workspace_id = ${actor.workspaceId} and ${where}
        ${after ? sql`and (r.created_at, r.id) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)` : sql``}
      order by r.created_at desc, r.id desc limit ${limit + 1}`

  return {
    async list(
      actor: Actor,
      q: {
        box: 'inbox' | 'submitted' | 'all'
        status?: string
        recordId?: string
        limit: number
        cursor?: string
      },
    ) {
      const after = q.cursor ? decodeCursor(q.cursor, KEYS) : null
      if (q.box === 'all' && !q.recordId && !canAutomation(actor, 'read')) throw errors.forbidden()
      return tx(
        actor,
        async (trx, ws) => {
          let where =
            q.box === 'inbox'
              ? sql`exists (select 1 from approval_task t where t.workspace_id = r.workspace_id
                  and t.request_id = r.id and t.approver_id = ${actor.userId} and t.status = 'pending'
                  and t.level_index = r.level_index and t.round = r.round) and r.status = 'pending'`
              : q.box === 'submitted'
                ? sql`r.submitter_id = ${actor.userId}`
                : sql`true`
          if (q.status) where = sql`${where} and r.status = ${q.status}`
          if (q.recordId) where = sql`${where} and r.record_id = ${q.recordId}`
          const r = await listed(where, actor, after, q.limit).execute(trx)
          // a record's approvals: only for those who may read the record
          const first = r.rows[0]
          if (q.recordId && first?.object_name && !canAutomation(actor, 'read'))
            await (await deps.records.within(trx, ws, actor)).get(first.object_name, q.recordId)
          const page = r.rows.slice(0, q.limit)
          const last = page[page.length - 1]
          const out: ApprovalDto[] = []
          for (const x of page) out.push(dto(x, await stepOf(trx, x)))
          return {
            data: out,
            nextCursor:
              r.rows.length > q.limit && last ? encodeCursor([iso(last.created_at), last.id]) : null,
          }
        },
        true,
      )
    },

    async get(actor: Actor, id: string): Promise<ApprovalDetailDto> {
      if (!isUuid(id)) throw errors.notFound()
      return tx(
        actor,
        async (trx, ws) => {
          const r = await listed(sql`r.id = ${id}`, actor, null, 1).execute(trx)
          const req = r.rows[0]
          if (!req) throw errors.notFound()
          await assertVisible(trx, ws, actor, req)
          const step = await stepOf(trx, req)
          const tasks = await approvalsRepo.tasks(trx, actor.workspaceId, id)
          return {
            ...dto(req, step),
            levels: step.levels.map((l) => ({ id: l.id, name: l.name ?? null, mode: l.mode })),
            tasks: tasks.map((t) => ({
              level: t.level_index,
              round: t.round,
              approverId: t.approver_id,
              status: t.status,
              comment: t.comment,
              escalated: t.escalated,
              dueAt: iso(t.due_at),
              decidedAt: iso(t.decided_at),
            })),
          }
        },
        true,
      )
    },

    /**
     * A pending approver of the current level approves or rejects, with an optional comment. When the level
     * reaches its outcome the request moves on (next level, an earlier level again, or decided) and a decided
     * request's run goes on in its job. Audited.
     */
    async decide(
      actor: Actor,
      id: string,
      input: { decision: 'approve' | 'reject'; comment?: string | undefined },
    ): Promise<ApprovalDetailDto> {
      if (!isUuid(id)) throw errors.notFound()
      if (!actor.userId) throw errors.forbidden()
      const userId = actor.userId
      await tx(actor, async (trx, ws) => {
        const req = await approvalsRepo.get(trx, actor.workspaceId, id, true)
        if (!req) throw errors.notFound()
        await assertVisible(trx, ws, actor, req)
        if (req.status !== 'pending')
          throw errors.conflict([{ path: 'status', code: 'approval.not_pending' }])
        const now = new Date()
        const mine =
          await sql`update approval_task set status = ${input.decision === 'approve' ? 'approved' : 'rejected'},
            comment = ${input.comment?.trim() || null}, decided_at = ${now}
          where workspace_id = ${req.workspace_id} and request_id = ${req.id} and approver_id = ${userId}
            and level_index = ${req.level_index} and round = ${req.round} and status = 'pending'`.execute(trx)
        if (Number(mine.numAffectedRows ?? 0) === 0)
          throw errors.forbidden([{ path: 'id', code: 'approval.not_approver' }])
        await audit(trx, {
          ...auditActor(actor),
          action: input.decision === 'approve' ? 'approval.approved' : 'approval.rejected',
          targetType: 'approval',
          targetId: req.id,
          detail: { level: req.level_index, round: req.round, comment: input.comment ?? null },
        })
        const step = await stepOf(trx, req)
        const tasks = (await approvalsRepo.tasks(trx, req.workspace_id, req.id)).filter(
          (t) => t.level_index === req.level_index && t.round === req.round,
        )
        const outcome = levelOutcome(step.levels[req.level_index]!.mode, tasks)
        if (outcome === 'pending') return
        const run = await runsRepo.lock(trx, req.workspace_id, req.run_id)
        if (!run) return
        const record =
          req.object_name && req.record_id
            ? await (await deps.records.within(trx, ws, deps.engine.actorFor(run)))
                .get(req.object_name, req.record_id)
                .catch(() => null)
            : null
        const moved = await advanceRequest(trx, req, step, outcome, record, now)
        deps.locks.forget(req.workspace_id)
        const later = (token: number, at?: Date) =>
          enqueue(
            trx,
            RUN_QUEUE,
            { workspaceId: run.workspace_id, runId: run.id, token },
            at ? { startAfter: at } : {},
          )
        if (moved.failed) {
          finish(run, 'failed', {
            code: 'workflow.no_recipient',
            stepId: req.step_id,
            params: { step: req.step_id, who: 'approvers' },
          })
          run.wait_token++
          await runsRepo.save(trx, run, [])
          return
        }
        // decided: the run's job goes on at the approved/rejected branch; a new level: its due time
        run.wait_token++
        const w = run.state.waiting
        if (moved.status === 'pending' && w?.kind === 'approval') {
          run.state.waiting = { ...w, dueAt: moved.dueAt ? moved.dueAt.toISOString() : null }
          run.wake_at = moved.dueAt
          await runsRepo.save(trx, run, [])
          if (moved.dueAt) await later(run.wait_token, moved.dueAt)
          return
        }
        await runsRepo.save(trx, run, [])
        await later(run.wait_token)
      })
      return this.get(actor, id)
    },
  }
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>

/**
 * While a request is pending its record is locked (all fields, or the step's list): other writes get 409
 * `approval.record_locked`; the run that asked may still write. Which objects have pending requests is
 * cached per workspace for 5 s (dropped at once in this process when a request opens or closes), so an
 * update of an object without any costs no query.
 */
const IGNORED = new Set(['updated_at', 'updated_by', 'version'])

export function createApprovalLocks(ttlMs = 5_000) {
  const cache = new Map<string, { at: number; objects: Set<string> }>()
  async function objectsWithRequests(trx: Tx, ws: string): Promise<Set<string>> {
    const c = cache.get(ws)
    if (c && Date.now() - c.at < ttlMs) return c.objects
    const r = await sql<{ object_name: string }>`select distinct object_name from approval_request
      where workspace_id = ${ws} and status = 'pending' and object_name is not null`.execute(trx)
    const objects = new Set(r.rows.map((x) => x.object_name))
    if (cache.size > 10_000) cache.clear()
    cache.set(ws, { at: Date.now(), objects })
    return objects
  }
  return {
    forget(ws: string) {
      cache.delete(ws)
    },
    register(hooks: HookRegistry) {
      const check = async (ctx: Parameters<Parameters<HookRegistry['on']>[2]>[0]) => {
        const id = String(ctx.previous?.id ?? ctx.record.id ?? '')
        if (!id || !(await objectsWithRequests(ctx.trx, ctx.actor.workspaceId)).has(ctx.object.name)) return
        const prev = ctx.previous ?? {}
        const changed =
          ctx.operation === 'update'
            ? Object.keys(ctx.record).filter(
                (k) =>
                  !IGNORED.has(k) &&
                  JSON.stringify(ctx.record[k] ?? null) !== JSON.stringify(prev[k] ?? null),
              )
            : ['id']
        for (const req of await approvalsRepo.locksOn(ctx.trx, ctx.actor.workspaceId, id)) {
          // the run that asked may write (e.g. the outcome); nobody else
          if (ctx.actor.cause && ctx.actor.cause.runId === req.run_id) continue
          const hit =
            ctx.operation !== 'update' || req.lock === 'all'
              ? changed[0]
              : changed.find((k) => (req.lock as string[]).includes(k))
          if (hit)
            throw errors.conflict([
              { path: hit, code: 'approval.record_locked', params: { title: req.title } },
            ])
        }
      }
      // the locks are approval requests, which no record write changes
      hooks.on('before', '*.update', check, { perRecord: true })
      hooks.on('before', '*.delete', check, { perRecord: true })
    },
  }
}

export type ApprovalLocks = ReturnType<typeof createApprovalLocks>
