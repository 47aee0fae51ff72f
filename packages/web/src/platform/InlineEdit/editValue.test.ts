import { describe, expect, it } from 'vitest'
import { everyTypeMeta, me, personMeta } from '../../test/fixtures.ts'
import { canEditField, fromEditorValue, toEditorValue, validateValue } from './editValue.ts'

const f = (name: string) => everyTypeMeta.fields.find((x) => x.name === name)!
const TZ = 'Asia/Shanghai'

describe('inline edit values', () => {
  it('round-trips every editable type between API shape and input value', () => {
    const cases: [string, unknown][] = [
      ['title', '大单'],
      ['quantity', 12],
      ['amount', { amount: '1200.50', currency: 'USD' }],
      ['close_date', '2026-12-31'],
      ['next_call', '2026-12-05T02:30:00.000Z'],
      ['won', true],
      ['stage', 'won'],
      ['email', 'a@b.cn'],
    ]
    for (const [name, value] of cases) {
      const back = fromEditorValue(f(name), toEditorValue(f(name), value, TZ), TZ)
      if (name === 'next_call') expect(new Date(String(back)).toISOString()).toBe(value)
      else expect(back).toEqual(value)
    }
  })

  it('turns empty inputs into null (clear), booleans into false', () => {
    expect(fromEditorValue(f('title'), '  ', TZ)).toBeNull()
    expect(fromEditorValue(f('quantity'), null, TZ)).toBeNull()
    expect(fromEditorValue(f('amount'), { amount: null, currency: 'CNY' }, TZ)).toBeNull()
    expect(fromEditorValue(f('won'), undefined, TZ)).toBe(false)
  })

  it('checks values with the API messages, in the UI language', () => {
    expect(validateValue(f('title'), null, 'zh-CN')).toBe('必填')
    expect(validateValue(f('title'), null, 'en')).toBe('Required')
    expect(validateValue(f('email'), 'x@', 'zh-CN')).toBe('邮箱格式不正确')
    expect(validateValue(f('stage'), 'lost', 'en')).toBe('Not an allowed value: lost')
    expect(validateValue(f('site'), 'javascript:alert(1)', 'en')).toBe('Invalid URL')
    const name = personMeta.fields.find((x) => x.name === 'name')!
    expect(validateValue(name, 'x'.repeat(201), 'zh-CN')).toBe('长度不能超过 200')
    expect(validateValue(f('quantity'), 3, 'zh-CN')).toBeNull()
  })

  it('follows field rules and API-key scopes', () => {
    const title = personMeta.fields.find((x) => x.name === 'title')!
    expect(canEditField(me, 'person', title)).toBe(true)
    expect(canEditField({ ...me, keyScopes: { person: 'read' } }, 'person', title)).toBe(false)
    const grant = {
      object: 'person',
      create: false,
      read: true,
      update: true,
      delete: false,
      readScope: 'all' as const,
      writeScope: 'own' as const,
      fields: {},
    }
    expect(canEditField({ ...me, isAdmin: false, grants: [grant] }, 'person', title)).toBe(true)
    expect(
      canEditField(
        { ...me, isAdmin: false, grants: [{ ...grant, fields: { title: 'read' } }] },
        'person',
        title,
      ),
    ).toBe(false)
    expect(canEditField({ ...me, isAdmin: false, grants: [] }, 'person', title)).toBe(false)
    expect(canEditField(me, 'deal', f('blob'))).toBe(false)
  })

  it('reads the * default grant of roles without one per object (Sales rep), and the write scope', () => {
    const title = personMeta.fields.find((x) => x.name === 'title')!
    const rep = {
      object: '*',
      create: true,
      read: true,
      update: true,
      delete: false,
      readScope: 'own' as const,
      writeScope: 'own' as const,
      fields: {},
    }
    expect(canEditField({ ...me, isAdmin: false, grants: [rep] }, 'person', title)).toBe(true)
    expect(
      canEditField({ ...me, isAdmin: false, grants: [{ ...rep, writeScope: 'none' }] }, 'person', title),
    ).toBe(false)
    expect(canEditField({ ...me, keyScopes: { '*': 'write' } }, 'person', title)).toBe(true)
  })
})
