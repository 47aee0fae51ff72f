import type {
  Approver,
  Step,
  Trigger,
  WaitSpec,
  WorkflowDefinition,
} from '@kemai/shared/automation/definition'
import { triggerObject } from '@kemai/shared/automation/definition'
import { MERGE_FIELD, parseRef } from '@kemai/shared/automation/merge-fields'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { SYSTEM_FILTER_FIELDS } from '@kemai/shared/query/paths'
import type { TFunction } from 'i18next'
import { type FieldMeta, type ObjectMeta, optionsOf } from '../endpoints.ts'
import { describeFilter } from '../FilterBuilder/describe.ts'
import { labelOf } from '../label.ts'

/**
 * Steps and triggers in words for the canvas: "更新 职位 = VIP 客户", "等待 3 天", "若 行业 等于 软件".
 * Merge fields read as `{姓名}`; unknown fields and objects show their names.
 */

export interface SummaryContext {
  def: WorkflowDefinition
  byName: ReadonlyMap<string, ObjectMeta>
  locale: Locale
  t: TFunction
  userName?: (id: string) => string | undefined
  workflowName?: (id: string) => string | undefined
}

const MAX_VALUES = 3

export function fieldOf(object: ObjectMeta | undefined, name: string): FieldMeta | undefined {
  return (
    object?.fields.find((f) => f.name === name) ??
    (SYSTEM_FILTER_FIELDS.find((f) => f.name === name) as FieldMeta | undefined)
  )
}

export function fieldLabel(object: ObjectMeta | undefined, name: string, locale: Locale): string {
  const f = fieldOf(object, name)
  return (f && labelOf(f.label, locale)) || name
}

export function objectLabel(byName: ReadonlyMap<string, ObjectMeta>, name: string, locale: Locale): string {
  const o = byName.get(name)
  return (o && labelOf(o.label, locale)) || name
}

/** Minutes as the largest whole unit: 90 分钟, 2 小时, 3 天. */
export function durationText(minutes: number, t: TFunction): string {
  const m = Math.abs(minutes)
  if (m !== 0 && m % 1440 === 0) return t('workflowBuilder.unit.days', { count: m / 1440 })
  if (m !== 0 && m % 60 === 0) return t('workflowBuilder.unit.hours', { count: m / 60 })
  return t('workflowBuilder.unit.minutes', { count: m })
}

/** Merge fields of a text as `{label}`: `{{trigger.record.company.name}}` → `{公司 › 公司名称}`. */
export function prettyText(text: string, ctx: SummaryContext): string {
  const name = triggerObject(ctx.def.trigger)
  return text.replace(MERGE_FIELD, (raw, expr: string) => {
    const ref = parseRef(expr)
    switch (ref.kind) {
      case 'now':
      case 'today':
        return `{${ctx.t(`workflowBuilder.merge.${ref.kind}`)}}`
      case 'record': {
        let object = name ? ctx.byName.get(name) : undefined
        const parts: string[] = []
        for (const p of ref.path) {
          const f = fieldOf(object, p)
          parts.push((f && labelOf(f.label, ctx.locale)) || p)
          const target = f?.type === 'relation' ? optionsOf(f).target : undefined
          object = target ? ctx.byName.get(target) : undefined
        }
        return `{${parts.join(' › ')}}`
      }
      case 'step':
        return `{${ref.step}.${ref.path.join('.')}}`
      case 'payload':
        return `{${ref.path.join('.')}}`
      default:
        return raw
    }
  })
}

/** A literal value of a field in words (a select's label, 是/否, money with its currency). */
export function valueText(field: FieldMeta | undefined, v: unknown, ctx: SummaryContext): string {
  if (typeof v === 'string') {
    if (field?.type === 'select') {
      const c = optionsOf(field).choices?.find((x) => x.value === v)
      if (c) return labelOf(c.label, ctx.locale) || c.value
    }
    if (field?.type === 'user') return ctx.userName?.(v) ?? prettyText(v, ctx)
    return prettyText(v, ctx)
  }
  if (v === null || v === undefined) return ctx.t('workflowBuilder.summary.empty')
  if (typeof v === 'boolean') return ctx.t(v ? 'value.yes' : 'value.no')
  if (typeof v === 'number') return String(v)
  if (Array.isArray(v)) return v.map((x) => valueText(field, x, ctx)).join(ctx.locale === 'en' ? ', ' : '、')
  const money = v as { amount?: unknown; currency?: unknown }
  if (typeof money === 'object' && 'amount' in money && 'currency' in money)
    return `${money.currency} ${money.amount}`
  return JSON.stringify(v)
}

function valuesText(object: ObjectMeta | undefined, values: Record<string, unknown>, ctx: SummaryContext) {
  const entries = Object.entries(values)
  if (entries.length === 0) return ctx.t('workflowBuilder.summary.noValues')
  const sep = ctx.locale === 'en' ? ', ' : '，'
  const shown = entries
    .slice(0, MAX_VALUES)
    .map(([k, v]) => `${fieldLabel(object, k, ctx.locale)} = ${valueText(fieldOf(object, k), v, ctx)}`)
  return entries.length > MAX_VALUES ? `${shown.join(sep)}${sep}…` : shown.join(sep)
}

function filterText(filter: Filter, object: ObjectMeta | undefined, ctx: SummaryContext): string {
  const empty = ('and' in filter && filter.and.length === 0) || !object
  if (empty) return 'and' in filter && filter.and.length === 0 ? ctx.t('workflowBuilder.summary.always') : '…'
  try {
    return describeFilter(filter, object, ctx.byName, ctx.locale, ctx.t)
  } catch {
    // a filter naming fields that are gone: the validator reports it on the step
    return '…'
  }
}

export function recipientText(r: Approver | string, ctx: SummaryContext): string {
  if (typeof r === 'string') return prettyText(r, ctx)
  const object = triggerObject(ctx.def.trigger)
  switch (r.kind) {
    case 'user':
      return ctx.userName?.(r.userId) ?? ctx.t('workflowBuilder.recipient.user')
    case 'field':
      return fieldLabel(object ? ctx.byName.get(object) : undefined, r.field, ctx.locale)
    default:
      return ctx.t(`workflowBuilder.recipient.${r.kind}`)
  }
}

function recipientsText(list: readonly (Approver | string)[], ctx: SummaryContext): string {
  return list.map((r) => recipientText(r, ctx)).join(ctx.locale === 'en' ? ', ' : '、')
}

function waitText(w: WaitSpec, ctx: SummaryContext): string {
  const { t } = ctx
  if (w.kind === 'duration')
    return t('workflowBuilder.summary.waitDuration', { duration: durationText(w.minutes, t) })
  if (w.kind === 'until_field') {
    const name = triggerObject(ctx.def.trigger)
    const field = fieldLabel(name ? ctx.byName.get(name) : undefined, w.field, ctx.locale)
    const offset =
      w.offsetMinutes === 0
        ? ''
        : t(w.offsetMinutes < 0 ? 'workflowBuilder.summary.before' : 'workflowBuilder.summary.after', {
            duration: durationText(w.offsetMinutes, t),
          })
    return t('workflowBuilder.summary.waitUntil', { field, offset })
  }
  return t('workflowBuilder.summary.waitEvent', {
    event: t(`workflowBuilder.event.${w.event.replace('.', '_')}`),
    duration: durationText(w.timeoutMinutes, t),
  })
}

/** The object a step's `target` acts on. */
export function targetObject(
  def: WorkflowDefinition,
  target: { kind: string; step?: string },
): string | null {
  if (target.kind === 'trigger') return triggerObject(def.trigger)
  const src = def.steps.find((s) => s.id === target.step)
  return src && (src.type === 'create_record' || src.type === 'find_records') ? src.object : null
}

/** One line saying what the step does. */
export function stepSummary(step: Step, ctx: SummaryContext): string {
  const { t, byName, locale, def } = ctx
  const trigger = triggerObject(def.trigger)
  const triggerMeta = trigger ? byName.get(trigger) : undefined
  switch (step.type) {
    case 'condition':
      return 'and' in step.filter && step.filter.and.length === 0
        ? t('workflowBuilder.summary.always')
        : t('workflowBuilder.summary.condition', { filter: filterText(step.filter, triggerMeta, ctx) })
    case 'switch':
      return t('workflowBuilder.summary.switch', { count: step.cases.length })
    case 'wait':
      return waitText(step.wait, ctx)
    case 'update_record': {
      const name = targetObject(def, step.target)
      return t('workflowBuilder.summary.update', {
        values: valuesText(name ? byName.get(name) : undefined, step.values, ctx),
      })
    }
    case 'create_record':
      return t('workflowBuilder.summary.create', {
        object: objectLabel(byName, step.object, locale),
        values: valuesText(byName.get(step.object), step.values, ctx),
      })
    case 'find_records':
      return t('workflowBuilder.summary.find', {
        object: objectLabel(byName, step.object, locale),
        filter: filterText(step.filter, byName.get(step.object), ctx),
      })
    case 'assign_owner':
      return t('workflowBuilder.summary.assign', { strategy: t(`workflowBuilder.strategy.${step.strategy}`) })
    case 'create_task':
      return t('workflowBuilder.summary.task', { title: prettyText(step.title, ctx) })
    case 'add_note':
      return t('workflowBuilder.summary.note', { body: prettyText(step.body, ctx) })
    case 'notify':
      return t('workflowBuilder.summary.notify', {
        who: recipientsText(step.recipients, ctx),
        title: prettyText(step.title, ctx),
      })
    case 'send_email':
      return t('workflowBuilder.summary.email', { who: recipientsText(step.to, ctx) })
    case 'http':
      return `${step.method} ${prettyText(step.url, ctx)}`
    case 'start_workflow':
      return t('workflowBuilder.summary.startWorkflow', {
        name:
          (step.workflowId && ctx.workflowName?.(step.workflowId)) || t('workflowBuilder.summary.notChosen'),
      })
    case 'approval':
      return t('workflowBuilder.summary.approval', {
        title: prettyText(step.title, ctx),
        count: step.levels.length,
      })
  }
}

/** The trigger in words: "联系人 · 更新时（职位）". */
export function triggerSummary(trigger: Trigger, ctx: SummaryContext): string {
  const { t, byName, locale } = ctx
  const name = triggerObject(trigger)
  const object = name ? byName.get(name) : undefined
  const what = t(`workflowBuilder.trigger.${trigger.type}`)
  const head = name ? `${objectLabel(byName, name, locale)} · ${what}` : what
  const sep = locale === 'en' ? ', ' : '、'
  const colon = locale === 'en' ? ': ' : '：'
  switch (trigger.type) {
    case 'record_updated': {
      const fields = (trigger.fields ?? []).map((f) => fieldLabel(object, f, locale))
      if (fields.length === 1 && trigger.changedTo !== undefined)
        return `${head}${colon}${t('workflowBuilder.summary.changedTo', {
          field: fields[0],
          value: valueText(fieldOf(object, trigger.fields![0]!), trigger.changedTo, ctx),
        })}`
      return fields.length ? `${head}${colon}${fields.join(sep)}` : head
    }
    case 'date_relative': {
      const field = fieldLabel(object, trigger.field, locale)
      const offset =
        trigger.offsetDays === 0
          ? ''
          : t(trigger.offsetDays < 0 ? 'workflowBuilder.summary.before' : 'workflowBuilder.summary.after', {
              duration: t('workflowBuilder.unit.days', { count: Math.abs(trigger.offsetDays) }),
            })
      return `${head}${colon}${t('workflowBuilder.summary.dateRelative', { field, offset, at: trigger.at })}${
        trigger.yearly ? ` · ${t('workflowBuilder.summary.yearly')}` : ''
      }`
    }
    case 'schedule':
      return `${head}${colon}${trigger.cron}`
    case 'segment_changed':
      return `${head} · ${t(`workflowBuilder.summary.segment_${trigger.change}`)}`
    default:
      return head
  }
}
