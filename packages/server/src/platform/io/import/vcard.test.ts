import { describe, expect, it } from 'vitest'
import { cardToRow, parseLine, VCARD_HEADER } from './vcard.ts'

const row = (lines: string[]) => {
  const cells = cardToRow(lines.map((l) => parseLine(l, '3.0')!))
  return Object.fromEntries(VCARD_HEADER.map((h, i) => [h, cells[i]]))
}

describe('a card as an import row', () => {
  it('takes the work number as the phone and another one as the other phone; fax is no phone', () => {
    expect(
      row([
        'FN:李娜',
        'TEL;TYPE=HOME:010-12345678',
        'TEL;TYPE=FAX:010-99999999',
        'TEL;TYPE=WORK,VOICE:0571-88888888',
        'TEL;TYPE=CELL:13900000000',
      ]),
    ).toMatchObject({ Mobile: '13900000000', Phone: '0571-88888888', 'Other phone': '010-12345678' })
    // without a work number the first one is the phone
    expect(row(['FN:x', 'TEL:010-1', 'TEL:010-2'])).toMatchObject({ Phone: '010-1', 'Other phone': '010-2' })
    expect(row(['FN:x'])).toMatchObject({ Phone: '', 'Other phone': '' })
  })

  it('reads the second e-mail and the WeChat id', () => {
    expect(row(['FN:x', 'EMAIL:a@example.com', 'EMAIL:b@example.com', 'X-WECHAT:wx\\,id'])).toMatchObject({
      Email: 'a@example.com',
      'Other email': 'b@example.com',
      WeChat: 'wx,id',
    })
  })
})
