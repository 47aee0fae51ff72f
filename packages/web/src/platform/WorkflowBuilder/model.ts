import {
  STEP_ID_PATTERN,
  type Step,
  type StepType,
  stepLinks,
  type WorkflowDefinition,
} from '@kemai/shared/automation/definition'

/**
 * Editing a workflow definition as a graph (docs/automation.md): links, inserting a step on a link,
 * removing a step, renaming one. Every function returns a new definition and keeps the graph closed:
 * no link names a step that is not there, and ids stay unique (model.test.ts checks it on random edits).
 */

/** The trigger as the source of a link: its one link is the definition's `start`. */
export const TRIGGER = '@trigger'

/** One outgoing link: the trigger's start, or a step's `next` / branch (`path` inside the step, as `stepLinks`). */
export interface Link {
  /** `${from}|${path}` */
  id: string
  from: string
  path: string
  to: string | null
}

export const linkId = (from: string, path: string) => `${from}|${path}`

/** Every link of the definition: the trigger's first, then each step's in order. */
export function linksOf(def: WorkflowDefinition): Link[] {
  const out: Link[] = [{ id: linkId(TRIGGER, 'start'), from: TRIGGER, path: 'start', to: def.start }]
  for (const s of def.steps)
    for (const l of stepLinks(s)) out.push({ id: linkId(s.id, l.path), from: s.id, path: l.path, to: l.to })
  return out
}

/** Step types a person can add. */
export const INSERTABLE_TYPES = [
  'condition',
  'switch',
  'wait',
  'update_record',
  'create_record',
  'find_records',
  'assign_owner',
  'create_task',
  'add_note',
  'notify',
  'send_email',
  'approval',
  'http',
  'start_workflow',
] as const satisfies readonly StepType[]
export type InsertableType = (typeof INSERTABLE_TYPES)[number]

/** Step types with more than one way out: removing one cannot re-point its incoming links to "its next". */
export const isBranching = (step: Step) => stepLinks(step).length > 1

/** The link a new step continues on when it is put on an existing link (`true` of a condition, …). */
export function primaryPath(step: Step): string {
  switch (step.type) {
    case 'condition':
      return 'onTrue'
    case 'switch':
      return 'cases.0.next'
    case 'approval':
      return 'approved'
    default:
      return 'next'
  }
}

/** What a new step is filled with: texts in the UI language, and ids a person picks later if there are none yet. */
export interface StepDefaults {
  /** the trigger's object (null: the trigger has no record) */
  object: string | null
  /** any object, for a create/find step when the trigger has none */
  fallbackObject: string | null
  taskTitle: string
  noteBody: string
  notifyTitle: string
  approvalTitle: string
  url?: string
  teamId?: string
  workflowId?: string
  /** the first e-mail template, if the workspace has one */
  emailTemplateId?: string
}

/** The smallest `<type>_<n>` not in use (`condition_1`, `condition_2`…). */
export function freshId(def: WorkflowDefinition, type: StepType): string {
  const used = new Set(def.steps.map((s) => s.id))
  for (let n = 1; ; n++) {
    const id = `${type}_${n}`
    if (!used.has(id)) return id
  }
}

/** A new step of `type` with sensible defaults, continuing on `next`. */
export function newStep(type: InsertableType, id: string, next: string | null, d: StepDefaults): Step {
  const target = { kind: 'trigger' as const }
  const object = d.object ?? d.fallbackObject ?? ''
  switch (type) {
    case 'condition':
      return { id, type, filter: { and: [] }, onTrue: next, onFalse: null }
    case 'switch':
      return { id, type, cases: [{ filter: { and: [] }, next }], default: null }
    case 'wait':
      return { id, type, wait: { kind: 'duration', minutes: 60 * 24 }, next }
    case 'update_record':
      return { id, type, target, values: {}, next }
    case 'create_record':
      return { id, type, object, values: {}, next }
    case 'find_records':
      return { id, type, object, filter: { and: [] }, limit: 1, next }
    case 'assign_owner':
      return { id, type, strategy: 'round_robin', teamId: d.teamId ?? '', target, next }
    case 'create_task':
      return { id, type, title: d.taskTitle, dueInDays: 1, assignee: { kind: 'owner' }, target, next }
    case 'add_note':
      return { id, type, body: d.noteBody, target, next }
    case 'notify':
      return { id, type, recipients: [{ kind: 'owner' }], title: d.notifyTitle, next }
    case 'send_email':
      return { id, type, templateId: d.emailTemplateId ?? '', to: [{ kind: 'owner' }], cc: [], next }
    case 'http':
      return {
        id,
        type,
        method: 'POST',
        url: d.url ?? '',
        headers: {},
        timeoutMs: 10_000,
        retries: 3,
        next,
      }
    case 'start_workflow':
      return { id, type, workflowId: d.workflowId ?? '', waitForCompletion: false, next }
    case 'approval':
      return {
        id,
        type,
        title: d.approvalTitle,
        levels: [
          { id: 'level_1', approvers: [{ kind: 'submitter_manager' }], mode: 'any', onTimeout: 'remind' },
        ],
        onReject: { kind: 'submitter' },
        lock: 'all',
        approved: next,
        rejected: null,
      }
  }
}

/** Where a link of a step points (`cases.1.next`, `wait.onTimeout`…). */
export function linkTarget(step: Step, path: string): string | null {
  return stepLinks(step).find((l) => l.path === path)?.to ?? null
}

/** A copy of the step with the link at `path` pointing to `to`. */
export function withLink(step: Step, path: string, to: string | null): Step {
  const copy = structuredClone(step) as unknown as Record<string, unknown>
  const keys = path.split('.')
  let holder: Record<string, unknown> = copy
  for (const k of keys.slice(0, -1)) holder = holder[k] as Record<string, unknown>
  holder[keys[keys.length - 1]!] = to
  return copy as unknown as Step
}

/** Points one link (the trigger's start, or a step's link) to `to`. The start cannot end the run. */
export function setLink(
  def: WorkflowDefinition,
  from: string,
  path: string,
  to: string | null,
): WorkflowDefinition {
  if (to !== null && !def.steps.some((s) => s.id === to)) return def
  if (from === TRIGGER) return to === null ? def : { ...def, start: to }
  return { ...def, steps: def.steps.map((s) => (s.id === from ? withLink(s, path, to) : s)) }
}

/**
 * Puts a new step on a link: the link points to it, and it continues where the link went (on its first
 * branch when it branches; its other branches are empty).
 */
export function insertStep(
  def: WorkflowDefinition,
  from: string,
  path: string,
  type: InsertableType,
  defaults: StepDefaults,
): { def: WorkflowDefinition; id: string } {
  const id = freshId(def, type)
  const fromStep = def.steps.find((s) => s.id === from)
  if (from !== TRIGGER && !fromStep) return { def, id: '' }
  const to = from === TRIGGER ? def.start : linkTarget(fromStep!, path)
  // a start that names no step (a broken draft) is not continued: the new step ends the run
  const next = to !== null && def.steps.some((s) => s.id === to) ? to : null
  const step = newStep(type, id, next, defaults)
  const steps = [...def.steps, step]
  if (from === TRIGGER) return { def: { ...def, start: id, steps }, id }
  return { def: { ...def, steps: steps.map((s) => (s.id === from ? withLink(s, path, id) : s)) }, id }
}

/** What removing a step does to the links that lead to it, for the confirmation. */
export function removalPlan(
  def: WorkflowDefinition,
  id: string,
): { allowed: boolean; reroute: string | null; incoming: number; branches: boolean } {
  const step = def.steps.find((s) => s.id === id)
  if (!step || def.steps.length <= 1) return { allowed: false, reroute: null, incoming: 0, branches: false }
  const branches = isBranching(step)
  const next = branches ? null : linkTarget(step, 'next')
  const reroute = next === id ? null : next
  const incoming = linksOf(def).filter((l) => l.to === id && l.from !== id).length
  return { allowed: true, reroute, incoming, branches }
}

/**
 * Removes a step. Links to it go to its `next`, or end the run (null) when it branches; a start on it moves
 * to its next (or its first branch, or the first step left), since a workflow must start somewhere.
 */
export function removeStep(def: WorkflowDefinition, id: string): WorkflowDefinition {
  const plan = removalPlan(def, id)
  if (!plan.allowed) return def
  const step = def.steps.find((s) => s.id === id)!
  const rest = def.steps.filter((s) => s.id !== id)
  const steps = rest.map((s) => {
    let out = s
    // a link re-pointed to its own step would be a loop without a pause: it ends the run instead
    for (const l of stepLinks(s))
      if (l.to === id) out = withLink(out, l.path, plan.reroute === s.id ? null : plan.reroute)
    return out
  })
  let start = def.start
  if (start === id) {
    const branch = stepLinks(step).find((l) => l.to !== null && l.to !== id)?.to ?? null
    start = plan.reroute ?? branch ?? steps[0]!.id
  }
  return { ...def, start, steps }
}

/** Why a new id cannot be used, or null. */
export function idProblem(def: WorkflowDefinition, old: string, id: string): 'invalid' | 'taken' | null {
  if (!STEP_ID_PATTERN.test(id)) return 'invalid'
  if (id !== old && def.steps.some((s) => s.id === id)) return 'taken'
  return null
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Renames a step: its links, the start, `target`s naming it, and the merge fields reading its output
 * (`{{steps.<old>.output…}}`) follow. Refused (unchanged) for an invalid or taken id.
 */
export function renameStep(def: WorkflowDefinition, old: string, id: string): WorkflowDefinition {
  if (old === id || idProblem(def, old, id) || !def.steps.some((s) => s.id === old)) return def
  const ref = new RegExp(`(\\{\\{\\s*steps\\.)${escapeRe(old)}(\\.)`, 'g')
  const rewrite = (v: unknown, depth: number): unknown => {
    if (depth > 40) return v
    if (typeof v === 'string') return v.replace(ref, `$1${id}$2`)
    if (Array.isArray(v)) return v.map((x) => rewrite(x, depth + 1))
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x, depth + 1)]))
    return v
  }
  const steps = def.steps.map((s) => {
    let out = (s.id === old ? { ...s, id } : s) as Step
    for (const l of stepLinks(out)) if (l.to === old) out = withLink(out, l.path, id)
    const t = (out as { target?: { kind: string; step?: string } }).target
    if (t?.kind === 'step' && t.step === old) out = { ...out, target: { kind: 'step', step: id } } as Step
    // merge fields live in texts; filters and ids are not texts
    const copy = { ...out } as Record<string, unknown>
    for (const key of ['values', 'title', 'description', 'body', 'url', 'headers', 'to', 'cc'])
      if (copy[key] !== undefined) copy[key] = rewrite(copy[key], 0)
    return copy as unknown as Step
  })
  return { ...def, start: def.start === old ? id : def.start, steps }
}

/** A switch with one more case (ending the run until a step is put on it). */
export function addCase(def: WorkflowDefinition, id: string): WorkflowDefinition {
  return {
    ...def,
    steps: def.steps.map((s) =>
      s.id === id && s.type === 'switch'
        ? { ...s, cases: [...s.cases, { filter: { and: [] }, next: null }] }
        : s,
    ),
  }
}

/** A switch without case `i` (a switch keeps at least one); the steps behind it may become unreachable. */
export function removeCase(def: WorkflowDefinition, id: string, i: number): WorkflowDefinition {
  return {
    ...def,
    steps: def.steps.map((s) =>
      s.id === id && s.type === 'switch' && s.cases.length > 1 && i >= 0 && i < s.cases.length
        ? { ...s, cases: s.cases.filter((_, j) => j !== i) }
        : s,
    ),
  }
}

/** Replaces one step (by its id) with an edited copy. */
export function replaceStep(def: WorkflowDefinition, id: string, step: Step): WorkflowDefinition {
  return { ...def, steps: def.steps.map((s) => (s.id === id ? step : s)) }
}
