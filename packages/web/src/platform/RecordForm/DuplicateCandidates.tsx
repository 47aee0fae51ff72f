import type { DedupKeyIndex, DuplicateCandidate } from '@kemai/shared/api/dedup.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Button, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ApiError } from '../api-client.ts'
import { keyIndexPercent } from '../DedupReview/dedup-review-api.ts'
import type { ObjectMeta } from '../endpoints.ts'
import { inSentence, labelOf } from '../label.ts'

/** The candidates of a 409 `duplicate_candidates`, or null when the error is something else. */
export function duplicateCandidatesOf(error: unknown): DuplicateCandidate[] | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.problem.code !== 'duplicate_candidates')
    return null
  const list = error.problem.candidates
  return Array.isArray(list) ? (list as DuplicateCandidate[]) : []
}

type Reason = DuplicateCandidate['reasons'][number]

/**
 * What the server found before creating (issue 5, warn on create): the existing records the new one
 * may duplicate, best first, each with its score and the reasons in the user's language, a link to open
 * it, and "create anyway", which sends the same values again with allowDuplicate.
 */
export function DuplicateCandidates({
  object,
  error,
  candidates,
  creating,
  onCreateAnyway,
}: {
  object: ObjectMeta
  error: ApiError
  candidates: DuplicateCandidate[]
  creating: boolean
  onCreateAnyway(): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  // the key index is being rebuilt: records not indexed yet are not among the candidates
  const index = error.problem.keyIndex as DedupKeyIndex | undefined

  const reasonText = (r: Reason) => {
    const f = object.fields.find((x) => r.fields.includes(x.name))
    const field = f ? inSentence(labelOf(f.label, locale), locale) : r.comparison
    const key =
      r.points < 0 ? 'duplicates.different' : r.similarity >= 1 ? 'duplicates.same' : 'duplicates.similar'
    return t(key, { field, percent: Math.round(r.similarity * 100) })
  }

  return (
    <Alert
      type="warning"
      showIcon
      data-testid="duplicate-candidates"
      title={error.problem.title}
      description={
        <div className="km-dup">
          <p className="km-dup-intro">{t('duplicates.intro')}</p>
          {index && (
            <p className="km-dup-intro" data-testid="duplicate-index-building">
              {t('duplicates.indexBuilding', { percent: keyIndexPercent(index) ?? 0 })}
            </p>
          )}
          <ul className="km-dup-list">
            {candidates.map((c) => (
              <li key={c.id} className="km-dup-item" data-testid="duplicate-candidate">
                <div className="km-dup-head">
                  <Link to={`/o/${encodeURIComponent(object.name)}/${encodeURIComponent(c.id)}`}>
                    {c.title || t('duplicates.untitled')}
                  </Link>
                  <Tag color={c.decision === 'duplicate' ? 'red' : 'orange'}>
                    {t(c.decision === 'duplicate' ? 'duplicates.duplicate' : 'duplicates.possible')}
                  </Tag>
                  <span className="km-dup-score">{t('duplicates.score', { score: c.score })}</span>
                </div>
                <ul className="km-dup-reasons">
                  {c.reasons
                    .filter((r) => r.points !== 0)
                    .map((r) => (
                      <li key={r.comparison} className={r.points < 0 ? 'km-dup-against' : undefined}>
                        {reasonText(r)}
                        {r.points > 0 && r.left && <span className="km-dup-value">{r.right}</span>}
                      </li>
                    ))}
                </ul>
                <Link
                  className="km-dup-open"
                  to={`/o/${encodeURIComponent(object.name)}/${encodeURIComponent(c.id)}`}
                >
                  {t('duplicates.open')}
                </Link>
              </li>
            ))}
          </ul>
          <Button onClick={onCreateAnyway} loading={creating} data-testid="duplicate-create-anyway">
            {t('duplicates.createAnyway')}
          </Button>
        </div>
      }
    />
  )
}
