import type { MergePreview, RelatedCount } from '@kemai/shared/api/merge.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Typography } from 'antd'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import type { ObjectMeta } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { movingCounts } from './merge-model.ts'

/** "Deals (Contact)", "Activities", … for one related count. */
export function relatedLabel(
  c: RelatedCount,
  byName: ReadonlyMap<string, ObjectMeta>,
  t: TFunction,
  locale: Locale,
): string {
  if (c.kind !== 'relation') return t(`merge.kind.${c.kind}`)
  const from = c.object ? byName.get(c.object) : undefined
  const field = from?.fields.find((f) => f.name === c.field)
  const objectLabel = from ? labelOf(from.pluralLabel, locale) : (c.object ?? '')
  return field ? `${objectLabel} · ${labelOf(field.label, locale)}` : objectLabel
}

/** One record's related counts as short lines (the table's last row, the phone's record cards). */
export function RelatedCounts({ counts }: { counts: RelatedCount[] }) {
  const { t, i18n } = useTranslation()
  const { byName } = useMetadata()
  if (counts.length === 0) return <span className="km-empty">{t('merge.noRelated')}</span>
  return (
    <ul className="km-merge-related">
      {counts.map((c) => (
        <li key={`${c.kind}:${c.object ?? ''}:${c.field ?? ''}`}>
          <span>{relatedLabel(c, byName, t, i18n.language as Locale)}</span>
          <span className="km-num">{c.count}</span>
        </li>
      ))}
    </ul>
  )
}

/** What the merge will do: how many records go, and what moves over to the survivor. */
export function MovingSummary({
  preview,
  survivor,
}: {
  object: ObjectMeta
  preview: MergePreview
  survivor: string
}) {
  const { t, i18n } = useTranslation()
  const { total } = movingCounts(preview, survivor)
  const sentences = [
    t('merge.summary', { count: preview.records.length - 1 }),
    total > 0 ? t('merge.moving', { count: total }) : t('merge.nothingMoves'),
    t('merge.undoHint'),
  ]
  return (
    <Typography.Text type="secondary" className="km-merge-summary" data-testid="merge-summary">
      {/* Chinese sentences follow each other without a space */}
      {sentences.join(i18n.language === 'en' ? ' ' : '')}
    </Typography.Text>
  )
}
