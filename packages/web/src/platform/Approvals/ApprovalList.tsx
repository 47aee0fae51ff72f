import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Empty, Skeleton, Table, type TableColumnsType, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/session.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { SimpleList } from '../SimpleList.tsx'
import { ApprovalRecordLink } from './ApprovalRecordLink.tsx'
import { ApprovalStatusTag } from './ApprovalStatusTag.tsx'
import { levelText } from './approval-format.ts'
import { APPROVALS_CHANGED, type Approval, type ApprovalBox, approvalsApi } from './approvals-api.ts'

const PAGE = 50

/**
 * One box of approvals (inbox, submitted, all), newest first, with "Load more" by cursor. A row's title
 * opens the request (`onOpen`); the list reloads after a decision anywhere in the app.
 */
export function ApprovalList({ box, onOpen }: { box: ApprovalBox; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const tz = useMe().workspace.timeZone
  const isMobile = useIsMobile()
  const [rows, setRows] = useState<Approval[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [more, setMore] = useState(false)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    approvalsApi
      .list({ box, limit: PAGE }, ctl.signal)
      .then((p) => {
        setRows(p.data)
        setCursor(p.nextCursor)
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [box, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  useEffect(() => {
    window.addEventListener(APPROVALS_CHANGED, reload)
    return () => window.removeEventListener(APPROVALS_CHANGED, reload)
  }, [reload])

  const loadMore = async () => {
    if (!cursor) return
    setMore(true)
    try {
      const p = await approvalsApi.list({ box, limit: PAGE, cursor })
      setRows((r) => [...(r ?? []), ...p.data.filter((x) => !r?.some((y) => y.id === x.id))])
      setCursor(p.nextCursor)
    } catch (e) {
      setError(e)
    } finally {
      setMore(false)
    }
  }

  if (error && !rows) return <ProblemAlert error={error} onRetry={reload} />
  if (!rows) return <Skeleton active paragraph={{ rows: 6 }} data-testid="approvals-loading" />
  if (!rows.length)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t(`approvals.empty.${box}`)}
        data-testid="approvals-empty"
      />
    )

  const title = (a: Approval) => (
    <Typography.Link onClick={() => onOpen(a.id)} data-testid="approval-open">
      {a.title}
    </Typography.Link>
  )
  const level = (a: Approval) => (
    <span className="km-appr-level" data-testid="approval-level-text">
      {levelText(a.level, t) ?? '—'}
    </span>
  )
  const created = (a: Approval) => formatDateTime(a.createdAt, locale, tz)

  const list = isMobile ? (
    <SimpleList
      testId="approval-list"
      items={rows.map((a) => ({
        key: a.id,
        title: (
          <span data-testid="approval-row" data-id={a.id}>
            {title(a)}
          </span>
        ),
        description: (
          <>
            <div>
              <ApprovalRecordLink object={a.object} id={a.recordId} />
            </div>
            <div className="km-muted">
              {a.workflowName} · <UserName id={a.submitterId} /> · {created(a)}
            </div>
            {a.level && a.status === 'pending' ? <div>{level(a)}</div> : null}
          </>
        ),
        actions: <ApprovalStatusTag status={a.status} />,
      }))}
    />
  ) : (
    <Table<Approval>
      rowKey="id"
      size="middle"
      pagination={false}
      data-testid="approval-list"
      dataSource={rows}
      onRow={(a) => ({ 'data-testid': 'approval-row', 'data-id': a.id }) as React.HTMLAttributes<HTMLElement>}
      columns={
        [
          { key: 'title', title: t('approvals.col.title'), render: (_, a) => title(a) },
          {
            key: 'record',
            title: t('approvals.col.record'),
            render: (_, a) => <ApprovalRecordLink object={a.object} id={a.recordId} />,
          },
          { key: 'workflow', title: t('approvals.col.workflow'), dataIndex: 'workflowName' },
          {
            key: 'submitter',
            title: t('approvals.col.submitter'),
            render: (_, a) => <UserName id={a.submitterId} />,
          },
          {
            key: 'level',
            title: t('approvals.col.level'),
            render: (_, a) => (a.status === 'pending' ? level(a) : '—'),
          },
          {
            key: 'status',
            title: t('approvals.col.status'),
            render: (_, a) => <ApprovalStatusTag status={a.status} />,
          },
          { key: 'created', title: t('approvals.col.created'), render: (_, a) => created(a) },
        ] satisfies TableColumnsType<Approval>
      }
    />
  )
  return (
    <>
      {error ? <ProblemAlert error={error} /> : null}
      {list}
      {cursor ? (
        <div className="km-appr-more">
          <Button onClick={loadMore} loading={more} data-testid="approvals-more">
            {t('approvals.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  )
}
