import type { Locale } from '@kemai/shared/i18n/messages'
import type { TFunction } from 'i18next'
import { type ObjectMeta, optionsOf } from '../endpoints.ts'
import { inSentence, labelOf } from '../label.ts'

/** A trigger as a workflow's draft holds it (the shape `triggerSchema` checks on the server). */
export interface TriggerLike {
  type?: unknown
  object?: unknown
  fields?: unknown
  changedTo?: unknown
  field?: unknown
  offsetDays?: unknown
  at?: unknown
  yearly?: unknown
  cron?: unknown
  bulk?: unknown
  change?: unknown
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * A workflow's trigger in words, in the UI language, with the object's and fields' labels:
 * `{type:'record_updated', object:'person', fields:['lifecycle_stage']}` → "Person updated (lifecycle
 * stage)" / "联系人更新（生命周期阶段）". Names the workspace does not have are shown as they are.
 */
export function triggerText(
  trigger: unknown,
  byName: ReadonlyMap<string, ObjectMeta>,
  locale: Locale,
  t: TFunction,
): string {
  if (!trigger || typeof trigger !== 'object') return t('automation.trigger.none')
  const tr = trigger as TriggerLike
  const objectName = str(tr.object)
  const meta = byName.get(objectName)
  const object = meta ? labelOf(meta.label, locale) : objectName
  const fieldOf = (name: string) => meta?.fields.find((f) => f.name === name)
  const fieldLabel = (name: string) => {
    const f = fieldOf(name)
    return f ? inSentence(labelOf(f.label, locale), locale) : name
  }
  const sep = t('automation.trigger.listSeparator')
  switch (tr.type) {
    case 'record_created':
    case 'record_deleted':
    case 'record_restored':
    case 'records_merged':
      return t(`automation.trigger.${tr.type}`, { object })
    case 'record_updated': {
      const fields = Array.isArray(tr.fields) ? tr.fields.map(str).filter(Boolean) : []
      if (fields.length === 1 && tr.changedTo !== undefined) {
        const name = fields[0] ?? ''
        const f = fieldOf(name)
        const choice =
          f && typeof tr.changedTo === 'string'
            ? optionsOf(f).choices?.find((c) => c.value === tr.changedTo)
            : undefined
        const value = choice
          ? labelOf(choice.label, locale)
          : typeof tr.changedTo === 'string'
            ? tr.changedTo
            : JSON.stringify(tr.changedTo)
        return t('automation.trigger.record_updated_to', { object, field: fieldLabel(name), value })
      }
      if (fields.length === 0) return t('automation.trigger.record_updated', { object })
      return t('automation.trigger.record_updated_fields', {
        object,
        fields: fields.map(fieldLabel).join(sep),
      })
    }
    case 'date_relative': {
      const days = typeof tr.offsetDays === 'number' ? tr.offsetDays : 0
      const key = days === 0 ? 'on' : days < 0 ? 'before' : 'after'
      const text = t(`automation.trigger.date_${key}`, {
        object,
        field: fieldLabel(str(tr.field)),
        count: Math.abs(days),
        at: str(tr.at) || '09:00',
      })
      return tr.yearly ? t('automation.trigger.yearly', { text }) : text
    }
    case 'schedule':
      return t('automation.trigger.schedule', { cron: str(tr.cron) })
    case 'manual':
      return t(tr.bulk ? 'automation.trigger.manual_bulk' : 'automation.trigger.manual', { object })
    case 'webhook':
      return t('automation.trigger.webhook')
    case 'form_submitted':
      return t('automation.trigger.form_submitted', { object })
    case 'segment_changed':
      return t(
        tr.change === 'left' ? 'automation.trigger.segment_left' : 'automation.trigger.segment_entered',
        {
          object,
        },
      )
    default:
      return str(tr.type) || t('automation.trigger.none')
  }
}

/** The trigger type alone in words (the run history's column). */
export function triggerTypeText(type: string, t: TFunction): string {
  const key = `automation.triggerType.${type}`
  const text = t(key)
  return text === key ? type : text
}
