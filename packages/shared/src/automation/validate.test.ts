import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ObjectDef } from '../fields.ts'
import { MESSAGES } from '../i18n/messages.ts'
import { companyObject, contactObject, resolveTestObject } from '../query/test-objects.ts'
import { parseCron } from './cron.ts'
import type { WorkflowDefinitionInput } from './definition.ts'
import { busyCycleSteps, dominators, reachableFrom } from './graph.ts'
import { checkWorkflow, validateWorkflow, WORKFLOW_PROBLEM_CODES, type WorkflowMetadata } from './validate.ts'

const meta: WorkflowMetadata = { resolveObject: resolveTestObject }
const codes = (def: unknown, m = meta) =>
  validateWorkflow(def, m).map((p) => `${p.stepId ?? '-'}:${p.code}@${p.path}`)

const ok: WorkflowDefinitionInput = {
  trigger: { type: 'record_updated', object: 'contact', fields: ['vip'], changedTo: true },
  start: 'is_big',
  steps: [
    {
      id: 'is_big',
      type: 'condition',
      filter: { field: 'company.industry', op: 'eq', value: 'it' },
      onTrue: 'make_company',
      onFalse: 'note',
    },
    {
      id: 'make_company',
      type: 'create_record',
      object: 'company',
      values: { name: '{{trigger.record.name}} 公司' },
      next: 'link',
    },
    {
      id: 'link',
      type: 'update_record',
      values: {
        company: '{{steps.make_company.output.id}}',
        score: 80,
        notes: '来自 {{steps.make_company.output.record.name}}',
      },
      next: 'note',
    },
    { id: 'note', type: 'add_note', body: '{{trigger.record.name}} 是 VIP', next: null },
  ],
}

describe('validateWorkflow', () => {
  it('accepts a sound workflow', () => {
    expect(codes(ok)).toEqual([])
  })

  it('reports the graph problems with step and path', () => {
    const def = {
      trigger: { type: 'record_created', object: 'contact' },
      start: 'a',
      steps: [
        { id: 'a', type: 'notify', recipients: [{ kind: 'owner' }], title: 'x', next: 'nowhere' },
        { id: 'b', type: 'add_note', body: 'orphan', next: null },
        { id: 'c', type: 'add_note', body: 'loop', next: 'd' },
        { id: 'd', type: 'add_note', body: 'loop', next: 'c' },
      ],
    }
    expect(codes(def)).toEqual([
      'a:workflow.dangling_next@steps.0.next',
      'b:workflow.unreachable_step@steps.1',
      'c:workflow.unreachable_step@steps.2',
      'd:workflow.unreachable_step@steps.3',
      'c:workflow.busy_cycle@steps.2',
      'd:workflow.busy_cycle@steps.3',
    ])
    expect(codes({ ...def, start: 'zz' })).toContain('-:workflow.unknown_start@start')
  })

  it('allows a loop through a wait', () => {
    const def = {
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
        { id: 'pause', type: 'wait', wait: { kind: 'duration', minutes: 60 }, next: 'check' },
      ],
    }
    expect(codes(def)).toEqual([])
  })

  it('checks condition filters with the shared filter parser', () => {
    const def = structuredClone(ok) as { steps: { filter?: unknown }[] }
    def.steps[0]!.filter = { field: 'company.nope', op: 'eq', value: 1 }
    const p = validateWorkflow(def, meta)
    expect(p).toEqual([
      expect.objectContaining({
        stepId: 'is_big',
        code: 'workflow.invalid_filter',
        path: 'steps.0.filter.field',
      }),
    ])
    expect(p[0]!.params).toMatchObject({ reason: 'filter.unknown_field' })
  })

  it('flags merge fields to unknown, deleted and later fields and steps', () => {
    const def = {
      trigger: { type: 'record_created', object: 'company' },
      start: 'a',
      steps: [
        {
          id: 'a',
          type: 'notify',
          recipients: [{ kind: 'owner' }],
          title:
            '{{trigger.record.nope}} {{trigger.record.legacy_code}} {{steps.b.output.id}} {{steps.zz.output.id}}',
          body: '{{trigger.record.parent.name}} {{bad ref}} {{steps.a.output.count}}',
          next: 'b',
        },
        {
          id: 'b',
          type: 'create_record',
          object: 'contact',
          values: { name: '{{steps.a.output.bogus}}' },
          next: null,
        },
      ],
    }
    expect(codes(def)).toEqual([
      'a:workflow.merge_unknown_field@steps.0.title',
      'a:workflow.merge_deleted_field@steps.0.title',
      'a:workflow.merge_later_step@steps.0.title',
      'a:workflow.merge_unknown_step@steps.0.title',
      'a:workflow.merge_invalid@steps.0.body',
      'a:workflow.merge_later_step@steps.0.body',
      'b:workflow.merge_unknown_output@steps.1.values.name',
    ])
  })

  it('only lets a merge field read a step that runs before on every path', () => {
    const def = {
      trigger: { type: 'record_created', object: 'contact' },
      start: 'c',
      steps: [
        {
          id: 'c',
          type: 'condition',
          filter: { field: 'vip', op: 'eq', value: true },
          onTrue: 'x',
          onFalse: 'y',
        },
        { id: 'x', type: 'create_record', object: 'company', values: { name: 'x' }, next: 'y' },
        { id: 'y', type: 'add_note', body: '{{steps.x.output.id}} {{steps.c.output.result}}', next: null },
      ],
    }
    expect(codes(def)).toEqual(['y:workflow.merge_later_step@steps.2.body'])
  })

  it('checks written fields: unknown, deleted, not writable, wrong type', () => {
    const def = {
      trigger: { type: 'record_created', object: 'company' },
      start: 'u',
      steps: [
        {
          id: 'u',
          type: 'update_record',
          values: {
            nope: 1,
            legacy_code: 'x',
            created_at: '2026-01-01',
            employees: 'many',
            industry: 'mining',
            revenue: { amount: '12.5', currency: 'CNY' },
            founded: '{{trigger.record.employees}}',
            name: '{{trigger.record.employees}} 人',
            signed_at: '{{trigger.record.founded}}',
            active: '是 {{trigger.record.name}}',
          },
          next: null,
        },
      ],
    }
    expect(codes(def)).toEqual([
      'u:workflow.unknown_field@steps.0.values.nope',
      'u:workflow.deleted_field@steps.0.values.legacy_code',
      'u:workflow.field_not_writable@steps.0.values.created_at',
      'u:workflow.wrong_value_type@steps.0.values.employees',
      'u:workflow.wrong_value_type@steps.0.values.industry',
      'u:workflow.wrong_value_type@steps.0.values.founded',
      'u:workflow.wrong_value_type@steps.0.values.active',
    ])
  })

  it('checks triggers: objects, date fields, changedTo, cron', () => {
    expect(codes({ ...ok, trigger: { type: 'record_created', object: 'ghost' } })).toContain(
      '-:workflow.unknown_object@trigger.object',
    )
    expect(
      codes({ ...ok, trigger: { type: 'date_relative', object: 'contact', field: 'name', offsetDays: -3 } }),
    ).toEqual(['-:workflow.not_a_date_field@trigger.field'])
    expect(
      codes({
        ...ok,
        trigger: { type: 'record_updated', object: 'contact', fields: ['vip', 'name'], changedTo: true },
      }),
    ).toEqual(['-:workflow.changed_to_needs_one_field@trigger.changedTo'])
    expect(
      codes({
        ...ok,
        trigger: { type: 'record_updated', object: 'contact', fields: ['vip'], changedTo: 'yes' },
      }),
    ).toEqual(['-:workflow.wrong_value_type@trigger.changedTo'])
    const sched = { type: 'schedule', cron: '0 9 * * MON-FRI' }
    const noRecord = codes({ ...ok, trigger: sched })
    expect(noRecord).toContain('is_big:workflow.no_record@steps.0.filter')
    expect(codes({ ...ok, trigger: { type: 'schedule', cron: '61 * * * *' } })).toEqual([
      '-:workflow.invalid_definition@trigger.cron',
    ])
  })

  it('checks approvals, recipients, targets and started workflows', () => {
    const def = {
      trigger: { type: 'record_created', object: 'contact' },
      start: 'ap',
      steps: [
        {
          id: 'ap',
          type: 'approval',
          title: '审批 {{trigger.record.name}}',
          levels: [
            { id: 'l1', approvers: [{ kind: 'field', field: 'reviewer' }], mode: 'all' },
            {
              id: 'l2',
              approvers: [{ kind: 'field', field: 'name' }, { kind: 'submitter_manager' }],
              mode: 'any',
            },
          ],
          onReject: { kind: 'level', level: 'l9' },
          lock: ['deal_size', 'gone'],
          approved: 'go',
          rejected: 'upd',
        },
        {
          id: 'go',
          type: 'start_workflow',
          workflowId: '00000000-0000-4000-8000-000000000001',
          next: 'call',
        },
        { id: 'call', type: 'http', method: 'POST', url: 'ftp://example.com', next: null },
        { id: 'upd', type: 'update_record', target: { kind: 'step', step: 'go' }, values: {}, next: null },
      ],
    }
    expect(codes(def, { ...meta, workflowIds: new Set() })).toEqual([
      'ap:workflow.not_a_user_field@steps.0.levels.1.approvers.0.field',
      'ap:workflow.unknown_level@steps.0.onReject.level',
      'ap:workflow.unknown_field@steps.0.lock.1',
      'go:workflow.unknown_workflow@steps.1.workflowId',
      'call:workflow.invalid_url@steps.2.url',
      'upd:workflow.bad_target@steps.3.target.step',
    ])
  })

  it('reports malformed definitions with the step id and path, on hostile input too', () => {
    const p = validateWorkflow(
      {
        trigger: { type: 'record_created', object: 'contact' },
        start: 'a',
        steps: [{ id: 'a', type: 'teleport' }],
      },
      meta,
    )
    expect(p[0]).toMatchObject({ stepId: 'a', code: 'workflow.invalid_definition', path: 'steps.0.type' })
    const shapes = validateWorkflow(
      {
        trigger: { type: 'record_created', object: 'contact', extra: 1 },
        start: 'a',
        steps: [{ id: 'A!', type: 'add_note', body: 'x', next: null }],
      },
      meta,
    )
    expect(shapes.map((x) => [x.path, x.params?.reason])).toEqual([
      ['trigger.extra', 'unknown_field'],
      ['steps.0.id', 'invalid_name'],
    ])
    for (const hostile of [null, 42, 'x', [], { steps: 'no' }, { __proto__: { start: 'a' } }]) {
      expect(validateWorkflow(hostile, meta).length).toBeGreaterThan(0)
    }
    const deep: Record<string, unknown> = { field: 'name', op: 'eq', value: 'x' }
    let f: unknown = deep
    for (let i = 0; i < 5000; i++) f = { not: f }
    const tooDeep = structuredClone(ok) as { steps: { filter?: unknown }[] }
    tooDeep.steps[0]!.filter = f
    expect(codes(tooDeep)[0]).toMatch(/invalid_definition@steps\.0\.filter/)
    const many = {
      ...ok,
      steps: Array.from({ length: 201 }, (_, i) => ({
        id: `s${i}`,
        type: 'add_note',
        body: 'x',
        next: null,
      })),
    }
    expect(codes(many)).toEqual(['-:workflow.invalid_definition@steps'])
  })

  it('has a message in both languages for every problem code', () => {
    for (const code of [
      ...WORKFLOW_PROBLEM_CODES,
      'workflow.missing_object',
      'workflow.not_published',
      'workflow.trigger_without_record',
    ]) {
      expect(MESSAGES['zh-CN'][`field.${code}`], code).toBeTruthy()
      expect(MESSAGES.en[`field.${code}`], code).toBeTruthy()
    }
  })

  it('applies defaults when it accepts', () => {
    const r = checkWorkflow(ok, meta)
    expect(r.ok).toBe(true)
    expect(r.definition?.steps[3]).toMatchObject({ target: { kind: 'trigger' } })
  })
})

describe('cron', () => {
  it('parses five fields with ranges, steps and names', () => {
    const r = parseCron('*/15 9-18 1,15 JAN-MAR mon-fri')
    expect(r.ok && r.spec).toMatchObject({
      minute: [0, 15, 30, 45],
      dayOfMonth: [1, 15],
      month: [1, 2, 3],
      dayOfWeek: [1, 2, 3, 4, 5],
    })
    expect(
      parseCron('0 0 * * 7').ok &&
        (parseCron('0 0 * * 7') as { spec: { dayOfWeek: number[] } }).spec.dayOfWeek,
    ).toEqual([0])
    for (const bad of [
      '',
      '* * * *',
      '60 * * * *',
      '* 24 * * *',
      '5-1 * * * *',
      '*/0 * * * *',
      '* * * * * *',
      'a b c d e',
    ])
      expect(parseCron(bad).ok, bad).toBe(false)
  })
})

/** Random step graphs: n steps, each with up to 2 links, some of them waits. */
const graphArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    links: fc.array(fc.array(fc.integer({ min: 0, max: n }), { minLength: 0, maxLength: 2 }), {
      minLength: n,
      maxLength: n,
    }),
    waits: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  }),
)

/** Reference: transitive closure by Floyd–Warshall. */
function closure(n: number, adj: (i: number, j: number) => boolean): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => adj(i, j)))
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i]![k] && r[k]![j]) r[i]![j] = true
  return r
}

function toDefinition(g: { n: number; links: number[][]; waits: boolean[] }) {
  const id = (i: number) => `s${i}`
  // index n means "end" (null)
  const to = (j: number | undefined) => (j === undefined || j === g.n ? null : id(j))
  const steps = g.links.map((l, i) =>
    g.waits[i]
      ? { id: id(i), type: 'wait', wait: { kind: 'duration', minutes: 5 }, next: to(l[0]) }
      : l.length === 2
        ? {
            id: id(i),
            type: 'condition',
            filter: { field: 'vip', op: 'eq', value: true },
            onTrue: to(l[0]),
            onFalse: to(l[1]),
          }
        : { id: id(i), type: 'add_note', body: 'x', next: to(l[0]) },
  )
  return { trigger: { type: 'record_created', object: 'contact' }, start: 's0', steps }
}

describe('validateWorkflow on arbitrary input', () => {
  it('never throws and always explains a rejection', () => {
    const stepish = fc.record(
      {
        id: fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.string()),
        type: fc.constantFrom('condition', 'wait', 'update_record', 'notify', 'http', 'approval', 'nope'),
        next: fc.oneof(fc.constantFrom('a', 'b', 'c', null), fc.anything()),
        values: fc.dictionary(fc.string(), fc.jsonValue()),
        filter: fc.jsonValue(),
        title: fc.oneof(
          fc.string(),
          fc.constantFrom('{{trigger.record.name}}', '{{steps.a.output.id}}', '{{'),
        ),
      },
      { requiredKeys: ['id', 'type'] },
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({
            trigger: fc.oneof(fc.anything(), fc.constant({ type: 'record_created', object: 'contact' })),
            start: fc.oneof(fc.constantFrom('a', 'b'), fc.anything()),
            steps: fc.array(stepish, { maxLength: 6 }),
          }),
        ),
        (input) => {
          const r = checkWorkflow(input, meta)
          expect(r.ok).toBe(r.problems.length === 0)
          for (const p of r.problems) expect(WORKFLOW_PROBLEM_CODES).toContain(p.code)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('validateWorkflow on random graphs', () => {
  it('reachability and busy-cycle detection agree with a reference closure', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const def = toDefinition(g)
        const edge = (i: number, j: number) =>
          j < g.n && (def.steps[i]!.type === 'wait' ? g.links[i]!.slice(0, 1) : g.links[i]!).includes(j)
        const reach = closure(g.n, edge)
        const busy = closure(g.n, (i, j) => edge(i, j) && !g.waits[i] && !g.waits[j])
        const problems = validateWorkflow(def, meta)
        const unreachable = new Set(
          problems.filter((p) => p.code === 'workflow.unreachable_step').map((p) => p.stepId),
        )
        const cyclic = new Set(problems.filter((p) => p.code === 'workflow.busy_cycle').map((p) => p.stepId))
        for (let i = 0; i < g.n; i++) {
          expect(unreachable.has(`s${i}`)).toBe(i !== 0 && !reach[0]![i])
          expect(cyclic.has(`s${i}`)).toBe(!g.waits[i] && busy[i]![i])
        }
        expect(
          problems.every((p) => p.code === 'workflow.unreachable_step' || p.code === 'workflow.busy_cycle'),
        ).toBe(true)
      }),
      { numRuns: 400 },
    )
  })

  it('a dominator of a step is on every path to it (checked by removing it)', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const edges = new Map<string, string[]>()
        for (const [i, l] of g.links.entries())
          edges.set(
            `s${i}`,
            l.filter((j) => j < g.n).map((j) => `s${j}`),
          )
        const dom = dominators('s0', edges)
        const reach = reachableFrom('s0', edges)
        for (const [node, ds] of dom) {
          for (const d of reach) {
            if (d === node || d === 's0') continue
            const without = new Map([...edges].map(([k, v]) => [k, k === d ? [] : v]))
            expect(ds.has(d)).toBe(!reachableFrom('s0', without).has(node))
          }
        }
        // busyCycleSteps never names a pausing step
        const pausing = new Set(g.waits.flatMap((w, i) => (w ? [`s${i}`] : [])))
        for (const s of busyCycleSteps(edges, pausing)) expect(pausing.has(s)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })
})

export const testObjects: ObjectDef[] = [companyObject, contactObject]
