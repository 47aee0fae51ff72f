/**
 * A vCard 2.1 / 3.0 / 4.0 reader (RFC 2425, 2426, 6350 and the 2.1 specification): line unfolding, quoted-
 * printable with CHARSET (old Android and feature-phone exports of Chinese names), backslash escapes,
 * structured values, parameters with and without `TYPE=`. Pure functions over text lines, so it streams.
 */

export interface VcardProperty {
  name: string
  params: Record<string, string[]>
  /** the value as text (decoded, unescaped; structured values keep their ';' components in `parts`) */
  value: string
  parts: string[]
}

/** Longest logical line kept; longer ones (embedded photos) are dropped. */
export const MAX_LINE = 256 * 1024
export const MAX_PROPERTIES = 2000

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[i + 1]
      i++
    } else if (ch === sep) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}

export function unescapeText(s: string): string {
  return s.replace(/\\([\\,;nN:])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

/** Quoted-printable (RFC 2045) to bytes, then text in the card's charset. */
export function decodeQuotedPrintable(s: string, charset = 'utf-8'): string {
  const bytes: number[] = []
  const src = s.replace(/=\r?\n/g, '')
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(src.slice(i + 1, i + 3), 16))
      i += 2
    } else if (ch === '=' && i === src.length - 1) {
      // a soft line break at the very end
    } else {
      const code = ch.codePointAt(0)!
      if (code < 0x80) bytes.push(code)
      else for (const b of Buffer.from(ch, 'utf8')) bytes.push(b)
    }
  }
  const label = /^(gb2312|gbk|gb18030|cp936)$/i.test(charset) ? 'gb18030' : charset.toLowerCase()
  try {
    return new TextDecoder(label).decode(Uint8Array.from(bytes))
  } catch {
    return new TextDecoder('utf-8').decode(Uint8Array.from(bytes))
  }
}

/** Parses one unfolded content line; null when it is not `[group.]NAME[;params]:value`. */
export function parseLine(line: string, version: string): VcardProperty | null {
  let colon = -1
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '"') quoted = !quoted
    else if (ch === ':' && !quoted) {
      colon = i
      break
    }
  }
  if (colon <= 0) return null
  const head = line.slice(0, colon)
  let raw = line.slice(colon + 1)
  const segs = head.split(';')
  const name = segs[0]!
    .replace(/^[^.]*\./, '')
    .trim()
    .toUpperCase()
  if (!/^[A-Z0-9-]+$/.test(name)) return null
  const params: Record<string, string[]> = {}
  for (const seg of segs.slice(1)) {
    const eq = seg.indexOf('=')
    // vCard 2.1 bare parameters (`TEL;CELL;WORK:`) are types
    const key = (eq < 0 ? 'TYPE' : seg.slice(0, eq)).trim().toUpperCase()
    const val = eq < 0 ? seg : seg.slice(eq + 1)
    const list = val
      .split(',')
      .map((v) => v.trim().replace(/^"|"$/g, ''))
      .filter(Boolean)
    // 2.1 writes `QUOTED-PRINTABLE` bare, as if it were a type
    if (key === 'TYPE' && list.some((v) => /^quoted-printable$/i.test(v))) {
      params.ENCODING = ['QUOTED-PRINTABLE']
      continue
    }
    params[key] = [...(params[key] ?? []), ...list]
  }
  const encoding = (params.ENCODING?.[0] ?? '').toUpperCase()
  if (encoding === 'B' || encoding === 'BASE64') return { name, params, value: '', parts: [] }
  const qp = encoding === 'QUOTED-PRINTABLE'
  if (qp) raw = decodeQuotedPrintable(raw, params.CHARSET?.[0] ?? 'utf-8')
  const escapes = version !== '2.1' || !qp
  const structured = name === 'N' || name === 'ADR' || name === 'ORG'
  const parts = structured ? splitUnescaped(raw, ';').map((p) => (escapes ? unescapeText(p) : p).trim()) : []
  const value = structured ? parts.filter(Boolean).join(' ') : (escapes ? unescapeText(raw) : raw).trim()
  return { name, params, value, parts }
}

/**
 * Turns text lines into logical content lines: RFC folding (a line starting with space or tab continues the
 * previous one) and 2.1 quoted-printable soft breaks (a QP line ending in `=` continues on the next).
 */
export class Unfolder {
  private cur: string | null = null
  private tooLong = false

  /** feeds one physical line; returns the logical line it completed, if any */
  push(line: string): string | null {
    if (this.cur !== null && (line.startsWith(' ') || line.startsWith('\t'))) {
      this.append(line.slice(1))
      return null
    }
    if (
      this.cur !== null &&
      /QUOTED-PRINTABLE/i.test(this.cur.slice(0, this.cur.indexOf(':') + 1)) &&
      this.cur.endsWith('=')
    ) {
      this.append(`\n${line}`)
      return null
    }
    const done = this.flush()
    this.cur = line
    this.tooLong = line.length > MAX_LINE
    if (this.tooLong) this.cur = ''
    return done
  }

  flush(): string | null {
    const done = this.cur
    this.cur = null
    return done === null || done === '' ? null : done
  }

  private append(s: string) {
    if (this.tooLong) return
    if (this.cur!.length + s.length > MAX_LINE) {
      this.tooLong = true
      this.cur = ''
      return
    }
    this.cur += s
  }
}

/** The columns a vCard becomes (their names map to person fields through the usual synonyms). */
export const VCARD_HEADER = [
  'Name',
  'Family name',
  'Given name',
  'Company',
  'Department',
  'Title',
  'Mobile',
  'Phone',
  'Email',
  'Other email',
  'Address',
  'Birthday',
  'Website',
  'Note',
  'Other phone',
  'WeChat',
] as const

const hasType = (p: VcardProperty, ...types: string[]) =>
  (p.params.TYPE ?? []).some((t) => types.includes(t.toUpperCase()))

/** The row of one card (its properties in order), in VCARD_HEADER's columns. */
export function cardToRow(props: VcardProperty[]): string[] {
  const first = (name: string) => props.find((p) => p.name === name && p.value !== '')
  const n = first('N')
  const fn = first('FN')
  const family = n?.parts[0] ?? ''
  const given = n?.parts[1] ?? ''
  const hanName = /[\u3400-\u9fff]/.test(family + given)
  const name = fn?.value || (hanName ? `${family}${given}` : [given, family].filter(Boolean).join(' '))
  const org = first('ORG')
  const tels = props.filter((p) => p.name === 'TEL' && p.value)
  const mobile = tels.find((t) => hasType(t, 'CELL', 'MOBILE', 'IPHONE')) ?? null
  const voice = tels.filter((t) => t !== mobile && !hasType(t, 'FAX'))
  // the work number is the phone; another one (home, other) goes to Other phone
  const phone = voice.find((t) => hasType(t, 'WORK')) ?? voice[0] ?? null
  const otherPhone = voice.find((t) => t !== phone) ?? null
  const emails = props
    .filter((p) => p.name === 'EMAIL' && p.value)
    .map((p) => p.value.replace(/^mailto:/i, ''))
  const adr = first('ADR')
  // ADR: po box; extended; street; locality; region; postal code; country — Chinese order is big to small
  const address = adr
    ? /[\u3400-\u9fff]/.test(adr.value)
      ? [adr.parts[6], adr.parts[4], adr.parts[3], adr.parts[2], adr.parts[1], adr.parts[0]]
          .filter(Boolean)
          .join('')
      : [adr.parts[0], adr.parts[1], adr.parts[2], adr.parts[3], adr.parts[4], adr.parts[5], adr.parts[6]]
          .filter(Boolean)
          .join(', ')
    : ''
  const bday = first('BDAY')?.value ?? ''
  return [
    name,
    family,
    given,
    org?.parts[0] ?? '',
    org?.parts.slice(1).filter(Boolean).join(' ') ?? '',
    first('TITLE')?.value ?? '',
    mobile?.value ?? '',
    phone?.value ?? '',
    emails[0] ?? '',
    emails[1] ?? '',
    address,
    /^\d{8}$/.test(bday) ? `${bday.slice(0, 4)}-${bday.slice(4, 6)}-${bday.slice(6, 8)}` : bday.slice(0, 10),
    first('URL')?.value ?? '',
    first('NOTE')?.value ?? '',
    otherPhone?.value ?? '',
    first('X-WECHAT')?.value ?? '',
  ]
}

/**
 * Reads cards from logical lines: BEGIN:VCARD … END:VCARD, nested cards (2.1 AGENT) ignored, lines outside
 * a card ignored. Yields one row per card.
 */
export function* cardsFromLines(lines: Iterable<string>, state: CardState): Generator<string[]> {
  for (const line of lines) {
    const upper = line.trim().toUpperCase()
    if (upper === 'BEGIN:VCARD') {
      state.depth++
      if (state.depth === 1) {
        state.props = []
        state.version = '3.0'
      }
      continue
    }
    if (upper === 'END:VCARD') {
      if (state.depth === 1) yield cardToRow(state.props)
      state.depth = Math.max(0, state.depth - 1)
      continue
    }
    if (state.depth !== 1) continue
    const p = parseLine(line, state.version)
    if (!p) continue
    if (p.name === 'VERSION') state.version = p.value
    else if (state.props.length < MAX_PROPERTIES) state.props.push(p)
  }
}

export interface CardState {
  depth: number
  version: string
  props: VcardProperty[]
}

export const newCardState = (): CardState => ({ depth: 0, version: '3.0', props: [] })
