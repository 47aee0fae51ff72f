import { PassThrough, pipeline, type Readable } from 'node:stream'
import { errors } from '../../errors.ts'
import { decoder, type TextEncoding } from './decode.ts'
import type { SourceRow } from './source.ts'
import { cardsFromLines, newCardState, Unfolder, VCARD_HEADER } from './vcard.ts'

/** vCard rows, streamed: text → physical lines → logical lines → one row per card. */
export async function vcardRows(
  input: Readable,
  encoding: TextEncoding,
): Promise<{ header: string[]; rows: AsyncGenerator<SourceRow> }> {
  const text = new PassThrough({ objectMode: true })
  pipeline(input, decoder(encoding), text, () => {})
  async function* cards(): AsyncGenerator<string[]> {
    const unfold = new Unfolder()
    const state = newCardState()
    let rest = ''
    for await (const chunk of text as AsyncIterable<string>) {
      const parts = (rest + chunk).split(/\r\n|\n|\r/)
      rest = parts.pop() ?? ''
      // a single line longer than the limit is dropped as it streams in
      if (rest.length > 1024 * 1024) rest = ''
      const logical: string[] = []
      for (const line of parts) {
        const done = unfold.push(line)
        if (done !== null) logical.push(done)
      }
      yield* cardsFromLines(logical, state)
    }
    const tail = [unfold.push(rest), unfold.flush()].filter((x): x is string => x !== null)
    yield* cardsFromLines(tail, state)
  }
  const it = cards()
  const first = await it.next()
  if (first.done) {
    throw errors.badRequest([
      { path: 'file', code: 'file_unreadable', params: { reason: 'no BEGIN:VCARD … END:VCARD' } },
    ])
  }
  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 1
    yield { row, cells: first.value as string[] }
    for await (const cells of it) yield { row: ++row, cells }
  }
  return { header: [...VCARD_HEADER], rows: rows() }
}
