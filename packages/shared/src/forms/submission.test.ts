import { describe, expect, it } from 'vitest'
import type { PublicFormField } from '../api/forms.api.ts'
import { checkSubmission, fromFormData, isSpam } from './submission.ts'

const field = (
  name: string,
  type: PublicFormField['type'],
  more: Partial<PublicFormField> = {},
): PublicFormField => ({
  name,
  type,
  label: { 'zh-CN': name, en: name },
  required: false,
  placeholder: null,
  help: null,
  choices: [],
  maxLength: null,
  min: null,
  max: null,
  scale: null,
  precision: null,
  currency: null,
  ...more,
})

const FIELDS = [
  field('name', 'text', { required: true, maxLength: 10 }),
  field('email', 'email'),
  field('mobile', 'phone'),
  field('site', 'url'),
  field('employees', 'number', { min: 1, max: 1000 }),
  field('budget', 'currency'),
  field('stars', 'rating', { scale: 5 }),
  field('birthday', 'date'),
  field('meet_at', 'datetime'),
  field('agree', 'boolean', { required: true }),
  field('size', 'select', { choices: [{ value: 'small', label: { 'zh-CN': '小', en: 'Small' } }] }),
  field('topics', 'multi_select', {
    choices: [
      { value: 'a', label: { 'zh-CN': 'A', en: 'A' } },
      { value: 'b', label: { 'zh-CN': 'B', en: 'B' } },
    ],
  }),
  field('address', 'address'),
  field('notes', 'long_text'),
]

describe('checkSubmission', () => {
  it('cleans good values and leaves empty ones out', () => {
    const r = checkSubmission(FIELDS, {
      name: '  张伟 ',
      email: ' ZW@Example.COM ',
      mobile: '138 1234 5678',
      site: 'example.com',
      employees: '12',
      budget: '1200.50',
      stars: 4,
      birthday: '1990-02-28',
      meet_at: '2026-12-01T09:30:00+08:00',
      agree: 'on',
      size: 'small',
      topics: ['a', 'b', 'a'],
      address: '杭州市西湖区',
      notes: '',
      _website: '',
      _locale: 'en',
    })
    expect(r).toEqual({
      ok: true,
      values: {
        name: '张伟',
        email: 'zw@example.com',
        mobile: '138 1234 5678',
        site: 'example.com',
        employees: 12,
        budget: '1200.50',
        stars: 4,
        birthday: '1990-02-28',
        meet_at: '2026-12-01T09:30:00+08:00',
        agree: true,
        size: 'small',
        topics: ['a', 'b'],
        address: { text: '杭州市西湖区' },
      },
    })
  })

  it('names every bad field with its code and params', () => {
    const r = checkSubmission(FIELDS, {
      name: '01234567890',
      email: 'no-at',
      mobile: 'call me',
      site: 'javascript:alert(1)',
      employees: 0,
      budget: '12.345',
      stars: 9,
      birthday: '2026-02-30',
      meet_at: 'tomorrow',
      agree: false,
      size: 'huge',
      topics: ['c'],
      address: { province: 'x' },
      owner_id: '00000000-0000-4000-8000-000000000000',
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { path: 'owner_id', code: 'unknown_field' },
        { path: 'name', code: 'too_long', params: { max: 10 } },
        { path: 'email', code: 'invalid_email' },
        { path: 'mobile', code: 'invalid_phone' },
        { path: 'site', code: 'invalid_url' },
        { path: 'employees', code: 'too_small', params: { min: 1 } },
        { path: 'budget', code: 'invalid_currency' },
        { path: 'stars', code: 'too_big', params: { max: 5 } },
        { path: 'birthday', code: 'invalid_date' },
        { path: 'meet_at', code: 'invalid_date' },
        { path: 'agree', code: 'required' },
        { path: 'size', code: 'invalid_option', params: { value: 'huge' } },
        { path: 'topics', code: 'invalid_option', params: { value: 'c' } },
        { path: 'address', code: 'invalid_format' },
      ]),
    )
    expect(r.issues).toHaveLength(14)
  })

  it('asks for required fields, whatever empty looks like', () => {
    for (const name of [undefined, null, '', '   ', []]) {
      const r = checkSubmission(FIELDS, { name, agree: true })
      expect(r).toEqual({ ok: false, issues: [{ path: 'name', code: 'required' }] })
    }
  })

  it('refuses what is not an object, and wrong types', () => {
    expect(checkSubmission(FIELDS, [1])).toMatchObject({ ok: false, issues: [{ path: 'body' }] })
    expect(checkSubmission(FIELDS, 'x')).toMatchObject({ ok: false })
    const r = checkSubmission(FIELDS, { name: { $gt: '' }, agree: true, employees: [1], birthday: 20260101 })
    expect(r).toMatchObject({
      ok: false,
      issues: [
        { path: 'name', code: 'invalid_type' },
        { path: 'employees', code: 'invalid_type' },
        { path: 'birthday', code: 'invalid_type' },
      ],
    })
  })

  it('keeps hostile text as text (the page escapes it when shown)', () => {
    const r = checkSubmission(FIELDS, { name: '<b>x</b>', agree: true, notes: "'; drop table x;--\u0000" })
    expect(r).toEqual({ ok: true, values: { name: '<b>x</b>', agree: true, notes: "'; drop table x;--" } })
  })
})

describe('fromFormData and the honeypot', () => {
  it('turns repeated keys into lists; a single multi-select value passes as a list of one', () => {
    const one = fromFormData([
      ['name', '李雷'],
      ['topics', 'a'],
      ['agree', 'on'],
    ])
    expect(one).toEqual({ name: '李雷', topics: 'a', agree: 'on' })
    expect(checkSubmission(FIELDS, one)).toEqual({
      ok: true,
      values: { name: '李雷', topics: ['a'], agree: true },
    })
    expect(
      fromFormData([
        ['topics', 'a'],
        ['topics', 'b'],
        ['name', 'x'],
        ['name', 'y'],
      ]),
    ).toEqual({ topics: ['a', 'b'], name: ['x', 'y'] })
  })

  it('is spam when the hidden input was filled', () => {
    expect(isSpam({ _website: 'http://spam' })).toBe(true)
    expect(isSpam({ _website: '' })).toBe(false)
    expect(isSpam({})).toBe(false)
  })
})
