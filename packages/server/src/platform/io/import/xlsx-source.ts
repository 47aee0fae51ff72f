import type { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { errors } from '../../errors.ts'
import { cleanHeader } from './csv-source.ts'
import type { SourceRow } from './source.ts'

/** One cell value of exceljs as the text a user typed: dates as YYYY-MM-DD (or ISO with a time), formulas by their result. */
export function cellToText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return ''
    const iso = v.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: string }) => r.text ?? '').join('')
    if ('result' in o) return cellToText(o.result)
    if ('text' in o) return cellToText(o.text)
    if ('error' in o) return ''
  }
  return ''
}

/** The first worksheet of an XLSX workbook, streamed (exceljs' WorkbookReader): row 1 is the header. */
export async function xlsxRows(
  input: Readable,
): Promise<{ header: string[]; rows: AsyncGenerator<SourceRow> }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  const sheets = reader[Symbol.asyncIterator]()
  const bad = (e: unknown) => {
    input.destroy()
    if (e && typeof e === 'object' && 'status' in e) return e
    const reason = (e instanceof Error ? e.message : String(e)).slice(0, 200)
    return errors.badRequest([{ path: 'file', code: 'file_unreadable', params: { reason } }])
  }
  let sheetRows: AsyncIterator<ExcelJS.Row>
  try {
    const first = await sheets.next()
    if (first.done) throw errors.badRequest([{ path: 'file', code: 'file_empty' }])
    sheetRows = (first.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]()
  } catch (e) {
    throw bad(e)
  }
  const valuesOf = (r: ExcelJS.Row): string[] => {
    const vals = r.values as unknown[]
    const out: string[] = []
    for (let i = 1; i < vals.length; i++) out.push(cellToText(vals[i]))
    return out
  }
  let headRow: ExcelJS.Row | undefined
  try {
    for (;;) {
      const n = await sheetRows.next()
      if (n.done) break
      if (valuesOf(n.value).some((c) => c.trim() !== '')) {
        headRow = n.value
        break
      }
    }
  } catch (e) {
    throw bad(e)
  }
  if (!headRow) {
    input.destroy()
    throw errors.badRequest([{ path: 'file', code: 'file_empty' }])
  }
  const header = cleanHeader(valuesOf(headRow))
  // trailing empty header cells are not columns
  while (header.length > 1 && /^#\d+$/.test(header[header.length - 1]!)) header.pop()
  const width = header.length
  const headNumber = headRow.number
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (;;) {
        const n = await sheetRows.next()
        if (n.done) return
        const cells = valuesOf(n.value)
        if (cells.every((c) => c.trim() === '')) continue
        const row = n.value.number - headNumber
        if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
          yield {
            row,
            cells,
            problem: { code: 'ragged_row', params: { got: cells.length, expected: width } },
          }
          continue
        }
        while (cells.length < width) cells.push('')
        yield { row, cells: cells.slice(0, width) }
      }
    } catch (e) {
      throw bad(e)
    } finally {
      // the rest of the workbook (other sheets) is not read
      input.destroy()
    }
  }
  return { header, rows: rows() }
}
