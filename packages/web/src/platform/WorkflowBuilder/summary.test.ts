import type { Step, WorkflowDefinition } from '@kemai/shared/automation/definition'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../../app/i18n.ts'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import { durationText, prettyText, type SummaryContext, stepSummary, triggerSummary } from './summary.ts'

const byName = new Map([personMeta, companyMeta].map((o) => [o.name, o]))
const def: WorkflowDefinition = {
  trigger: { type: 'record_updated', object: 'person', fields: ['title', 'tags'] },
  start: 'a',
  steps: [{ id: 'a', type: 'add_note', body: 'x', target: { kind: 'trigger' }, next: null }],
}
const ctx = (locale: 'zh-CN' | 'en'): SummaryContext => ({ def, byName, locale, t: createI18n(locale).t })
const say = (step: Step, locale: 'zh-CN' | 'en' = 'zh-CN') => stepSummary(step, ctx(locale))

describe('step summaries', () => {
  it('says an update in words, with labels and merge fields by name', () => {
    const step: Step = {
      id: 'u',
      type: 'update_record',
      target: { kind: 'trigger' },
      values: { title: 'VIP {{trigger.record.company.name}}', tags: ['a', 'b'] },
      next: null,
    }
    expect(say(step)).toBe('更新 职位 = VIP {公司 › 公司名称}，标签 = a、b')
    expect(say(step, 'en')).toBe('Update Title = VIP {Company › Name}, Tags = a, b')
  })

  it('cuts a long list of values', () => {
    const values = { name: 'a', title: 'b', email: 'c@d.e', mobile: '1' }
    const step: Step = { id: 'u', type: 'update_record', target: { kind: 'trigger' }, values, next: null }
    expect(say(step)).toMatch(/，…$/)
  })

  it('says conditions, waits, tasks and notifications', () => {
    expect(
      say({
        id: 'c',
        type: 'condition',
        filter: { field: 'company.industry', op: 'eq', value: 'software' },
        onTrue: null,
        onFalse: null,
      }),
    ).toBe('若 公司 › 行业 等于 软件与信息服务')
    expect(say({ id: 'c', type: 'condition', filter: { and: [] }, onTrue: null, onFalse: null }, 'en')).toBe(
      'Always yes (no condition yet)',
    )
    expect(say({ id: 'w', type: 'wait', wait: { kind: 'duration', minutes: 4320 }, next: null })).toBe(
      '等待 3 天',
    )
    expect(
      say(
        {
          id: 'w',
          type: 'wait',
          wait: { kind: 'event', event: 'record.updated', timeoutMinutes: 90, onTimeout: null },
          next: null,
        },
        'en',
      ),
    ).toBe('Wait until the record is updated, at most 90 minutes')
    expect(
      say({
        id: 'n',
        type: 'notify',
        recipients: [{ kind: 'owner' }, { kind: 'owner_manager' }],
        title: '{{trigger.record.name}} 待跟进',
        next: null,
      }),
    ).toBe('通知负责人、负责人的上级：{姓名} 待跟进')
    expect(
      say({
        id: 'h',
        type: 'http',
        method: 'POST',
        url: 'https://x.test/{{today}}',
        headers: {},
        timeoutMs: 1,
        retries: 0,
        next: null,
      }),
    ).toBe('POST https://x.test/{今天}')
  })

  it('shows names it does not know as they are', () => {
    expect(say({ id: 'c', type: 'create_record', object: 'ghost', values: { x: 1 }, next: null })).toBe(
      '新建ghost：x = 1',
    )
  })
})

describe('trigger summaries and durations', () => {
  it('says what starts the workflow', () => {
    expect(triggerSummary(def.trigger, ctx('zh-CN'))).toBe('联系人 · 更新时：职位、标签')
    expect(triggerSummary({ type: 'schedule', cron: '0 9 * * MON' }, ctx('en'))).toBe(
      'On a schedule: 0 9 * * MON',
    )
    expect(
      triggerSummary(
        { type: 'record_updated', object: 'company', fields: ['industry'], changedTo: 'finance' },
        ctx('zh-CN'),
      ),
    ).toBe('公司 · 更新时：行业 变为 金融')
  })

  it('picks the largest whole unit', () => {
    const { t } = createI18n('en')
    expect(durationText(1440, t)).toBe('1 day')
    expect(durationText(120, t)).toBe('2 hours')
    expect(durationText(90, t)).toBe('90 minutes')
    expect(durationText(-2880, t)).toBe('2 days')
  })

  it('reads merge fields it cannot resolve as written', () => {
    expect(prettyText('{{bad ref}} {{steps.x.output.id}}', ctx('zh-CN'))).toBe('{{bad ref}} {x.id}')
  })
})
