import { describe, expect, it } from 'vitest'
import { createI18n } from '../../app/i18n.ts'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import type { ObjectMeta } from '../endpoints.ts'
import { triggerText, triggerTypeText } from './trigger-text.ts'

const stage = {
  name: 'lifecycle_stage',
  type: 'select' as const,
  label: { 'zh-CN': '生命周期阶段', en: 'Lifecycle stage' },
  options: {
    choices: [
      { value: 'lead', label: { 'zh-CN': '线索', en: 'Lead' } },
      { value: 'customer', label: { 'zh-CN': '客户', en: 'Customer' } },
    ],
  },
  isSystem: true,
  isActive: true,
}
const birthday = {
  ...stage,
  name: 'birthday',
  type: 'date' as const,
  label: { 'zh-CN': '生日', en: 'Birthday' },
}
const person: ObjectMeta = { ...personMeta, fields: [...personMeta.fields, stage, birthday] }
const byName = new Map([
  ['person', person],
  ['company', companyMeta],
])
const zh = createI18n('zh-CN').t
const en = createI18n('en').t
const both = (trigger: unknown) => [
  triggerText(trigger, byName, 'zh-CN', zh),
  triggerText(trigger, byName, 'en', en),
]

describe('a trigger in words', () => {
  it('names the object and the fields that must change', () => {
    expect(both({ type: 'record_updated', object: 'person', fields: ['lifecycle_stage'] })).toEqual([
      '联系人更新（生命周期阶段）',
      'Person updated (lifecycle stage)',
    ])
    expect(both({ type: 'record_updated', object: 'person', fields: ['lifecycle_stage', 'title'] })).toEqual([
      '联系人更新（生命周期阶段、职位）',
      'Person updated (lifecycle stage, title)',
    ])
    expect(both({ type: 'record_updated', object: 'person' })).toEqual(['联系人更新时', 'Person updated'])
    expect(both({ type: 'record_created', object: 'company' })).toEqual(['公司创建时', 'Company created'])
    expect(both({ type: 'record_deleted', object: 'company' })).toEqual(['公司删除时', 'Company deleted'])
  })

  it('says the value a field changed to, by its choice label', () => {
    expect(
      both({ type: 'record_updated', object: 'person', fields: ['lifecycle_stage'], changedTo: 'customer' }),
    ).toEqual(['联系人的生命周期阶段变为“客户”', 'Person lifecycle stage changed to “Customer”'])
    expect(both({ type: 'record_updated', object: 'person', fields: ['title'], changedTo: 'CEO' })[1]).toBe(
      'Person title changed to “CEO”',
    )
    expect(both({ type: 'record_updated', object: 'person', fields: ['title'], changedTo: null })[0]).toBe(
      '联系人的职位变为“null”',
    )
  })

  it('dates before, on and after, once or every year', () => {
    expect(
      both({
        type: 'date_relative',
        object: 'person',
        field: 'birthday',
        offsetDays: 0,
        at: '09:00',
        yearly: true,
      }),
    ).toEqual(['每年：联系人的生日当天 09:00', 'Person birthday: on the day, at 09:00, every year'])
    expect(
      both({ type: 'date_relative', object: 'person', field: 'birthday', offsetDays: -1, at: '08:30' }),
    ).toEqual(['联系人的生日前 1 天 08:30', 'Person birthday: 1 day before, at 08:30'])
    expect(both({ type: 'date_relative', object: 'person', field: 'birthday', offsetDays: 7 })[1]).toBe(
      'Person birthday: 7 days after, at 09:00',
    )
  })

  it('the other triggers', () => {
    expect(both({ type: 'schedule', cron: '0 9 * * MON-FRI' })).toEqual([
      '按计划（0 9 * * MON-FRI）',
      'On a schedule (0 9 * * MON-FRI)',
    ])
    expect(both({ type: 'manual', object: 'person', bulk: true })[1]).toBe(
      'Run by hand (Person, also on a selection)',
    )
    expect(both({ type: 'manual', object: 'person' })[0]).toBe('手动运行（联系人）')
    expect(both({ type: 'webhook' })).toEqual(['收到 Webhook 请求时', 'Incoming webhook'])
    expect(both({ type: 'segment_changed', object: 'person', change: 'left' })[1]).toBe(
      'Person left a segment',
    )
  })

  it('shows names the workspace does not have, and survives a malformed draft', () => {
    expect(both({ type: 'record_created', object: 'ghost' })).toEqual(['ghost创建时', 'ghost created'])
    expect(both({ type: 'record_updated', object: 'person', fields: ['gone'] })[1]).toBe(
      'Person updated (gone)',
    )
    expect(both(null)).toEqual(['未设置触发条件', 'No trigger'])
    expect(both('record_created')).toEqual(['未设置触发条件', 'No trigger'])
    expect(both({ type: 'future_trigger' })).toEqual(['future_trigger', 'future_trigger'])
  })

  it('a trigger type alone', () => {
    expect(triggerTypeText('manual', zh)).toBe('手动')
    expect(triggerTypeText('date_relative', en)).toBe('Date')
    expect(triggerTypeText('something_new', en)).toBe('something_new')
  })
})
