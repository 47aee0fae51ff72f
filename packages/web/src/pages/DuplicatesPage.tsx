import { ArrowLeftOutlined, CopyOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Typography } from 'antd'
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { DedupReview } from '../platform/DedupReview/DedupReview.tsx'
import { inSentence, labelOf } from '../platform/label.ts'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'

/**
 * `/o/:object/duplicates`: the review queue of a background duplicate scan (docs/dedup.md "Review
 * queue"): start a scan, follow its progress, and go through the clusters it found, best first.
 * Reading the object is enough to see the queue; its actions follow the role (DedupReview).
 */
export function DuplicatesPage() {
  const { object: name = '' } = useParams()
  const { byName } = useMetadata()
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  // the server refused the object after all (the role changed since the metadata loaded)
  const [refusal, setRefusal] = useState<{ object: string; error: unknown } | null>(null)
  const refuse = useCallback((error: unknown) => setRefusal({ object: name, error }), [name])
  const object = byName.get(name)
  if (!object || refusal?.object === name) return <ObjectUnavailable object={name} refusal={refusal?.error} />
  const plural = labelOf(object.pluralLabel, locale)
  return (
    <div className="km-page km-dr-page" data-testid="duplicates-page">
      <div className="km-dr-head">
        <Link to={`/o/${encodeURIComponent(object.name)}`} className="km-dr-back">
          <ArrowLeftOutlined /> {t('dedupReview.back', { object: plural })}
        </Link>
        <Typography.Title level={3} className="km-dr-title">
          <CopyOutlined /> {t('dedupReview.title', { object: inSentence(plural, locale) })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="km-dr-intro">
          {t('dedupReview.intro')}
        </Typography.Paragraph>
      </div>
      <DedupReview key={object.name} object={object} onRefused={refuse} />
    </div>
  )
}
