import { Readable } from 'node:stream'
import type { ImportEncoding, ImportFormat } from '@kemai/shared/api/imports.api'
import { errors } from '../../errors.ts'
import { csvRows } from './csv-source.ts'
import { binaryKind, detectEncoding, isZip, SNIFF_LIMIT, sniffedEnough, type TextEncoding } from './decode.ts'
import { vcardRows } from './vcard-source.ts'
import { xlsxRows } from './xlsx-source.ts'

/** A data row of the file: its 1-based number (the header is row 0) and its cells as text. */
export interface SourceRow {
  row: number
  cells: string[]
  /** a problem of the row itself (ragged), found while reading */
  problem?: { code: string; params?: Record<string, unknown> }
}

export interface OpenedSource {
  format: ImportFormat
  /** the encoding text was read in (null for XLSX) */
  encoding: TextEncoding | null
  header: string[]
  rows: AsyncGenerator<SourceRow>
  /** bytes of the file consumed so far (progress and ETA) */
  bytesRead(): number
  close(): void
}

export const MAX_COLUMNS = 1000
export const MAX_CELL = 10_000
export const MAX_ROWS = 1_000_000

/** The format from the file name, then from the first bytes. */
export function detectFormat(name: string, head: Uint8Array): ImportFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  if (isZip(head)) return 'xlsx'
  const kind = binaryKind(head)
  if (kind === 'ole') throw errors.badRequest([{ path: 'file', code: 'file_format' }])
  if (kind) throw errors.badRequest([{ path: 'file', code: 'file_binary' }])
  if (ext === 'xlsx')
    throw errors.badRequest([{ path: 'file', code: 'file_unreadable', params: { reason: 'not a ZIP' } }])
  if (ext === 'vcf' || ext === 'vcard') return 'vcard'
  const text = Buffer.from(head.subarray(0, 256))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
  if (/^\s*BEGIN:VCARD/i.test(text)) return 'vcard'
  return 'csv'
}

/**
 * Reads the first bytes of a stream without losing them: `head` is what detection needed, `stream` gives
 * every byte again from the start, and `bytes()` counts what the consumer pulled.
 */
export async function peek(
  input: Readable,
  enough: (head: Buffer) => boolean,
): Promise<{ head: Buffer; complete: boolean; stream: Readable; bytes: () => number }> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const chunks: Buffer[] = []
  let size = 0
  let complete = false
  for (;;) {
    const n = await it.next()
    if (n.done) {
      complete = true
      break
    }
    const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(n.value)
    chunks.push(b)
    size += b.length
    if (enough(Buffer.concat(chunks, size))) break
  }
  const head = Buffer.concat(chunks, size)
  let read = 0
  async function* all(): AsyncGenerator<Buffer> {
    read += head.length
    if (head.length) yield head
    if (complete) return
    for (;;) {
      const n = await it.next()
      if (n.done) return
      const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(n.value)
      read += b.length
      yield b
    }
  }
  const stream = Readable.from(all(), { objectMode: false })
  stream.on('close', () => {
    void it.return?.()
    input.destroy()
  })
  return { head, complete, stream, bytes: () => read }
}

/**
 * Opens a file for import: detects binary files, the format and the text encoding, reads the header.
 * Throws 400 problems with a `file` issue: `file_empty`, `file_binary`, `file_format`, `file_encoding`,
 * `file_unreadable`, `too_many_columns`. The rows are read lazily, one at a time (streaming).
 */
export async function openSource(
  input: Readable,
  opts: { name: string; format?: ImportFormat; encoding?: ImportEncoding },
): Promise<OpenedSource> {
  const p = await peek(input, (h) => h.length >= 64 * 1024 || sniffedEnough(h))
  if (p.head.length === 0) {
    p.stream.destroy()
    throw errors.badRequest([{ path: 'file', code: 'file_empty' }])
  }
  let format: ImportFormat
  try {
    format = opts.format ?? detectFormat(opts.name, p.head)
    if (format !== 'xlsx') {
      const kind = binaryKind(p.head)
      if (kind)
        throw errors.badRequest([{ path: 'file', code: kind === 'ole' ? 'file_format' : 'file_binary' }])
    }
  } catch (e) {
    p.stream.destroy()
    throw e
  }
  if (format === 'xlsx') {
    const { header, rows } = await xlsxRows(p.stream)
    return { format, encoding: null, header, rows, bytesRead: p.bytes, close: () => p.stream.destroy() }
  }
  // text: look further for the first non-ASCII bytes to decide the encoding
  const t = await peek(p.stream, (h) => sniffedEnough(h) || h.length >= SNIFF_LIMIT)
  let encoding: TextEncoding
  try {
    encoding = opts.encoding && opts.encoding !== 'auto' ? opts.encoding : detectEncoding(t.head, t.complete)
  } catch (e) {
    t.stream.destroy()
    throw e
  }
  const close = () => t.stream.destroy()
  try {
    const { header, rows } =
      format === 'vcard' ? await vcardRows(t.stream, encoding) : await csvRows(t.stream, encoding)
    if (header.length > MAX_COLUMNS)
      throw errors.badRequest([{ path: 'file', code: 'too_many_columns', params: { max: MAX_COLUMNS } }])
    return { format, encoding, header, rows, bytesRead: p.bytes, close }
  } catch (e) {
    close()
    throw e
  }
}

/** An unreadable file as a problem: the parser's message names the line. */
export function unreadable(e: unknown): unknown {
  if (e && typeof e === 'object' && 'status' in e) return e
  const reason = (e instanceof Error ? e.message : String(e)).slice(0, 200)
  return errors.badRequest([{ path: 'file', code: 'file_unreadable', params: { reason } }])
}
