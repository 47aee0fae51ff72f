import type { FakeRequest } from '../../test/fakeApi.ts'
import { problem } from '../../test/fakeApi.ts'
import { me, personMeta } from '../../test/fixtures.ts'
import type { Approval, ApprovalDetail, ApprovalTask } from './approvals-api.ts'

/** Approvals in the shapes of `approvalSchema` / `approvalDetailSchema`, for component tests. */
export const at = '2026-12-05T02:00:00.000Z'
let seq = 0
export const uuid = (n: number) => `01a243f1-0000-7000-8000-${String(n).padStart(12, '0')}`
export const otherUser = uuid(900)

export function approval(extra: Partial<ApprovalDetail> = {}): ApprovalDetail {
  seq++
  return {
    id: uuid(100 + seq),
    title: `调岗审批 ${seq}`,
    status: 'pending',
    workflowId: uuid(1),
    workflowName: '部门变更审批',
    runId: uuid(2),
    object: personMeta.name,
    recordId: uuid(3),
    submitterId: otherUser,
    level: { index: 0, id: 'l1', name: null, count: 1, mode: 'any' },
    round: 1,
    myTask: 'pending',
    lock: ['title'],
    createdAt: at,
    decidedAt: null,
    levels: [{ id: 'l1', name: null, mode: 'any' }],
    tasks: [task({ approverId: me.user.id })],
    ...extra,
  }
}

export function task(extra: Partial<ApprovalTask> = {}): ApprovalTask {
  return {
    level: 0,
    round: 1,
    approverId: me.user.id,
    status: 'pending',
    comment: null,
    escalated: false,
    dueAt: null,
    decidedAt: null,
    ...extra,
  }
}

const list = (a: ApprovalDetail): Approval => {
  const { levels: _l, tasks: _t, ...rest } = a
  return rest
}

/**
 * The approvals API over a list of requests: `box` inbox = my pending tasks, submitted = mine, all =
 * every one; `limit`/`cursor` page by offset; `decide` approves the current level or rejects, or answers
 * `refuse` when given.
 */
export function approvalsHandler(
  db: ApprovalDetail[],
  opts: { refuse?: { status: number; code: string; title: string } } = {},
) {
  return (req: FakeRequest) => {
    if (req.path === '/api/v1/approvals' && req.method === 'GET') {
      const box = req.query.get('box') ?? 'inbox'
      const status = req.query.get('status')
      const recordId = req.query.get('recordId')
      let rows = db.filter((a) =>
        box === 'inbox'
          ? a.status === 'pending' && a.myTask === 'pending'
          : box === 'submitted'
            ? a.submitterId === me.user.id
            : true,
      )
      if (status) rows = rows.filter((a) => a.status === status)
      if (recordId) rows = rows.filter((a) => a.recordId === recordId)
      const limit = Number(req.query.get('limit') ?? 50)
      const start = Number(req.query.get('cursor') ?? 0)
      const next = start + limit < rows.length ? String(start + limit) : null
      return { status: 200, body: { data: rows.slice(start, start + limit).map(list), nextCursor: next } }
    }
    const one = /^\/api\/v1\/approvals\/([^/]+)(\/decide)?$/.exec(req.path)
    if (!one) return undefined
    const a = db.find((x) => x.id === one[1])
    if (!a) return problem(404, 'not_found', '审批不存在')
    if (!one[2]) return { status: 200, body: a }
    if (opts.refuse) return problem(opts.refuse.status, opts.refuse.code, opts.refuse.title)
    const { decision, comment } = req.body as { decision: 'approve' | 'reject'; comment?: string }
    const mine = a.tasks.find((x) => x.approverId === me.user.id && x.status === 'pending')
    if (mine)
      Object.assign(mine, {
        status: decision === 'approve' ? 'approved' : 'rejected',
        comment: comment ?? null,
        decidedAt: at,
      })
    Object.assign(a, {
      status: decision === 'approve' ? 'approved' : 'rejected',
      myTask: decision === 'approve' ? 'approved' : 'rejected',
      level: null,
      decidedAt: at,
    })
    return { status: 200, body: a }
  }
}
