import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import { describe, expect, it } from 'vitest'
import { TRIGGER } from './model.ts'
import {
  countByNode,
  mergeProblems,
  problemMessage,
  problemsOfNode,
  type ShownProblem,
  withMessages,
} from './problems.ts'

const def: WorkflowDefinition = {
  trigger: { type: 'record_created', object: 'person' },
  start: 'a',
  steps: [
    { id: 'a', type: 'add_note', body: 'x', target: { kind: 'trigger' }, next: 'b' },
    { id: 'b', type: 'update_record', target: { kind: 'trigger' }, values: { title: 1 }, next: null },
  ],
}

describe('problem messages', () => {
  it('words a problem in both languages, naming the step', () => {
    const p = {
      stepId: 'b',
      path: 'steps.1',
      code: 'workflow.unreachable_step' as const,
      params: { step: 'b' },
    }
    expect(problemMessage('zh-CN', p)).toBe('步骤 b 永远不会执行（从起始步骤无法到达）')
    expect(problemMessage('en', p)).toBe('Step b can never run (the start does not lead to it)')
  })

  it('puts a shape problem’s reason in words', () => {
    const p = {
      stepId: 'a',
      path: 'steps.0.body',
      code: 'workflow.invalid_definition' as const,
      params: { reason: 'too_short', min: 1 },
    }
    expect(problemMessage('en', p)).toMatch(/^Malformed workflow definition: .+/)
    expect(problemMessage('en', p)).not.toContain('too_short')
  })
})

describe('problems per node', () => {
  const shown: ShownProblem[] = [
    ...withMessages('en', [
      { stepId: null, path: 'trigger.object', code: 'workflow.unknown_object', params: { object: 'x' } },
      {
        stepId: 'b',
        path: 'steps.1.values.title',
        code: 'workflow.wrong_value_type',
        params: { field: 'title', type: 'text' },
      },
      {
        stepId: null,
        path: 'steps.0.body',
        code: 'workflow.invalid_definition',
        params: { reason: 'required' },
      },
    ]),
  ]

  it('counts a step’s problems on it, and the trigger’s and the definition’s on the trigger', () => {
    expect(Object.fromEntries(countByNode(def, shown))).toEqual({ [TRIGGER]: 1, b: 1, a: 1 })
  })

  it('finds a step’s problems at a path inside it', () => {
    const b = problemsOfNode(def, shown, 'b')
    expect(b.messages).toHaveLength(1)
    expect(b.at('values')).toHaveLength(1)
    expect(b.at('values.title')).toHaveLength(1)
    expect(b.at('values.titles')).toEqual([])
    expect(problemsOfNode(def, shown, TRIGGER).at('trigger.object')).toHaveLength(1)
  })

  it('adds the server’s problems the browser did not find', () => {
    const server: ShownProblem[] = [
      { ...shown[0]! },
      { stepId: 'a', path: 'steps.0.type', code: 'workflow.step_unavailable', message: 'cannot run yet' },
    ]
    expect(mergeProblems(shown, server).map((p) => p.code)).toEqual([
      'workflow.unknown_object',
      'workflow.wrong_value_type',
      'workflow.invalid_definition',
      'workflow.step_unavailable',
    ])
  })
})
