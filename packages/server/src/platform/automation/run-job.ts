import { createTransport, type Transporter } from 'nodemailer'
import { type Db, type Tx, type WorkspaceInfo, withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { enqueue } from '../events/boss.ts'
import { releaseSavepoint, rollbackToSavepoint, savepoint } from '../events/events.repo.ts'
import { batchGuard, groupByWorkspace, Unguarded } from '../events/guard.ts'
import { type BatchContext, defineJob, type JobDefinition, type QueuedJob } from '../events/jobs.ts'
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
  runJobsVia,
} from './engine.ts'
import { type RunRow, runsRepo, type StepRunRow } from './runs.repo.ts'
import { inLockstep, type StepBatch } from './step-batch.ts'

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

/** HTTP and e-mail steps are sent by jobs of this queue, one at a time (a request may take up to 60 s). */
export const EXTERNAL_QUEUE = 'automation.external'

/** Run jobs fetched and continued together, in one transaction per workspace. */
const RUN_BATCH = 100

const runLater = (trx: Tx): Enqueue => runJobsVia((q, data, opts) => enqueue(trx, q, data, opts))
const sendLater =
  (trx: Tx): Enqueue =>
  async (j) => {
    await enqueue(trx, EXTERNAL_QUEUE, j)
  }

/**
 * Continues runs outside the event that started them: after a wait or a timeout, when a started workflow
 * ended, when a run is retried or started by hand. Jobs come in batches; each workspace's share runs in one
 * transaction, first without savepoints and, if anything fails, again with a savepoint per job (guard.ts),
 * where a job's failure is its own and pg-boss retries it. A run goes on up to its next pause, its end, or
 * an HTTP or e-mail step, which is handed to an `automation.external` job. A crash rolls the transaction
 * back and the jobs are retried from the last committed state. A job whose token is not the run's current
 * one (a pause that already ended another way) does nothing.
 */
export function runJob(deps: Pick<RunJobDeps, 'db' | 'engine'>): JobDefinition<RunJob> {
  const { db, engine } = deps
  const guard = batchGuard()

  /** Takes the run on from where the job finds it; returns its new step rows (the caller saves the run). */
  async function go(
    trx: Tx,
    ws: WorkspaceInfo,
    run: RunRow,
    guarded: boolean,
    batch?: StepBatch,
  ): Promise<StepRunRow[]> {
    const later = batch ? runJobsVia((q, data, opts) => batch.enqueue(q, data, opts)) : runLater(trx)
    const rows = run.status === 'waiting' ? await engine.resume(trx, ws, run, 'due', later) : []
    if (run.status === 'running') {
      rows.push(...(await engine.advance(trx, ws, run, later, { guarded, ...(batch ? { batch } : {}) })))
      // stopped before an HTTP or e-mail step: sent by a job of its own
      if (run.status === 'running')
        await engine.schedule(run, batch ? (j) => batch.enqueue(EXTERNAL_QUEUE, j) : sendLater(trx))
    } else if (run.finished_at) await engine.wakeParent(trx, run, later)
    return rows
  }

  /**
   * The unguarded pass: runs whose definitions allow it go on side by side, their reads, writes and jobs
   * gathered (lockstep, step-batch.ts), one job per run. Returns the jobs left to take one at a time: runs
   * of other definitions, a run's second job, jobs whose token is stale.
   */
  async function lockstep(
    trx: Tx,
    ws: WorkspaceInfo,
    group: QueuedJob<RunJob>[],
    runs: Map<string, RunRow>,
    unsaved: Map<RunRow, StepRunRow[]>,
    done: string[],
  ): Promise<QueuedJob<RunJob>[]> {
    const together: [QueuedJob<RunJob>, RunRow][] = []
    const rest: QueuedJob<RunJob>[] = []
    for (const job of group) {
      const run = runs.get(job.data.runId.toLowerCase())
      const fits =
        run &&
        run.wait_token === job.data.token &&
        !together.some(([, r]) => r === run) &&
        inLockstep(await engine.definition(trx, ws.id, run.workflow_id, run.version))
      if (fits) together.push([job, run])
      else rest.push(job)
    }
    if (together.length < 2) return group
    const batch = engine.stepBatch(trx, ws)
    const results = await Promise.allSettled(
      together.map(([, run]) => batch.join(() => go(trx, ws, run, false, batch))),
    )
    results.forEach((r, i) => {
      if (r.status === 'rejected') throw r.reason
      const [job, run] = together[i]!
      unsaved.set(run, r.value)
      done.push(job.id)
    })
    return rest
  }

  async function runGroup(group: QueuedJob<RunJob>[], guarded: boolean, ctx: BatchContext) {
    const failed: unknown[] = []
    let entered = false
    await withWorkspace(db, group[0]!.data.workspaceId, async (trx, ws) => {
      entered = true
      const runs = await runsRepo.lockMany(
        trx,
        ws.id,
        group.map((j) => j.data.runId),
      )
      const done: string[] = []
      // unguarded, the runs are saved together at the end (a run with two jobs in the batch once)
      const unsaved = new Map<RunRow, StepRunRow[]>()
      const oneByOne = guarded ? group : await lockstep(trx, ws, group, runs, unsaved, done)
      for (const job of oneByOne) {
        const run = runs.get(job.data.runId.toLowerCase())
        if (guarded) await savepoint(trx)
        try {
          if (run && run.wait_token === job.data.token) {
            const rows = await go(trx, ws, run, guarded)
            if (guarded) await runsRepo.save(trx, run, rows)
            else unsaved.set(run, [...(unsaved.get(run) ?? []), ...rows])
          }
          if (guarded) await releaseSavepoint(trx)
          done.push(job.id)
        } catch (err) {
          if (!guarded) throw new Unguarded(err)
          await rollbackToSavepoint(trx)
          failed.push(err)
        }
      }
      await runsRepo.saveMany(
        trx,
        [...unsaved].map(([run, steps]) => ({ run, steps })),
      )
      if (done.length > 0) await ctx.complete(trx, done)
    }).catch((err: unknown) => {
      // the workspace is gone, and its runs with it (a not_found from inside is an error like any other)
      if (err instanceof AppError && err.code === 'not_found' && !entered) return
      throw err
    })
    return failed
  }

  return defineJob<RunJob>({
    name: RUN_QUEUE,
    batchSize: RUN_BATCH,
    concurrency: 2,
    // due waits are delayed jobs, found only by polling: half a second late at most for that part
    pollingIntervalSeconds: 0.5,
    retryLimit: 5,
    retryDelaySeconds: 5,
    timeoutSeconds: 300,
    async handleBatch(jobs, ctx) {
      let firstError: unknown
      for (const group of groupByWorkspace(jobs)) {
        try {
          const failed = guard.now
            ? await runGroup(group, true, ctx)
            : await runGroup(group, false, ctx).catch(() => {
                // whatever failed (a step, the completion, the commit): redo it guarded
                guard.failed()
                return runGroup(group, true, ctx)
              })
          firstError ??= failed[0]
        } catch (err) {
          firstError ??= err
        }
      }
      // the jobs not completed above are failed and retried
      if (firstError !== undefined) throw firstError
    },
  })
}

type Out = { step: ExternalStep; request: ExternalRequest } | null

/**
 * Sends a run's HTTP or e-mail step between two transactions, with the idempotency key `<run>:<seq>`: the
 * step row says `running` first, so a crash before the answer was saved re-sends the same request with the
 * same key (pg-boss retries the job). The answer is saved and the run goes on in an `automation.run` job.
 * A job whose token is not the run's current one does nothing.
 */
export function externalJob(deps: RunJobDeps): JobDefinition<RunJob> {
  const { db, engine } = deps

  async function prepare(job: RunJob): Promise<Out> {
    return withWorkspace(db, job.workspaceId, async (trx, ws) => {
      const run = await runsRepo.lock(trx, ws.id, job.runId)
      if (!run || run.wait_token !== job.token || run.status !== 'running') return null
      const def = await engine.definition(trx, ws.id, run.workflow_id, run.version)
      if (!isExternal(def.steps.find((s) => s.id === run.next_step))) {
        // not at an HTTP or e-mail step: the run goes on in a run job
        await engine.schedule(run, runLater(trx))
        await runsRepo.save(trx, run, [])
        return null
      }
      const prepared = await engine.prepareExternal(trx, ws, run)
      if ('failed' in prepared) {
        await engine.wakeParent(trx, run, runLater(trx))
        await runsRepo.save(trx, run, [prepared.failed])
        return null
      }
      await runsRepo.save(trx, run, [prepared.row])
      return { step: prepared.step, request: prepared.request }
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

  async function goOut(job: RunJob, out: NonNullable<Out>): Promise<void> {
    const { request } = out
    const result = await send(request)
    await withWorkspace(db, job.workspaceId, async (trx) => {
      const run = await runsRepo.lock(trx, job.workspaceId, job.runId)
      // cancelled (or otherwise moved on) while the request was out: its answer is not used
      if (!run || run.wait_token !== job.token || run.status !== 'running' || run.next_step !== out.step.id)
        return
      const later = runLater(trx)
      const row = await engine.completeExternal(run, out.step, request, result, later)
      if (run.finished_at) await engine.wakeParent(trx, run, later)
      else if (run.status === 'running') await engine.schedule(run, later)
      await runsRepo.save(trx, run, [row])
    })
  }

  return defineJob<RunJob>({
    name: EXTERNAL_QUEUE,
    // requests wait on the network, not on this machine
    concurrency: 4,
    retryLimit: 5,
    retryDelaySeconds: 5,
    // an HTTP step takes at most 60 s: a job active for longer belongs to a process that died (PostgreSQL;
    // PGlite fails such jobs at restart), and is retried
    timeoutSeconds: 75,
    async handle(job) {
      const out = await prepare(job)
      if (out) await goOut(job, out)
    },
  })
}
