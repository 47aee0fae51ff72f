import type { Locale } from '@kemai/shared/i18n/messages'
import type { Actor } from '../access/actor.ts'
import { audit } from '../audit/audit.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { RecordsService } from '../records/service.ts'
import type { RecordData } from '../records/shape.ts'

/** Synchronous export stops here; bigger sets are an export job (export-jobs/). */
export const MAX_SYNC_EXPORT_ROWS = 100_000
const PAGE = 500

export type ExportFormat = 'csv' | 'xlsx' | 'vcf'

export interface ExportOptions {
  filter?: unknown
  sort?: string
  locale: Locale
  ip?: string
  /** the columns after `id`, in order (null: every readable field and the creation time); CSV and XLSX */
  columns?: string[] | null
  /** more rows than this answer 400 `filter` too_large (default MAX_SYNC_EXPORT_ROWS; export jobs allow more) */
  maxRows?: number
  /** extra members of the audit entry's detail (an export job's id) */
  auditDetail?: Record<string, unknown>
  /** called after each page has been handed on, with the rows so far and the count taken at the start */
  onProgress?: (rows: number, total: number) => Promise<void> | void
}

/**
 * The records of an export, page by page, exactly as the list shows them to the actor (filter, scope and
 * field rules). The first `next()` counts them, refuses more than `maxRows` (MAX_SYNC_EXPORT_ROWS) and writes the export
 * to the audit log (`export.<format>`, with its filter and row count), so a refused export fails before any
 * byte is sent.
 */
export async function* exportPages(
  deps: { db: Db; records: RecordsService },
  actor: Actor,
  objectName: string,
  opts: ExportOptions & { format: ExportFormat },
): AsyncGenerator<RecordData[]> {
  let page = await deps.records.list(actor, objectName, {
    filter: opts.filter,
    sort: opts.sort,
    limit: PAGE,
    count: true,
  })
  const max = opts.maxRows ?? MAX_SYNC_EXPORT_ROWS
  const total = page.total ?? 0
  if (total > max) throw errors.badRequest([{ path: 'filter', code: 'too_large', params: { max } }])
  await withWorkspace(deps.db, actor.workspaceId, (trx) =>
    audit(trx, {
      workspaceId: actor.workspaceId,
      action: `export.${opts.format}`,
      actorId: actor.userId,
      apiKeyId: actor.apiKeyId,
      ip: opts.ip ?? null,
      targetType: 'object',
      targetId: objectName,
      detail: {
        rows: page.total ?? 0,
        filter: opts.filter ?? null,
        sort: opts.sort ?? null,
        ...(opts.format === 'vcf' ? {} : { columns: opts.columns ?? null }),
        ...opts.auditDetail,
      },
    }),
  )
  let done = 0
  for (;;) {
    yield page.data
    done += page.data.length
    await opts.onProgress?.(done, total)
    if (!page.nextCursor) return
    page = await deps.records.list(actor, objectName, {
      filter: opts.filter,
      sort: opts.sort,
      limit: PAGE,
      cursor: page.nextCursor,
    })
  }
}

/**
 * Text chunks as a UTF-8 byte stream (a response body, a file in storage). `first`: a chunk already taken
 * from `chunks` (the download reads it before answering, so its checks have passed); it goes out first.
 */
export function textBody(
  chunks: AsyncGenerator<string>,
  first?: IteratorResult<string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first && !first.done) controller.enqueue(encoder.encode(first.value))
    },
    async pull(controller) {
      const next = await chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
}
