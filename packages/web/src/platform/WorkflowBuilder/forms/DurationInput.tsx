import { InputNumber, Select, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

const UNITS = { minutes: 1, hours: 60, days: 1440 } as const
type Unit = keyof typeof UNITS

/** The largest unit a number of minutes is a whole multiple of. */
export function unitOf(minutes: number): Unit {
  if (minutes !== 0 && minutes % 1440 === 0) return 'days'
  if (minutes !== 0 && minutes % 60 === 0) return 'hours'
  return 'minutes'
}

/** A duration in minutes, entered as a number of minutes, hours or days. */
export function DurationInput({
  value,
  onChange,
  min = 1,
  max,
  id,
  allowNegative,
  'data-testid': testId,
}: {
  value: number
  onChange(minutes: number): void
  min?: number
  max?: number
  id?: string
  allowNegative?: boolean
  'data-testid'?: string
}) {
  const { t } = useTranslation()
  const [unit, setUnit] = useState<Unit>(unitOf(value))
  const factor = UNITS[unit]
  return (
    <Space.Compact className="km-full">
      <InputNumber
        id={id}
        className="km-full"
        value={value / factor}
        min={allowNegative ? undefined : min / factor}
        max={max === undefined ? undefined : max / factor}
        precision={unit === 'minutes' ? 0 : undefined}
        onChange={(v) => {
          if (typeof v === 'number' && Number.isFinite(v)) onChange(Math.round(v * factor))
        }}
        data-testid={testId}
      />
      <Select<Unit>
        value={unit}
        onChange={setUnit}
        popupMatchSelectWidth={false}
        options={(Object.keys(UNITS) as Unit[]).map((u) => ({
          value: u,
          label: t(`workflowBuilder.unitName.${u}`),
        }))}
        aria-label={t('workflowBuilder.form.unit')}
      />
    </Space.Compact>
  )
}
