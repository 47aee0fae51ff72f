import { z } from 'zod'

/**
 * Import of records from a file (CSV, XLSX, vCard): the contracts of `/api/v1/imports` (docs/import.md).
 * The flow: upload the file → create an import (header read, columns mapped automatically) → adjust the
 * mapping, preview → start (a job) → progress → result, error report, undo.
 */

export const IMPORT_FORMATS = ['csv', 'xlsx', 'vcard'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]

/** What to do with a row that matches an existing record under the object's duplicate rules. */
export const DUPLICATE_POLICIES = ['create', 'update', 'skip'] as const
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number]

export const IMPORT_STATUSES = [
  'draft',
  'queued',
  'running',
  'cancelling',
  'cancelled',
  'done',
  'failed',
  'undoing',
  'undone',
] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

/** One column of the file → one field of the object (null: not imported). */
export const columnMappingSchema = z.object({
  column: z.number().int().min(0).max(999),
  field: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,47}$/)
    .nullable(),
})
export type ColumnMapping = z.infer<typeof columnMappingSchema>
export const mappingSchema = z.array(columnMappingSchema).max(1000)

export const createImportSchema = z.object({
  fileId: z.uuid(),
  object: z.string().min(1).max(64),
  /** detected from the name and the bytes when absent */
  format: z.enum(IMPORT_FORMATS).optional(),
  encoding: z.enum(IMPORT_ENCODINGS).optional(),
  /** apply a saved template's mapping instead of the automatic one */
  templateId: z.uuid().optional(),
})
export type CreateImportInput = z.infer<typeof createImportSchema>

export const updateImportSchema = z.object({
  mapping: mappingSchema.optional(),
  policy: z.enum(DUPLICATE_POLICIES).optional(),
  encoding: z.enum(IMPORT_ENCODINGS).optional(),
})
export type UpdateImportInput = z.infer<typeof updateImportSchema>

export const importProgressSchema = z.object({
  /** data rows read so far (all outcomes) */
  done: z.number().int(),
  /** known at the end; before that an estimate from the bytes read (`totalIsEstimate`) */
  total: z.number().int().nullable(),
  totalIsEstimate: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  /** rows per second since the run started */
  rowsPerSecond: z.number().nullable(),
  /** seconds left, estimated */
  etaSeconds: z.number().nullable(),
})
export type ImportProgress = z.infer<typeof importProgressSchema>

export const importSchema = z.object({
  id: z.uuid(),
  object: z.string(),
  fileId: z.uuid(),
  fileName: z.string(),
  fileSize: z.number().int(),
  format: z.enum(IMPORT_FORMATS),
  encoding: z.enum(IMPORT_ENCODINGS),
  /** the encoding actually used (auto → utf-8 or gb18030) */
  detectedEncoding: z.string().nullable(),
  header: z.array(z.string()),
  mapping: mappingSchema,
  policy: z.enum(DUPLICATE_POLICIES),
  /** whether the object has duplicate rules (without them, every row is created) */
  matching: z.boolean(),
  status: z.enum(IMPORT_STATUSES),
  progress: importProgressSchema,
  /** a problem code when the run failed (file unreadable midway, …) */
  error: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})
export type ImportDto = z.infer<typeof importSchema>

export const importListSchema = z.object({ data: z.array(importSchema) })

export const previewQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
})

export const ROW_ACTIONS = ['create', 'update', 'skip', 'error'] as const
export const previewRowSchema = z.object({
  /** 1-based data row number (the header is row 0) */
  row: z.number().int(),
  cells: z.array(z.string()),
  /** the mapped values sent to the records service */
  values: z.record(z.string(), z.unknown()),
  action: z.enum(ROW_ACTIONS),
  /** the existing record it matched, with the score of the match */
  match: z.object({ id: z.uuid(), score: z.number(), title: z.string().nullable() }).nullable(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
})
export type PreviewRow = z.infer<typeof previewRowSchema>
export const previewSchema = z.object({ rows: z.array(previewRowSchema) })

export const templateInputSchema = z.object({
  object: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  /** by header text, so a template fits files whose columns come in another order */
  columns: z.array(z.object({ header: z.string().max(500), field: z.string().max(48).nullable() })).max(1000),
})
export type TemplateInput = z.infer<typeof templateInputSchema>
export const templateSchema = templateInputSchema.extend({
  id: z.uuid(),
  createdAt: z.string(),
})
export type ImportTemplate = z.infer<typeof templateSchema>
export const templateListSchema = z.object({ data: z.array(templateSchema) })

export { IMPORT_MESSAGES } from './imports.messages.ts'
