import {
  type Step,
  stepLinks,
  triggerObject,
  type WorkflowDefinition,
} from '@kemai/shared/automation/definition'
import { dominators } from '@kemai/shared/automation/graph'
import { STEP_OUTPUTS } from '@kemai/shared/automation/validate'
import type { Locale } from '@kemai/shared/i18n/messages'
import { SYSTEM_FILTER_FIELDS } from '@kemai/shared/query/paths'
import type { TFunction } from 'i18next'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { labelOf } from '../label.ts'

/**
 * What the merge-field picker offers a text of a step (docs/automation.md "Merge fields"): the trigger
 * record's fields (relations followed one level: `company.name`), the outputs of the steps that run
 * before this one on every path (`STEP_OUTPUTS`; a record output's fields too), `now` and `today`.
 */

export interface MergeOption {
  /** the expression between the braces: `trigger.record.company.name` */
  value: string
  label: string
  /** the group it is listed under */
  group: string
}

const SYSTEM_SHOWN = new Set(['id', 'owner_id', 'created_at', 'updated_at'])

/** Fields of an object a merge field may read: active ones, then a few system columns. */
function readable(object: ObjectMeta): FieldMeta[] {
  const own = object.fields.filter((f) => f.isActive && f.type !== 'many_to_many')
  const names = new Set(own.map((f) => f.name))
  const sys = SYSTEM_FILTER_FIELDS.filter((f) => SYSTEM_SHOWN.has(f.name) && !names.has(f.name))
  return [...own, ...(sys as FieldMeta[])]
}

/** `prefix.<field>` for each field, and `prefix.<relation>.<field>` one level through relations. */
function fieldOptions(
  object: ObjectMeta,
  prefix: string,
  labelPrefix: string,
  group: string,
  byName: ReadonlyMap<string, ObjectMeta>,
  locale: Locale,
  depth: number,
): MergeOption[] {
  const out: MergeOption[] = []
  for (const f of readable(object)) {
    const label = labelPrefix + (labelOf(f.label, locale) || f.name)
    out.push({ value: `${prefix}.${f.name}`, label, group })
    const target = f.type === 'relation' ? (f.options as { target?: string }).target : undefined
    const related = target ? byName.get(target) : undefined
    if (related && depth > 0)
      out.push(
        ...fieldOptions(related, `${prefix}.${f.name}`, `${label} › `, group, byName, locale, depth - 1),
      )
  }
  return out
}

/** The steps that run before `stepId` on every path from the start (dominators), in definition order. */
export function stepsBefore(def: WorkflowDefinition, stepId: string): Step[] {
  const ids = new Set(def.steps.map((s) => s.id))
  const edges = new Map<string, string[]>()
  for (const s of def.steps)
    if (!edges.has(s.id))
      edges.set(
        s.id,
        stepLinks(s)
          .map((l) => l.to)
          .filter((to): to is string => to !== null && ids.has(to)),
      )
  const dom = dominators(def.start, edges).get(stepId)
  if (!dom) return []
  const seen = new Set<string>()
  return def.steps.filter((s) => {
    if (s.id === stepId || !dom.has(s.id) || seen.has(s.id)) return false
    seen.add(s.id)
    return true
  })
}

/** The object of the record a step outputs (`record`, `first`), if it has one. */
function outputObject(def: WorkflowDefinition, step: Step): string | null {
  if (step.type === 'create_record' || step.type === 'find_records') return step.object
  if (step.type === 'update_record') {
    if (step.target.kind === 'trigger') return triggerObject(def.trigger)
    const src = def.steps.find((s) => s.id === (step.target as { step: string }).step)
    return src && (src.type === 'create_record' || src.type === 'find_records') ? src.object : null
  }
  return null
}

/**
 * The fields of a trigger record of `objectName` (`trigger.record.…`, relations one level): what a text
 * outside one workflow, an e-mail template, can offer once the person says which object it is for.
 */
export function triggerRecordOptions(
  objectName: string | null,
  byName: ReadonlyMap<string, ObjectMeta>,
  locale: Locale,
  t: TFunction,
): MergeOption[] {
  const object = objectName ? byName.get(objectName) : undefined
  if (!object) return []
  const group = t('workflowBuilder.merge.triggerRecord', { object: labelOf(object.label, locale) })
  return fieldOptions(object, 'trigger.record', '', group, byName, locale, 1)
}

/** `now` and `today`, which every text may use. */
export function timeOptions(t: TFunction): MergeOption[] {
  const time = t('workflowBuilder.merge.time')
  return [
    { value: 'now', label: t('workflowBuilder.merge.now'), group: time },
    { value: 'today', label: t('workflowBuilder.merge.today'), group: time },
  ]
}

/** Every merge field a text of `stepId` may use (null: a text outside the steps, e.g. the trigger). */
export function mergeOptions(
  def: WorkflowDefinition,
  stepId: string | null,
  byName: ReadonlyMap<string, ObjectMeta>,
  locale: Locale,
  t: TFunction,
): MergeOption[] {
  const out = triggerRecordOptions(triggerObject(def.trigger), byName, locale, t)
  if (stepId !== null)
    for (const s of stepsBefore(def, stepId)) {
      const group = t('workflowBuilder.merge.stepGroup', { step: s.name?.trim() || s.id })
      for (const [key, kind] of Object.entries(STEP_OUTPUTS[s.type])) {
        const prefix = `steps.${s.id}.output.${key}`
        const label = t(`workflowBuilder.output.${key}`)
        const name = kind === 'record' ? outputObject(def, s) : null
        const o = name ? byName.get(name) : undefined
        // a record output is read field by field (`record.name`); `id` is offered on its own
        if (o) out.push(...fieldOptions(o, prefix, `${label} › `, group, byName, locale, 0))
        else out.push({ value: prefix, label, group })
      }
    }
  out.push(...timeOptions(t))
  return out
}

/** A text with a merge field put in at the caret (or over the selection); the caret goes after it. */
export function insertAt(
  text: string,
  token: string,
  start: number | null,
  end: number | null,
): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start ?? text.length, text.length))
  const e = Math.max(s, Math.min(end ?? s, text.length))
  const ins = `{{${token}}}`
  return { text: text.slice(0, s) + ins + text.slice(e), caret: s + ins.length }
}
