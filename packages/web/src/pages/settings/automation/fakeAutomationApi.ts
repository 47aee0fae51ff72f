import type { MeResponse } from '@kemai/shared/api/access.api'
import { vi } from 'vitest'
import type {
  EmailTemplate,
  Workflow,
  WorkflowRun,
  WorkflowRunDetail,
  WorkflowTemplate,
} from '../../../platform/Automation/automation-api.ts'
import { forgetWorkflows } from '../../../platform/Automation/useManualWorkflows.ts'
import { companyMeta, me, personMeta } from '../../../test/fixtures.ts'

/**
 * The automation API in memory, in front of `fetch`, in the shapes the server answers (for the component
 * tests of this folder and of "Run workflow"). `answer` can reply first (e.g. with a problem); every call
 * is kept.
 */

export interface Call {
  method: string
  path: string
  query: URLSearchParams
  body: unknown
}
type Answer = { status: number; body?: unknown } | undefined

export const at = '2026-12-05T02:00:00.000Z'
let n = 0
export const uuid = () => `01a243f1-0000-7000-8000-${String(++n).padStart(12, '0')}`

export function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}) {
  return {
    status,
    body: { type: `https://kemai.dev/problems/${code}`, title, status, code, errors: [], ...extra },
  }
}

export function workflow(p: Partial<Workflow> = {}): Workflow {
  return {
    id: uuid(),
    name: '客户阶段提醒',
    description: null,
    enabled: false,
    templateKey: null,
    draft: {
      trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
      start: 'note',
      steps: [{ id: 'note', type: 'add_note', body: '职位变了', next: null }],
    },
    hasChanges: true,
    publishedVersion: null,
    triggerType: null,
    triggerObject: null,
    maxRunsPerMinute: 60,
    webhookUrl: null,
    problems: [],
    createdAt: at,
    updatedAt: at,
    ...p,
  }
}

export function run(w: Workflow, p: Partial<WorkflowRunDetail> = {}): WorkflowRunDetail {
  return {
    id: uuid(),
    workflowId: w.id,
    workflowName: w.name,
    version: 1,
    status: 'succeeded',
    triggerType: 'record_updated',
    object: 'person',
    recordId: '01a243f1-0000-7000-8000-00000000a001',
    depth: 1,
    nextStep: null,
    stepsDone: 1,
    error: null,
    waitingFor: null,
    wakeAt: null,
    startedAt: at,
    finishedAt: '2026-12-05T02:00:01.250Z',
    steps: [],
    payload: { changed: ['title'] },
    ...p,
  }
}

export const birthday: WorkflowTemplate = {
  key: 'birthday_reminder',
  name: { 'zh-CN': '生日提醒', en: 'Birthday reminder' },
  description: { 'zh-CN': '生日当天 9 点提醒负责人', en: 'Tells the owner at 09:00 on the birthday' },
  requires: [{ object: 'person', fields: [{ name: 'birthday', type: 'date' }] }],
  missing: [],
  definition: {},
}
export const quoteFollowUp: WorkflowTemplate = {
  key: 'quote_follow_up',
  name: { 'zh-CN': '报价跟进', en: 'Quote follow-up' },
  description: { 'zh-CN': '报价发出 3 天后跟进', en: 'Follow up 3 days after a quote is sent' },
  requires: [{ object: 'quote', fields: [{ name: 'status', type: 'select' }] }],
  missing: [{ object: 'quote' }],
  definition: {},
}

export function seed() {
  return {
    workflows: [] as Workflow[],
    runs: [] as WorkflowRunDetail[],
    templates: [birthday, quoteFollowUp],
    emailTemplates: [] as EmailTemplate[],
  }
}

const summary = ({ steps: _s, payload: _p, ...r }: WorkflowRunDetail): WorkflowRun => r

export function fakeAutomationApi(
  answer: (c: Call) => Answer = () => undefined,
  db = seed(),
  who: MeResponse = me,
) {
  forgetWorkflows()
  const calls: Call[] = []
  const json = (status: number, body?: unknown) =>
    new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  const notFound = () => json(404, problem(404, 'not_found', '资源不存在').body)

  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kemai.test')
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    }
    calls.push(call)
    const { method, path } = call
    if (path === '/api/v1/auth/me') return json(200, who)
    if (path === '/api/v1/metadata/objects') return json(200, { data: [companyMeta, personMeta] })
    if (path === '/api/v1/users') return json(200, { data: [who.user] })
    const custom = answer(call)
    if (custom) return json(custom.status, custom.body)
    const body = (call.body ?? {}) as Record<string, unknown>

    if (path === '/api/v1/workflows/templates') return json(200, { data: db.templates })
    const install = /^\/api\/v1\/workflows\/templates\/([^/]+)\/install$/.exec(path)
    if (install) {
      const tpl = db.templates.find((x) => x.key === install[1])
      if (!tpl) return notFound()
      const w = workflow({ name: tpl.name['zh-CN'], templateKey: tpl.key })
      db.workflows.push(w)
      return json(201, w)
    }
    if (path === '/api/v1/workflows' && method === 'GET') return json(200, { data: db.workflows })
    if (path === '/api/v1/workflows' && method === 'POST') {
      const w = workflow({ name: String(body.name), draft: body.definition as Workflow['draft'] })
      db.workflows.push(w)
      return json(201, w)
    }
    const wf = /^\/api\/v1\/workflows\/([^/]+)(?:\/([a-z-]+))?(?:\/(\d+))?$/.exec(path)
    if (wf) {
      const w = db.workflows.find((x) => x.id === wf[1])
      if (!w) return notFound()
      const action = wf[2]
      if (!action && method === 'GET') return json(200, w)
      if (!action && method === 'PATCH') {
        Object.assign(w, body)
        return json(200, w)
      }
      if (!action && method === 'DELETE') {
        db.workflows.splice(db.workflows.indexOf(w), 1)
        return json(204)
      }
      if (action === 'publish') {
        if (w.problems.length)
          return json(400, problem(400, 'validation_failed', '输入有误', { problems: w.problems }).body)
        Object.assign(w, { publishedVersion: (w.publishedVersion ?? 0) + 1, hasChanges: false })
        return json(200, w)
      }
      if (action === 'enable' || action === 'disable') {
        if (action === 'enable' && w.publishedVersion === null)
          return json(
            409,
            problem(409, 'conflict', '与现有数据冲突', {
              errors: [
                {
                  path: 'publishedVersion',
                  code: 'workflow.not_published',
                  message: '流程还没有发布过，不能启用',
                },
              ],
            }).body,
          )
        w.enabled = action === 'enable'
        return json(200, w)
      }
      if (action === 'versions' && wf[3]) return json(200, { version: Number(wf[3]), definition: w.draft })
      if (action === 'run') {
        const ids = (body.recordIds as string[]) ?? []
        const made = ids.map((recordId) => run(w, { recordId, triggerType: 'manual', status: 'running' }))
        db.runs.unshift(...made)
        return json(202, { runIds: made.map((r) => r.id) })
      }
    }
    if (path === '/api/v1/workflow-runs') {
      const q = url.searchParams
      const list = db.runs.filter(
        (r) =>
          (!q.get('workflowId') || r.workflowId === q.get('workflowId')) &&
          (!q.get('status') || r.status === q.get('status')) &&
          (!q.get('recordId') || r.recordId === q.get('recordId')),
      )
      const limit = Number(q.get('limit') ?? 50)
      const start = Number(q.get('cursor') ?? 0)
      const next = start + limit < list.length ? String(start + limit) : null
      return json(200, { data: list.slice(start, start + limit).map(summary), nextCursor: next })
    }
    const rr = /^\/api\/v1\/workflow-runs\/([^/]+)(?:\/(retry|cancel))?$/.exec(path)
    if (rr) {
      const r = db.runs.find((x) => x.id === rr[1])
      if (!r) return notFound()
      if (rr[2] === 'retry') {
        if (r.status !== 'failed') return json(409, problem(409, 'conflict', '这次运行不能重试').body)
        Object.assign(r, { status: 'running', error: null, finishedAt: null })
      }
      if (rr[2] === 'cancel') {
        if (r.status !== 'running' && r.status !== 'waiting')
          return json(409, problem(409, 'conflict', '这次运行已经结束').body)
        Object.assign(r, { status: 'cancelled', finishedAt: at })
      }
      return json(200, r)
    }
    if (path === '/api/v1/email-templates' && method === 'GET') return json(200, { data: db.emailTemplates })
    const et = /^\/api\/v1\/email-templates(?:\/([^/]+))?$/.exec(path)
    if (et && (method === 'POST' || method === 'PUT')) {
      // the server's checks (emailTemplateInputSchema): a name and a subject that are not blank
      const errors = (['name', 'subject', 'body'] as const)
        .filter((k) => !String(body[k] ?? '').trim())
        .map((k) => ({ path: k, code: 'too_small', message: '不能为空' }))
      if (errors.length) return json(400, problem(400, 'validation_failed', '输入有误', { errors }).body)
      const input = { name: String(body.name), subject: String(body.subject), body: String(body.body) }
      if (method === 'POST') {
        const made = { id: uuid(), ...input, createdAt: at, updatedAt: at }
        db.emailTemplates.push(made)
        return json(201, made)
      }
      const x = db.emailTemplates.find((y) => y.id === et[1])
      if (!x) return notFound()
      Object.assign(x, input, { updatedAt: '2026-12-05T03:00:00.000Z' })
      return json(200, x)
    }
    if (et?.[1] && method === 'DELETE') {
      const i = db.emailTemplates.findIndex((y) => y.id === et[1])
      if (i < 0) return notFound()
      db.emailTemplates.splice(i, 1)
      return json(204)
    }
    if (/^\/api\/v1\/records\/person$/.test(path)) return json(200, { data: [], nextCursor: null })
    return notFound()
  })
  return { calls, db }
}
