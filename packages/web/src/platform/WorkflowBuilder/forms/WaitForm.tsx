import type { Step, StepOf, WaitSpec } from '@kemai/shared/automation/definition'
import { triggerObject } from '@kemai/shared/automation/definition'
import { Form, Segmented, Select, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { labelOf } from '../../label.ts'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { DurationInput } from './DurationInput.tsx'
import { FilterField } from './FilterField.tsx'

const EVENTS = ['record.updated', 'record.deleted', 'approval.decided'] as const
const DAY = 1440

/** A wait: for a while, until a date field of the record (with an offset), or for an event with a timeout. */
export function WaitForm({ step, onChange }: { step: StepOf<'wait'>; onChange(s: Step): void }) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const name = triggerObject(env.def.trigger)
  const object = name ? env.byName.get(name) : undefined
  const dateFields = (object?.fields ?? [])
    .filter((f) => f.isActive && (f.type === 'date' || f.type === 'datetime'))
    .map((f) => ({ value: f.name, label: labelOf(f.label, env.locale) || f.name }))
  const w = step.wait
  const setWait = (wait: WaitSpec) => {
    // leaving "event" drops its timeout branch; the step behind it may become unreachable (the validator says)
    onChange({ ...step, wait })
  }
  const kindTo = (kind: WaitSpec['kind']) => {
    if (kind === w.kind) return
    if (kind === 'duration') setWait({ kind, minutes: DAY })
    else if (kind === 'until_field') setWait({ kind, field: dateFields[0]?.value ?? '', offsetMinutes: 0 })
    else setWait({ kind, event: 'record.updated', timeoutMinutes: 3 * DAY, onTimeout: null })
  }
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.waitKind')}>
        <Segmented<WaitSpec['kind']>
          block
          value={w.kind}
          onChange={kindTo}
          options={(['duration', 'until_field', 'event'] as const).map((k) => ({
            value: k,
            label: t(`workflowBuilder.wait.${k}`),
          }))}
          data-testid="wf-wait-kind"
        />
      </Form.Item>
      {w.kind === 'duration' ? (
        <Form.Item label={t('workflowBuilder.form.waitFor')} {...statusAt(env, 'wait.minutes')}>
          <DurationInput
            value={w.minutes}
            onChange={(minutes) => setWait({ ...w, minutes })}
            data-testid="wf-wait-minutes"
          />
        </Form.Item>
      ) : null}
      {w.kind === 'until_field' ? (
        <>
          <Form.Item label={t('workflowBuilder.form.dateField')} {...statusAt(env, 'wait.field')}>
            <Select<string>
              value={w.field || undefined}
              onChange={(field) => setWait({ ...w, field })}
              options={dateFields}
              placeholder={t('form.choose')}
              notFoundContent={t('workflowBuilder.form.noDateFields')}
            />
          </Form.Item>
          <Form.Item label={t('workflowBuilder.form.offset')} extra={t('workflowBuilder.form.offsetHint')}>
            <DurationInput
              value={w.offsetMinutes}
              min={-525_600}
              allowNegative
              onChange={(offsetMinutes) => setWait({ ...w, offsetMinutes })}
            />
          </Form.Item>
        </>
      ) : null}
      {w.kind === 'event' ? (
        <>
          <Form.Item label={t('workflowBuilder.form.event')}>
            <Select
              value={w.event}
              onChange={(event: (typeof EVENTS)[number]) => setWait({ ...w, event })}
              options={EVENTS.map((e) => ({
                value: e,
                label: t(`workflowBuilder.event.${e.replace('.', '_')}`),
              }))}
            />
          </Form.Item>
          {w.event === 'record.updated' ? (
            <Form.Item label={t('workflowBuilder.form.eventFilter')} {...statusAt(env, 'wait.filter')}>
              <FilterField
                object={object}
                value={w.filter}
                onChange={(filter) =>
                  setWait(
                    'and' in filter && filter.and.length === 0
                      ? { ...w, filter: undefined }
                      : { ...w, filter },
                  )
                }
                emptyText={t('workflowBuilder.form.anyUpdate')}
              />
            </Form.Item>
          ) : null}
          <Form.Item label={t('workflowBuilder.form.timeout')} extra={t('workflowBuilder.form.timeoutHint')}>
            <DurationInput
              value={w.timeoutMinutes}
              onChange={(timeoutMinutes) => setWait({ ...w, timeoutMinutes })}
            />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('workflowBuilder.form.eventHint')}</Typography.Paragraph>
        </>
      ) : null}
    </>
  )
}
