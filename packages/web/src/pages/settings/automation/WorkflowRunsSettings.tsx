import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Card, Empty, Select, Skeleton, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { useMe } from '../../../app/session.tsx'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import {
  RUN_STATUSES,
  type RunStatus,
  runsApi,
  type WorkflowRun,
  type WorkflowRunDetail,
  workflowsApi,
} from '../../../platform/Automation/automation-api.ts'
import { RunStatusTag } from '../../../platform/Automation/RunStatusTag.tsx'
import { formatDuration, runDuration } from '../../../platform/Automation/run-format.ts'
import { triggerTypeText } from '../../../platform/Automation/trigger-text.ts'
import { formatDateTime } from '../../../platform/format.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { canAutomation } from '../../../platform/permissions.ts'
import { useLoad } from '../admin/useLoad.ts'
import '../admin/admin.css'
import './automation.css'
import { RecordLink } from './RecordLink.tsx'
import { RunDetailDrawer } from './RunDetailDrawer.tsx'

const PAGE = 50
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const isStatus = (s: string | null): s is RunStatus => RUN_STATUSES.includes(s as RunStatus)

/**
 * `/settings/workflow-runs`: every run, newest first, with its workflow, status (what a waiting run waits
 * for), trigger, record, start, duration and error; filtered by workflow and status (and by record when
 * the URL names one: `?recordId=`), paged with "load more". A run opens in a drawer (`?run=`).
 */
export function WorkflowRunsSettings() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const tz = me.workspace.timeZone
  const isMobile = useIsMobile()
  const canWrite = canAutomation(me, 'write')
  const [params, setParams] = useSearchParams()
  const rawWorkflow = params.get('workflowId')
  const workflowId = rawWorkflow && UUID.test(rawWorkflow) ? rawWorkflow : undefined
  const rawStatus = params.get('status')
  const status = isStatus(rawStatus) ? rawStatus : undefined
  const rawRecord = params.get('recordId')
  const recordId = rawRecord && UUID.test(rawRecord) ? rawRecord : undefined
  const openRun = params.get('run')

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: key === 'run' },
    )

  const workflows = useLoad((s) => workflowsApi.list(s), [])
  const first = useLoad(
    (s) => runsApi.list({ workflowId, status, recordId, limit: PAGE }, s),
    [workflowId, status, recordId],
  )
  // pages after the first; a new first page (filter, refresh) starts over
  const [extra, setExtra] = useState<{ rows: WorkflowRun[]; cursor: string | null } | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts over
  useEffect(() => setExtra(null), [workflowId, status, recordId])
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<unknown>(null)
  const rows = [...(first.data?.data ?? []), ...(extra?.rows ?? [])]
  const cursor = extra ? extra.cursor : (first.data?.nextCursor ?? null)

  const loadMore = async () => {
    if (!cursor) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await runsApi.list({ workflowId, status, recordId, cursor, limit: PAGE })
      setExtra({ rows: [...(extra?.rows ?? []), ...page.data], cursor: page.nextCursor })
    } catch (e) {
      setMoreError(e)
    } finally {
      setLoadingMore(false)
    }
  }

  const refresh = () => {
    setExtra(null)
    first.reload()
  }

  /** a run the drawer changed (retried, cancelled) replaces its row */
  const replace = ({ steps: _steps, payload: _payload, ...run }: WorkflowRunDetail) => {
    const swap = (list: WorkflowRun[]) => list.map((x) => (x.id === run.id ? { ...x, ...run } : x))
    first.setData((old) => (old ? { ...old, data: swap(old.data) } : old))
    setExtra((old) => (old ? { ...old, rows: swap(old.rows) } : old))
  }

  const time = (iso: string) => formatDateTime(iso, locale, tz)
  const workflowOptions = (workflows.data?.data ?? [])
    .map((w) => ({ value: w.id, label: w.name }))
    .sort((a, b) => a.label.localeCompare(b.label))
  if (workflowId && !workflowOptions.some((o) => o.value === workflowId) && workflows.data)
    workflowOptions.unshift({ value: workflowId, label: t('automation.runs.deletedWorkflow') })
  const filtered = Boolean(workflowId || status || recordId)

  return (
    <div className="km-admin km-auto" data-testid="settings-workflow-runs">
      <Card
        title={
          <span className="km-admin-role-label">
            <Link
              to="/settings/workflows"
              aria-label={t('automation.runs.toWorkflows')}
              title={t('automation.runs.toWorkflows')}
            >
              <ArrowLeftOutlined />
            </Link>
            <span className="km-admin-ellipsis">{t('automation.runs.title')}</span>
          </span>
        }
        extra={
          <Button icon={<ReloadOutlined />} onClick={refresh} data-testid="runs-refresh">
            {isMobile ? null : t('automation.runs.refresh')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" className="km-admin-hint">
          {t('automation.runs.intro')}
        </Typography.Paragraph>
        <div className="km-admin-toolbar">
          <Select
            className="km-admin-filter"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('automation.runs.allWorkflows')}
            value={workflowId}
            onChange={(v?: string) => setParam('workflowId', v)}
            options={workflowOptions}
            loading={workflows.loading}
            aria-label={t('automation.runs.workflow')}
            data-testid="runs-filter-workflow"
          />
          <Select
            className="km-admin-filter"
            allowClear
            placeholder={t('automation.runs.allStatuses')}
            value={status}
            onChange={(v?: RunStatus) => setParam('status', v)}
            options={RUN_STATUSES.map((s) => ({ value: s, label: t(`automation.status.${s}`) }))}
            aria-label={t('automation.runs.status')}
            data-testid="runs-filter-status"
          />
          {recordId ? (
            <Tag
              closable={{ 'aria-label': t('automation.runs.clearRecord') }}
              onClose={() => setParam('recordId', undefined)}
              data-testid="runs-filter-record"
            >
              {t('automation.runs.onRecord')}{' '}
              {rows[0]?.object ? <RecordLink object={rows[0].object} id={recordId} /> : recordId.slice(0, 8)}
            </Tag>
          ) : null}
        </div>
        {first.error ? <ProblemAlert error={first.error} onRetry={first.reload} /> : null}
        {moreError ? <ProblemAlert error={moreError} /> : null}
        {first.loading && !first.data ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : first.data ? (
          <>
            <Table<WorkflowRun>
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              onRow={(r) => ({
                onClick: (e) => {
                  // links inside the row go where they point
                  if ((e.target as HTMLElement).closest('a')) return
                  setParam('run', r.id)
                },
                className: 'km-auto-clickable',
              })}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={filtered ? t('automation.runs.emptyFiltered') : t('automation.runs.empty')}
                  />
                ),
              }}
              columns={[
                {
                  key: 'workflow',
                  title: t('automation.runs.workflow'),
                  render: (_, r) => (
                    <div className="km-admin-cell-main" data-testid="run-row" data-run={r.id}>
                      <button
                        type="button"
                        className="km-auto-linkish"
                        onClick={(e) => {
                          e.stopPropagation()
                          setParam('run', r.id)
                        }}
                      >
                        {r.workflowName}
                      </button>
                      <Typography.Text type="secondary" className="km-admin-sub">
                        {t('automation.runs.versionN', { n: r.version })}
                        {isMobile ? ` · ${time(r.startedAt)}` : ''}
                      </Typography.Text>
                      {isMobile && r.object && r.recordId ? (
                        <span className="km-admin-sub">
                          <RecordLink object={r.object} id={r.recordId} />
                        </span>
                      ) : null}
                      {isMobile && r.error ? (
                        <Typography.Text type="danger" className="km-admin-sub">
                          {r.error.message}
                        </Typography.Text>
                      ) : null}
                    </div>
                  ),
                },
                {
                  key: 'status',
                  title: t('automation.runs.status'),
                  render: (_, r) => (
                    <RunStatusTag
                      status={r.status}
                      waitingFor={r.waitingFor}
                      wakeAt={r.wakeAt}
                      detailed={!isMobile}
                    />
                  ),
                },
                {
                  key: 'trigger',
                  title: t('automation.runs.trigger'),
                  responsive: ['md'],
                  render: (_, r) => (
                    <span className="km-admin-nowrap">{triggerTypeText(r.triggerType, t)}</span>
                  ),
                },
                {
                  key: 'record',
                  title: t('automation.runs.record'),
                  responsive: ['md'],
                  render: (_, r) =>
                    r.object && r.recordId ? <RecordLink object={r.object} id={r.recordId} /> : '—',
                },
                {
                  key: 'started',
                  title: t('automation.runs.started'),
                  responsive: ['md'],
                  render: (_, r) => <span className="km-admin-nowrap">{time(r.startedAt)}</span>,
                },
                {
                  key: 'duration',
                  title: t('automation.runs.duration'),
                  responsive: ['md'],
                  align: 'end',
                  render: (_, r) => {
                    const ms = runDuration(r)
                    return (
                      <span className="km-admin-nowrap">{ms === null ? '—' : formatDuration(ms, t)}</span>
                    )
                  },
                },
                {
                  key: 'error',
                  title: t('automation.runs.error'),
                  responsive: ['md'],
                  render: (_, r) =>
                    r.error ? (
                      <Typography.Text type="danger" className="km-auto-error" data-testid="run-error">
                        {r.error.message}
                      </Typography.Text>
                    ) : null,
                },
              ]}
            />
            {cursor ? (
              <div className="km-admin-more">
                <Button onClick={loadMore} loading={loadingMore} data-testid="runs-more">
                  {t('automation.runs.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        ) : null}
      </Card>
      {openRun ? (
        <RunDetailDrawer
          runId={openRun}
          canWrite={canWrite}
          onClose={() => setParam('run', undefined)}
          onChanged={replace}
        />
      ) : null}
    </div>
  )
}
