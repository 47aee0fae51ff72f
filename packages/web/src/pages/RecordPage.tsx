import { ApartmentOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Badge, Button, Card, Drawer, Result, Skeleton, Tabs } from 'antd'
import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import { usePendingApproval } from '../platform/Approvals/usePendingApproval.ts'
import { AttachmentsPanel } from '../platform/Attachments/AttachmentsPanel.tsx'
import { ApiError } from '../platform/api-client.ts'
import { type ObjectMeta, type RecordDto, recordsApi } from '../platform/endpoints.ts'
import { labelOf } from '../platform/label.ts'
import { MergeHistory } from '../platform/Merge/MergeHistory.tsx'
import { ProblemAlert, problemText } from '../platform/ProblemAlert.tsx'
import { FieldSections } from '../platform/RecordPage/FieldSections.tsx'
import { neighboursIn } from '../platform/RecordPage/list-context.ts'
import { RecordHeader } from '../platform/RecordPage/RecordHeader.tsx'
import { RelatedLists, relatedOf } from '../platform/RecordPage/RelatedLists.tsx'
import { RecordSummary } from '../platform/RecordSummary/RecordSummary.tsx'
import { rememberTitle } from '../platform/record-titles.ts'
import { TimelinePanel } from '../platform/Timeline/TimelinePanel.tsx'
import '../platform/RecordPage/record-page.css'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'

// the approval banner loads only when the record awaits approval
const ApprovalBanner = lazy(() =>
  import('../platform/Approvals/ApprovalBanner.tsx').then((m) => ({ default: m.ApprovalBanner })),
)
// the edit form (inputs of every field type) loads when the drawer opens (docs/web.md "Size")
const RecordEditForm = lazy(() =>
  import('../platform/RecordPage/RecordEditForm.tsx').then((m) => ({ default: m.RecordEditForm })),
)

/**
 * `/o/:object/:id`: header (title, key fields, actions, prev / next), the fields in the sections of the
 * object's layout with inline edit, related lists of every inverse relation, the timeline with its
 * composer, and the attachments. Below 768 px: sections stacked, then tabs.
 */
export function RecordPage() {
  const { object: name = '', id = '' } = useParams()
  const { byName } = useMetadata()
  const object = byName.get(name)
  if (!object) return <ObjectUnavailable object={name} />
  return <RecordView key={`${name}/${id}`} object={object} id={id} />
}

function RecordView({ object, id }: { object: ObjectMeta; id: string }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const { byName } = useMetadata()
  const { message } = App.useApp()
  const isMobile = useIsMobile()
  const location = useLocation()
  const from = (location.state as { from?: string } | null)?.from ?? `/o/${object.name}`
  const [record, setRecord] = useState<RecordDto | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const [changes, setChanges] = useState(0)
  const [activityChanges, setActivityChanges] = useState(0)
  const [editing, setEditing] = useState(false)
  const [fileCount, setFileCount] = useState<number | null>(null)
  const tz = me.workspace.timeZone
  const pendingApproval = usePendingApproval(id)

  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    recordsApi
      .get(object.name, id, ctl.signal)
      .then((r) => {
        setRecord(r)
        const title = r[object.titleField]
        if (typeof title === 'string') rememberTitle(object.name, r.id, title)
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [object, id, attempt])

  const onSaved = useCallback(
    (saved: RecordDto) => {
      setRecord(saved)
      const title = saved[object.titleField]
      if (typeof title === 'string') rememberTitle(object.name, saved.id, title)
      setChanges((n) => n + 1)
    },
    [object],
  )

  if (error)
    return <RecordError error={error} from={from} object={object} onRetry={() => setAttempt((n) => n + 1)} />

  const header = (
    <RecordHeader
      object={object}
      id={id}
      record={record}
      from={from}
      neighbours={neighboursIn(from, id)}
      onEdit={() => setEditing(true)}
      timeZone={tz}
    />
  )
  const approvalBanner = pendingApproval ? (
    <Suspense fallback={null}>
      <ApprovalBanner approval={pendingApproval} object={object} record={record} onRecordChanged={onSaved} />
    </Suspense>
  ) : null
  const hasGraph = (object.name === 'person' || object.name === 'company') && byName.has('person_relation')
  const tools = (
    <div className="km-record-tools">
      <RecordSummary object={object.name} id={id} refreshKey={activityChanges} />
      {hasGraph && (
        <Link to={`/o/${object.name}/${id}/graph`} data-testid="open-graph">
          <Button icon={<ApartmentOutlined />}>{t('graph.open')}</Button>
        </Link>
      )}
    </div>
  )
  const merges = (
    <MergeHistory object={object} id={id} timeZone={tz} onUndone={() => setAttempt((n) => n + 1)} />
  )
  const sections = (
    <FieldSections object={object} record={record} onSaved={onSaved} timeZone={tz} isMobile={isMobile} />
  )
  const related = <RelatedLists object={object} id={id} timeZone={tz} isMobile={isMobile} />
  const timeline = (
    <TimelinePanel
      object={object}
      id={id}
      timeZone={tz}
      refreshKey={changes}
      onChanged={() => setActivityChanges((n) => n + 1)}
    />
  )
  const attachments = <AttachmentsPanel object={object} id={id} timeZone={tz} onCount={setFileCount} />
  const attachmentsLabel = (
    <span>
      {t('attachments.title')}
      {fileCount ? <Badge count={fileCount} size="small" color="gray" className="km-tab-count" /> : null}
    </span>
  )
  const editDrawer = (
    <Drawer
      open={editing}
      onClose={() => setEditing(false)}
      title={t('record.editTitle', { object: labelOf(object.label, locale) })}
      size={isMobile ? '92%' : 560}
      placement={isMobile ? 'bottom' : 'right'}
      destroyOnHidden
    >
      {editing && record && (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
          <RecordEditForm
            object={object}
            record={record}
            onCancel={() => setEditing(false)}
            onLatest={onSaved}
            onSaved={(saved) => {
              onSaved(saved)
              setEditing(false)
              message.success(t('record.saved'))
            }}
          />
        </Suspense>
      )}
    </Drawer>
  )

  if (isMobile) {
    const relatedCount = relatedOf(object, byName).length
    return (
      <div className="km-page km-record-page km-record-phone">
        {approvalBanner}
        {header}
        {tools}
        {sections}
        <Tabs
          className="km-record-tabs"
          data-testid="record-tabs"
          items={[
            { key: 'timeline', label: t('record.timeline'), children: timeline },
            {
              key: 'related',
              label: (
                <span>
                  {t('record.related.title')}
                  {relatedCount ? (
                    <Badge count={relatedCount} size="small" color="gray" className="km-tab-count" />
                  ) : null}
                </span>
              ),
              children: related,
            },
            { key: 'attachments', label: attachmentsLabel, children: attachments },
            { key: 'merges', label: t('merge.history.title'), children: merges },
          ]}
        />
        {editDrawer}
      </div>
    )
  }

  return (
    <div className="km-page km-record-page">
      {approvalBanner}
      {header}
      {tools}
      <div className="km-record-grid">
        <div className="km-record-main">
          {sections}
          {related}
        </div>
        <Card size="small" className="km-record-side">
          <Tabs
            size="small"
            data-testid="record-tabs"
            items={[
              { key: 'timeline', label: t('record.timeline'), children: timeline },
              { key: 'attachments', label: attachmentsLabel, children: attachments },
              { key: 'merges', label: t('merge.history.title'), children: merges },
            ]}
          />
        </Card>
      </div>
      {editDrawer}
    </div>
  )
}

/** 404 (gone, or not yours to see), 403 (no right on the object) or another problem, with a way back. */
function RecordError({
  error,
  from,
  object,
  onRetry,
}: {
  error: unknown
  from: string
  object: ObjectMeta
  onRetry(): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const status = error instanceof ApiError ? error.status : 0
  const back = (
    <Link to={from}>
      <Button type="primary">{t('record.backTo', { objects: labelOf(object.pluralLabel, locale) })}</Button>
    </Link>
  )
  const mergedInto =
    error instanceof ApiError && error.problem.code === 'record_merged'
      ? (error.problem as { mergedInto?: { id?: string } }).mergedInto?.id
      : undefined
  if (mergedInto)
    return (
      <div className="km-page km-record-page" data-testid="record-merged">
        <Result
          status="info"
          title={t('merge.history.mergedInto')}
          extra={
            <Link to={`/o/${object.name}/${mergedInto}`}>
              <Button type="primary">{t('record.openMerged')}</Button>
            </Link>
          }
        />
      </div>
    )
  if (status === 404 || status === 403)
    return (
      <div className="km-page km-record-page" data-testid="record-error">
        <Result
          status={status === 404 ? '404' : '403'}
          title={t(status === 404 ? 'record.notFound' : 'record.forbidden')}
          subTitle={
            <span role="alert">
              {problemText(error, t).title}{' '}
              {t(status === 404 ? 'record.notFoundHint' : 'record.forbiddenHint')}
            </span>
          }
          extra={back}
        />
      </div>
    )
  return (
    <div className="km-page km-record-page" data-testid="record-error">
      <ProblemAlert error={error} onRetry={onRetry} />
      <div>{back}</div>
    </div>
  )
}
