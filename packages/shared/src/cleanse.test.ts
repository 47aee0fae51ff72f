import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cleanseRecord, cleanseValue, collapseWhitespace, removeCjkSpaces, toHalfWidth } from './cleanse.ts'
import type { FieldDef } from './fields.ts'

const f = (name: string, type: FieldDef['type'], options: FieldDef['options'] = {}) => ({
  name,
  type,
  options,
})

describe('cleansing rules', () => {
  it('turns full-width letters, digits and symbols half-width, keeping Chinese punctuation', () => {
    expect(toHalfWidth('ＡＢＣ１２３＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('ABC123@example.com')
    expect(toHalfWidth('阿里巴巴（中国）有限公司，杭州')).toBe('阿里巴巴（中国）有限公司，杭州')
    expect(toHalfWidth('A\u3000B')).toBe('A B')
  })

  it('collapses whitespace and joins Chinese names', () => {
    expect(collapseWhitespace('  销售\t总监 \u00a0 ')).toBe('销售 总监')
    expect(collapseWhitespace('a  b\n\n\n\nc ', true)).toBe('a b\n\nc')
    expect(removeCjkSpaces('张 伟')).toBe('张伟')
    expect(removeCjkSpaces('Zhang Wei')).toBe('Zhang Wei')
    expect(removeCjkSpaces('欧阳 娜娜 Nana')).toBe('欧阳娜娜 Nana')
  })

  it('suggests one fix per field with the rules that produced it', () => {
    expect(cleanseValue(f('name', 'text', { personName: true }), ' 张　伟 ')).toEqual({
      field: 'name',
      rules: ['fullwidth', 'whitespace', 'cjk_name_spaces'],
      old: ' 张　伟 ',
      new: '张伟',
    })
    expect(cleanseValue(f('title', 'text'), '技术总监')).toBeNull()
    expect(cleanseValue(f('code', 'text', { format: 'credit_code' }), '９１３３')).toBeNull()
    expect(cleanseValue(f('amount', 'number'), 12)).toBeNull()
  })

  it('reads division codes from address text', () => {
    const fix = cleanseValue(f('address', 'address'), { text: '浙江省杭州市西湖区文三路９０号' })
    expect(fix?.rules).toEqual(['fullwidth', 'address_codes'])
    expect(fix?.new).toEqual({
      text: '浙江省杭州市西湖区文三路90号',
      province: '330000',
      city: '330100',
      district: '330106',
      country: 'CN',
    })
    // codes already set, or another country: the text alone is looked at
    expect(cleanseValue(f('address', 'address'), { text: '浙江杭州', province: '330000' })).toBeNull()
    expect(cleanseValue(f('address', 'address'), { country: 'US', text: 'Mountain View' })).toBeNull()
  })

  it('merges variants of one tag', () => {
    expect(cleanseValue(f('tags', 'tags'), ['VIP', ' vip', 'ＶＩＰ', '重点客户', ''])).toMatchObject({
      new: ['VIP', '重点客户'],
      rules: ['tags'],
    })
    expect(cleanseValue(f('tags', 'tags'), ['VIP', '重点客户'])).toBeNull()
  })

  it('limits a record to the chosen rules', () => {
    const fields = [f('name', 'text', { personName: true }), f('tags', 'tags')]
    const rec = { name: '张 伟', tags: ['a', 'A'] }
    expect(cleanseRecord(fields, rec).map((x) => x.field)).toEqual(['name', 'tags'])
    expect(cleanseRecord(fields, rec, new Set(['tags'])).map((x) => x.field)).toEqual(['tags'])
  })

  it('is idempotent: a cleaned value needs no further fix (property)', () => {
    const chars = fc.constantFrom(
      '张',
      '伟',
      'Ａ',
      'a',
      ' ',
      '\u3000',
      '\t',
      '１',
      '（',
      '，',
      '-',
      'ｂ',
      '\n',
    )
    const str = fc.array(chars, { maxLength: 20 }).map((a) => a.join(''))
    const fields = [f('t', 'text'), f('n', 'text', { personName: true }), f('l', 'long_text'), f('g', 'tags')]
    fc.assert(
      fc.property(str, str, str, fc.array(str, { maxLength: 5 }), (t, n, l, g) => {
        const rec: Record<string, unknown> = { t, n, l, g }
        for (const fix of cleanseRecord(fields, rec)) rec[fix.field] = fix.new
        return cleanseRecord(fields, rec).length === 0
      }),
      { numRuns: 500 },
    )
  })
})
