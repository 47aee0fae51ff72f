import type { Step, StepOf } from '@kemai/shared/automation/definition'
import type { ObjectDef } from '@kemai/shared/fields'
import { filterableFields } from '@kemai/shared/query/paths'
import { Form, InputNumber, Segmented, Select, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { labelOf } from '../../label.ts'
import { statusAt, useFormEnv } from '../formEnv.ts'
import { FilterField } from './FilterField.tsx'
import { ObjectSelect } from './ObjectSelect.tsx'

/** Find records of an object by a filter, sorted, at most `limit`; later steps read `first` and `count`. */
export function FindRecordsForm({
  step,
  onChange,
}: {
  step: StepOf<'find_records'>
  onChange(s: Step): void
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const object = env.byName.get(step.object)
  const sortField = step.sort?.replace(/^-/, '') ?? ''
  const desc = step.sort?.startsWith('-') ?? false
  const sortable = object
    ? filterableFields(object as unknown as ObjectDef).map((f) => ({
        value: f.name,
        label: labelOf(f.label, env.locale) || f.name,
      }))
    : []
  const setSort = (field: string | undefined, d: boolean) =>
    onChange({ ...step, sort: field ? `${d ? '-' : ''}${field}` : undefined })
  const status = statusAt(env, 'object')
  return (
    <>
      <Form.Item label={t('workflowBuilder.form.object')} {...status}>
        <ObjectSelect
          value={step.object}
          status={status.validateStatus}
          onChange={(o) =>
            onChange({ ...step, object: o, filter: o === step.object ? step.filter : { and: [] } })
          }
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.condition')} {...statusAt(env, 'filter')}>
        <FilterField
          object={object}
          value={step.filter}
          onChange={(filter) => onChange({ ...step, filter })}
          emptyText={t('workflowBuilder.form.allRecords')}
        />
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.sort')}>
        <Space.Compact className="km-full">
          <Select<string>
            className="km-full"
            allowClear
            value={sortField || undefined}
            onChange={(f) => setSort(f, desc)}
            options={sortable}
            placeholder={t('workflowBuilder.form.noSort')}
            showSearch={{ optionFilterProp: 'label' }}
          />
          <Segmented
            value={desc ? 'desc' : 'asc'}
            onChange={(v) => setSort(sortField || undefined, v === 'desc')}
            disabled={!sortField}
            options={[
              { value: 'asc', label: t('workflowBuilder.form.asc') },
              { value: 'desc', label: t('workflowBuilder.form.desc') },
            ]}
          />
        </Space.Compact>
      </Form.Item>
      <Form.Item label={t('workflowBuilder.form.limit')}>
        <InputNumber
          min={1}
          max={100}
          precision={0}
          value={step.limit}
          onChange={(v) => typeof v === 'number' && onChange({ ...step, limit: v })}
        />
      </Form.Item>
    </>
  )
}
