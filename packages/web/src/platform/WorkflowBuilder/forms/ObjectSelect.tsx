import { Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { labelOf } from '../../label.ts'
import { useFormEnv } from '../formEnv.ts'

/** An object of the workspace (link objects are reached from the records they link, so they are left out). */
export function ObjectSelect({
  value,
  onChange,
  status,
  'data-testid': testId,
}: {
  value: string
  onChange(name: string): void
  status?: 'error'
  'data-testid'?: string
}) {
  const { t } = useTranslation()
  const env = useFormEnv()
  const options = env.objects
    .filter((o) => !o.isJunction || o.name === value)
    .map((o) => ({ value: o.name, label: labelOf(o.label, env.locale) || o.name }))
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: value })
  return (
    <Select<string>
      className="km-full"
      value={value || undefined}
      onChange={onChange}
      options={options}
      status={status}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('form.choose')}
      data-testid={testId}
    />
  )
}
