import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { type ObjectMeta, type RecordDto, recordsApi } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { lockText } from './approval-format.ts'
import type { Approval } from './approvals-api.ts'
import { DecisionBox } from './DecisionBox.tsx'
import './approvals.css'

/** How long the page watches for the run to change the record after a decision (it goes on in a job). */
const WATCH_MS = 10_000
const WATCH_EVERY_MS = 1_000

/**
 * On a record page while the record awaits approval: "审批中：<title>（第 2/3 级）", what it locks, a link
 * to the request, and Approve / Reject for a pending approver. After a decision the run goes on in a
 * job, so the banner watches the record for a few seconds and hands a changed version to the page.
 */
export function ApprovalBanner({
  approval: initial,
  object,
  record,
  onRecordChanged,
}: {
  approval: Approval
  object: ObjectMeta
  record: RecordDto | null
  onRecordChanged(record: RecordDto): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  // on a phone the link goes under the text, so the text and the comment box keep the full width
  const isMobile = useIsMobile()
  const [approval, setApproval] = useState<Approval>(initial)
  const [watchFrom, setWatchFrom] = useState<number | null>(null)
  const version = useRef(record?.version)
  version.current = record?.version
  const changed = useRef(onRecordChanged)
  changed.current = onRecordChanged

  useEffect(() => {
    if (watchFrom === null || version.current === undefined || !approval.recordId) return
    const from = watchFrom
    const id = approval.recordId
    const ctl = new AbortController()
    const deadline = Date.now() + WATCH_MS
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = () => {
      recordsApi
        .get(object.name, id, ctl.signal)
        .then((r) => {
          if (r.version !== from) changed.current(r)
          else if (Date.now() < deadline) timer = setTimeout(tick, WATCH_EVERY_MS)
        })
        .catch(() => undefined)
    }
    timer = setTimeout(tick, WATCH_EVERY_MS / 2)
    return () => {
      ctl.abort()
      clearTimeout(timer)
    }
  }, [watchFrom, approval.recordId, object.name])

  const fieldLabel = (name: string) => {
    const f = object.fields.find((x) => x.name === name)
    return f ? labelOf(f.label, locale) : name
  }
  const detailLink = (
    <Link to={`/approvals?id=${approval.id}`} data-testid="approval-banner-link">
      {t('approvals.viewDetail')}
    </Link>
  )

  if (approval.status !== 'pending')
    return (
      <Alert
        className="km-appr-banner"
        type={approval.status === 'approved' ? 'success' : 'info'}
        showIcon
        data-testid="approval-banner"
        data-status={approval.status}
        title={t(`approvals.banner.${approval.status}`, { title: approval.title })}
        action={detailLink}
      />
    )

  const level = approval.level
  return (
    <Alert
      className="km-appr-banner"
      type="warning"
      showIcon
      data-testid="approval-banner"
      data-status="pending"
      title={
        <span data-testid="approval-banner-title">
          {level
            ? t('approvals.banner.pendingLevel', {
                title: approval.title,
                n: level.index + 1,
                total: level.count,
              })
            : t('approvals.banner.pending', { title: approval.title })}
        </span>
      }
      description={
        <div className="km-appr-banner-body">
          <div data-testid="approval-banner-lock">{lockText(approval.lock, fieldLabel, t)}</div>
          {isMobile ? detailLink : null}
          {approval.myTask === 'pending' ? (
            <DecisionBox
              compact
              approvalId={approval.id}
              onDecided={(d) => {
                setApproval(d)
                setWatchFrom(version.current ?? null)
              }}
            />
          ) : null}
        </div>
      }
      action={isMobile ? undefined : detailLink}
    />
  )
}
