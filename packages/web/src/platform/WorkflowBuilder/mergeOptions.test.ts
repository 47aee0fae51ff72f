import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../../app/i18n.ts'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import { insertAt, mergeOptions, stepsBefore, timeOptions, triggerRecordOptions } from './mergeOptions.ts'

const byName = new Map([personMeta, companyMeta].map((o) => [o.name, o]))
const { t } = createI18n('zh-CN')

const def: WorkflowDefinition = {
  trigger: { type: 'schedule', cron: '0 9 * * *' },
  start: 'find',
  steps: [
    { id: 'find', type: 'find_records', object: 'company', filter: { and: [] }, limit: 1, next: 'loop' },
    { id: 'loop', type: 'wait', wait: { kind: 'duration', minutes: 5 }, next: 'find' },
  ],
}

describe('mergeOptions', () => {
  it('has no trigger record for a schedule, but the found record’s fields after the find', () => {
    const all = mergeOptions(def, 'loop', byName, 'zh-CN', t).map((o) => o.value)
    expect(all.some((v) => v.startsWith('trigger.record'))).toBe(false)
    expect(all).toEqual(
      expect.arrayContaining([
        'steps.find.output.count',
        'steps.find.output.records',
        'steps.find.output.first.name',
      ]),
    )
  })

  it('offers no step outputs to the first step (and the trigger), even on a loop back to it', () => {
    expect(stepsBefore(def, 'find')).toEqual([])
    expect(mergeOptions(def, null, byName, 'zh-CN', t).map((o) => o.value)).toEqual(['now', 'today'])
  })

  it('offers nothing of a step the start does not reach', () => {
    const lost = {
      ...def,
      steps: [
        ...def.steps,
        { id: 'lost', type: 'add_note', body: 'x', target: { kind: 'trigger' }, next: null },
      ],
    } as WorkflowDefinition
    expect(stepsBefore(lost, 'lost')).toEqual([])
  })
})

describe('triggerRecordOptions (a text outside a workflow: an e-mail template)', () => {
  it("offers the object's fields, one level through relations, and nothing for an unknown object", () => {
    const person = triggerRecordOptions('person', byName, 'zh-CN', t).map((o) => o.value)
    expect(person).toEqual(expect.arrayContaining(['trigger.record.name', 'trigger.record.company.name']))
    expect(person.some((v) => v.split('.').length > 4)).toBe(false)
    expect(triggerRecordOptions('ghost', byName, 'zh-CN', t)).toEqual([])
    expect(triggerRecordOptions(null, byName, 'zh-CN', t)).toEqual([])
    expect(timeOptions(t).map((o) => o.value)).toEqual(['now', 'today'])
  })
})

describe('insertAt', () => {
  it('puts the field at the caret, over a selection, or at the end', () => {
    expect(insertAt('ab', 'now', 1, 1)).toEqual({ text: 'a{{now}}b', caret: 8 })
    expect(insertAt('abc', 'now', 1, 2)).toEqual({ text: 'a{{now}}c', caret: 8 })
    expect(insertAt('ab', 'now', null, null)).toEqual({ text: 'ab{{now}}', caret: 9 })
    // a caret beyond the text (the text changed since) is clamped
    expect(insertAt('ab', 'now', 9, 12)).toEqual({ text: 'ab{{now}}', caret: 9 })
  })
})
