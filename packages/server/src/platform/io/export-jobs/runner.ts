import { Readable } from 'node:stream'
import { localTime } from '@kemai/shared/automation/cron'
import type { Locale } from '@kemai/shared/i18n/messages'
import { type Actor, type Channel, systemActor } from '../../access/actor.ts'
import { type Db, withWorkspace } from '../../db/tx.ts'
import { AppError } from '../../errors.ts'
import type { JobContext } from '../../events/jobs.ts'
import { sameBytes } from '../../files/files.service.ts'
import type { FileStorage } from '../../files/storage.ts'
import { rootLogger } from '../../log.ts'
import type { MetadataService } from '../../metadata/service.ts'
import { notify } from '../../notifications/notifications.service.ts'
import type { CsvExporter } from '../csv-export.ts'
import { type ExportOptions, textBody } from '../export-pages.ts'
import * as repo from './exports.repo.ts'

export const EXPORT_QUEUE = 'kemai.export'
/** pg-boss retries a crashed or thrown run this often; the run after the last retry marks the export failed */
export const EXPORT_RETRY_LIMIT = 2
/** An export file is at most this large (413 payload_too_large beyond: the export fails, nothing is kept). */
export const MAX_EXPORT_BYTES = 2 * 1024 * 1024 * 1024
/** Progress is written at most this often (one small update; the stream and the list read it). */
const PROGRESS_EVERY_MS = 1000

/** The export was cancelled while it ran: thrown at the next page, so the writer and the file stop there. */
class ExportCancelled extends Error {
  constructor() {
    super('export cancelled')
    this.name = 'ExportCancelled'
  }
}

export interface ExportRunnerDeps {
  db: Db
  metadata: MetadataService
  exporter: CsvExporter
  storage: FileStorage
  loadActor(input: {
    workspaceId: string
    userId: string
    apiKeyId: string | null
    channel: Channel
    locale: Locale
  }): Promise<Actor>
  /** rows an export job may have (MAX_EXPORT_JOB_ROWS) */
  maxRows: number
}

export interface ExportJobData {
  workspaceId: string
  exportId: string
}

/**
 * `联系人-20261205-1950.csv`: the object's plural name in the starter's language and the start time in the
 * workspace's time zone (the clock its users read).
 */
export function exportFileName(label: string, createdAt: Date, timeZone: string, ext: string): string {
  const t = localTime(createdAt, timeZone)
  return `${label}-${t.date.replaceAll('-', '')}-${t.time.replace(':', '')}.${ext}`
}

/**
 * One run of an export job, as the user who started it (their read rights and field rules, narrowed by the
 * API key they used): the records through the synchronous export's writers into file storage, progress
 * written as it goes, then — in one transaction — the row marked done and the user notified. A retried run
 * starts over and overwrites (the bytes are content-addressed, so the same export lands on the same key).
 * A refusal (the user lost the right, a column was deleted, too many rows) marks the export failed with the
 * message code; anything else is thrown for pg-boss to retry, and the last attempt marks it failed.
 * A cancel (exports.service.ts) sets the status `cancelled`; the run sees it at its next page and stops, the
 * storage removes the partial file, and nothing here writes the status again.
 */
export async function runExport(deps: ExportRunnerDeps, data: ExportJobData, ctx: JobContext): Promise<void> {
  const ws = data.workspaceId
  const job = await withWorkspace(deps.db, ws, async (trx) => {
    const j = await repo.getExport(trx, ws, data.exportId, true)
    // ended (done, failed, cancelled): a retry or a late job of it does nothing
    if (!j || (j.status !== 'queued' && j.status !== 'running')) return null
    await repo.startRun(trx, ws, j.id)
    return j
  })
  if (!job) return
  const p = job.params
  try {
    const actor = await deps.loadActor({
      workspaceId: ws,
      userId: job.created_by,
      apiKeyId: job.api_key_id,
      channel: job.channel as Channel,
      locale: p.locale,
    })
    let rows = 0
    let written = 0
    const opts: ExportOptions = {
      filter: p.filter ?? undefined,
      sort: p.sort ?? undefined,
      columns: p.columns,
      locale: p.locale,
      ip: p.ip ?? undefined,
      maxRows: deps.maxRows,
      auditDetail: { exportId: job.id },
      // after every page: still running? (a cancel stops the run here); the progress about once a second
      onProgress: async (done, total) => {
        rows = done
        const write = Date.now() - written >= PROGRESS_EVERY_MS
        if (write) written = Date.now()
        const running = await withWorkspace(deps.db, ws, (trx) =>
          write ? repo.setProgress(trx, ws, job.id, done, total) : repo.isRunning(trx, ws, job.id),
        )
        if (!running) throw new ExportCancelled()
      },
    }
    const schema = await deps.metadata.getSchema(actor)
    let label = deps.metadata.objectIn(schema, job.object_name).pluralLabel[p.locale]
    let body: ReadableStream<Uint8Array>
    if (job.format === 'csv') body = textBody(deps.exporter.export(actor, job.object_name, opts))
    else if (job.format === 'xlsx')
      body = Readable.toWeb(
        await deps.exporter.xlsx(actor, job.object_name, opts),
      ) as ReadableStream<Uint8Array>
    else {
      const v = await deps.exporter.vcard(actor, job.object_name, opts)
      label = v.label
      body = textBody(v.cards)
    }
    const stored = await deps.storage.put(ws, body, MAX_EXPORT_BYTES)
    let fileName = ''
    const orphan = await withWorkspace(deps.db, ws, async (trx, info) => {
      fileName = exportFileName(label, job.created_at, info.timeZone, job.format)
      const done = await repo.finishDone(trx, ws, job.id, {
        rows,
        fileName,
        storageKey: stored.key,
        size: stored.size,
        sha256: stored.sha256,
      })
      // cancelled after the last page: the file goes too, unless an upload or another export has its bytes
      if (!done) return (await sameBytes(trx, ws, stored.key)) === 0
      await notify(trx, [
        {
          workspaceId: ws,
          userId: job.created_by,
          kind: 'job_finished',
          title: fileName,
          data: {
            job: 'export',
            exportId: job.id,
            status: 'done',
            format: job.format,
            object: job.object_name,
            rows,
            download: `/api/v1/exports/${job.id}/download`,
          },
        },
      ])
      return false
    })
    if (orphan) await deps.storage.remove(stored.key)
  } catch (e) {
    // cancelled: the storage has removed the partial file; the status is the cancel's (a database that cannot
    // say leaves the error as it is)
    if (e instanceof ExportCancelled || !(await stillRunning(deps, ws, job.id).catch(() => true))) return
    if (e instanceof AppError && e.status < 500) {
      await fail(deps, ws, job, e.issues[0]?.code ?? e.code)
      return
    }
    if (ctx.attempt > EXPORT_RETRY_LIMIT) {
      rootLogger.error({ err: { message: (e as Error).message }, exportId: job.id }, 'export failed')
      await fail(deps, ws, job, 'internal')
      return
    }
    throw e
  }
}

const stillRunning = (deps: ExportRunnerDeps, ws: string, id: string) =>
  withWorkspace(deps.db, ws, (trx) => repo.isRunning(trx, ws, id), { read: true })

/** The export failed for good: the row says why, and the user hears of it (the list links to "My exports"). */
async function fail(deps: ExportRunnerDeps, ws: string, job: repo.ExportRow, code: string): Promise<void> {
  let title = job.object_name
  try {
    const schema = await deps.metadata.getSchema(systemActor(ws, 'export-job'))
    title = deps.metadata.objectIn(schema, job.object_name).pluralLabel[job.params.locale]
  } catch {
    // the object is gone: its name will do
  }
  await withWorkspace(deps.db, ws, async (trx) => {
    // cancelled meanwhile: it stays cancelled, and the user (who cancelled it) hears nothing
    if (!(await repo.finishFailed(trx, ws, job.id, code))) return
    await notify(trx, [
      {
        workspaceId: ws,
        userId: job.created_by,
        kind: 'job_finished',
        title,
        data: {
          job: 'export',
          exportId: job.id,
          status: 'failed',
          format: job.format,
          object: job.object_name,
          error: code,
        },
      },
    ])
  })
}
