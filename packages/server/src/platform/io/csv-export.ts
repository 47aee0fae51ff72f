import { PassThrough, type Readable } from 'node:stream'
import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import type { Actor } from '../access/actor.ts'
import { listUsers } from '../access/users.repo.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import type { RecordsService } from '../records/service.ts'
import { type ExportOptions, exportPages } from './export-pages.ts'
import { vcardExport } from './vcard-export.ts'

/**
 * A cell as text that a spreadsheet will not run: values starting with = + - @ or a control character
 * get a leading apostrophe (OWASP "CSV injection").
 */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
}

export function cellText(field: Pick<FieldDef, 'type'> | null, v: unknown): string {
  if (v === null || v === undefined) return ''
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('; ')
  if (field?.type === 'currency' && typeof v === 'object') {
    const c = v as { amount: string; currency: string }
    return `${c.amount} ${c.currency}`
  }
  if (field?.type === 'address' && typeof v === 'object') {
    const a = v as Record<string, string>
    return [a.text, a.district ?? a.city ?? a.province].filter(Boolean).join(' ')
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** A value as an XLSX cell: numbers stay numbers; everything else is text (an XLSX string cell is never a formula). */
export function xlsxCell(field: Pick<FieldDef, 'type'> | null, v: unknown): string | number {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  return cellText(field, v)
}

/** Columns every record has that an export may ask for by name (the list's system columns). */
const SYSTEM_COLUMNS = {
  owner_id: { 'zh-CN': '负责人', en: 'Owner' },
  created_at: { 'zh-CN': '创建时间', en: 'Created at' },
  updated_at: { 'zh-CN': '更新时间', en: 'Updated at' },
} as const satisfies Record<string, Record<Locale, string>>
type SystemColumn = keyof typeof SYSTEM_COLUMNS
const isSystemColumn = (k: string): k is SystemColumn => Object.hasOwn(SYSTEM_COLUMNS, k)
/** At most this many columns may be named. */
export const MAX_EXPORT_COLUMNS = 200

interface ExportColumn {
  key: string
  header: string
  field: FieldDef | null
}

/**
 * The export's columns after `id`: the ones asked for (`columns`, in that order: readable fields and the
 * system columns owner_id, created_at, updated_at), or every readable field and the creation time. A name
 * that is not a readable field answers 400 (`columns`, unknown_field) without saying whether it exists.
 */
export function exportColumns(
  readable: FieldDef[],
  locale: Locale,
  wanted?: readonly string[],
): ExportColumn[] {
  const byName = new Map(readable.map((f) => [f.name, f]))
  const keys = wanted ?? [...readable.map((f) => f.name), 'created_at']
  if (keys.length > MAX_EXPORT_COLUMNS)
    throw errors.badRequest([{ path: 'columns', code: 'too_large', params: { max: MAX_EXPORT_COLUMNS } }])
  const seen = new Set<string>()
  const out: ExportColumn[] = []
  for (const [i, key] of keys.entries()) {
    if (seen.has(key) || key === 'id') continue
    seen.add(key)
    const field = byName.get(key)
    if (field) out.push({ key, header: field.label[locale], field })
    else if (isSystemColumn(key)) out.push({ key, header: SYSTEM_COLUMNS[key][locale], field: null })
    else throw errors.badRequest([{ path: `columns[${i}]`, code: 'unknown_field' }])
  }
  return out
}

/** The columns of a CSV/XLSX export of the object as the actor may read it (404 unknown object, 400 unknown column). */
export async function exportColumnsFor(
  deps: { metadata: MetadataService },
  actor: Actor,
  objectName: string,
  opts: Pick<ExportOptions, 'locale' | 'columns'>,
): Promise<ExportColumn[]> {
  const schema = await deps.metadata.getSchema(actor)
  const object: ObjectDef = deps.metadata.objectIn(schema, objectName)
  const fields = readableFields(actor, object).filter((f) => f.type !== 'many_to_many')
  return exportColumns(fields, opts.locale, opts.columns ?? undefined)
}

/** Parses `columns=a,b,c` (the list's column choice); null when absent. */
export function parseColumnsQuery(v: string | undefined): string[] | null {
  if (v === undefined) return null
  return v
    .split(',')
    .map((s) => s.trim().replace(/:\d+$/, ''))
    .filter(Boolean)
}

/**
 * The records an actor may read (filter, scope and field rules applied, exactly like the list), as a header
 * and pages of rows, with headers in the actor's language. The first step checks everything and writes the
 * export to the audit log (exportPages), so a refused export fails before any byte is sent.
 */
async function* exportRows(
  deps: { db: Db; metadata: MetadataService; records: RecordsService },
  actor: Actor,
  objectName: string,
  opts: ExportOptions & { format: 'csv' | 'xlsx' },
): AsyncGenerator<{ header: string[] } | { rows: (string | number)[][] }> {
  const columns = await exportColumnsFor(deps, actor, objectName, opts)
  const pages = exportPages(deps, actor, objectName, opts)
  const first = await pages.next()
  // owners and user fields go out as names, the way the list shows them
  const needsUsers = columns.some((c) => c.key === 'owner_id' || c.field?.type === 'user')
  const users = needsUsers
    ? await withWorkspace(deps.db, actor.workspaceId, (trx) =>
        listUsers(trx, actor.workspaceId, { includeInactive: true }),
      )
    : []
  const userName = new Map(users.map((u) => [u.id, u.name]))
  yield { header: ['id', ...columns.map((c) => c.header)] }
  const cell = opts.format === 'csv' ? (f: FieldDef | null, v: unknown) => cellText(f, v) : xlsxCell
  const value = (c: ExportColumn, r: Record<string, unknown>) => {
    const v = r[c.key]
    if ((c.key === 'owner_id' || c.field?.type === 'user') && typeof v === 'string')
      return cell(c.field, userName.get(v) ?? v)
    return cell(c.field, v)
  }
  const rows = (data: Record<string, unknown>[]) =>
    data.map((r) => [String(r.id), ...columns.map((c) => value(c, r))])
  if (!first.done) yield { rows: rows(first.value) }
  for await (const data of pages) yield { rows: rows(data) }
}

/** CSV with a UTF-8 BOM (Excel opens Chinese text correctly), every cell formula-safe (safeCell). */
export function createCsvExporter(deps: { db: Db; metadata: MetadataService; records: RecordsService }) {
  return {
    async *export(actor: Actor, objectName: string, opts: ExportOptions): AsyncGenerator<string> {
      for await (const part of exportRows(deps, actor, objectName, { ...opts, format: 'csv' })) {
        if ('header' in part) yield `\uFEFF${stringify([part.header.map(safeCell)])}`
        else if (part.rows.length) yield stringify(part.rows.map((r) => r.map((c) => safeCell(String(c)))))
      }
    },

    /**
     * The same records as an XLSX workbook, streamed (exceljs' streaming writer: memory stays flat). The first
     * `next()` runs the checks; the returned stream then carries the file.
     */
    async xlsx(actor: Actor, objectName: string, opts: ExportOptions): Promise<Readable> {
      const parts = exportRows(deps, actor, objectName, { ...opts, format: 'xlsx' })
      const first = await parts.next()
      const out = new PassThrough()
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: out,
        useSharedStrings: false,
        useStyles: true,
      })
      const sheet = book.addWorksheet(objectName.slice(0, 31))
      void (async () => {
        try {
          if (!first.done && 'header' in first.value) {
            const header = sheet.addRow(first.value.header)
            header.font = { bold: true }
            header.commit()
          }
          for await (const part of parts)
            if ('rows' in part) for (const r of part.rows) sheet.addRow(r).commit()
          sheet.commit()
          await book.commit()
        } catch (e) {
          out.destroy(e as Error)
        }
      })()
      return out
    },

    /** The same records as vCards 4.0, for objects of people (vcard-export.ts). */
    vcard(actor: Actor, objectName: string, opts: ExportOptions) {
      return vcardExport(deps, actor, objectName, opts)
    },
  }
}

export type CsvExporter = ReturnType<typeof createCsvExporter>
