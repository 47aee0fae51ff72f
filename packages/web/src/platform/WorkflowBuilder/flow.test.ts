import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import { describe, expect, it } from 'vitest'
import { buildFlow, layoutFlow, linkLabel, stubId, takenLinks } from './flow.ts'
import { linksOf, TRIGGER } from './model.ts'

const def: WorkflowDefinition = {
  trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
  start: 'vip',
  steps: [
    {
      id: 'vip',
      type: 'condition',
      filter: { field: 'title', op: 'eq', value: 'VIP' },
      onTrue: 'kind',
      onFalse: null,
    },
    {
      id: 'kind',
      type: 'switch',
      cases: [
        { label: '大客户', filter: { and: [] }, next: 'wait' },
        { filter: { and: [] }, next: 'ghost' },
      ],
      default: null,
    },
    {
      id: 'wait',
      type: 'wait',
      wait: { kind: 'event', event: 'record.updated', timeoutMinutes: 60, onTimeout: null },
      next: null,
    },
  ],
}

describe('buildFlow', () => {
  it('draws the trigger, each step, and a stub at every link that ends (or names a missing step)', () => {
    const flow = buildFlow(def)
    expect(flow.nodes.filter((n) => n.kind === 'step').map((n) => n.id)).toEqual(['vip', 'kind', 'wait'])
    expect(flow.nodes.filter((n) => n.kind === 'stub').map((n) => n.id)).toEqual([
      'stub:vip|onFalse',
      'stub:kind|cases.1.next',
      'stub:kind|default',
      'stub:wait|next',
      'stub:wait|wait.onTimeout',
    ])
    expect(flow.edges.map((e) => `${e.source}→${e.target}`)).toContain(`${TRIGGER}→vip`)
    expect(flow.edges).toHaveLength(linksOf(def).length)
  })

  it('draws a repeated id once', () => {
    const twice = { ...def, steps: [...def.steps, { ...def.steps[2]! }] } as WorkflowDefinition
    expect(buildFlow(twice).nodes.filter((n) => n.id === 'wait')).toHaveLength(1)
  })

  it('lays every node out, the trigger on top', () => {
    const flow = buildFlow(def)
    const pos = layoutFlow(flow)
    expect(pos.size).toBe(flow.nodes.length)
    expect(pos.get(TRIGGER)!.row).toBe(0)
    expect(pos.get('vip')!.row).toBe(1)
    expect(pos.get(stubId(linksOf(def).find((l) => l.id === 'wait|wait.onTimeout')!))!.row).toBe(4)
  })
})

describe('linkLabel', () => {
  const label = (id: string) => linkLabel(def, linksOf(def).find((l) => l.id === id)!)
  it('names branches', () => {
    expect(label(`${TRIGGER}|start`)).toBeNull()
    expect(label('vip|onTrue')).toEqual({ kind: 'yes' })
    expect(label('vip|onFalse')).toEqual({ kind: 'no' })
    expect(label('kind|cases.0.next')).toEqual({ kind: 'case', index: 0, label: '大客户' })
    expect(label('kind|cases.1.next')).toEqual({ kind: 'case', index: 1, label: null })
    expect(label('kind|default')).toEqual({ kind: 'default' })
    expect(label('wait|next')).toEqual({ kind: 'event' })
    expect(label('wait|wait.onTimeout')).toEqual({ kind: 'timeout' })
  })
})

describe('takenLinks', () => {
  it('follows the branch each planned step chose', () => {
    const taken = takenLinks(def, [
      { stepId: 'vip', type: 'condition', detail: { result: true }, next: 'kind' },
      { stepId: 'kind', type: 'switch', detail: { case: 0 }, next: 'wait' },
      { stepId: 'wait', type: 'wait', detail: {}, next: null, assumed: 'event' },
    ])
    expect([...taken]).toEqual([`${TRIGGER}|start`, 'vip|onTrue', 'kind|cases.0.next', 'wait|next'])
  })

  it('takes the false branch and the default, and nothing for an empty plan', () => {
    expect([
      ...takenLinks(def, [{ stepId: 'vip', type: 'condition', detail: { result: false }, next: null }]),
    ]).toEqual([`${TRIGGER}|start`, 'vip|onFalse'])
    expect([
      ...takenLinks(def, [{ stepId: 'kind', type: 'switch', detail: { case: null }, next: null }]),
    ]).toContain('kind|default')
    expect(takenLinks(def, []).size).toBe(0)
  })
})
