import { parseCron } from '@kemai/shared/automation/cron'
import { type Trigger, type TriggerType, triggerObject } from '@kemai/shared/automation/definition'
import { Alert, Form, Input, InputNumber, Segmented, Select, Switch, TimePicker, Typography } from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { labelOf } from '../../label.ts'
import { type Segment, segmentLabel, segmentsApi } from '../../Segments/segmentsApi.ts'
import { builderApi } from '../builderApi.ts'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { fieldOf } from '../summary.ts'
import { ObjectSelect } from './ObjectSelect.tsx'
import { defaultValue, ValueInput } from './ValueInput.tsx'

export const TRIGGER_TYPES: TriggerType[] = [
  'record_created',
  'record_updated',
  'record_deleted',
  'record_restored',
  'records_merged',
  'manual',
  'date_relative',
  'schedule',
  'webhook',
  'form_submitted',
  'segment_changed',
]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A trigger of another type, keeping the object where the new type has one. */
export function triggerOfType(type: TriggerType, old: Trigger, firstObject: string): Trigger {
  const object = triggerObject(old) ?? firstObject
  switch (type) {
    case 'record_created':
    case 'record_deleted':
    case 'record_restored':
    case 'records_merged':
      return { type, object }
    case 'record_updated':
      return { type, object, fields: [] }
    case 'manual':
      return { type, object, bulk: false }
    case 'date_relative':
      return { type, object, field: '', offsetDays: 0, at: '09:00', yearly: false }
    case 'schedule':
      return { type, cron: '0 9 * * MON-FRI' }
    case 'webhook':
      return { type }
    case 'form_submitted':
      return { type, object, formId: '' }
    case 'segment_changed':
      return { type, object, segmentId: '', change: 'entered' }
  }
}

/**
 * The trigger: what starts the workflow, on which object, and its details per type. Whether the executor
 * can start a type is the server's to say on publish (a form trigger's form must be a form of its object).
 */
export function TriggerForm({
  trigger,
  onChange,
  webhookUrl,
}: {
  trigger: Trigger
  onChange(t: Trigger): void
  /** the published webhook trigger's URL (with its secret), as the server gives it to those who may change it */
  webhookUrl?: string | null
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const name = triggerObject(trigger)
  const object = name ? env.byName.get(name) : undefined
  const fieldChoices = (pred: (type: string) => boolean) =>
    (object?.fields ?? [])
      .filter((f) => f.isActive && pred(f.type))
      .map((f) => ({ value: f.name, label: labelOf(f.label, env.locale) || f.name }))
  const objectStatus = statusAt(env, 'trigger.object')
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.triggerType')} {...statusAt(env, 'trigger.type')}>
        <Select<TriggerType>
          value={trigger.type}
          onChange={(type) => onChange(triggerOfType(type, trigger, env.objects[0]?.name ?? ''))}
          options={TRIGGER_TYPES.map((type) => ({
            value: type,
            label: t(`workflowBuilder.trigger.${type}`),
          }))}
          data-testid="wf-trigger-type"
        />
      </Form.Item>
      {'object' in trigger ? (
        <Form.Item label={t('workflowBuilder.form.object')} {...objectStatus}>
          <ObjectSelect
            value={trigger.object}
            status={objectStatus.validateStatus}
            data-testid="wf-trigger-object"
            // fields of the old object mean nothing on the new one
            onChange={(o) =>
              onChange(
                o === trigger.object ? trigger : triggerOfType(trigger.type, { ...trigger, object: o }, o),
              )
            }
          />
        </Form.Item>
      ) : null}
      {trigger.type === 'record_updated' ? <UpdatedFields trigger={trigger} onChange={onChange} /> : null}
      {trigger.type === 'manual' ? (
        <Form.Item label={t('workflowBuilder.form.bulk')} extra={t('workflowBuilder.form.bulkHint')}>
          <Switch checked={trigger.bulk} onChange={(bulk) => onChange({ ...trigger, bulk })} />
        </Form.Item>
      ) : null}
      {trigger.type === 'date_relative' ? (
        <>
          <Form.Item label={t('workflowBuilder.form.dateField')} {...statusAt(env, 'trigger.field')}>
            <Select<string>
              value={trigger.field || undefined}
              onChange={(field) => onChange({ ...trigger, field })}
              options={fieldChoices((type) => type === 'date' || type === 'datetime')}
              placeholder={t('form.choose')}
              notFoundContent={t('workflowBuilder.form.noDateFields')}
            />
          </Form.Item>
          <div className="km-wf-row">
            <Form.Item
              className="km-grow"
              label={t('workflowBuilder.form.offsetDays')}
              extra={t('workflowBuilder.form.offsetDaysHint')}
            >
              <InputNumber
                className="km-full"
                min={-3650}
                max={3650}
                precision={0}
                value={trigger.offsetDays}
                onChange={(v) => typeof v === 'number' && onChange({ ...trigger, offsetDays: v })}
              />
            </Form.Item>
            <Form.Item className="km-grow" label={t('workflowBuilder.form.at')}>
              <TimePicker
                className="km-full"
                format="HH:mm"
                allowClear={false}
                value={dayjs(`2000-01-01T${trigger.at}:00`)}
                onChange={(d) => d && onChange({ ...trigger, at: d.format('HH:mm') })}
              />
            </Form.Item>
          </div>
          <Form.Item label={t('workflowBuilder.form.yearly')}>
            <Switch checked={trigger.yearly} onChange={(yearly) => onChange({ ...trigger, yearly })} />
          </Form.Item>
        </>
      ) : null}
      {trigger.type === 'schedule' ? <CronField trigger={trigger} onChange={onChange} /> : null}
      {trigger.type === 'form_submitted' ? <FormFields trigger={trigger} onChange={onChange} /> : null}
      {trigger.type === 'segment_changed' ? <SegmentFields trigger={trigger} onChange={onChange} /> : null}
      {trigger.type === 'webhook' ? (
        webhookUrl ? (
          <Form.Item
            label={t('workflowBuilder.form.webhookUrl')}
            extra={t('workflowBuilder.form.webhookUrlHint')}
          >
            <Typography.Text code copyable className="km-wf-webhook" data-testid="wf-webhook-url">
              {new URL(webhookUrl, window.location.origin).toString()}
            </Typography.Text>
          </Form.Item>
        ) : (
          <Alert type="info" showIcon title={t('workflowBuilder.form.webhookHint')} />
        )
      ) : null}
    </>
  )
}

function UpdatedFields({
  trigger,
  onChange,
}: {
  trigger: Extract<Trigger, { type: 'record_updated' }>
  onChange(t: Trigger): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const object = env.byName.get(trigger.object)
  const fields = trigger.fields ?? []
  const only = fields.length === 1 ? fieldOf(object, fields[0]!) : undefined
  const options = (object?.fields ?? [])
    .filter((f) => f.isActive)
    .map((f) => ({ value: f.name, label: labelOf(f.label, env.locale) || f.name }))
  return (
    <>
      <Form.Item
        label={t('workflowBuilder.form.watchFields')}
        extra={t('workflowBuilder.form.watchFieldsHint')}
        {...statusAt(env, 'trigger.fields')}
      >
        <Select<string[]>
          mode="multiple"
          value={fields}
          onChange={(next) => {
            const { changedTo, ...rest } = trigger
            // "changed to" needs exactly one field, and its value belongs to that field
            onChange(
              next.length === 1 && next[0] === fields[0] && changedTo !== undefined
                ? { ...rest, fields: next, changedTo }
                : { ...rest, fields: next },
            )
          }}
          options={options}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('workflowBuilder.form.anyField')}
          data-testid="wf-trigger-fields"
        />
      </Form.Item>
      {only ? (
        <Form.Item label={t('workflowBuilder.form.changedTo')} {...statusAt(env, 'trigger.changedTo')}>
          <Switch
            checked={trigger.changedTo !== undefined}
            onChange={(on) => {
              const { changedTo: _, ...rest } = trigger
              onChange(on ? { ...rest, changedTo: defaultValue(only, env.users, env.timeZone) } : rest)
            }}
            aria-label={t('workflowBuilder.form.changedTo')}
          />
          {trigger.changedTo !== undefined ? (
            <div className="km-wf-gap-top">
              <ValueInput
                key={only.name}
                field={only}
                value={trigger.changedTo}
                onChange={(changedTo) => onChange({ ...trigger, changedTo })}
              />
            </div>
          ) : null}
        </Form.Item>
      ) : null}
    </>
  )
}

function CronField({
  trigger,
  onChange,
}: {
  trigger: Extract<Trigger, { type: 'schedule' }>
  onChange(t: Trigger): void
}) {
  const { t } = useTranslation()
  const ok = parseCron(trigger.cron).ok
  return (
    <Form.Item
      label={t('workflowBuilder.form.cron')}
      validateStatus={ok ? undefined : 'error'}
      help={ok ? t('workflowBuilder.form.cronHint') : t('workflowBuilder.form.cronInvalid')}
    >
      <Input
        value={trigger.cron}
        onChange={(e) => onChange({ ...trigger, cron: e.target.value })}
        maxLength={200}
      />
    </Form.Item>
  )
}

function SegmentFields({
  trigger,
  onChange,
}: {
  trigger: Extract<Trigger, { type: 'segment_changed' }>
  onChange(t: Trigger): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const [segments, setSegments] = useState<Segment[]>([])
  useEffect(() => {
    const ctl = new AbortController()
    segmentsApi
      .list(trigger.object, ctl.signal)
      .then((r) => setSegments(r.data))
      .catch(() => setSegments([]))
    return () => ctl.abort()
  }, [trigger.object])
  const options = segments.map((s) => ({ value: s.id, label: segmentLabel(s.name, env.locale) }))
  if (trigger.segmentId && !options.some((o) => o.value === trigger.segmentId))
    options.unshift({ value: trigger.segmentId, label: trigger.segmentId })
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.segment')}>
        <Select<string>
          value={trigger.segmentId || undefined}
          onChange={(segmentId) => onChange({ ...trigger, segmentId })}
          options={options}
          placeholder={t('form.choose')}
          status={UUID.test(trigger.segmentId) ? undefined : 'error'}
          notFoundContent={t('workflowBuilder.form.nothingToPick')}
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.segmentChange')}>
        <Segmented
          value={trigger.change}
          onChange={(change) => onChange({ ...trigger, change: change as 'entered' | 'left' })}
          options={[
            { value: 'entered', label: t('workflowBuilder.summary.segment_entered') },
            { value: 'left', label: t('workflowBuilder.summary.segment_left') },
          ]}
        />
      </Form.Item>
    </>
  )
}

/** The web form whose submissions start the workflow: one of the workspace's forms of the trigger object. */
function FormFields({
  trigger,
  onChange,
}: {
  trigger: Extract<Trigger, { type: 'form_submitted' }>
  onChange(t: Trigger): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const [forms, setForms] = useState<{ id: string; name: string; enabled: boolean }[] | null>(null)
  useEffect(() => {
    const ctl = new AbortController()
    builderApi
      .forms(trigger.object, ctl.signal)
      .then((r) => setForms(r.data))
      .catch(() => {
        if (!ctl.signal.aborted) setForms([])
      })
    return () => ctl.abort()
  }, [trigger.object])
  const options = (forms ?? []).map((f) => ({ value: f.id, label: f.name }))
  // a form of another object or a deleted one still shows, as its id, until another is picked
  if (trigger.formId && forms && !options.some((o) => o.value === trigger.formId))
    options.unshift({ value: trigger.formId, label: trigger.formId })
  const status = statusAt(env, 'trigger.formId')
  return (
    <Form.Item
      label={t('workflowBuilder.form.formPick')}
      {...status}
      validateStatus={status.validateStatus ?? (UUID.test(trigger.formId) ? undefined : 'error')}
    >
      <Select<string>
        value={trigger.formId || undefined}
        onChange={(formId) => onChange({ ...trigger, formId })}
        options={options}
        loading={forms === null}
        placeholder={t('form.choose')}
        showSearch={{ optionFilterProp: 'label' }}
        notFoundContent={t('workflowBuilder.form.noForms')}
        data-testid="wf-trigger-form"
      />
    </Form.Item>
  )
}
