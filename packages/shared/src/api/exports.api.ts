import { z } from 'zod'

export {
  BACKGROUND_EXPORT_FROM,
  EXPORT_FINAL_STATUSES,
  EXPORT_FORMATS,
  EXPORT_STATUSES,
  type ExportJobFormat,
  type ExportJobStatus,
  MAX_EXPORT_JOB_ROWS,
} from './exports.constants.ts'

import { EXPORT_FORMATS, EXPORT_STATUSES } from './exports.constants.ts'

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
