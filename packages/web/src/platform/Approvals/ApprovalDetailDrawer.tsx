import type { Locale } from '@kemai/shared/i18n/messages'
import { Descriptions, Drawer, Skeleton, Steps, type StepsProps, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import { useMe } from '../../app/session.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { labelOf } from '../label.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { ApprovalRecordLink } from './ApprovalRecordLink.tsx'
import { ApprovalStatusTag } from './ApprovalStatusTag.tsx'
import { lockText } from './approval-format.ts'
import { type ApprovalDetail, type ApprovalTask, approvalsApi } from './approvals-api.ts'
import { DecisionBox } from './DecisionBox.tsx'
import './approvals.css'

type StepStatus = NonNullable<NonNullable<StepsProps['items']>[number]['status']>

const TASK_COLOR: Record<ApprovalTask['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  skipped: 'default',
}

/** How far a level got: its latest round decides (a reject back to it opens a new round). */
export function levelStatus(detail: ApprovalDetail, index: number): StepStatus {
  const tasks = detail.tasks.filter((x) => x.level === index)
  if (!tasks.length) return 'wait'
  const round = Math.max(...tasks.map((x) => x.round))
  const latest = tasks.filter((x) => x.round === round)
  if (latest.some((x) => x.status === 'rejected')) return 'error'
  if (detail.status === 'pending' && detail.level?.index === index) return 'process'
  if (latest.some((x) => x.status === 'approved')) return 'finish'
  return 'wait'
}

function TaskLine({ task, tz }: { task: ApprovalTask; tz: string }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  return (
    <li className="km-appr-task" data-testid="approval-task" data-status={task.status}>
      <div className="km-appr-task-head">
        <UserName id={task.approverId} />
        <Tag color={TASK_COLOR[task.status]}>{t(`approvals.taskStatus.${task.status}`)}</Tag>
        {task.escalated ? (
          <Tag color="orange" data-testid="approval-escalated">
            {t('approvals.escalated')}
          </Tag>
        ) : null}
        {task.decidedAt ? (
          <span className="km-muted">{formatDateTime(task.decidedAt, locale, tz)}</span>
        ) : task.dueAt ? (
          <span className="km-muted" data-testid="approval-due">
            {t('approvals.dueAt', { at: formatDateTime(task.dueAt, locale, tz) })}
          </span>
        ) : null}
      </div>
      {task.comment ? (
        <div className="km-appr-comment" data-testid="approval-task-comment">
          {task.comment === 'timeout' && task.status === 'skipped' ? t('approvals.timedOut') : task.comment}
        </div>
      ) : null}
    </li>
  )
}

/** The tasks of one level, grouped by round (newest last) when the level was opened again. */
function LevelTasks({ detail, index, tz }: { detail: ApprovalDetail; index: number; tz: string }) {
  const { t } = useTranslation()
  const tasks = detail.tasks.filter((x) => x.level === index)
  if (!tasks.length) return <span className="km-muted">{t('approvals.notReached')}</span>
  const rounds = [...new Set(tasks.map((x) => x.round))].sort((a, b) => a - b)
  return (
    <div>
      {rounds.map((r) => (
        <div key={r} data-testid="approval-round" data-round={r}>
          {rounds.length > 1 ? <div className="km-appr-round">{t('approvals.round', { n: r })}</div> : null}
          <ul className="km-appr-tasks">
            {tasks
              .filter((x) => x.round === r)
              .map((x) => (
                <TaskLine key={`${x.approverId}-${x.escalated}`} task={x} tz={tz} />
              ))}
          </ul>
        </div>
      ))}
    </div>
  )
}

/** The request itself: what, whose, where it stands; the levels as steps; the decision when it is mine. */
export function ApprovalDetailView({
  detail,
  onDecided,
}: {
  detail: ApprovalDetail
  onDecided(detail: ApprovalDetail): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const tz = useMe().workspace.timeZone
  const meta = useMetadata().byName.get(detail.object ?? '')
  const fieldLabel = (name: string) => {
    const f = meta?.fields.find((x) => x.name === name)
    return f ? labelOf(f.label, locale) : name
  }
  const mine = detail.status === 'pending' && detail.myTask === 'pending'
  return (
    <div className="km-appr-detail" data-testid="approval-detail" data-status={detail.status}>
      <Typography.Title level={5} className="km-appr-title" data-testid="approval-title">
        {detail.title} <ApprovalStatusTag status={detail.status} />
      </Typography.Title>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'record',
            label: t('approvals.col.record'),
            children: <ApprovalRecordLink object={detail.object} id={detail.recordId} />,
          },
          { key: 'workflow', label: t('approvals.col.workflow'), children: detail.workflowName },
          {
            key: 'submitter',
            label: t('approvals.col.submitter'),
            children: <UserName id={detail.submitterId} />,
          },
          {
            key: 'created',
            label: t('approvals.col.created'),
            children: formatDateTime(detail.createdAt, locale, tz),
          },
          ...(detail.decidedAt
            ? [
                {
                  key: 'decided',
                  label: t('approvals.decidedAt'),
                  children: formatDateTime(detail.decidedAt, locale, tz),
                },
              ]
            : []),
          ...(detail.status === 'pending'
            ? [{ key: 'lock', label: t('approvals.locked'), children: lockText(detail.lock, fieldLabel, t) }]
            : []),
        ]}
      />
      <Steps
        orientation="vertical"
        size="small"
        className="km-appr-steps"
        data-testid="approval-steps"
        items={detail.levels.map((lvl, i) => ({
          title: (
            <span data-testid="approval-level">
              {lvl.name || t('approvals.levelN', { n: i + 1 })}{' '}
              <span className="km-muted">· {t(`approvals.mode.${lvl.mode}`)}</span>
            </span>
          ),
          status: levelStatus(detail, i),
          content: <LevelTasks detail={detail} index={i} tz={tz} />,
        }))}
      />
      {mine ? <DecisionBox approvalId={detail.id} onDecided={onDecided} /> : null}
    </div>
  )
}

/** `?id=<approval>` of the approvals page (and a notification's link) opens this drawer. */
export function ApprovalDetailDrawer({
  id,
  onClose,
  onDecided,
}: {
  id: string | null
  onClose(): void
  onDecided?(detail: ApprovalDetail): void
}) {
  const { t } = useTranslation()
  const isMobile = useIsMobile()
  const [detail, setDetail] = useState<ApprovalDetail | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!id) return
    const ctl = new AbortController()
    void attempt
    setDetail(null)
    setError(null)
    approvalsApi
      .get(id, ctl.signal)
      .then(setDetail)
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [id, attempt])

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={t('approvals.detailTitle')}
      size={isMobile ? '92%' : 560}
      placement={isMobile ? 'bottom' : 'right'}
      destroyOnHidden
      data-testid="approval-drawer"
    >
      {error ? (
        <ProblemAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : detail ? (
        <ApprovalDetailView
          detail={detail}
          onDecided={(d) => {
            setDetail(d)
            onDecided?.(d)
          }}
        />
      ) : (
        <Skeleton active paragraph={{ rows: 6 }} />
      )}
    </Drawer>
  )
}
