import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors.ts'
import { openSource, type SourceRow } from './source.ts'

const gbk = (s: string) => {
  // GB18030 bytes of the few characters the tests use (TextEncoder only writes UTF-8)
  const table: Record<string, number[]> = {
    张: [0xd5, 0xc5],
    伟: [0xce, 0xb0],
    手: [0xca, 0xd6],
    机: [0xbb, 0xfa],
    姓: [0xd0, 0xd5],
    名: [0xc3, 0xfb],
  }
  const out: number[] = []
  for (const ch of s) out.push(...(table[ch] ?? [ch.charCodeAt(0)]))
  return Buffer.from(out)
}

async function read(bytes: Buffer | string, name = 'x.csv', chunk = 7) {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes
  const parts: Buffer[] = []
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk))
  const src = await openSource(Readable.from(parts), { name })
  const rows: SourceRow[] = []
  for await (const r of src.rows) rows.push(r)
  return { header: src.header, rows, encoding: src.encoding, format: src.format }
}

async function problem(bytes: Buffer | string, name = 'x.csv') {
  try {
    await read(bytes, name)
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return (e as AppError).issues[0]?.code
  }
  throw new Error('no error')
}

describe('CSV', () => {
  it('reads UTF-8 with and without BOM, CRLF, quotes and newlines in cells', async () => {
    const text = '姓名,手机\r\n"张,伟","138 1234 5678"\r\n"多\n行","say ""hi"""\r\n'
    for (const b of [
      Buffer.from(text),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    ]) {
      const r = await read(b)
      expect(r.header).toEqual(['姓名', '手机'])
      expect(r.rows.map((x) => x.cells)).toEqual([
        ['张,伟', '138 1234 5678'],
        ['多\n行', 'say "hi"'],
      ])
      expect(r.encoding).toBe('utf-8')
    }
  })

  it('detects GBK / GB18030', async () => {
    const r = await read(Buffer.concat([gbk('姓名,手机\n'), gbk('张伟,13812345678\n')]), 'x.csv', 3)
    expect(r.encoding).toBe('gb18030')
    expect(r.header).toEqual(['姓名', '手机'])
    expect(r.rows[0]!.cells).toEqual(['张伟', '13812345678'])
  })

  it('picks the delimiter (tab, semicolon) and reports ragged rows per row', async () => {
    const r = await read('a\tb\n1\t2\n3\n4\t5\t\t\n')
    expect(r.header).toEqual(['a', 'b'])
    expect(r.rows[0]).toEqual({ row: 1, cells: ['1', '2'] })
    expect(r.rows[1]!.problem).toEqual({ code: 'ragged_row', params: { got: 1, expected: 2 } })
    expect(r.rows[2]!.cells).toEqual(['4', '5'])
    expect((await read('a;b\n1;2\n')).rows[0]!.cells).toEqual(['1', '2'])
  })

  it('refuses empty, binary and undecodable files with a code', async () => {
    expect(await problem('')).toBe('file_empty')
    expect(await problem(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]))).toBe('file_binary')
    expect(await problem(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d]))).toBe('file_binary')
    expect(await problem(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'old.xls')).toBe('file_format')
    expect(await problem(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xff, 0x0a]))).toBe('file_encoding')
    expect(await problem('a,b\n"unclosed\n')).toBe('file_unreadable')
  })

  it('round-trips any table with quotes, newlines, delimiters and Chinese (fast-check)', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '张', '"', ',', '\n', '\r\n', ' ', '；', '😀', 'x') })
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((w) =>
          fc.tuple(
            fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: w, maxLength: w }),
            fc.array(
              fc.array(cell, { minLength: w, maxLength: w }).filter((r) => r.some((c) => c.trim() !== '')),
              { maxLength: 5 },
            ),
          ),
        ),
        fc.integer({ min: 1, max: 40 }),
        async ([header, rows], chunk) => {
          const text = stringify([header, ...rows], { quoted: true })
          const r = await read(Buffer.from(text), 'x.csv', chunk)
          expect(r.header).toEqual(header)
          expect(r.rows.map((x) => x.cells)).toEqual(rows)
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('vCard', () => {
  it('reads 2.1 quoted-printable Chinese, 3.0 escapes and folding, 4.0', async () => {
    const v21 = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=BC=9F',
      'TEL;CELL:138-1234-5678',
      'TEL;WORK;VOICE:0571-88888888',
      'ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E9=98=BF=E9=87=8C=E5=B7=B4=E5=B7=B4;=E9=94=80=E5=94=AE',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Zhang;Wei;;;',
      'FN:Wei Zhang',
      'EMAIL;TYPE=INTERNET,WORK:wei@example.com',
      'NOTE:line one\\nline two\\, with comma and a long',
      '  folded tail',
      'ADR;TYPE=WORK:;;1 Main St;Hangzhou;Zhejiang;310000;China',
      'PHOTO;ENCODING=b;TYPE=JPEG:AAAA',
      ' BBBB',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:李娜',
      'TEL;VALUE=uri;TYPE="cell,voice":tel:+86-139-0000-0000',
      'BDAY:19850312',
      'END:VCARD',
      '',
    ].join('\r\n')
    const r = await read(v21, 'contacts.vcf')
    expect(r.format).toBe('vcard')
    expect(r.header.slice(0, 3)).toEqual(['Name', 'Family name', 'Given name'])
    const [a, b, c] = r.rows.map((x) => x.cells)
    expect(a!.slice(0, 8)).toEqual([
      '张伟',
      '张',
      '伟',
      '阿里巴巴',
      '销售',
      '',
      '138-1234-5678',
      '0571-88888888',
    ])
    expect(b![0]).toBe('Wei Zhang')
    expect(b![8]).toBe('wei@example.com')
    expect(b![13]).toBe('line one\nline two, with comma and a long folded tail')
    expect(b![10]).toBe('1 Main St, Hangzhou, Zhejiang, 310000, China')
    expect(c![0]).toBe('李娜')
    expect(c![6]).toBe('tel:+86-139-0000-0000')
    expect(c![11]).toBe('1985-03-12')
  })

  it('says so when a .vcf has no card', async () => {
    expect(await problem('hello\nworld\n', 'x.vcf')).toBe('file_unreadable')
  })
})

describe('XLSX', () => {
  it('reads the first sheet: header, text, numbers, dates; refuses a broken zip', async () => {
    const ExcelJS = (await import('exceljs')).default
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('people')
    sheet.addRow(['姓名', '手机', '生日', '人数'])
    sheet.addRow(['张伟', '13812345678', new Date(Date.UTC(1985, 2, 12)), 42])
    sheet.addRow([])
    sheet.addRow([
      '李娜',
      { richText: [{ text: '139' }, { text: '00000000' }] },
      null,
      { formula: '1+1', result: 2 },
    ])
    const buf = Buffer.from(await book.xlsx.writeBuffer())
    const r = await read(buf, 'people.xlsx', 1000)
    expect(r.header).toEqual(['姓名', '手机', '生日', '人数'])
    expect(r.rows.map((x) => x.cells)).toEqual([
      ['张伟', '13812345678', '1985-03-12', '42'],
      ['李娜', '13900000000', '', '2'],
    ])
    expect(await problem(Buffer.concat([buf.subarray(0, 200), Buffer.alloc(50)]), 'broken.xlsx')).toBe(
      'file_unreadable',
    )
  })
})
