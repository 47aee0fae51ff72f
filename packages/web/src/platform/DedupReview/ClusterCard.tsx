import { CloseCircleOutlined, MergeCellsOutlined } from '@ant-design/icons'
import type { DedupReviewCluster } from '@kemai/shared/api/dedup-review.api'
import { MERGE_MAX_RECORDS } from '@kemai/shared/api/merge.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Tag, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ObjectMeta } from '../endpoints.ts'
import { reasonText } from './reasons.ts'

/**
 * One cluster of the review queue: its records as links, the best score, each pair with its score and
 * reasons, and the two decisions the role may take: merge (the merge page with the cluster's records)
 * or "not duplicates".
 */
export function ClusterCard({
  object,
  cluster,
  canMerge,
  canDismiss,
  dismissing,
  onMerge,
  onDismiss,
}: {
  object: ObjectMeta
  cluster: DedupReviewCluster
  canMerge: boolean
  canDismiss: boolean
  dismissing: boolean
  onMerge(): void
  onDismiss(): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const titles = new Map(cluster.members.map((m) => [m.id, m.title || t('dedupReview.untitled')]))
  const path = (id: string) => `/o/${encodeURIComponent(object.name)}/${encodeURIComponent(id)}`
  const tooMany = cluster.members.length > MERGE_MAX_RECORDS
  const best = cluster.pairs[0]
  // a relation's compared value is a record id: the reason says "same company", the id says nothing
  const idFields = new Set(
    object.fields.filter((f) => f.type === 'relation' || f.type === 'user').map((f) => f.name),
  )
  const showsValue = (fields: string[]) => !fields.some((f) => idFields.has(f))

  return (
    <li className="km-dr-card" data-testid="dedup-cluster">
      <div className="km-dr-card-head">
        <div className="km-dr-members">
          {cluster.members.map((m) => (
            <Link key={m.id} to={path(m.id)} className="km-dr-member">
              {titles.get(m.id)}
            </Link>
          ))}
        </div>
        <div className="km-dr-score">
          {best && (
            <Tag color={best.decision === 'duplicate' ? 'red' : 'orange'}>
              {t(best.decision === 'duplicate' ? 'duplicates.duplicate' : 'duplicates.possible')}
            </Tag>
          )}
          <span>{t('dedupReview.bestScore', { score: cluster.bestScore })}</span>
        </div>
      </div>
      <ul className="km-dr-pairs">
        {cluster.pairs.map((p) => (
          <li key={`${p.a}|${p.b}`} className="km-dr-pair" data-testid="dedup-pair">
            <div className="km-dr-pair-head">
              <span className="km-dr-pair-names">
                {titles.get(p.a)} ↔ {titles.get(p.b)}
              </span>
              <span className="km-dr-pair-score">{t('duplicates.score', { score: p.score })}</span>
            </div>
            <ul className="km-dr-reasons">
              {p.reasons
                .filter((r) => r.points !== 0)
                .map((r) => (
                  <li key={r.comparison} className={r.points < 0 ? 'km-dr-against' : undefined}>
                    {reasonText(r, object, locale, t)}
                    {r.points > 0 && r.left && showsValue(r.fields) && (
                      <span className="km-dr-value">{r.left}</span>
                    )}
                    {r.points > 0 && r.right && r.right !== r.left && showsValue(r.fields) && (
                      <span className="km-dr-value">{r.right}</span>
                    )}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
      {canMerge || canDismiss ? (
        <div className="km-dr-actions">
          {canMerge && (
            <Tooltip title={tooMany ? t('dedupReview.tooMany', { max: MERGE_MAX_RECORDS }) : undefined}>
              <Button
                type="primary"
                icon={<MergeCellsOutlined />}
                onClick={onMerge}
                disabled={tooMany}
                data-testid="dedup-merge"
              >
                {t('dedupReview.merge')}
              </Button>
            </Tooltip>
          )}
          {canDismiss && (
            <Button
              icon={<CloseCircleOutlined />}
              onClick={onDismiss}
              loading={dismissing}
              data-testid="dedup-dismiss"
            >
              {t('dedupReview.dismiss')}
            </Button>
          )}
        </div>
      ) : null}
    </li>
  )
}
