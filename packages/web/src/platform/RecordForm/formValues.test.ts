import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { everyTypeMeta } from '../../test/fixtures.ts'
import { fieldOfPath, formFields, toRecordInput } from './formValues.ts'

describe('form values → API values', () => {
  const fields = formFields(everyTypeMeta)

  it('offers an input for every editable type, title first, no raw JSON', () => {
    expect(fields.map((f) => f.name)).toEqual([
      'title',
      'notes',
      'quantity',
      'amount',
      'close_date',
      'next_call',
      'won',
      'stage',
      'email',
      'phone',
      'site',
      'company',
    ])
  })

  it('shapes each value as the records API takes it', () => {
    const out = toRecordInput(
      fields,
      {
        title: '  年度框架协议 ',
        notes: '',
        quantity: 12,
        amount: { amount: 1234.5, currency: 'USD' },
        close_date: dayjs('2026-12-31'),
        next_call: dayjs('2026-12-06T10:30:00'),
        won: false,
        stage: 'new',
        email: 'LI@EXAMPLE.COM',
        phone: '138 1234 5678',
        site: undefined,
        company: '01a243f1-5600-7d7e-bced-1b5cb2027642',
      },
      'Asia/Shanghai',
    )
    expect(out).toEqual({
      title: '年度框架协议',
      quantity: 12,
      amount: { amount: '1234.50', currency: 'USD' },
      close_date: '2026-12-31',
      next_call: '2026-12-06T10:30:00+08:00',
      won: false,
      stage: 'new',
      email: 'LI@EXAMPLE.COM',
      phone: '138 1234 5678',
      company: '01a243f1-5600-7d7e-bced-1b5cb2027642',
    })
  })

  it('leaves out money without an amount and uses the field currency by default', () => {
    expect(toRecordInput(fields, { amount: { currency: 'USD', amount: null } }, 'UTC')).toEqual({})
    expect(toRecordInput(fields, { amount: { amount: 5 } }, 'UTC')).toEqual({
      amount: { amount: '5.00', currency: 'CNY' },
    })
  })

  it('maps server error paths to form fields', () => {
    expect(fieldOfPath('amount.currency', fields)).toBe('amount')
    expect(fieldOfPath('email', fields)).toBe('email')
    expect(fieldOfPath('tags[1]', fields)).toBeNull()
    expect(fieldOfPath('', fields)).toBeNull()
  })
})
