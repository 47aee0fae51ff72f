import { CloseOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import type { ObjectMeta } from '../endpoints.ts'
import { describeFilter } from './describe.ts'
import { chipsOf, withoutChip } from './filterModel.ts'

/** The filter of a list as removable chips (one per child of the root `and`). */
export function FilterChips({
  object,
  filter,
  onChange,
  onOpen,
}: {
  object: ObjectMeta
  filter: Filter | null
  onChange(next: Filter | null): void
  onOpen(): void
}) {
  const { t, i18n } = useTranslation()
  const { byName } = useMetadata()
  const locale = i18n.language as Locale
  const chips = chipsOf(filter)
  if (chips.length === 0) return null
  return (
    <ul className="km-filter-chips" aria-label={t('filter.active')} data-testid="filter-chips">
      {chips.map((c, i) => {
        const text = describeFilter(c, object, byName, locale, t)
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: chips are positions in the AST
          <li key={i}>
            <Tag
              closable
              color="processing"
              className="km-filter-chip"
              closeIcon={
                <CloseOutlined
                  aria-label={t('filter.removeChip', { text })}
                  data-testid="filter-chip-remove"
                />
              }
              onClose={(e) => {
                e.preventDefault()
                onChange(withoutChip(filter, i))
              }}
              onClick={onOpen}
              title={text}
              data-testid="filter-chip"
            >
              {text}
            </Tag>
          </li>
        )
      })}
    </ul>
  )
}
