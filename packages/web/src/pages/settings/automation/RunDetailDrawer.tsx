import { ReloadOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Collapse,
  Descriptions,
  Drawer,
  Empty,
  Skeleton,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../../app/session.tsx'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import {
  runsApi,
  type WorkflowRunDetail,
  type WorkflowStepRun,
} from '../../../platform/Automation/automation-api.ts'
import { RunStatusTag } from '../../../platform/Automation/RunStatusTag.tsx'
import { refusalText } from '../../../platform/Automation/refusal.ts'
import {
  formatDuration,
  RUN_STATUS_COLOR,
  runDuration,
  stepTypeText,
} from '../../../platform/Automation/run-format.ts'
import { triggerTypeText } from '../../../platform/Automation/trigger-text.ts'
import { formatDateTime } from '../../../platform/format.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { useLoad } from '../admin/useLoad.ts'
import { JsonView } from './JsonView.tsx'
import { RecordLink } from './RecordLink.tsx'

interface Props {
  runId: string
  /** may retry and cancel (the `_automation` update right) */
  canWrite: boolean
  onClose(): void
  /** the run after a retry or cancel */
  onChanged(run: WorkflowRunDetail): void
}

/**
 * One run: its trigger, record and timing, then each step in order with status, duration, attempt,
 * input and output (pretty JSON, folded) and error; Retry a failed run from the step that failed, Cancel
 * a running or waiting one (both asked first; the server's refusal is shown).
 */
export function RunDetailDrawer({ runId, canWrite, onClose, onChanged }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const tz = useMe().workspace.timeZone
  const isMobile = useIsMobile()
  const { modal, message } = App.useApp()
  const run = useLoad((s) => runsApi.get(runId, s), [runId])
  const [actionError, setActionError] = useState<unknown>(null)
  const [busy, setBusy] = useState<'retry' | 'cancel' | null>(null)
  const r = run.data
  const time = (iso: string | null) => (iso ? formatDateTime(iso, locale, tz) : '—')

  const act = (action: 'retry' | 'cancel') =>
    modal.confirm({
      title: t(action === 'retry' ? 'automation.runs.retryConfirm' : 'automation.runs.cancelConfirm'),
      content: t(action === 'retry' ? 'automation.runs.retryHint' : 'automation.runs.cancelHint'),
      okText: t(action === 'retry' ? 'automation.runs.retry' : 'automation.runs.cancelRun'),
      okButtonProps: {
        danger: action === 'cancel',
        'data-testid': `run-${action}-ok`,
      } as ButtonProps,
      cancelText: t('action.cancel'),
      onOk: async () => {
        setActionError(null)
        setBusy(action)
        try {
          const next = await (action === 'retry' ? runsApi.retry(runId) : runsApi.cancel(runId))
          run.setData(() => next)
          onChanged(next)
          message.success(t(action === 'retry' ? 'automation.runs.retried' : 'automation.runs.cancelled'))
        } catch (e) {
          setActionError(e)
          message.error(refusalText(e, t))
        } finally {
          setBusy(null)
        }
      },
    })

  const step = (s: WorkflowStepRun) => (
    <li key={s.seq} className="km-auto-step" data-testid="run-step" data-step={s.stepId}>
      <div className="km-auto-step-head">
        <span className="km-auto-step-seq">{s.seq}</span>
        <span className="km-admin-strong">{stepTypeText(s.type, t)}</span>
        <Typography.Text code>{s.stepId}</Typography.Text>
        <Tag color={RUN_STATUS_COLOR[s.status]} data-testid="step-status">
          {t(`automation.status.${s.status}`)}
        </Tag>
        {s.attempt > 1 ? <Tag>{t('automation.runs.attemptN', { n: s.attempt })}</Tag> : null}
        <span className="km-auto-step-meta">
          {formatDuration(s.durationMs, t)} · {time(s.startedAt)}
        </span>
      </div>
      {s.error ? (
        <Typography.Text type="danger" className="km-auto-step-error" data-testid="step-error">
          {s.error.message}
        </Typography.Text>
      ) : null}
      <Collapse
        size="small"
        ghost
        className="km-auto-step-io"
        defaultActiveKey={s.status === 'failed' ? ['input'] : []}
        items={[
          { key: 'input', label: t('automation.runs.input'), children: <JsonView value={s.input} /> },
          { key: 'output', label: t('automation.runs.output'), children: <JsonView value={s.output} /> },
        ]}
      />
    </li>
  )

  const duration = r ? runDuration(r) : null
  return (
    <Drawer
      open
      onClose={onClose}
      size={isMobile ? '92%' : 640}
      placement={isMobile ? 'bottom' : 'right'}
      title={
        r ? (
          <span className="km-admin-role-label">
            <span className="km-admin-ellipsis">{r.workflowName}</span>
            <RunStatusTag status={r.status} waitingFor={r.waitingFor} wakeAt={r.wakeAt} />
          </span>
        ) : (
          t('automation.runs.detail')
        )
      }
      extra={
        r ? (
          <span className="km-admin-actions">
            <Button
              type="text"
              icon={<ReloadOutlined />}
              onClick={run.reload}
              aria-label={t('automation.runs.refresh')}
              title={t('automation.runs.refresh')}
            />
            {canWrite && r.status === 'failed' ? (
              <Button
                type="primary"
                loading={busy === 'retry'}
                onClick={() => act('retry')}
                data-testid="run-retry"
              >
                {t('automation.runs.retry')}
              </Button>
            ) : null}
            {canWrite && (r.status === 'running' || r.status === 'waiting') ? (
              <Button
                danger
                loading={busy === 'cancel'}
                onClick={() => act('cancel')}
                data-testid="run-cancel"
              >
                {t('automation.runs.cancelRun')}
              </Button>
            ) : null}
          </span>
        ) : null
      }
      data-testid="run-detail"
    >
      {run.error ? <ProblemAlert error={run.error} onRetry={run.reload} /> : null}
      {actionError ? (
        <Alert
          className="km-auto-gap"
          type="error"
          showIcon
          role="alert"
          title={refusalText(actionError, t)}
          data-testid="run-action-error"
        />
      ) : null}
      {run.loading && !r ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : r ? (
        <div className="km-auto-detail" data-testid="run-detail-body">
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'version',
                label: t('automation.runs.version'),
                children: t('automation.runs.versionN', { n: r.version }),
              },
              {
                key: 'trigger',
                label: t('automation.runs.trigger'),
                children: triggerTypeText(r.triggerType, t),
              },
              {
                key: 'record',
                label: t('automation.runs.record'),
                children: r.object && r.recordId ? <RecordLink object={r.object} id={r.recordId} /> : '—',
              },
              { key: 'started', label: t('automation.runs.started'), children: time(r.startedAt) },
              { key: 'finished', label: t('automation.runs.finished'), children: time(r.finishedAt) },
              {
                key: 'duration',
                label: t('automation.runs.duration'),
                children: duration === null ? '—' : formatDuration(duration, t),
              },
              ...(r.depth > 1
                ? [{ key: 'depth', label: t('automation.runs.depth'), children: String(r.depth) }]
                : []),
            ]}
          />
          {r.error ? (
            <Alert
              type={r.status === 'cancelled' ? 'info' : 'error'}
              showIcon
              title={r.error.message}
              data-testid="run-detail-error"
            />
          ) : null}
          <Typography.Title level={5} className="km-auto-steps-title">
            {t('automation.runs.steps', { count: r.steps.length })}
          </Typography.Title>
          {r.steps.length ? (
            <ol className="km-auto-steps">{r.steps.map(step)}</ol>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automation.runs.noSteps')} />
          )}
          <Collapse
            size="small"
            className="km-auto-payload"
            items={[
              {
                key: 'payload',
                label: t('automation.runs.payload'),
                children: <JsonView value={r.payload} />,
              },
            ]}
          />
        </div>
      ) : null}
    </Drawer>
  )
}
