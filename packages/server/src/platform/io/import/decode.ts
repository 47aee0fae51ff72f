import { Transform, type TransformCallback } from 'node:stream'
import { errors } from '../../errors.ts'

/** Text encodings an import can be in. GB18030 is a superset of GBK and GB2312. */
export type TextEncoding = 'utf-8' | 'gb18030'

/** How far into a file detection looks for its first non-ASCII bytes (an ASCII-only prefix decides nothing). */
export const SNIFF_LIMIT = 4 * 1024 * 1024

const MAGIC: [string, number[]][] = [
  ['pdf', [0x25, 0x50, 0x44, 0x46]],
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['gzip', [0x1f, 0x8b]],
  ['ole', [0xd0, 0xcf, 0x11, 0xe0]],
  ['elf', [0x7f, 0x45, 0x4c, 0x46]],
  ['rar', [0x52, 0x61, 0x72, 0x21]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf]],
]

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x)

/** The kind of a binary file from its first bytes, or null when it may be text. */
export function binaryKind(head: Uint8Array): string | null {
  for (const [name, sig] of MAGIC) if (startsWith(head, sig)) return name
  // UTF-16 text has a NUL in every other byte; we do not read it, so it counts as binary here
  const n = Math.min(head.length, 8192)
  for (let i = 0; i < n; i++) if (head[i] === 0) return 'nul'
  return null
}

export const isZip = (head: Uint8Array) => startsWith(head, [0x50, 0x4b, 0x03, 0x04])

function hasNonAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return true
  return false
}

/**
 * The encoding of a text file from its prefix: valid UTF-8 (BOM or not) is UTF-8, otherwise GB18030
 * when it decodes as that (STACK.md §8: a statistical guesser takes short GBK text for Big5). Throws a
 * 400 `file_encoding` when neither fits. `complete` says the prefix is the whole file.
 */
export function detectEncoding(prefix: Uint8Array, complete: boolean): TextEncoding {
  if (!hasNonAscii(prefix)) return 'utf-8'
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: !complete })
    return 'utf-8'
  } catch {
    // not UTF-8
  }
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(prefix, { stream: !complete })
    return 'gb18030'
  } catch {
    throw errors.badRequest([{ path: 'file', code: 'file_encoding' }])
  }
}

/** Whether detection has seen enough: some non-ASCII bytes, or the limit. */
export const sniffedEnough = (prefix: Uint8Array) => prefix.length >= SNIFF_LIMIT || hasNonAscii(prefix)

/**
 * Bytes → text in `encoding`, chunk boundaries handled (TextDecoder `stream`). UTF-8 is decoded strictly, so a
 * file that turns out not to be UTF-8 after its prefix fails with `file_encoding` instead of importing
 * replacement characters. A leading BOM is dropped.
 */
export function decoder(encoding: TextEncoding): Transform {
  const dec = new TextDecoder(encoding, { fatal: true })
  const fail = (cb: TransformCallback) => cb(errors.badRequest([{ path: 'file', code: 'file_encoding' }]))
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, cb) {
      try {
        const s = dec.decode(chunk, { stream: true })
        if (s) this.push(s)
        cb()
      } catch {
        fail(cb)
      }
    },
    flush(cb) {
      try {
        const s = dec.decode()
        if (s) this.push(s)
        cb()
      } catch {
        fail(cb)
      }
    },
  })
}
