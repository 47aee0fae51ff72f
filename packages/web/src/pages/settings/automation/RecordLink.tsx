import type { Locale } from '@kemai/shared/i18n/messages'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMetadata } from '../../../app/metadata.tsx'
import { labelOf } from '../../../platform/label.ts'
import { useRecordTitle } from '../../../platform/record-titles.ts'

/** A run's record as a link to its page, by title when the user may read it (`/o/{object}/{id}`). */
export function RecordLink({ object, id }: { object: string; id: string }) {
  const { t, i18n } = useTranslation()
  const meta = useMetadata().byName.get(object)
  const title = useRecordTitle(object, meta?.titleField ?? 'name', meta ? id : '')
  const label = meta ? labelOf(meta.label, i18n.language as Locale) : object
  const text = title || (title === null ? t('automation.runs.unnamedRecord') : id.slice(0, 8))
  return (
    <Link to={`/o/${object}/${id}`} className="km-auto-record" data-testid="run-record">
      <span className="km-auto-record-object">{label}</span> {text}
    </Link>
  )
}
