import type { WorkflowDefinition } from '@kemai/shared/automation/definition'
import { checkWorkflow, type WorkflowMetadata } from '@kemai/shared/automation/validate'
import type { ObjectDef } from '@kemai/shared/fields'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { companyMeta, personMeta } from '../../test/fixtures.ts'
import {
  addCase,
  freshId,
  INSERTABLE_TYPES,
  idProblem,
  insertStep,
  linksOf,
  removalPlan,
  removeCase,
  removeStep,
  renameStep,
  type StepDefaults,
  setLink,
  TRIGGER,
} from './model.ts'

const objects = new Map([personMeta, companyMeta].map((o) => [o.name, o as unknown as ObjectDef]))
const WORKFLOW_ID = '01a243f1-0000-7000-8000-000000000001'
const meta: WorkflowMetadata = {
  resolveObject: (n) => objects.get(n),
  workflowIds: new Set([WORKFLOW_ID]),
}
const defaults: StepDefaults = {
  object: 'person',
  fallbackObject: 'person',
  taskTitle: '跟进',
  noteBody: '备注',
  notifyTitle: '提醒',
  approvalTitle: '审批',
  url: 'https://example.com/hook',
  teamId: '01a243f1-0000-7000-8000-000000000002',
  workflowId: WORKFLOW_ID,
  emailTemplateId: '01a243f1-0000-7000-8000-000000000003',
}

const base = (): WorkflowDefinition => ({
  trigger: { type: 'record_updated', object: 'person', fields: ['title'] },
  start: 'note',
  steps: [
    {
      id: 'note',
      type: 'add_note',
      body: '{{trigger.record.name}}',
      target: { kind: 'trigger' },
      next: null,
    },
  ],
})

const GRAPH_CODES = new Set(['workflow.dangling_next', 'workflow.duplicate_step', 'workflow.unknown_start'])
const graphProblems = (def: WorkflowDefinition) => {
  const check = checkWorkflow(def, meta)
  // the shape must be valid, or the graph checks would not run at all
  expect(check.definition, JSON.stringify(check.problems.slice(0, 3))).not.toBeNull()
  return check.problems.filter((p) => GRAPH_CODES.has(p.code))
}

describe('insertStep', () => {
  it('puts a step between the trigger and the start', () => {
    const { def, id } = insertStep(base(), TRIGGER, 'start', 'condition', defaults)
    expect(id).toBe('condition_1')
    expect(def.start).toBe('condition_1')
    const cond = def.steps.find((s) => s.id === id)
    expect(cond).toMatchObject({ type: 'condition', onTrue: 'note', onFalse: null, filter: { and: [] } })
    expect(checkWorkflow(def, meta).problems).toEqual([])
  })

  it('fills an empty branch and continues on a link', () => {
    let { def } = insertStep(base(), TRIGGER, 'start', 'condition', defaults)
    ;({ def } = insertStep(def, 'condition_1', 'onFalse', 'update_record', defaults))
    expect(def.steps.find((s) => s.id === 'condition_1')).toMatchObject({ onFalse: 'update_record_1' })
    expect(def.steps.find((s) => s.id === 'update_record_1')).toMatchObject({ next: null })
    ;({ def } = insertStep(def, 'condition_1', 'onTrue', 'wait', defaults))
    expect(def.steps.find((s) => s.id === 'condition_1')).toMatchObject({ onTrue: 'wait_1' })
    expect(def.steps.find((s) => s.id === 'wait_1')).toMatchObject({ next: 'note' })
  })

  it('numbers new ids after the ones in use', () => {
    let def = base()
    for (let i = 0; i < 3; i++) def = insertStep(def, TRIGGER, 'start', 'notify', defaults).def
    expect(def.steps.map((s) => s.id).sort()).toEqual(['note', 'notify_1', 'notify_2', 'notify_3'])
    def = removeStep(def, 'notify_2')
    expect(freshId(def, 'notify')).toBe('notify_2')
  })

  it('puts a switch on a link with one case continuing there and an empty default', () => {
    const { def } = insertStep(base(), TRIGGER, 'start', 'switch', defaults)
    expect(def.steps.find((s) => s.id === 'switch_1')).toMatchObject({
      cases: [{ filter: { and: [] }, next: 'note' }],
      default: null,
    })
  })

  it('ignores a link of a step that does not exist', () => {
    const before = base()
    expect(insertStep(before, 'nope', 'next', 'notify', defaults).def).toBe(before)
  })
})

describe('removeStep', () => {
  it('re-points the links to a linear step to its next', () => {
    let { def } = insertStep(base(), TRIGGER, 'start', 'wait', defaults)
    def = removeStep(def, 'wait_1')
    expect(def.start).toBe('note')
    expect(def.steps.map((s) => s.id)).toEqual(['note'])
  })

  it('ends the branches that led to a branching step, and explains it', () => {
    let { def } = insertStep(base(), 'note', 'next', 'condition', defaults)
    def = insertStep(def, 'condition_1', 'onFalse', 'notify', defaults).def
    expect(removalPlan(def, 'condition_1')).toEqual({
      allowed: true,
      reroute: null,
      incoming: 1,
      branches: true,
    })
    def = removeStep(def, 'condition_1')
    expect(def.steps.find((s) => s.id === 'note')).toMatchObject({ next: null })
    // the branch's own step stays, unreachable now (the validator says so)
    expect(checkWorkflow(def, meta).problems.map((p) => p.code)).toEqual(['workflow.unreachable_step'])
  })

  it('moves the start to the first branch of a removed branching start', () => {
    let { def } = insertStep(base(), TRIGGER, 'start', 'condition', defaults)
    def = removeStep(def, 'condition_1')
    expect(def.start).toBe('note')
  })

  it('keeps the last step and refuses unknown ids', () => {
    const def = base()
    expect(removalPlan(def, 'note').allowed).toBe(false)
    expect(removeStep(def, 'note')).toBe(def)
    expect(removeStep(def, 'ghost')).toBe(def)
  })

  it('does not leave a step pointing to itself through the removed one', () => {
    let { def } = insertStep(base(), 'note', 'next', 'wait', defaults)
    // note → wait_1 → note (a loop through a wait)
    def = setLink(def, 'wait_1', 'next', 'note')
    def = removeStep(def, 'wait_1')
    expect(def.steps.find((s) => s.id === 'note')).toMatchObject({ next: null })
    expect(checkWorkflow(def, meta).problems).toEqual([])
  })
})

describe('renameStep', () => {
  it('renames links, the start, targets and merge fields reading it', () => {
    let { def } = insertStep(base(), TRIGGER, 'start', 'create_record', defaults)
    def = insertStep(def, 'create_record_1', 'next', 'update_record', defaults).def
    def = {
      ...def,
      steps: def.steps.map((s) =>
        s.id === 'update_record_1'
          ? {
              ...s,
              target: { kind: 'step', step: 'create_record_1' },
              values: { title: 'x {{steps.create_record_1.output.id}}' },
            }
          : s,
      ),
    } as WorkflowDefinition
    def = renameStep(def, 'create_record_1', 'new_person')
    expect(def.start).toBe('new_person')
    expect(def.steps.find((s) => s.id === 'update_record_1')).toMatchObject({
      target: { kind: 'step', step: 'new_person' },
      values: { title: 'x {{steps.new_person.output.id}}' },
    })
    expect(graphProblems(def)).toEqual([])
  })

  it('refuses invalid and taken ids', () => {
    const { def } = insertStep(base(), TRIGGER, 'start', 'notify', defaults)
    expect(idProblem(def, 'notify_1', 'Bad Id')).toBe('invalid')
    expect(idProblem(def, 'notify_1', 'note')).toBe('taken')
    expect(idProblem(def, 'notify_1', 'notify_1')).toBeNull()
    expect(renameStep(def, 'notify_1', 'note')).toBe(def)
    expect(renameStep(def, 'notify_1', '1abc')).toBe(def)
  })
})

describe('switch cases', () => {
  it('adds an empty case and removes one, keeping at least one', () => {
    let { def } = insertStep(base(), TRIGGER, 'start', 'switch', defaults)
    def = addCase(def, 'switch_1')
    const sw = () =>
      def.steps.find((s) => s.id === 'switch_1') as Extract<
        WorkflowDefinition['steps'][number],
        { type: 'switch' }
      >
    expect(sw().cases.map((c) => c.next)).toEqual(['note', null])
    def = removeCase(def, 'switch_1', 0)
    expect(sw().cases.map((c) => c.next)).toEqual([null])
    def = removeCase(def, 'switch_1', 0)
    expect(sw().cases).toHaveLength(1)
  })
})

describe('setLink', () => {
  it('joins a branch to an existing step and ends one, but never empties the start', () => {
    let { def } = insertStep(base(), TRIGGER, 'start', 'condition', defaults)
    def = setLink(def, 'condition_1', 'onFalse', 'note')
    expect(def.steps.find((s) => s.id === 'condition_1')).toMatchObject({ onTrue: 'note', onFalse: 'note' })
    def = setLink(def, 'condition_1', 'onTrue', null)
    expect(def.steps.find((s) => s.id === 'condition_1')).toMatchObject({ onTrue: null })
    expect(setLink(def, TRIGGER, 'start', null)).toBe(def)
    expect(setLink(def, 'condition_1', 'onTrue', 'ghost')).toBe(def)
  })
})

// Random edits through the builder's operations keep the graph closed: the validator never finds a link
// to a missing step, a repeated id or a missing start (docs/automation.md "Validation").
type Op =
  | { op: 'insert'; link: number; type: number }
  | { op: 'remove'; step: number }
  | { op: 'connect'; link: number; step: number }
  | { op: 'end'; link: number }
  | { op: 'rename'; step: number; suffix: number }
  | { op: 'case'; step: number; remove: boolean }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('insert' as const), link: fc.nat(), type: fc.nat() }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), step: fc.nat() }), weight: 3 },
  {
    arbitrary: fc.record({ op: fc.constant('connect' as const), link: fc.nat(), step: fc.nat() }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('end' as const), link: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('rename' as const), step: fc.nat(), suffix: fc.nat(99) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('case' as const), step: fc.nat(), remove: fc.boolean() }),
    weight: 1,
  },
)

function apply(def: WorkflowDefinition, o: Op): WorkflowDefinition {
  const links = linksOf(def)
  const at = <T>(list: readonly T[], i: number) => list[i % list.length]!
  switch (o.op) {
    case 'insert': {
      const l = at(links, o.link)
      return insertStep(def, l.from, l.path, at(INSERTABLE_TYPES, o.type), defaults).def
    }
    case 'remove':
      return removeStep(def, at(def.steps, o.step).id)
    case 'connect': {
      const l = at(links, o.link)
      return setLink(def, l.from, l.path, at(def.steps, o.step).id)
    }
    case 'end': {
      const l = at(links, o.link)
      return setLink(def, l.from, l.path, null)
    }
    case 'rename': {
      const s = at(def.steps, o.step)
      return renameStep(def, s.id, `renamed_${o.suffix}`)
    }
    case 'case': {
      const s = at(def.steps, o.step)
      return o.remove ? removeCase(def, s.id, 0) : addCase(def, s.id)
    }
  }
}

describe('editing keeps the graph valid', () => {
  it('after any sequence of inserts, removes, connects and renames', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let def = base()
        for (const o of ops) {
          def = apply(def, o)
          expect(graphProblems(def)).toEqual([])
          expect(def.steps.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 150 },
    )
  })
})
