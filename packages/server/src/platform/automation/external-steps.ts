import type { Step, StepOf } from '@kemai/shared/automation/definition'
import { sql } from 'kysely'
import type { Tx, WorkspaceInfo } from '../db/tx.ts'
import { loadTemplate } from './email-templates.service.ts'
import { type EngineCore, type Enqueue, type Env, finish, StepFailure, stepError } from './engine-base.ts'
import { resolveRecipients } from './recipients.ts'
import type { RunRow, StepRunRow } from './runs.repo.ts'

/**
 * HTTP and e-mail steps: prepared in a transaction (request, step row `running`, idempotency key), sent
 * outside any (run-job.ts), completed in another (output, retry with backoff, or the run's failure).
 */
export function externalSteps(core: EngineCore) {
  const { envFor, render, text, pause } = core

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

  return { prepareExternal, completeExternal }
}

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
