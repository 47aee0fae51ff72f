import { PassThrough, type Readable } from 'node:stream'
import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import type { Actor } from '../access/actor.ts'
import { audit } from '../audit/audit.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import { readableFields } from '../records/access.ts'
import type { RecordsService } from '../records/service.ts'

/** Synchronous export stops here; bigger sets are an export job (contacts/io issue). */
export const MAX_SYNC_EXPORT_ROWS = 100_000
const PAGE = 500

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

export type ExportFormat = 'csv' | 'xlsx'

/**
 * The records an actor may read (filter, scope and field rules applied, exactly like the list), as a header
 * and pages of rows, with headers in the actor's language. The first step checks everything and writes the
 * export to the audit log (`export.csv` / `export.xlsx`) with its filter and row count, so a refused export
 * fails before any byte is sent.
 */
async function* exportRows(
  deps: { db: Db; metadata: MetadataService; records: RecordsService },
  actor: Actor,
  objectName: string,
  opts: { filter?: unknown; sort?: string; locale: Locale; ip?: string; format: ExportFormat },
): AsyncGenerator<{ header: string[] } | { rows: (string | number)[][] }> {
  const schema = await deps.metadata.getSchema(actor)
  const object: ObjectDef = deps.metadata.objectIn(schema, objectName)
  const fields = readableFields(actor, object).filter((f) => f.type !== 'many_to_many')
  let page = await deps.records.list(actor, objectName, {
    filter: opts.filter,
    sort: opts.sort,
    limit: PAGE,
    count: true,
  })
  if ((page.total ?? 0) > MAX_SYNC_EXPORT_ROWS) {
    throw errors.badRequest([{ path: 'filter', code: 'too_large', params: { max: MAX_SYNC_EXPORT_ROWS } }])
  }
  await withWorkspace(deps.db, actor.workspaceId, (trx) =>
    audit(trx, {
      workspaceId: actor.workspaceId,
      action: `export.${opts.format}`,
      actorId: actor.userId,
      apiKeyId: actor.apiKeyId,
      ip: opts.ip ?? null,
      targetType: 'object',
      targetId: objectName,
      detail: { rows: page.total ?? 0, filter: opts.filter ?? null, sort: opts.sort ?? null },
    }),
  )
  yield {
    header: [
      'id',
      ...fields.map((f) => f.label[opts.locale]),
      opts.locale === 'zh-CN' ? '创建时间' : 'Created at',
    ],
  }
  const cell = opts.format === 'csv' ? (f: FieldDef, v: unknown) => cellText(f, v) : xlsxCell
  for (;;) {
    yield {
      rows: page.data.map((r) => [
        String(r.id),
        ...fields.map((f) => cell(f, r[f.name])),
        String(r.created_at),
      ]),
    }
    if (!page.nextCursor) return
    page = await deps.records.list(actor, objectName, {
      filter: opts.filter,
      sort: opts.sort,
      limit: PAGE,
      cursor: page.nextCursor,
    })
  }
}

/** CSV with a UTF-8 BOM (Excel opens Chinese text correctly), every cell formula-safe (safeCell). */
export function createCsvExporter(deps: { db: Db; metadata: MetadataService; records: RecordsService }) {
  return {
    async *export(
      actor: Actor,
      objectName: string,
      opts: { filter?: unknown; sort?: string; locale: Locale; ip?: string },
    ): AsyncGenerator<string> {
      for await (const part of exportRows(deps, actor, objectName, { ...opts, format: 'csv' })) {
        if ('header' in part) yield `\uFEFF${stringify([part.header.map(safeCell)])}`
        else if (part.rows.length) yield stringify(part.rows.map((r) => r.map((c) => safeCell(String(c)))))
      }
    },

    /**
     * The same records as an XLSX workbook, streamed (exceljs' streaming writer: memory stays flat). The first
     * `next()` runs the checks; the returned stream then carries the file.
     */
    async xlsx(
      actor: Actor,
      objectName: string,
      opts: { filter?: unknown; sort?: string; locale: Locale; ip?: string },
    ): Promise<Readable> {
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
  }
}

export type CsvExporter = ReturnType<typeof createCsvExporter>
