import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { isWritable } from '@kemai/shared/automation/field-values'
import type { FieldDef } from '@kemai/shared/fields'
import { SYSTEM_FILTER_FIELDS } from '@kemai/shared/query/paths'
import { Button, Empty, Select, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { FieldMeta, ObjectMeta } from '../../endpoints.ts'
import { labelOf } from '../../label.ts'
import { useFormEnv } from '../formEnv.ts'
import { defaultValue, ValueInput } from './ValueInput.tsx'

/** Fields a workflow may write on an object: its active fields but system columns (the owner may be set). */
export function writableFields(object: ObjectMeta): FieldMeta[] {
  const own = object.fields.filter((f) => f.isActive && isWritable(f as unknown as FieldDef))
  const owner = SYSTEM_FILTER_FIELDS.find((f) => f.name === 'owner_id') as unknown as FieldMeta
  return own.some((f) => f.name === 'owner_id') ? own : [...own, owner]
}

/** The fields a create/update step writes, one row each: the field, and its value. */
export function ValuesEditor({
  object,
  values,
  onChange,
  problemPath,
}: {
  object: ObjectMeta | undefined
  values: Record<string, unknown>
  onChange(values: Record<string, unknown>): void
  /** where the values are in the step (`values`), for their problems */
  problemPath: string
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  if (!object)
    return <Typography.Text type="secondary">{t('workflowBuilder.form.chooseObjectFirst')}</Typography.Text>
  const fields = writableFields(object)
  const byField = new Map(fields.map((f) => [f.name, f]))
  const entries = Object.entries(values)
  const unused = fields.filter((f) => !(f.name in values))
  const set = (name: string, v: unknown) => onChange({ ...values, [name]: v })
  const remove = (name: string) => {
    const { [name]: _, ...rest } = values
    onChange(rest)
  }
  return (
    <div data-testid="wf-values">
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workflowBuilder.form.noValues')} />
      ) : null}
      {entries.map(([name, v]) => {
        const f = byField.get(name)
        const problems = env.problemsAt(`${problemPath}.${name}`)
        return (
          <div className="km-wf-card" key={name} data-testid="wf-value-row" data-field={name}>
            <div className="km-wf-card-head">
              <Typography.Text strong className="km-grow">
                {f ? labelOf(f.label, env.locale) || name : name}
              </Typography.Text>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                onClick={() => remove(name)}
                aria-label={t('workflowBuilder.form.removeValue')}
              />
            </div>
            {f ? (
              <ValueInput
                key={name}
                field={f}
                value={v}
                onChange={(x) => set(name, x)}
                status={problems.length ? 'error' : undefined}
              />
            ) : (
              <Typography.Text type="danger">
                {t('workflowBuilder.form.unknownField', { field: name })}
              </Typography.Text>
            )}
            {problems.map((m) => (
              <Typography.Text key={m} type="danger" className="km-wf-inline-problem">
                {m}
              </Typography.Text>
            ))}
          </div>
        )
      })}
      <Select<string>
        className="km-full"
        value={null as unknown as string}
        placeholder={
          <span>
            <PlusOutlined /> {t('workflowBuilder.form.addValue')}
          </span>
        }
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(name) => {
          const f = byField.get(name)
          if (f) set(name, defaultValue(f, env.users, env.timeZone))
        }}
        options={unused.map((f) => ({ value: f.name, label: labelOf(f.label, env.locale) || f.name }))}
        data-testid="wf-add-value"
        aria-label={t('workflowBuilder.form.addValue')}
      />
    </div>
  )
}
