import type { FieldDef, ObjectDef } from '@kemai/shared/fields'
import { describe, expect, it } from 'vitest'
import { coerceCell, parseDate } from './coerce.ts'
import { applyTemplate, autoMap, mappingIssues, normaliseHeader } from './mapping.ts'

const f = (name: string, type: FieldDef['type'], zh: string, en: string, options = {}): FieldDef => ({
  name,
  type,
  label: { 'zh-CN': zh, en },
  options,
  isSystem: false,
  isActive: true,
})

const person: ObjectDef = {
  name: 'person',
  label: { 'zh-CN': '联系人', en: 'Person' },
  pluralLabel: { 'zh-CN': '联系人', en: 'People' },
  isSystem: true,
  isActive: true,
  module: 'contacts',
  titleField: 'name',
  fields: [
    f('name', 'text', '姓名', 'Name'),
    f('company', 'relation', '公司', 'Company', { target: 'company' }),
    f('title', 'text', '职位', 'Title'),
    f('email', 'email', '邮箱', 'Email'),
    f('mobile', 'phone', '手机', 'Mobile'),
    f('address', 'address', '地址', 'Address'),
    f('tags', 'tags', '标签', 'Tags'),
    f('photo', 'file', '照片', 'Photo'),
  ],
} as unknown as ObjectDef

const mapped = (header: string[], object = person) =>
  Object.fromEntries(autoMap(header, object).map((m) => [header[m.column]!, m.field]))

describe('autoMap', () => {
  it('maps Chinese and English headers and common synonyms', () => {
    expect(
      mapped(['姓名', '手机号', '单位', 'E-mail', '职务', '联系地址', '标签', '照片', '不认识']),
    ).toEqual({
      姓名: 'name',
      手机号: 'mobile',
      单位: 'company',
      'E-mail': 'email',
      职务: 'title',
      联系地址: 'address',
      标签: 'tags',
      照片: null,
      不认识: null,
    })
    expect(mapped(['Full Name', 'Cell Phone', 'Company Name', 'Email Address', 'Job Title'])).toEqual({
      'Full Name': 'name',
      'Cell Phone': 'mobile',
      'Company Name': 'company',
      'Email Address': 'email',
      'Job Title': 'title',
    })
  })

  it('ignores width, case, marks and brackets; a field takes one column; a weak synonym yields', () => {
    expect(normaliseHeader(' 手机号（必填）* ')).toBe('手机号')
    expect(normaliseHeader('ＥＭＡＩＬ')).toBe('email')
    // 联系电话 would mean mobile for a person, but the real 手机 column keeps it
    expect(mapped(['联系电话', '手机'])).toEqual({ 联系电话: null, 手机: 'mobile' })
    expect(mapped(['联系电话'])).toEqual({ 联系电话: 'mobile' })
    expect(mapped(['邮箱', 'Email'])).toEqual({ 邮箱: 'email', Email: null })
  })

  it('applies a template by header text and checks a mapping', () => {
    const t = applyTemplate(
      ['B', 'A', 'C'],
      [
        { header: 'a', field: 'name' },
        { header: 'b', field: 'mobile' },
        { header: 'c', field: 'nope' },
      ],
      person,
    )
    expect(t).toEqual([
      { column: 0, field: 'mobile' },
      { column: 1, field: 'name' },
      { column: 2, field: null },
    ])
    expect(
      mappingIssues(
        [
          { column: 0, field: 'photo' },
          { column: 1, field: 'name' },
          { column: 2, field: 'name' },
          { column: 9, field: null },
        ],
        3,
        person,
      ),
    ).toEqual([
      { path: 'mapping.0.field', code: 'not_importable' },
      { path: 'mapping.2.field', code: 'duplicate_mapping' },
      { path: 'mapping.3.column', code: 'invalid_value' },
    ])
    expect(mappingIssues([{ column: 0, field: null }], 1, person)).toEqual([
      { path: 'mapping', code: 'no_mapping' },
    ])
  })
})

describe('coerceCell', () => {
  it('reads spreadsheet conventions, leaves validation to the records service', () => {
    expect(parseDate('1985年3月12日')).toBe('1985-03-12')
    expect(parseDate('1985/3/2')).toBe('1985-03-02')
    expect(parseDate('19850312')).toBe('1985-03-12')
    expect(parseDate('1985-02-30')).toBeNull()
    expect(coerceCell(f('n', 'number', '', ''), '¥1,234.50')).toBe('1234.50')
    expect(coerceCell(f('c', 'currency', '', ''), '1,234.5 元')).toEqual({
      amount: '1234.5',
      currency: 'CNY',
    })
    expect(coerceCell(f('c', 'currency', '', ''), 'USD 99')).toEqual({ amount: '99', currency: 'USD' })
    expect(coerceCell(f('b', 'boolean', '', ''), '是')).toBe(true)
    expect(coerceCell(f('b', 'boolean', '', ''), 'No')).toBe(false)
    expect(coerceCell(f('t', 'tags', '', ''), 'VIP；重点、 a , b')).toEqual(['VIP', '重点', 'a', 'b'])
    const sel = f('s', 'select', '', '', { choices: [{ value: 'hot', label: { 'zh-CN': '热', en: 'Hot' } }] })
    expect(coerceCell(sel, '热')).toBe('hot')
    expect(coerceCell(sel, 'HOT')).toBe('hot')
    expect(coerceCell(sel, '冷')).toBe('冷')
    expect(coerceCell(f('a', 'address', '', ''), '浙江省杭州市')).toEqual({ text: '浙江省杭州市' })
    expect(coerceCell(f('x', 'text', '', ''), '   ')).toBeUndefined()
  })
})
