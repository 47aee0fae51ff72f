import { createTransport, type Transporter } from 'nodemailer'
import { type Db, withWorkspace } from '../db/tx.ts'
import { enqueue } from '../events/boss.ts'
import { defineJob, type JobDefinition } from '../events/jobs.ts'
import { sendRequest } from '../webhooks/post.ts'
import {
  type Engine,
  type Enqueue,
  type ExternalRequest,
  type ExternalResult,
  type ExternalStep,
  isExternal,
  parseBody,
  RUN_QUEUE,
  type RunJob,
} from './engine.ts'
import { runsRepo } from './runs.repo.ts'

export interface RunJobDeps {
  db: Db
  engine: Engine
  /** HTTP steps may call loopback/private addresses (KEMAI_WEBHOOK_ALLOW_PRIVATE=1) */
  allowPrivateNetworks: boolean
  /** e-mail steps go out through this SMTP server (KEMAI_SMTP_URL); null: they fail with smtp_not_configured */
  smtpUrl: string | null
  mailFrom: string
}

/** Characters of an HTTP step's answer kept as its output. */
const MAX_HTTP_BODY = 100_000

type Next =
  | { kind: 'stop' }
  | { kind: 'again' }
  | { kind: 'out'; step: ExternalStep; request: ExternalRequest }

/**
 * Continues a run outside the event that started it: after a wait or a timeout, to send an HTTP step, when
 * a started workflow ended, or when a run is retried. One step per transaction, so a crash resumes from
 * the last completed step (pg-boss retries the job; the run row is locked while a step runs). An HTTP step
 * is sent between two transactions with the idempotency key `<run>:<seq>`: the row says `running` first,
 * so a crash before the answer was saved re-sends the same request with the same key. A job whose token
 * is not the run's current one (a pause that already ended another way) does nothing.
 */
export function runJob(deps: RunJobDeps): JobDefinition<RunJob> {
  const { db, engine } = deps

  async function step(job: RunJob): Promise<Next> {
    return withWorkspace(db, job.workspaceId, async (trx, ws) => {
      const run = await runsRepo.lock(trx, ws.id, job.runId)
      if (!run || run.wait_token !== job.token) return { kind: 'stop' } as Next
      const later: Enqueue = async (j, at) => {
        await enqueue(trx, RUN_QUEUE, j, at ? { startAfter: at } : {})
      }
      const rows = run.status === 'waiting' ? await engine.resume(trx, ws, run, 'due', later) : []
      if (run.status !== 'running') {
        await runsRepo.save(trx, run, rows)
        return { kind: 'stop' } as Next
      }
      const def = await engine.definition(trx, ws.id, run.workflow_id, run.version)
      if (isExternal(def.steps.find((s) => s.id === run.next_step))) {
        const prepared = await engine.prepareExternal(trx, ws, run)
        if ('failed' in prepared) {
          await engine.wakeParent(trx, run, later)
          await runsRepo.save(trx, run, [...rows, prepared.failed])
          return { kind: 'stop' } as Next
        }
        await runsRepo.save(trx, run, [...rows, prepared.row])
        return { kind: 'out', step: prepared.step, request: prepared.request } as Next
      }
      rows.push(...(await engine.advance(trx, ws, run, later, { maxSteps: 1 })))
      await runsRepo.save(trx, run, rows)
      return (
        run.status === 'running' && run.wait_token === job.token ? { kind: 'again' } : { kind: 'stop' }
      ) as Next
    })
  }

  let mailer: Transporter | null = null

  /** Sends the request; never throws: a failure is a result with its error in words. */
  async function send(request: ExternalRequest): Promise<ExternalResult> {
    if (request.kind === 'http') {
      const r = await sendRequest({
        url: request.url,
        method: request.method,
        headers: { ...request.headers, 'idempotency-key': request.idempotencyKey },
        body: request.body,
        timeoutMs: request.timeoutMs,
        maxResponseChars: MAX_HTTP_BODY,
        allowPrivateNetworks: deps.allowPrivateNetworks,
      })
      return {
        ok: r.ok,
        output: r.ok
          ? { status: r.status, body: parseBody(r.body), headers: r.headers }
          : { status: r.status },
        error: r.error ?? (r.ok ? null : `HTTP ${r.status}`),
        durationMs: r.durationMs,
      }
    }
    const started = performance.now()
    if (!deps.smtpUrl) return { ok: false, output: null, error: 'smtp_not_configured', durationMs: 0 }
    try {
      mailer ??= createTransport(deps.smtpUrl)
      const info = await mailer.sendMail({
        from: deps.mailFrom,
        to: request.to,
        cc: request.cc,
        subject: request.subject,
        text: request.text,
        messageId: request.messageId,
      })
      // a server that takes the message for some recipients only: sent (a retry would send it twice to the others)
      return {
        ok: true,
        output: {
          messageId: request.messageId,
          accepted: (info.accepted ?? []).map(String),
          rejected: (info.rejected ?? []).map(String),
        },
        error: null,
        durationMs: Math.round(performance.now() - started),
      }
    } catch (e) {
      return {
        ok: false,
        output: null,
        error: e instanceof Error ? e.message.slice(0, 500) : String(e),
        durationMs: Math.round(performance.now() - started),
      }
    }
  }

  async function goOut(job: RunJob, next: Extract<Next, { kind: 'out' }>): Promise<Next> {
    const { request } = next
    const result = await send(request)
    return withWorkspace(db, job.workspaceId, async (trx) => {
      const run = await runsRepo.lock(trx, job.workspaceId, job.runId)
      // cancelled (or otherwise moved on) while the request was out: its answer is not used
      if (!run || run.wait_token !== job.token || run.status !== 'running' || run.next_step !== next.step.id)
        return { kind: 'stop' } as Next
      const later: Enqueue = async (j, at) => {
        await enqueue(trx, RUN_QUEUE, j, at ? { startAfter: at } : {})
      }
      const row = await engine.completeExternal(run, next.step, request, result, later)
      if (run.finished_at) await engine.wakeParent(trx, run, later)
      await runsRepo.save(trx, run, [row])
      return (
        run.status === 'running' && run.wait_token === job.token ? { kind: 'again' } : { kind: 'stop' }
      ) as Next
    })
  }

  return defineJob<RunJob>({
    name: RUN_QUEUE,
    // each job is a few short round trips, fetched one at a time: 4 workers fire due waits about twice as
    // fast as 2 (bench/automation.bench.ts, 2,000 waits due together: late p50 19.7 → 7.4 s)
    concurrency: 4,
    retryLimit: 5,
    retryDelaySeconds: 5,
    // one step per transaction and an HTTP step of at most 60 s: a job active for longer belongs to a
    // process that died (PostgreSQL; PGlite fails such jobs at restart), and is retried
    timeoutSeconds: 75,
    async handle(job) {
      for (;;) {
        let next = await step(job)
        if (next.kind === 'out') next = await goOut(job, next)
        if (next.kind === 'stop') return
      }
    },
  })
}
