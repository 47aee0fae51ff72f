import { z } from 'zod'

export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcf'] as const
export type ExportJobFormat = (typeof EXPORT_FORMATS)[number]
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export type ExportJobStatus = (typeof EXPORT_STATUSES)[number]
/** An export in one of these has ended: its stream closes, it cannot be cancelled, it does not run again. */
export const EXPORT_FINAL_STATUSES: ReadonlySet<ExportJobStatus> = new Set(['done', 'failed', 'cancelled'])

/** An export job runs up to this many rows (the synchronous export: 100,000). */
export const MAX_EXPORT_JOB_ROWS = 1_000_000
/** From this many rows on, the list offers the background export first. */
export const BACKGROUND_EXPORT_FROM = 10_000

/**
 * `POST /api/v1/records/{object}/exports`: the same choices as `GET …/export.csv` — `filter` as the filter
 * AST or its JSON text, `sort` (`a,-b`), a saved `view`, `columns` as a list or comma-separated (CSV/XLSX).
 */
export const createExportSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    filter: z.union([z.string().max(65_536), z.record(z.string(), z.unknown())]).optional(),
    sort: z.string().max(500).optional(),
    view: z.uuid().optional(),
    columns: z.union([z.string().max(10_000), z.array(z.string().max(200)).max(200)]).optional(),
  })
  .strict()
export type CreateExportInput = z.infer<typeof createExportSchema>

export const exportJobSchema = z.object({
  id: z.uuid(),
  object: z.string(),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(EXPORT_STATUSES),
  /** rows written so far */
  rows: z.number().int(),
  /** rows to write, counted when the job started (null: not yet known) */
  total: z.number().int().nullable(),
  /** the message code of a failure (e.g. `too_large`, `export.vcard_unsupported`, `internal`) */
  error: z.string().nullable(),
  /** the download's name in the language of whoever started it (null until done) */
  fileName: z.string().nullable(),
  size: z.number().int().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
})
export type ExportJob = z.infer<typeof exportJobSchema>

export const exportListSchema = z.object({ data: z.array(exportJobSchema) })
export const exportCreatedSchema = z.object({ id: z.uuid(), status: z.enum(EXPORT_STATUSES) })
