import type { Locale } from '@kemai/shared/i18n/messages'
import { useTranslation } from 'react-i18next'
import { type FieldMeta, optionsOf } from '../endpoints.ts'
import { formatMoney, formatNumber } from '../format.ts'
import type { ListColumn } from './columns.ts'

const SHOWN_CURRENCIES = 2

/** A sum as the server gives it: a number, or amount text per currency code (the two largest, then +n). */
export function SumText({ field, value }: { field: FieldMeta; value: unknown }) {
  const { i18n } = useTranslation()
  const locale = i18n.language as Locale
  if (value === null || value === undefined) return <span className="km-empty">—</span>
  if (field.type === 'currency' && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, string>).sort(
      ([, a], [, b]) => Number(b) - Number(a),
    )
    if (!entries.length) return <span className="km-empty">—</span>
    const rest = entries.length - SHOWN_CURRENCIES
    return (
      <span
        className="km-num km-ellipsis"
        title={entries.map(([c, a]) => formatMoney(a, c, locale)).join(' · ')}
      >
        {entries
          .slice(0, SHOWN_CURRENCIES)
          .map(([c, a]) => formatMoney(a, c, locale))
          .join(' · ')}
        {rest > 0 ? ` +${rest}` : ''}
      </span>
    )
  }
  return <span className="km-num">{formatNumber(Number(value), locale, optionsOf(field).precision)}</span>
}

/**
 * The cells of a group header or of the totals row, under the table's columns: the first (label) cell is
 * given; every summed column shows its sum, the others stay empty.
 */
export function SummaryCells({
  columns,
  sums,
  summed,
}: {
  columns: ListColumn[]
  sums: Record<string, unknown> | null
  summed: FieldMeta[]
}) {
  return (
    <>
      {columns.slice(1).map((c) => {
        const f = summed.find((s) => s.name === c.key)
        return (
          <td key={c.key} className="km-cell km-sum-cell" style={{ width: c.width }}>
            {f && sums ? <SumText field={f} value={sums[f.name]} /> : null}
          </td>
        )
      })}
    </>
  )
}
