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

/** Server messages of import problems (merged into the shared catalogue as `field.<code>`). */
export const IMPORT_MESSAGES = {
  'zh-CN': {
    'field.file_empty': '文件是空的',
    'field.file_header_only': '文件只有表头，没有数据行',
    'field.file_binary': '这不是文本文件（看起来是二进制文件），请上传 CSV、XLSX 或 vCard',
    'field.file_encoding': '无法识别文件编码：请另存为 UTF-8 或 GBK 后重试',
    'field.file_unreadable': '文件无法读取：{{reason}}',
    'field.file_format': '不支持的文件格式，请上传 CSV、XLSX 或 vCard（.vcf）',
    'field.file_too_large': '文件过大（上限 {{max}}）',
    'field.too_many_rows': '行数超过上限 {{max}}',
    'field.too_many_columns': '列数超过上限 {{max}}',
    'field.ragged_row': '这一行有 {{got}} 列，表头有 {{expected}} 列',
    'field.cell_too_long': '单元格内容过长（上限 {{max}} 字符）',
    'field.duplicate_mapping': '多个列映射到同一字段',
    'field.not_importable': '该字段不能导入',
    'field.not_editable': '导入已开始，不能再修改',
    'field.no_mapping': '至少要映射一个字段',
    'field.wrong_status': '当前状态下不能执行此操作',
    'field.changed_since': '记录在导入期间已被修改',
    'field.duplicate_of': '与现有记录重复',
  },
  en: {
    'field.file_empty': 'The file is empty',
    'field.file_header_only': 'The file has a header but no data rows',
    'field.file_binary': 'This is not a text file (it looks binary); upload a CSV, XLSX or vCard file',
    'field.file_encoding': 'Unknown text encoding: save the file as UTF-8 or GBK and try again',
    'field.file_unreadable': 'The file cannot be read: {{reason}}',
    'field.file_format': 'Unsupported file type; upload CSV, XLSX or vCard (.vcf)',
    'field.file_too_large': 'The file is too large (limit {{max}})',
    'field.too_many_rows': 'More rows than the limit of {{max}}',
    'field.too_many_columns': 'More columns than the limit of {{max}}',
    'field.ragged_row': 'This row has {{got}} columns; the header has {{expected}}',
    'field.cell_too_long': 'Cell too long (at most {{max}} characters)',
    'field.duplicate_mapping': 'Several columns are mapped to the same field',
    'field.not_importable': 'This field cannot be imported',
    'field.not_editable': 'The import has started and can no longer be changed',
    'field.no_mapping': 'Map at least one field',
    'field.wrong_status': 'Not possible in the current state',
    'field.changed_since': 'The record was changed during the import',
    'field.duplicate_of': 'Duplicate of an existing record',
  },
} as const
