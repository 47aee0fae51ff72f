import type { ObjectDef } from '../fields.ts'
import type { Filter } from '../query/ast.ts'
import { createEvaluator, type FilterRecord, relationPaths } from '../query/evaluate.ts'
import { DEFAULT_TIME_ZONE } from '../query/time.ts'
import { type Step, triggerObject, type WorkflowDefinition } from './definition.ts'
import { lookupField } from './field-values.ts'
import { type MergeScope, mergeRefs, renderDeep, renderTemplate, stepTemplates } from './merge-fields.ts'
import { checkWorkflow, type WorkflowMetadata, type WorkflowProblem } from './validate.ts'

/** What one step would do on the record, without doing it. */
export interface PlannedStep {
  stepId: string
  type: Step['type']
  /** the step's resolved inputs: condition result, payloads, texts with merge fields filled in */
  detail: Record<string, unknown>
  /** where the run would go next (null: the run ends) */
  next: string | null
  /** merge fields whose data a test run cannot know (outputs of steps that talk to the outside world) */
  unresolved: string[]
  /** the branch was chosen by assumption (an approval assumed approved, a wait assumed to end by its event) */
  assumed?: string
}

export interface RunPlan {
  ok: boolean
  /** problems of the definition (the plan is empty when there are any) */
  problems: WorkflowProblem[]
  steps: PlannedStep[]
  /** step ids in the order the run would take them */
  path: string[]
  /** completed: the path ended; loop: it came back to a step it already planned (through a wait) */
  end: 'completed' | 'loop' | 'invalid'
}

export interface PlanOptions {
  timeZone?: string
  /** who `$me` is in conditions (null: nobody) */
  me?: string | null
  /** the branch an approval takes in the plan (default approved) */
  approval?: 'approved' | 'rejected'
}

const MAX_PLANNED = 500
const DAY_MS = 86_400_000

function addMinutes(base: unknown, minutes: number): string | null {
  const ms = base instanceof Date ? base.getTime() : typeof base === 'string' ? Date.parse(base) : Number.NaN
  return Number.isFinite(ms) ? new Date(ms + minutes * 60_000).toISOString() : null
}

/** The relation paths the trigger record must have expanded for a plan (filters and merge fields). */
export function planRelationPaths(def: WorkflowDefinition, metadata: WorkflowMetadata): string[] {
  const name = triggerObject(def.trigger)
  const object = name ? metadata.resolveObject(name) : undefined
  if (!object) return []
  const out = new Set<string>()
  const addFilter = (f: Filter) => {
    try {
      for (const p of relationPaths(f, object, metadata.resolveObject)) out.add(p)
    } catch {
      // an invalid filter is reported by the validator
    }
  }
  for (const s of def.steps) {
    if (s.type === 'condition') addFilter(s.filter)
    if (s.type === 'switch') for (const c of s.cases) addFilter(c.filter)
    for (const { text } of stepTemplates(s)) {
      for (const ref of mergeRefs(text)) {
        if (ref.kind !== 'record') continue
        let o: ObjectDef | undefined = object
        for (let i = 0; i < ref.path.length - 1 && i < 3 && o; i++) {
          const f = lookupField(o, ref.path[i]!)
          if (!f.ok || f.field.type !== 'relation' || !f.field.options.target) break
          out.add(ref.path.slice(0, i + 1).join('.'))
          o = metadata.resolveObject(f.field.options.target)
        }
      }
    }
  }
  return [...out].sort()
}

/**
 * The builder's "test run": what each step would do on `record` (in API shape, relations expanded as
 * `planRelationPaths` lists), without writing anything. Conditions are evaluated in memory with the shared
 * evaluator on the record as earlier update steps would leave it; merge fields are filled in; steps that
 * reach the outside world (find, HTTP, e-mail, approvals) are described, not run, and what they would
 * return is listed as unresolved.
 */
export function planRun(
  input: unknown,
  record: FilterRecord,
  metadata: WorkflowMetadata,
  now: Date,
  opts: PlanOptions = {},
): RunPlan {
  const check = checkWorkflow(input, metadata)
  if (!check.ok) return { ok: false, problems: check.problems, steps: [], path: [], end: 'invalid' }
  const def = check.definition
  const name = triggerObject(def.trigger)
  const object = name ? metadata.resolveObject(name) : undefined
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE
  const byId = new Map(def.steps.map((s) => [s.id, s]))
  let current: Record<string, unknown> = { ...record }
  const outputs: Record<string, unknown> = {}
  const steps: PlannedStep[] = []
  const path: string[] = []
  const seen = new Set<string>()

  const scope = (): MergeScope => ({ record: current, steps: outputs, now, timeZone })
  const matches = (filter: Filter) =>
    object
      ? createEvaluator(filter, {
          object,
          resolveObject: metadata.resolveObject,
          now,
          timeZone,
          me: opts.me ?? null,
          myTeam: [],
        })(current)
      : false
  const text = (t: string | undefined, unresolved: string[]) => {
    if (t === undefined) return undefined
    const r = renderTemplate(t, scope())
    unresolved.push(...r.unresolved)
    return r.value
  }
  const targetId = (target: { kind: 'trigger' } | { kind: 'step'; step: string }) =>
    target.kind === 'trigger'
      ? (current.id ?? null)
      : ((outputs[target.step] as { id?: unknown })?.id ?? null)

  let id: string | null = def.start
  while (id !== null) {
    if (seen.has(id) || steps.length >= MAX_PLANNED)
      return { ok: true, problems: [], steps, path, end: 'loop' }
    seen.add(id)
    path.push(id)
    const step: Step = byId.get(id)!
    const unresolved: string[] = []
    let detail: Record<string, unknown> = {}
    let next: string | null = 'next' in step ? step.next : null
    let assumed: string | undefined
    switch (step.type) {
      case 'condition': {
        const result = matches(step.filter)
        detail = { result }
        next = result ? step.onTrue : step.onFalse
        outputs[id] = { result }
        break
      }
      case 'switch': {
        const i = step.cases.findIndex((c) => matches(c.filter))
        detail = { case: i < 0 ? null : i, label: i < 0 ? null : (step.cases[i]!.label ?? null) }
        next = i < 0 ? step.default : step.cases[i]!.next
        outputs[id] = { case: i < 0 ? null : i }
        break
      }
      case 'wait': {
        const w = step.wait
        if (w.kind === 'duration') detail = { until: addMinutes(now, w.minutes) }
        else if (w.kind === 'until_field') {
          const v = current[w.field]
          const base = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v
          detail = { until: addMinutes(base, w.offsetMinutes), field: w.field }
          if (detail.until === null) unresolved.push(`trigger.record.${w.field}`)
        } else {
          detail = { event: w.event, timeoutAt: addMinutes(now, w.timeoutMinutes) }
          assumed = 'event'
        }
        break
      }
      case 'update_record': {
        const values = renderDeep(step.values, scope(), unresolved) as Record<string, unknown>
        const recordId = targetId(step.target)
        detail = { target: step.target, recordId, values }
        if (step.target.kind === 'trigger') {
          current = { ...current, ...values }
          outputs[id] = { id: recordId, record: current }
        } else outputs[id] = { id: recordId }
        break
      }
      case 'create_record': {
        const values = renderDeep(step.values, scope(), unresolved) as Record<string, unknown>
        detail = { object: step.object, values }
        outputs[id] = { record: values }
        break
      }
      case 'find_records':
        detail = { object: step.object, filter: step.filter, sort: step.sort ?? null, limit: step.limit }
        break
      case 'create_task':
        detail = {
          title: text(step.title, unresolved),
          description: text(step.description, unresolved) ?? null,
          due: new Date(now.getTime() + step.dueInDays * DAY_MS).toISOString(),
          assignee: step.assignee,
          recordId: targetId(step.target),
        }
        break
      case 'add_note':
        detail = { body: text(step.body, unresolved), recordId: targetId(step.target) }
        break
      case 'assign_owner':
        detail = { strategy: step.strategy, teamId: step.teamId, recordId: targetId(step.target) }
        break
      case 'notify':
        detail = {
          recipients: step.recipients,
          title: text(step.title, unresolved),
          body: text(step.body, unresolved) ?? null,
        }
        break
      case 'send_email':
        detail = {
          templateId: step.templateId,
          to: step.to.map((r) => (typeof r === 'string' ? text(r, unresolved) : r)),
          cc: step.cc.map((r) => (typeof r === 'string' ? text(r, unresolved) : r)),
        }
        break
      case 'http':
        detail = {
          method: step.method,
          url: text(step.url, unresolved),
          headers: renderDeep(step.headers, scope(), unresolved),
          body: text(step.body, unresolved) ?? null,
          timeoutMs: step.timeoutMs,
          retries: step.retries,
        }
        break
      case 'start_workflow':
        detail = { workflowId: step.workflowId, waitForCompletion: step.waitForCompletion }
        break
      case 'approval': {
        const outcome = opts.approval ?? 'approved'
        detail = {
          title: text(step.title, unresolved),
          levels: step.levels.map((l) => ({ id: l.id, mode: l.mode, approvers: l.approvers })),
          lock: step.lock,
        }
        assumed = outcome
        next = outcome === 'approved' ? step.approved : step.rejected
        break
      }
    }
    const planned: PlannedStep = {
      stepId: id,
      type: step.type,
      detail,
      next,
      unresolved: [...new Set(unresolved)],
    }
    if (assumed) planned.assumed = assumed
    steps.push(planned)
    id = next
  }
  return { ok: true, problems: [], steps, path, end: 'completed' }
}
