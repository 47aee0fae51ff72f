/**
 * A vCard 4.0 writer (RFC 6350): text escaping (§3.4), content lines with parameters, line folding at 75
 * octets (§3.2) that never splits a UTF-8 character, CRLF line ends. The reader is import/vcard.ts.
 *
 * Written here rather than taken from npm: the 4.0 writers there fold at 75 UTF-16 code units rather
 * than octets (a line of Chinese text goes up to 225 octets and a surrogate pair can be cut in half), or
 * do not escape values at all, and ical.js is MPL-2.0.
 */

/** The longest physical line, in octets, without its CRLF (RFC 6350 §3.2). */
export const MAX_LINE_OCTETS = 75
const CRLF = '\r\n'

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * A text value escaped for a content line: `\` `,` `;` and line breaks (as `\n`). Control characters a
 * vCard cannot carry (all but tab) are dropped and lone surrogates become U+FFFD, so the line stays valid
 * UTF-8 text.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(LONE_SURROGATE, '\uFFFD')
      .replace(/\r\n|\r|\n/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
      .replace(/[\\,;\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
  )
}

/** A structured value (N, ADR, ORG): each component escaped, joined by `;`. */
export function structured(components: readonly (string | null | undefined)[]): string {
  return components.map((c) => escapeText(c ?? '')).join(';')
}

function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1
  if (codePoint < 0x800) return 2
  if (codePoint < 0x10000) return 3
  return 4
}

/**
 * Folds one content line: at most 75 octets per physical line, each continuation starting with a space
 * (which counts), cut only between characters (RFC 6350 §3.2: "multi-octet characters MUST remain
 * contiguous"). Lines are joined by CRLF; the result has no trailing CRLF.
 */
export function foldLine(line: string): string {
  let out = ''
  let width = 0
  for (const ch of line) {
    const n = utf8Octets(ch.codePointAt(0)!)
    if (width + n > MAX_LINE_OCTETS) {
      out += `${CRLF} `
      width = 1
    }
    out += ch
    width += n
  }
  return out
}

/** The inverse of foldLine: a CRLF (or LF) followed by one space or tab joins two physical lines. */
export function unfold(text: string): string {
  return text.replace(/\r?\n[ \t]/g, '')
}

export interface CardProperty {
  /** upper-case property name, e.g. `TEL` or `X-WECHAT` */
  name: string
  /** parameters as written, e.g. `{ TYPE: 'cell' }`; values are fixed tokens, never user text */
  params?: Record<string, string>
  /** the value, already escaped (escapeText / structured) or a value that needs none (a date, a URI) */
  value: string
}

/** One content line, folded. */
export function contentLine(p: CardProperty): string {
  const params = Object.entries(p.params ?? {})
    .map(([k, v]) => `;${k}=${v}`)
    .join('')
  return foldLine(`${p.name}${params}:${p.value}`)
}

/** A whole card: BEGIN, VERSION 4.0, the properties in order, END, every line ending in CRLF. */
export function formatCard(props: readonly CardProperty[]): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', ...props.map(contentLine), 'END:VCARD']
  return lines.join(CRLF) + CRLF
}
