import type { Readable } from 'node:stream'
import { type CreateExportInput, EXPORT_FINAL_STATUSES, type ExportJob } from '@kemai/shared/api/exports.api'
import type { Actor } from '../../access/actor.ts'
import { newId } from '../../db/ids.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../../db/tx.ts'
import { errors } from '../../errors.ts'
import { enqueue } from '../../events/boss.ts'
import type { FileStorage } from '../../files/storage.ts'
import type { MetadataService } from '../../metadata/service.ts'
import type { RecordsService } from '../../records/service.ts'
import type { ViewsService } from '../../views/views.service.ts'
import { exportColumnsFor, parseColumnsQuery } from '../csv-export.ts'
import { assertVcardObject } from '../vcard-export.ts'
import * as repo from './exports.repo.ts'
import { EXPORT_QUEUE } from './runner.ts'

/** The filter AST's JSON text may be this long, as in the export's query string. */
const MAX_FILTER_CHARS = 65_536
/** `GET /api/v1/exports` shows this many of the caller's latest exports. */
const LIST_LIMIT = 50

export function toExportJob(r: repo.ExportRow): ExportJob {
  return {
    id: r.id,
    object: r.object_name,
    format: r.format,
    status: r.status,
    rows: Number(r.rows_done),
    total: r.total === null ? null : Number(r.total),
    error: r.error,
    fileName: r.file_name,
    size: r.size === null ? null : Number(r.size),
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
  }
}

/**
 * Exports as background jobs (docs/export.md): started with the synchronous export's choices and checks,
 * run by the export queue (runner.ts), seen and downloaded only by the user who started them.
 */
export function createExportJobService(deps: {
  db: Db
  metadata: MetadataService
  records: RecordsService
  views: ViewsService
  storage: FileStorage
  /** rows an export job may have (MAX_EXPORT_JOB_ROWS) */
  maxRows: number
}) {
  /**
   * The caller's own export, else 404 (another user's export is as unknown as a missing one); `lock`: read
   * and lock it in that transaction.
   */
  async function mine(actor: Actor, id: string, lock?: Tx): Promise<repo.ExportRow> {
    if (!actor.userId) throw errors.forbidden()
    if (!isUuid(id)) throw errors.notFound()
    const r = lock
      ? await repo.getExport(lock, actor.workspaceId, id, true)
      : await withWorkspace(deps.db, actor.workspaceId, (trx) => repo.getExport(trx, actor.workspaceId, id), {
          read: true,
        })
    if (!r || r.created_by !== actor.userId) throw errors.notFound()
    return r
  }

  return {
    /**
     * Checks everything the synchronous export checks (object, read right, view, filter, sort, columns, vCard
     * support, row count up to maxRows), then records the export and enqueues its job in one transaction.
     * `filter` is the parsed AST (routes parse its JSON text).
     */
    async start(
      actor: Actor,
      objectName: string,
      input: Omit<CreateExportInput, 'filter'> & { filter?: unknown },
      meta: { ip: string | null },
    ): Promise<ExportJob> {
      // the job notifies a person: an API key without a user has no one to tell
      if (!actor.userId) throw errors.forbidden()
      if (input.filter !== undefined && JSON.stringify(input.filter).length > MAX_FILTER_CHARS)
        throw errors.badRequest([{ path: 'filter', code: 'too_large', params: { max: MAX_FILTER_CHARS } }])
      const columns =
        input.format === 'vcf' || input.columns === undefined
          ? null
          : parseColumnsQuery(Array.isArray(input.columns) ? input.columns.join(',') : input.columns)
      const { filter, sort } = await deps.views.apply(actor, objectName, {
        viewId: input.view,
        filter: input.filter,
        sort: input.sort,
      })
      if (input.format === 'vcf') {
        const schema = await deps.metadata.getSchema(actor)
        assertVcardObject(deps.metadata.objectIn(schema, objectName), actor.locale)
      } else {
        await exportColumnsFor(deps, actor, objectName, { locale: actor.locale, columns })
      }
      // the list's own checks (read right, filter, sort) and its count, before anything is recorded
      const count = await deps.records.list(actor, objectName, { filter, sort, limit: 1, count: true })
      const total = count.total ?? 0
      if (total > deps.maxRows)
        throw errors.badRequest([{ path: 'filter', code: 'too_large', params: { max: deps.maxRows } }])
      const row = await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        const r = await repo.insertExport(trx, actor.workspaceId, {
          id: newId(),
          object_name: objectName,
          format: input.format,
          params: { filter: filter ?? null, sort: sort ?? null, columns, locale: actor.locale, ip: meta.ip },
          total,
          created_by: actor.userId!,
          api_key_id: actor.apiKeyId ?? null,
          channel: actor.channel,
        })
        await enqueue(trx, EXPORT_QUEUE, { workspaceId: actor.workspaceId, exportId: r.id })
        return r
      })
      return toExportJob(row)
    },

    async get(actor: Actor, id: string): Promise<ExportJob> {
      return toExportJob(await mine(actor, id))
    },

    /** The caller's latest exports, newest first. */
    async list(actor: Actor): Promise<ExportJob[]> {
      if (!actor.userId) throw errors.forbidden()
      const rows = await withWorkspace(
        deps.db,
        actor.workspaceId,
        (trx) => repo.listExports(trx, actor.workspaceId, actor.userId!, LIST_LIMIT),
        { read: true },
      )
      return rows.map(toExportJob)
    },

    /**
     * Cancels a queued or running export of the caller's: it is `cancelled` at once; a running one stops at
     * its next page (runner.ts), and its partial file is removed. One that has ended: 409 `not_cancellable`.
     */
    async cancel(actor: Actor, id: string): Promise<ExportJob> {
      const row = await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        const r = await mine(actor, id, trx)
        if (EXPORT_FINAL_STATUSES.has(r.status))
          throw errors.conflict([
            { path: 'status', code: 'export.not_cancellable', params: { status: r.status } },
          ])
        return repo.cancelExport(trx, actor.workspaceId, id)
      })
      return toExportJob(row)
    },

    /** The finished file: 409 while it is still running (or failed), 404 once its bytes are gone. */
    async open(actor: Actor, id: string): Promise<{ job: ExportJob; stream: Readable }> {
      const r = await mine(actor, id)
      if (r.status !== 'done' || !r.storage_key)
        throw errors.conflict([{ path: 'status', code: 'wrong_status', params: { status: r.status } }])
      try {
        return { job: toExportJob(r), stream: await deps.storage.open(r.storage_key) }
      } catch {
        throw errors.notFound()
      }
    },
  }
}

export type ExportJobService = ReturnType<typeof createExportJobService>
