import type { Locale } from '@kemai/shared/i18n/messages'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMetadata } from '../../app/metadata.tsx'
import { labelOf } from '../label.ts'
import { useRecordTitle } from '../record-titles.ts'

/** The request's record as a link to its page (`/o/{object}/{id}`), by title when the user may read it. */
export function ApprovalRecordLink({ object, id }: { object: string | null; id: string | null }) {
  const { t, i18n } = useTranslation()
  const meta = useMetadata().byName.get(object ?? '')
  const title = useRecordTitle(object ?? '', meta?.titleField ?? 'name', meta && id ? id : '')
  if (!object || !id) return <span className="km-muted">—</span>
  const label = meta ? labelOf(meta.label, i18n.language as Locale) : object
  const text = title || (title === null ? t('approvals.unnamedRecord') : id.slice(0, 8))
  return (
    <Link to={`/o/${object}/${id}`} className="km-appr-record" data-testid="approval-record">
      <span className="km-muted">{label}</span> {text}
    </Link>
  )
}
