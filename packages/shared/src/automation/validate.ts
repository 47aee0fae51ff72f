import type { z } from 'zod'
import type { ObjectDef } from '../fields.ts'
import { parseFilter } from '../query/parse.ts'
import type { ResolveObject } from '../query/paths.ts'
import {
  type Approver,
  PAUSING_STEPS,
  type Step,
  stepLinks,
  type Trigger,
  triggerObject,
  type WorkflowDefinition,
  workflowDefinitionSchema,
} from './definition.ts'
import {
  acceptsText,
  compatibleTypes,
  isWritable,
  literalFits,
  lookupField,
  lookupPath,
} from './field-values.ts'
import { busyCycleSteps, dominators, reachableFrom } from './graph.ts'
import { mergeRefs, singleRef, stepTemplates } from './merge-fields.ts'

/** What the validator knows about the workspace. Inactive objects must not be returned by `resolveObject`. */
export interface WorkflowMetadata {
  resolveObject: ResolveObject
  /** ids of the workspace's workflows (start_workflow targets); omitted: not checked */
  workflowIds?: ReadonlySet<string>
}

export const WORKFLOW_PROBLEM_CODES = [
  'workflow.invalid_definition',
  'workflow.unknown_start',
  'workflow.duplicate_step',
  'workflow.dangling_next',
  'workflow.unreachable_step',
  'workflow.busy_cycle',
  'workflow.invalid_filter',
  'workflow.unknown_object',
  'workflow.unknown_field',
  'workflow.deleted_field',
  'workflow.field_not_writable',
  'workflow.wrong_value_type',
  'workflow.not_a_date_field',
  'workflow.not_a_user_field',
  'workflow.no_record',
  'workflow.changed_to_needs_one_field',
  'workflow.bad_target',
  'workflow.unknown_workflow',
  'workflow.unknown_level',
  'workflow.invalid_url',
  'workflow.merge_invalid',
  'workflow.merge_unknown_field',
  'workflow.merge_deleted_field',
  'workflow.merge_unknown_step',
  'workflow.merge_later_step',
  'workflow.merge_unknown_output',
] as const
export type WorkflowProblemCode = (typeof WORKFLOW_PROBLEM_CODES)[number]

/** One problem: the step (null for the trigger or the whole definition), the path in the definition, a code. */
export interface WorkflowProblem {
  stepId: string | null
  path: string
  code: WorkflowProblemCode
  params?: Record<string, unknown>
}

const MAX_PROBLEMS = 200

/** What each step type outputs (`{{steps.<id>.output.<key>…}}`); `record`: a record of the step's object. */
const OUTPUTS: Record<Step['type'], Record<string, 'value' | 'record' | 'any'>> = {
  condition: { result: 'value' },
  switch: { case: 'value' },
  wait: { timedOut: 'value', at: 'value' },
  update_record: { id: 'value', record: 'record' },
  create_record: { id: 'value', record: 'record' },
  find_records: { count: 'value', records: 'any', first: 'record' },
  create_task: { id: 'value' },
  add_note: { id: 'value' },
  assign_owner: { ownerId: 'value' },
  notify: { count: 'value' },
  send_email: { messageId: 'value' },
  http: { status: 'value', body: 'any', headers: 'any' },
  start_workflow: { runId: 'value', output: 'any' },
  approval: { outcome: 'value', decidedBy: 'value', comments: 'any' },
}
export const STEP_OUTPUTS = OUTPUTS

class Checker {
  readonly problems: WorkflowProblem[] = []
  readonly byId = new Map<string, { step: Step; index: number }>()
  dom = new Map<string, Set<string>>()
  record: ObjectDef | null = null

  constructor(
    readonly def: WorkflowDefinition,
    readonly meta: WorkflowMetadata,
  ) {}

  add(
    stepId: string | null,
    path: string,
    code: WorkflowProblemCode,
    params?: Record<string, unknown>,
  ): void {
    if (this.problems.length < MAX_PROBLEMS)
      this.problems.push(params ? { stepId, path, code, params } : { stepId, path, code })
  }

  object(name: string, stepId: string | null, path: string): ObjectDef | null {
    const o = this.meta.resolveObject(name)
    if (!o?.isActive) {
      this.add(stepId, path, 'workflow.unknown_object', { object: name })
      return null
    }
    return o
  }

  field(object: ObjectDef, name: string, stepId: string | null, path: string) {
    const r = lookupField(object, name)
    if (!r.ok) {
      this.add(stepId, path, `workflow.${r.code}`, { field: name, object: object.name })
      return null
    }
    return r.field
  }

  filter(filter: unknown, object: ObjectDef, stepId: string | null, path: string): void {
    const r = parseFilter(filter, object, this.meta.resolveObject)
    if (r.ok) return
    for (const e of r.errors)
      this.add(stepId, e.path ? `${path}.${e.path}` : path, 'workflow.invalid_filter', {
        reason: e.code,
        detail: e.message,
      })
  }

  trigger(t: Trigger): void {
    const name = triggerObject(t)
    if (name === null) return
    this.record = this.object(name, null, 'trigger.object')
    const o = this.record
    if (!o) return
    if (t.type === 'record_updated') {
      const fields = t.fields ?? []
      for (const [i, f] of fields.entries()) this.field(o, f, null, `trigger.fields.${i}`)
      if (t.changedTo !== undefined) {
        if (fields.length !== 1) this.add(null, 'trigger.changedTo', 'workflow.changed_to_needs_one_field')
        else {
          const f = lookupField(o, fields[0]!)
          if (f.ok && !literalFits(f.field, t.changedTo))
            this.add(null, 'trigger.changedTo', 'workflow.wrong_value_type', {
              field: f.field.name,
              type: f.field.type,
            })
        }
      }
    }
    if (t.type === 'date_relative') {
      const f = this.field(o, t.field, null, 'trigger.field')
      if (f && f.type !== 'date' && f.type !== 'datetime')
        this.add(null, 'trigger.field', 'workflow.not_a_date_field', { field: f.name, type: f.type })
    }
  }

  graph(): void {
    const steps = this.def.steps
    steps.forEach((step, index) => {
      if (this.byId.has(step.id))
        this.add(step.id, `steps.${index}.id`, 'workflow.duplicate_step', { step: step.id })
      else this.byId.set(step.id, { step, index })
    })
    if (!this.byId.has(this.def.start))
      this.add(null, 'start', 'workflow.unknown_start', { step: this.def.start })
    const edges = new Map<string, string[]>()
    for (const [id, { step, index }] of this.byId) {
      const to: string[] = []
      for (const link of stepLinks(step)) {
        if (link.to === null) continue
        if (!this.byId.has(link.to))
          this.add(id, `steps.${index}.${link.path}`, 'workflow.dangling_next', { step: id, target: link.to })
        else to.push(link.to)
      }
      edges.set(id, to)
    }
    const reach = reachableFrom(this.def.start, edges)
    if (this.byId.has(this.def.start))
      for (const [id, { index }] of this.byId)
        if (!reach.has(id)) this.add(id, `steps.${index}`, 'workflow.unreachable_step', { step: id })
    const pausing = new Set(
      [...this.byId].filter(([, s]) => PAUSING_STEPS.has(s.step.type)).map(([id]) => id),
    )
    const busy = busyCycleSteps(edges, pausing)
    for (const [id, { index }] of this.byId)
      if (busy.has(id)) this.add(id, `steps.${index}`, 'workflow.busy_cycle', { step: id })
    this.dom = dominators(this.def.start, edges)
  }

  /** The object a step's `target` points at, or null after reporting why not. */
  target(step: Step & { target: { kind: string; step?: string } }, index: number): ObjectDef | null {
    const t = step.target
    if (t.kind === 'trigger') {
      if (!this.record && triggerObject(this.def.trigger) === null)
        this.add(step.id, `steps.${index}.target`, 'workflow.no_record', { step: step.id })
      return this.record
    }
    const src = this.byId.get(t.step!)
    if (!src || (src.step.type !== 'create_record' && src.step.type !== 'find_records')) {
      this.add(step.id, `steps.${index}.target.step`, 'workflow.bad_target', {
        step: step.id,
        target: t.step,
      })
      return null
    }
    if (!this.before(t.step!, step.id)) {
      this.add(step.id, `steps.${index}.target.step`, 'workflow.merge_later_step', {
        step: step.id,
        target: t.step,
      })
      return null
    }
    return this.meta.resolveObject(src.step.object) ?? null
  }

  /** Does `a` run before `b` on every path from the start? */
  before(a: string, b: string): boolean {
    return a !== b && (this.dom.get(b)?.has(a) ?? false)
  }

  values(values: Record<string, unknown>, object: ObjectDef, step: Step, path: string): void {
    for (const [name, v] of Object.entries(values)) {
      const p = `${path}.${name}`
      const f = this.field(object, name, step.id, p)
      if (!f) continue
      if (!isWritable(f)) {
        this.add(step.id, p, 'workflow.field_not_writable', { field: name })
        continue
      }
      const bad = () => this.add(step.id, p, 'workflow.wrong_value_type', { field: name, type: f.type })
      if (typeof v === 'string' && mergeRefs(v).length > 0) {
        const single = singleRef(v)
        if (!single) {
          if (!acceptsText(f.type)) bad()
        } else if (single.kind === 'record' && this.record) {
          const src = lookupPath(this.record, single.path, this.meta.resolveObject)
          if (src.ok && src.field && !compatibleTypes(src.field.type, f.type)) bad()
        }
      } else if (!literalFits(f, v)) bad()
    }
  }

  recipients(list: readonly (Approver | string)[], step: Step, path: string): void {
    list.forEach((r, i) => {
      if (typeof r === 'string') return
      const p = `${path}.${i}`
      if (r.kind === 'owner' || r.kind === 'owner_manager' || r.kind === 'field') {
        if (!this.record) {
          if (triggerObject(this.def.trigger) === null)
            this.add(step.id, p, 'workflow.no_record', { step: step.id })
          return
        }
        if (r.kind === 'field') {
          const f = this.field(this.record, r.field, step.id, `${p}.field`)
          if (f && f.type !== 'user')
            this.add(step.id, `${p}.field`, 'workflow.not_a_user_field', { field: f.name })
        }
      }
    })
  }

  merges(step: Step, index: number): void {
    for (const { path, text } of stepTemplates(step)) {
      for (const ref of mergeRefs(text)) {
        const p = `steps.${index}.${path}`
        const params = { step: step.id, ref: ref.raw }
        if (ref.kind === 'invalid') this.add(step.id, p, 'workflow.merge_invalid', params)
        else if (ref.kind === 'record') {
          if (!this.record) {
            if (triggerObject(this.def.trigger) === null) this.add(step.id, p, 'workflow.no_record', params)
            continue
          }
          const r = lookupPath(this.record, ref.path, this.meta.resolveObject)
          if (!r.ok)
            this.add(
              step.id,
              p,
              r.code === 'deleted_field' ? 'workflow.merge_deleted_field' : 'workflow.merge_unknown_field',
              {
                ...params,
                field: r.at,
              },
            )
        } else if (ref.kind === 'step') this.stepRef(ref.step, ref.path, step, p, params)
      }
    }
  }

  stepRef(id: string, path: string[], step: Step, p: string, params: Record<string, unknown>): void {
    const src = this.byId.get(id)
    if (!src) {
      this.add(step.id, p, 'workflow.merge_unknown_step', params)
      return
    }
    if (!this.before(id, step.id)) {
      this.add(step.id, p, 'workflow.merge_later_step', params)
      return
    }
    const kind = OUTPUTS[src.step.type][path[0]!]
    if (!kind) {
      this.add(step.id, p, 'workflow.merge_unknown_output', { ...params, output: path[0] })
      return
    }
    if (kind !== 'record' || path.length < 2) return
    const objectName =
      'object' in src.step
        ? src.step.object
        : src.step.type === 'update_record'
          ? this.targetName(src.step)
          : null
    const o = objectName ? this.meta.resolveObject(objectName) : undefined
    if (!o) return
    const r = lookupPath(o, path.slice(1), this.meta.resolveObject)
    if (!r.ok)
      this.add(
        step.id,
        p,
        r.code === 'deleted_field' ? 'workflow.merge_deleted_field' : 'workflow.merge_unknown_field',
        {
          ...params,
          field: r.at,
        },
      )
  }

  targetName(step: Extract<Step, { type: 'update_record' }>): string | null {
    if (step.target.kind === 'trigger') return triggerObject(this.def.trigger)
    const src = this.byId.get(step.target.step)?.step
    return src && 'object' in src ? src.object : null
  }

  step(step: Step, index: number): void {
    const at = `steps.${index}`
    const needRecord = (path: string) => {
      if (!this.record && triggerObject(this.def.trigger) === null)
        this.add(step.id, path, 'workflow.no_record', { step: step.id })
      return this.record
    }
    switch (step.type) {
      case 'condition': {
        const o = needRecord(`${at}.filter`)
        if (o) this.filter(step.filter, o, step.id, `${at}.filter`)
        break
      }
      case 'switch':
        step.cases.forEach((c, i) => {
          const o = needRecord(`${at}.cases.${i}.filter`)
          if (o) this.filter(c.filter, o, step.id, `${at}.cases.${i}.filter`)
        })
        break
      case 'wait': {
        const w = step.wait
        if (w.kind === 'until_field') {
          const o = needRecord(`${at}.wait.field`)
          const f = o && this.field(o, w.field, step.id, `${at}.wait.field`)
          if (f && f.type !== 'date' && f.type !== 'datetime')
            this.add(step.id, `${at}.wait.field`, 'workflow.not_a_date_field', {
              field: f.name,
              type: f.type,
            })
        } else if (w.kind === 'event') {
          const o = needRecord(`${at}.wait.event`)
          if (o && w.filter) this.filter(w.filter, o, step.id, `${at}.wait.filter`)
        }
        break
      }
      case 'update_record': {
        const o = this.target(step, index)
        if (o) this.values(step.values, o, step, `${at}.values`)
        break
      }
      case 'create_record': {
        const o = this.object(step.object, step.id, `${at}.object`)
        if (o) this.values(step.values, o, step, `${at}.values`)
        break
      }
      case 'find_records': {
        const o = this.object(step.object, step.id, `${at}.object`)
        if (o) this.filter(step.filter, o, step.id, `${at}.filter`)
        break
      }
      case 'create_task':
        this.target(step, index)
        this.recipients([step.assignee], step, `${at}.assignee`)
        break
      case 'add_note':
      case 'assign_owner':
        this.target(step, index)
        break
      case 'notify':
        this.recipients(step.recipients, step, `${at}.recipients`)
        break
      case 'send_email':
        this.recipients(step.to, step, `${at}.to`)
        this.recipients(step.cc, step, `${at}.cc`)
        break
      case 'http':
        if (!/^(https?:\/\/|\{\{)/i.test(step.url.trim()))
          this.add(step.id, `${at}.url`, 'workflow.invalid_url', { step: step.id })
        break
      case 'start_workflow':
        if (this.meta.workflowIds && !this.meta.workflowIds.has(step.workflowId))
          this.add(step.id, `${at}.workflowId`, 'workflow.unknown_workflow', { workflow: step.workflowId })
        break
      case 'approval': {
        const levels = new Set<string>()
        step.levels.forEach((l, i) => {
          if (levels.has(l.id))
            this.add(step.id, `${at}.levels.${i}.id`, 'workflow.duplicate_step', { step: l.id })
          levels.add(l.id)
          this.recipients(l.approvers, step, `${at}.levels.${i}.approvers`)
          if (l.escalateTo) this.recipients([l.escalateTo], step, `${at}.levels.${i}.escalateTo`)
        })
        if (step.onReject.kind === 'level' && !levels.has(step.onReject.level))
          this.add(step.id, `${at}.onReject.level`, 'workflow.unknown_level', { level: step.onReject.level })
        const o = needRecord(`${at}.lock`)
        if (o && step.lock !== 'all')
          for (const [i, f] of step.lock.entries()) this.field(o, f, step.id, `${at}.lock.${i}`)
        break
      }
    }
    this.merges(step, index)
  }
}

/** The id of the step at a zod path (`steps.3.…`) in the raw input, if it has one. */
function rawStepId(input: unknown, path: readonly PropertyKey[]): string | null {
  if (path[0] !== 'steps' || typeof path[1] !== 'number') return null
  const steps = (input as { steps?: unknown })?.steps
  const s = Array.isArray(steps) ? steps[path[1]] : undefined
  const id = s && typeof s === 'object' ? (s as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id : null
}

/**
 * Why a definition's shape is wrong, as a field error code of the shared catalogue (`field.<reason>`, e.g.
 * `invalid_type` with `expected`), so the message can be given in the user's language.
 */
export interface ShapeReason {
  reason: string
  [param: string]: unknown
}

const CODE = /^[a-z_]{1,40}$/

/** The value at a zod path of the raw input (undefined when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined
    v = (v as Record<PropertyKey, unknown>)[k]
  }
  return v
}

function shapeReason(i: z.core.$ZodIssue, input: unknown): ShapeReason {
  switch (i.code) {
    case 'invalid_type':
      return valueAt(input, i.path) === undefined
        ? { reason: 'required' }
        : { reason: 'invalid_type', expected: i.expected }
    case 'too_big':
      return i.origin === 'string'
        ? { reason: 'too_long', max: i.maximum }
        : i.origin === 'array' || i.origin === 'record'
          ? { reason: 'too_large', max: i.maximum }
          : { reason: 'too_big', max: i.maximum }
    case 'too_small':
      return i.origin === 'string'
        ? { reason: 'too_short', min: i.minimum }
        : i.origin === 'array' && i.minimum === 1
          ? { reason: 'required' }
          : { reason: 'too_small', min: i.minimum }
    case 'invalid_value':
      return { reason: 'invalid_option', value: String(i.values?.[0] ?? '') }
    case 'invalid_format':
    case 'custom':
      // our own refinements name their code as the message ('invalid_name', 'invalid_cron', 'too_deep')
      return { reason: CODE.test(i.message) ? i.message : 'invalid_format' }
    default:
      return { reason: 'invalid_value' }
  }
}

export type WorkflowCheck =
  | { ok: true; definition: WorkflowDefinition; problems: [] }
  | { ok: false; definition: WorkflowDefinition | null; problems: WorkflowProblem[] }

/** Parses a definition (defaults applied) and checks it against the workspace's metadata. */
export function checkWorkflow(input: unknown, metadata: WorkflowMetadata): WorkflowCheck {
  const parsed = workflowDefinitionSchema.safeParse(input)
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).flatMap((i): WorkflowProblem[] => {
      const stepId = rawStepId(input, i.path)
      const path = i.path.map(String).join('.')
      const problem = (at: string, reason: ShapeReason): WorkflowProblem => ({
        stepId,
        path: at,
        code: 'workflow.invalid_definition',
        params: reason,
      })
      if (i.code === 'unrecognized_keys')
        return i.keys.map((k) => problem(path ? `${path}.${k}` : k, { reason: 'unknown_field' }))
      return [problem(path, shapeReason(i, input))]
    })
    return { ok: false, definition: null, problems }
  }
  const c = new Checker(parsed.data, metadata)
  c.trigger(parsed.data.trigger)
  c.graph()
  for (const [, { step, index }] of c.byId) c.step(step, index)
  return c.problems.length === 0
    ? { ok: true, definition: parsed.data, problems: [] }
    : { ok: false, definition: parsed.data, problems: c.problems }
}

/** Every problem of a workflow definition (empty when it can be published). */
export function validateWorkflow(input: unknown, metadata: WorkflowMetadata): WorkflowProblem[] {
  return checkWorkflow(input, metadata).problems
}
