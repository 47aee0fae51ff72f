import type { FieldDef, FieldType, ObjectDef } from '@kemai/shared/fields'
import { describe, expect, it } from 'vitest'
import { cardToRow, parseLine, Unfolder } from './import/vcard.ts'
import { adrComponents, cardFields, personCard, revTimestamp } from './vcard-card.ts'

const field = (name: string, type: FieldType, options: FieldDef['options'] = {}): FieldDef => ({
  name,
  type,
  label: { 'zh-CN': name, en: name },
  options,
  isSystem: true,
  isActive: true,
})

// the shape of the contacts module's person (a platform test does not import a module)
const person: ObjectDef = {
  name: 'person',
  label: { 'zh-CN': '联系人', en: 'Person' },
  pluralLabel: { 'zh-CN': '联系人', en: 'People' },
  isSystem: true,
  isActive: true,
  module: 'contacts',
  titleField: 'name',
  fields: [
    field('name', 'text', { personName: true }),
    field('family_name', 'text'),
    field('given_name', 'text'),
    field('company', 'relation', { target: 'company' }),
    field('title', 'text'),
    field('email', 'email'),
    field('mobile', 'phone'),
    field('address', 'address'),
    field('birthday', 'date'),
    field('department', 'text'),
    field('phone', 'phone'),
    field('other_phone', 'phone'),
    field('other_email', 'email'),
    field('wechat', 'text'),
    field('notes', 'long_text'),
  ],
}

const rec = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  version: 3,
  updated_at: '2025-03-05T08:09:10.123Z',
  name: '张伟',
  family_name: '张',
  given_name: '伟',
  company: '0190a1b2-0000-7000-8000-000000000001',
  title: '销售总监, 华东区',
  email: 'zhang.wei@example.com',
  other_email: 'zw@example.org',
  mobile: '+8613812345678',
  phone: '+865718888888',
  other_phone: '+862155556666',
  address: {
    country: 'CN',
    province: '330000',
    city: '330100',
    district: '330106',
    text: '浙江省杭州市西湖区 文三路 90 号',
  },
  birthday: '1985-03-12',
  department: '销售部',
  wechat: 'zhangwei_88',
  notes: '第一行；第二行\n备注: 重要',
}

/** The card as the import reads it (unfold → properties → the import's row). */
function readBack(card: string): string[] {
  const u = new Unfolder()
  const lines = card
    .split('\r\n')
    .map((l) => u.push(l))
    .filter((l): l is string => l !== null)
  const props = lines
    .map((l) => parseLine(l, '4.0'))
    .filter((p) => p !== null && !['BEGIN', 'END', 'VERSION'].includes(p.name))
  return cardToRow(props as NonNullable<ReturnType<typeof parseLine>>[])
}

describe('a person as a vCard', () => {
  const all = cardFields(person, person.fields)

  it('maps the fields by name and type', () => {
    expect(all).toMatchObject({
      fn: 'name',
      family: 'family_name',
      given: 'given_name',
      company: { field: 'company', target: 'company' },
      emails: ['email', 'other_email'],
      phones: [
        { field: 'mobile', type: 'cell' },
        { field: 'phone', type: 'work,voice' },
        { field: 'other_phone', type: 'voice' },
      ],
      address: 'address',
      birthday: 'birthday',
      note: 'notes',
      wechat: 'wechat',
    })
  })

  it('writes every property, escaped, in CRLF lines', () => {
    const card = personCard(rec, all, { orgName: '阿里巴巴', locale: 'en' })
    expect(card.split('\r\n')).toEqual([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'PRODID:-//Kemai//Kemai CRM//EN',
      'FN:张伟',
      'N:张;伟;;;',
      'ORG:阿里巴巴;销售部',
      'TITLE:销售总监\\, 华东区',
      'EMAIL:zhang.wei@example.com',
      'EMAIL:zw@example.org',
      'TEL;TYPE=cell:+8613812345678',
      'TEL;TYPE=work,voice:+865718888888',
      'TEL;TYPE=voice:+862155556666',
      'ADR:;;文三路 90 号;杭州市西湖区;浙江省;;中国',
      'BDAY:19850312',
      'NOTE:第一行；第二行\\n备注: 重要',
      'X-WECHAT:zhangwei_88',
      'UID:urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      'REV:20250305T080910Z',
      'END:VCARD',
      '',
    ])
  })

  it('is read back by the import into the same values', () => {
    const row = readBack(personCard(rec, all, { orgName: '阿里巴巴', locale: 'zh-CN' }))
    expect(row).toEqual([
      '张伟',
      '张',
      '伟',
      '阿里巴巴',
      '销售部',
      '销售总监, 华东区',
      '+8613812345678',
      '+865718888888',
      'zhang.wei@example.com',
      'zw@example.org',
      '中国浙江省杭州市西湖区文三路 90 号',
      '1985-03-12',
      '',
      '第一行；第二行\n备注: 重要',
      '+862155556666',
      'zhangwei_88',
    ])
  })

  it('leaves out what the actor may not read and what is empty', () => {
    const readable = person.fields.filter((f) => !['mobile', 'company', 'notes'].includes(f.name))
    const card = personCard(
      { id: rec.id, version: 1, name: 'Anna Müller', mobile: '+8613800000000', email: null },
      cardFields(person, readable),
      { orgName: null, locale: 'en' },
    )
    expect(card).toContain('FN:Anna Müller\r\n')
    expect(card).not.toMatch(/TEL|ORG|NOTE|EMAIL|^N:|ADR|BDAY/m)
    // a hidden title field: FN from the name parts, still present (RFC 6350 requires it)
    const noName = cardFields(
      person,
      person.fields.filter((f) => f.name !== 'name'),
    )
    expect(
      personCard({ id: rec.id, version: 1, name: 'x', family_name: '李', given_name: '娜' }, noName, {
        orgName: null,
        locale: 'en',
      }),
    ).toContain('\r\nFN:李娜\r\n')
    expect(
      personCard({ id: rec.id, version: 1, family_name: 'Smith', given_name: 'Jo' }, noName, {
        orgName: null,
        locale: 'en',
      }),
    ).toContain('\r\nFN:Jo Smith\r\n')
    expect(personCard({ id: rec.id, version: 1 }, noName, { orgName: null, locale: 'en' })).toContain(
      '\r\nFN:\r\n',
    )
  })

  it('folds a long Chinese address without splitting a character', () => {
    const long = { ...rec, address: { text: `上海市${'很长的路名'.repeat(30)}1号` } }
    const card = personCard(long, all, { orgName: null, locale: 'zh-CN' })
    for (const l of card.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75)
    expect(readBack(card)[10]).toBe(`上海市${'很长的路名'.repeat(30)}1号`)
  })
})

describe('ADR components', () => {
  it('splits a Chinese address into region, locality and street', () => {
    expect(
      adrComponents(
        {
          country: 'CN',
          province: '110000',
          city: '110100',
          district: '110105',
          text: '北京市朝阳区建国路 1 号',
        },
        'en',
      ),
    ).toEqual(['', '', '建国路 1 号', '朝阳区', '北京市', '', '中国'])
    // text that does not start with the divisions is the street as it is
    expect(adrComponents({ province: '330000', city: '330100', text: '文三路 90 号' }, 'en')).toEqual([
      '',
      '',
      '文三路 90 号',
      '杭州市',
      '浙江省',
      '',
      '',
    ])
    // the divisions in the text disagree with the codes: nothing is cut from it
    expect(adrComponents({ province: '330000', text: '江苏省南京市中山路 1 号' }, 'en')?.[2]).toBe(
      '江苏省南京市中山路 1 号',
    )
    // placeholders of the division data are not names
    expect(adrComponents({ province: '420000', city: '429000', district: '429004' }, 'en')).toEqual([
      '',
      '',
      '',
      '仙桃市',
      '湖北省',
      '',
      '',
    ])
  })

  it('names a foreign country in the caller language and keeps its text whole', () => {
    expect(adrComponents({ country: 'GB', text: '221B Baker Street, London NW1 6XE' }, 'en')).toEqual([
      '',
      '',
      '221B Baker Street, London NW1 6XE',
      '',
      '',
      '',
      'United Kingdom',
    ])
    expect(adrComponents({ country: 'DE', text: 'Hauptstraße 1' }, 'zh-CN')?.[6]).toBe('德国')
    expect(adrComponents({}, 'en')).toBeNull()
  })
})

describe('REV', () => {
  it('is a UTC timestamp in basic format', () => {
    expect(revTimestamp('2025-03-05T08:09:10.123Z')).toBe('20250305T080910Z')
    expect(revTimestamp('2025-03-05T16:09:10+08:00')).toBe('20250305T080910Z')
    expect(revTimestamp('not a date')).toBeNull()
  })
})
