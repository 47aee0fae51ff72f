import type { RecordSummary as Summary, SummaryMetric } from '@kemai/shared/api/summary.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Skeleton } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../app/session.tsx'
import { api } from '../api-client.ts'
import { formatDateTime, formatNumber } from '../format.ts'
import { labelOf } from '../label.ts'

const seg = encodeURIComponent

/** "3 days ago" in the UI language, without a date library's plugin (Intl does it). */
export function relativeDays(iso: string, locale: Locale, now = Date.now()): string {
  const days = Math.round((Date.parse(iso) - now) / 86_400_000)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  if (Math.abs(days) >= 60) return rtf.format(Math.round(days / 30), 'month')
  return rtf.format(days, 'day')
}

function Value({ m }: { m: SummaryMetric }) {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const locale = i18n.language as Locale
  if (m.value === null) return <span className="km-muted">{t('summary.never')}</span>
  if (m.kind === 'datetime' && typeof m.value === 'string')
    return (
      <span title={formatDateTime(m.value, locale, me.workspace.timeZone)}>
        {relativeDays(m.value, locale)}
      </span>
    )
  if (m.kind === 'number' && typeof m.value === 'number') return <>{formatNumber(m.value, locale, 0)}</>
  return <>{String(m.value)}</>
}

/**
 * The key figures at the top of a record page (`GET /records/{object}/{id}/summary`): last contact,
 * open tasks, and a count per object pointing at the record, each count a link to that list filtered
 * on this record. Shows nothing when the figures cannot be read (the page has its own errors).
 */
export function RecordSummary({
  object,
  id,
  refreshKey = 0,
}: {
  object: string
  id: string
  /** something the figures count changed (a task ticked off): read them again, keeping the old ones meanwhile */
  refreshKey?: number
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const [summary, setSummary] = useState<Summary | null>(null)
  const [failed, setFailed] = useState(false)
  const shown = useRef('')
  useEffect(() => {
    const ctl = new AbortController()
    void refreshKey
    if (shown.current !== `${object}/${id}`) setSummary(null)
    shown.current = `${object}/${id}`
    setFailed(false)
    api<Summary>(`/api/v1/records/${seg(object)}/${seg(id)}/summary`, { signal: ctl.signal })
      .then(setSummary)
      .catch(() => {
        if (!ctl.signal.aborted) setFailed(true)
      })
    return () => ctl.abort()
  }, [object, id, refreshKey])
  if (failed) return null
  if (!summary) return <Skeleton.Input active size="small" block className="km-summary-skeleton" />
  return (
    <section className="km-summary" data-testid="record-summary" aria-label={t('summary.title')}>
      {summary.metrics.map((m) => {
        const body = (
          <>
            <span className="km-summary-value">
              <Value m={m} />
            </span>
            <span className="km-summary-label">{labelOf(m.label, locale)}</span>
          </>
        )
        const filter = m.list ? JSON.stringify({ field: m.list.field, op: 'eq', value: id }) : null
        return m.list && filter ? (
          <Link
            key={m.key}
            className="km-summary-item km-summary-link"
            to={`/o/${m.list.object}?filter=${seg(filter)}`}
          >
            {body}
          </Link>
        ) : (
          <div key={m.key} className="km-summary-item">
            {body}
          </div>
        )
      })}
    </section>
  )
}
