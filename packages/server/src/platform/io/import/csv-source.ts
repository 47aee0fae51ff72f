import { PassThrough, pipeline, Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { errors } from '../../errors.ts'
import { decoder, type TextEncoding } from './decode.ts'
import type { SourceRow } from './source.ts'

const MAX_RECORD_CHARS = 1024 * 1024
const DELIMITERS = [',', '\t', ';', '|'] as const

/** The delimiter of the first line (outside quotes): the most frequent of , TAB ; | — comma on a tie. */
export function detectDelimiter(firstLines: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]))
  let quoted = false
  for (const ch of firstLines) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1)
  }
  let best = ','
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d
  return best
}

/** Header cells: trimmed, an empty one named by its position. */
export function cleanHeader(cells: string[]): string[] {
  return cells.map((c, i) => c.replace(/^\uFEFF/, '').trim() || `#${i + 1}`)
}

/**
 * CSV rows, streamed through csv-parse: quotes, doubled quotes, newlines in quoted cells, CRLF; a row with
 * another number of cells than the header is reported (`ragged_row`), trailing empty cells excepted.
 */
export async function csvRows(
  input: Readable,
  encoding: TextEncoding,
): Promise<{ header: string[]; rows: AsyncGenerator<SourceRow> }> {
  const text = new PassThrough({ objectMode: true })
  pipeline(input, decoder(encoding), text, () => {})
  const it = text[Symbol.asyncIterator]() as AsyncIterator<string>
  // enough text to see the first line and pick the delimiter
  const first: string[] = []
  let seen = 0
  let ended = false
  while (seen < 64 * 1024) {
    const n = await it.next()
    if (n.done) {
      ended = true
      break
    }
    first.push(n.value)
    seen += n.value.length
    if (/[\r\n]/.test(n.value)) break
  }
  const delimiter = detectDelimiter(first.join(''))
  async function* all(): AsyncGenerator<string> {
    yield* first
    if (ended) return
    for (;;) {
      const n = await it.next()
      if (n.done) return
      yield n.value
    }
  }
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    info: true,
  })
  pipeline(Readable.from(all()), parser, () => {})
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[]
    info: { lines: number }
  }>
  const head = await next(records)
  if (!head) throw errors.badRequest([{ path: 'file', code: 'file_empty' }])
  const header = cleanHeader(head.record)
  const width = header.length
  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 0
    for (;;) {
      const r = await next(records)
      if (!r) return
      row++
      let cells = r.record
      if (cells.length > width && cells.slice(width).every((c) => c.trim() === ''))
        cells = cells.slice(0, width)
      if (cells.length !== width) {
        yield { row, cells, problem: { code: 'ragged_row', params: { got: cells.length, expected: width } } }
        continue
      }
      yield { row, cells }
    }
  }
  return { header, rows: rows() }
}

async function next<T>(it: AsyncIterator<T>): Promise<T | undefined> {
  try {
    const n = await it.next()
    return n.done ? undefined : n.value
  } catch (e) {
    if (e && typeof e === 'object' && 'status' in e) throw e
    const reason = (e instanceof Error ? e.message : String(e)).slice(0, 200)
    throw errors.badRequest([{ path: 'file', code: 'file_unreadable', params: { reason } }])
  }
}
