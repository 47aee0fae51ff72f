import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLine, unescapeText } from './import/vcard.ts'
import {
  contentLine,
  escapeText,
  foldLine,
  formatCard,
  MAX_LINE_OCTETS,
  structured,
  unfold,
} from './vcard-writer.ts'

const octets = (s: string) => new TextEncoder().encode(s).length
const strict = new TextDecoder('utf-8', { fatal: true })

/** What a value can come back as: line breaks as LF, no control characters but tab, no lone surrogates. */
const expected = (v: string) =>
  v
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\r\n|\r/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the writer drops them
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')

/** Values a CRM holds: Chinese and other scripts, emoji, and every character the format treats specially. */
const crmText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        '张',
        '伟',
        '龘',
        '𠀀',
        '😀',
        'é',
        '\\',
        ',',
        ';',
        ':',
        '\n',
        '\r\n',
        '\t',
        ' ',
        'a',
        '"',
      ),
      {
        maxLength: 200,
      },
    )
    .map((a) => a.join('')),
)

describe('vCard writer: escaping', () => {
  it('escapes backslash, comma, semicolon and line breaks, and nothing else', () => {
    expect(escapeText('a\\b,c;d\ne\r\nf\rg')).toBe('a\\\\b\\,c\\;d\\ne\\nf\\ng')
    expect(escapeText('张伟: "VIP"\t😀')).toBe('张伟: "VIP"\t😀')
    expect(escapeText('a\u0000b\u0007c\u007f')).toBe('abc')
    expect(escapeText('x\uD800y')).toBe('x\uFFFDy')
  })

  it('keeps the components of a structured value apart', () => {
    expect(structured(['Müller; Sohn', 'Anna, Maria', null, undefined, ''])).toBe(
      'Müller\\; Sohn;Anna\\, Maria;;;',
    )
    const p = parseLine(`N:${structured(['张', '伟;三', '', '', ''])}`, '4.0')
    expect(p?.parts).toEqual(['张', '伟;三', '', '', ''])
  })
})

describe('vCard writer: folding', () => {
  it('leaves a short line alone and folds a long one at 75 octets', () => {
    expect(foldLine('FN:张伟')).toBe('FN:张伟')
    const line = `NOTE:${'a'.repeat(200)}`
    const physical = foldLine(line).split('\r\n')
    expect(physical.map(octets)).toEqual([75, 75, 57])
    expect(physical.slice(1).every((l) => l.startsWith(' '))).toBe(true)
    expect(unfold(foldLine(line))).toBe(line)
  })

  it('never cuts a Chinese character or an emoji in half', () => {
    // "FN:" is 3 octets, each 张 3 more: the 25th ends at 78 > 75, so it moves to the next line
    const line = `FN:${'张'.repeat(40)}`
    const [head, tail] = foldLine(line).split('\r\n')
    expect(octets(head!)).toBe(3 + 24 * 3)
    expect(tail).toBe(` ${'张'.repeat(16)}`)
    const emoji = foldLine(`NOTE:${'😀'.repeat(40)}`)
    for (const l of emoji.split('\r\n')) {
      expect(octets(l)).toBeLessThanOrEqual(MAX_LINE_OCTETS)
      expect(() => strict.decode(new TextEncoder().encode(l))).not.toThrow()
      expect(l).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u)
    }
  })

  it('unfolds and unescapes back to the value (property)', () => {
    fc.assert(
      fc.property(crmText, fc.constantFrom('NOTE', 'FN', 'X-WECHAT'), (value, name) => {
        const folded = contentLine({ name, value: escapeText(value) })
        for (const l of folded.split('\r\n')) {
          const bytes = new TextEncoder().encode(l)
          expect(bytes.length).toBeLessThanOrEqual(MAX_LINE_OCTETS)
          // each physical line is whole UTF-8 on its own (no character split across lines)
          expect(strict.decode(bytes)).toBe(l)
          expect(l).not.toMatch(/[\r\n]/)
        }
        const logical = unfold(folded)
        expect(logical.startsWith(`${name}:`)).toBe(true)
        expect(unescapeText(logical.slice(name.length + 1))).toBe(expected(value))
      }),
      { numRuns: 500 },
    )
  })
})

describe('vCard writer: cards', () => {
  it('writes BEGIN, VERSION 4.0 first, the properties with parameters, END, all CRLF', () => {
    const card = formatCard([
      { name: 'FN', value: escapeText('张伟') },
      { name: 'TEL', params: { TYPE: 'cell' }, value: '+8613812345678' },
    ])
    expect(card).toBe(
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:张伟\r\nTEL;TYPE=cell:+8613812345678\r\nEND:VCARD\r\n',
    )
    expect(card.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
  })
})
