import { describe, expect, it } from 'vitest'
import { resolveTestObject } from '../query/test-objects.ts'
import type { WorkflowDefinitionInput } from './definition.ts'
import { planRelationPaths, planRun } from './test-run.ts'
import { checkWorkflow } from './validate.ts'

const meta = { resolveObject: resolveTestObject }
const now = new Date('2026-03-10T02:00:00Z')

const def: WorkflowDefinitionInput = {
  trigger: { type: 'record_updated', object: 'contact', fields: ['score'] },
  start: 'tier',
  steps: [
    {
      id: 'tier',
      type: 'switch',
      cases: [
        { label: 'IT', filter: { field: 'company.industry', op: 'eq', value: 'it' }, next: 'mark_vip' },
        { label: 'high', filter: { field: 'score', op: 'gte', value: 80 }, next: 'mark_vip' },
      ],
      default: 'note',
    },
    {
      id: 'mark_vip',
      type: 'update_record',
      values: { vip: true, notes: '{{trigger.record.company.name}} / {{today}}' },
      next: 'still_vip',
    },
    {
      id: 'still_vip',
      type: 'condition',
      filter: { field: 'vip', op: 'eq', value: true },
      onTrue: 'call',
      onFalse: null,
    },
    {
      id: 'call',
      type: 'http',
      method: 'POST',
      url: 'https://crm.example.com/hook/{{trigger.record.id}}',
      body: '{"name":"{{trigger.record.name}}"}',
      next: 'task',
    },
    {
      id: 'task',
      type: 'create_task',
      title: '回访 {{trigger.record.name}}（{{steps.call.output.status}}）',
      dueInDays: 2,
      next: 'approve',
    },
    {
      id: 'approve',
      type: 'approval',
      title: '{{steps.mark_vip.output.record.notes}}',
      levels: [{ id: 'l1', approvers: [{ kind: 'owner_manager' }], mode: 'any' }],
      approved: null,
      rejected: 'note',
    },
    {
      id: 'note',
      type: 'add_note',
      body: '{{trigger.record.name}} 得分 {{trigger.record.score}}',
      next: null,
    },
  ],
}

const CID = '00000000-0000-4000-8000-0000000000c1'
const PID = '00000000-0000-4000-8000-0000000000a1'

describe('planRun', () => {
  it('is a valid definition', () => {
    expect(checkWorkflow(def, meta).problems).toEqual([])
    expect(planRelationPaths(checkWorkflow(def, meta).definition!, meta)).toEqual(['company'])
  })

  it('takes the IT branch for a contact of an IT company and fills merge fields', () => {
    const record = {
      id: PID,
      name: '张伟',
      score: 10,
      vip: false,
      company: { id: CID, name: '字节', industry: 'it' },
    }
    const plan = planRun(def, record, meta, now)
    expect(plan.ok).toBe(true)
    expect(plan.path).toEqual(['tier', 'mark_vip', 'still_vip', 'call', 'task', 'approve'])
    expect(plan.steps[0]!.detail).toEqual({ case: 0, label: 'IT' })
    expect(plan.steps[1]!.detail).toMatchObject({
      recordId: PID,
      values: { vip: true, notes: '字节 / 2026-03-10' },
    })
    // the condition sees the record as the update would leave it
    expect(plan.steps[2]!.detail).toEqual({ result: true })
    expect(plan.steps[3]!.detail).toMatchObject({
      url: `https://crm.example.com/hook/${PID}`,
      body: '{"name":"张伟"}',
    })
    expect(plan.steps[4]).toMatchObject({
      detail: { title: '回访 张伟（）', due: '2026-03-12T02:00:00.000Z', recordId: PID },
      unresolved: ['steps.call.output.status'],
    })
    expect(plan.steps[5]).toMatchObject({
      detail: { title: '字节 / 2026-03-10' },
      assumed: 'approved',
      next: null,
    })
    expect(plan.end).toBe('completed')
    // nothing written: the input record is unchanged
    expect(record.vip).toBe(false)
  })

  it('takes the score branch, and the default branch, and the rejected approval', () => {
    const high = planRun(def, { id: PID, name: '李娜', score: 95, vip: false, company: null }, meta, now)
    expect(high.steps[0]!.detail).toEqual({ case: 1, label: 'high' })
    const low = planRun(def, { id: PID, name: '王芳', score: 20, vip: false, company: CID }, meta, now)
    expect(low.path).toEqual(['tier', 'note'])
    expect(low.steps[1]!.detail).toEqual({ body: '王芳 得分 20', recordId: PID })
    const rejected = planRun(def, { id: PID, name: '赵', score: 99 }, meta, now, { approval: 'rejected' })
    expect(rejected.path.slice(-2)).toEqual(['approve', 'note'])
  })

  it('plans waits and stops on a loop through a wait', () => {
    const loop: WorkflowDefinitionInput = {
      trigger: { type: 'record_created', object: 'contact' },
      start: 'check',
      steps: [
        {
          id: 'check',
          type: 'condition',
          filter: { field: 'vip', op: 'eq', value: true },
          onTrue: null,
          onFalse: 'pause',
        },
        {
          id: 'pause',
          type: 'wait',
          wait: { kind: 'until_field', field: 'birthday', offsetMinutes: -60 },
          next: 'check',
        },
      ],
    }
    const plan = planRun(loop, { id: PID, vip: false, birthday: '2026-05-01' }, meta, now)
    expect(plan.end).toBe('loop')
    expect(plan.steps[1]!.detail).toEqual({ until: '2026-04-30T23:00:00.000Z', field: 'birthday' })
  })

  it('returns the problems of an invalid definition and plans nothing', () => {
    const plan = planRun({ ...def, start: 'missing' }, { id: PID }, meta, now)
    expect(plan).toMatchObject({ ok: false, end: 'invalid', steps: [] })
    expect(plan.problems[0]!.code).toBe('workflow.unknown_start')
  })
})
