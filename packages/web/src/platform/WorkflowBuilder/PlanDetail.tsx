import type { Approver, Recipient } from '@kemai/shared/automation/definition'
import { Alert, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../format.ts'
import type { PlannedLike } from './flow.ts'
import { useFormEnv } from './formEnv.ts'
import { fieldLabel, fieldOf, recipientText, targetObject, valueText } from './summary.ts'

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
/** Detail keys not worth showing (ids a person cannot read) */
const HIDDEN = new Set(['recordId', 'teamId', 'templateId', 'workflowId', 'target'])

/** What a test run says one step would do: its resolved inputs in words, and what it could not resolve. */
export function PlanDetail({ planned }: { planned: PlannedLike & { unresolved: string[] } }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const ctx = env.summary
  const step = env.def.steps.find((s) => s.id === planned.stepId)
  const objectName =
    step && 'target' in step && step.target
      ? targetObject(env.def, step.target)
      : step && 'object' in step
        ? step.object
        : null
  const object = objectName ? env.byName.get(objectName) : undefined
  const text = (k: string, v: unknown): string => {
    if (typeof v === 'string' && ISO.test(v)) return formatDateTime(v, env.locale, env.timeZone)
    if (k === 'recipients' || k === 'to' || k === 'cc')
      return Array.isArray(v) ? v.map((r) => recipientText(r as Approver | string, ctx)).join('、') : '—'
    if (k === 'assignee') return recipientText(v as Recipient, ctx)
    if (k === 'result') return t(v ? 'workflowBuilder.link.yes' : 'workflowBuilder.link.no')
    if (k === 'case')
      return typeof v === 'number'
        ? t('workflowBuilder.link.case', { n: v + 1 })
        : t('workflowBuilder.link.default')
    if (typeof v === 'string') return v
    if (v === null || v === undefined) return '—'
    if (typeof v === 'boolean') return t(v ? 'value.yes' : 'value.no')
    if (typeof v === 'number') return String(v)
    return JSON.stringify(v, null, 2)
  }
  const entries = Object.entries(planned.detail).filter(([k]) => !HIDDEN.has(k))
  return (
    <div data-testid="wf-plan-detail" data-step={planned.stepId}>
      {planned.assumed ? (
        <Tag color="gold" className="km-wf-gap">
          {t(`workflowBuilder.test.assumed_${planned.assumed}`)}
        </Tag>
      ) : null}
      <dl className="km-wf-detail">
        {entries.map(([k, v]) =>
          k === 'values' && v && typeof v === 'object' ? (
            Object.entries(v as Record<string, unknown>).map(([f, x]) => (
              <div key={`values.${f}`}>
                <dt>{fieldLabel(object, f, env.locale)}</dt>
                <dd>{valueText(fieldOf(object, f), x, ctx)}</dd>
              </div>
            ))
          ) : (
            <div key={k}>
              <dt>{t(`workflowBuilder.detail.${k}`, { defaultValue: k })}</dt>
              <dd>{text(k, v)}</dd>
            </div>
          ),
        )}
      </dl>
      {planned.unresolved.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="km-wf-gap-top"
          data-testid="wf-plan-unresolved"
          title={t('workflowBuilder.test.unresolved', { count: planned.unresolved.length })}
          description={planned.unresolved.map((u) => `{{${u}}}`).join('  ')}
        />
      ) : null}
    </div>
  )
}
