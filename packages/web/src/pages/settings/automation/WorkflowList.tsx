import {
  AppstoreAddOutlined,
  EditOutlined,
  HistoryOutlined,
  MoreOutlined,
  PlusOutlined,
  WarningOutlined,
} from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Dropdown,
  Empty,
  Popover,
  Skeleton,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useMetadata } from '../../../app/metadata.tsx'
import { useMe } from '../../../app/session.tsx'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import { publishProblems, type Workflow, workflowsApi } from '../../../platform/Automation/automation-api.ts'
import { RunStatusTag } from '../../../platform/Automation/RunStatusTag.tsx'
import { refusalText } from '../../../platform/Automation/refusal.ts'
import { triggerText } from '../../../platform/Automation/trigger-text.ts'
import { forgetWorkflows } from '../../../platform/Automation/useManualWorkflows.ts'
import { formatDateTime } from '../../../platform/format.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { canAutomation } from '../../../platform/permissions.ts'
import { useLoad } from '../admin/useLoad.ts'
import '../admin/admin.css'
import './automation.css'
import { freeName, newWorkflowDefinition } from './new-workflow.ts'
import { ProblemList } from './ProblemList.tsx'
import { RateLimitModal } from './RateLimitModal.tsx'
import { TemplatesDrawer } from './TemplatesDrawer.tsx'
import { useLastRuns } from './useLastRuns.ts'

const editorPath = (id: string) => `/settings/workflows/${id}`
const runsPath = (id: string) => `/settings/workflow-runs?workflowId=${id}`

/**
 * `/settings/workflows`: every workflow with its trigger in words, the published version and unpublished
 * changes, the draft's problems, on/off, and its latest run; publish (a refusal lists each problem),
 * delete, rate limit; new from a template or from scratch (then the editor). Changing needs the
 * `_automation` update right; reading needs read.
 */
export function WorkflowList() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const meta = useMetadata()
  const me = useMe()
  const tz = me.workspace.timeZone
  const canWrite = canAutomation(me, 'write')
  const isMobile = useIsMobile()
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const list = useLoad((s) => workflowsApi.list(s), [])
  const [runsKey, setRunsKey] = useState(0)
  const workflows = list.data?.data
  const last = useLastRuns(workflows, runsKey)
  const [templates, setTemplates] = useState(false)
  const [rateOf, setRateOf] = useState<Workflow | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const replace = (w: Workflow) => {
    forgetWorkflows()
    list.setData((old) => {
      const l = old?.data ?? []
      return { data: l.some((x) => x.id === w.id) ? l.map((x) => (x.id === w.id ? w : x)) : [w, ...l] }
    })
  }

  /** Runs a change; a refusal is shown above the table and as a toast. */
  const act = async (key: string, fn: () => Promise<void>) => {
    setBusy(key)
    setActionError(null)
    try {
      await fn()
    } catch (e) {
      setActionError(e)
      message.error(refusalText(e, t))
    } finally {
      setBusy(null)
    }
  }

  const publish = (w: Workflow) =>
    act(`publish:${w.id}`, async () => {
      try {
        const next = await workflowsApi.publish(w.id)
        replace(next)
        message.success(t('automation.list.published', { name: next.name, n: next.publishedVersion }))
      } catch (e) {
        const problems = publishProblems(e)
        if (!problems.length) throw e
        // the server's list is the current one: the row shows it too
        replace({ ...w, problems })
        modal.error({
          title: t('automation.list.publishRefused', { name: w.name }),
          content: (
            <div data-testid="publish-problems">
              <Typography.Paragraph>
                {t('automation.list.publishRefusedHint', { count: problems.length })}
              </Typography.Paragraph>
              <ProblemList problems={problems} />
            </div>
          ),
          okText: t('automation.list.close'),
          width: 560,
        })
      }
    })

  const toggle = (w: Workflow, on: boolean) =>
    act(`toggle:${w.id}`, async () => {
      const next = await workflowsApi.setEnabled(w.id, on)
      replace(next)
      message.success(t(on ? 'automation.list.enabledOn' : 'automation.list.enabledOff', { name: w.name }))
    })

  const remove = (w: Workflow) =>
    modal.confirm({
      title: t('automation.list.deleteConfirm', { name: w.name }),
      content: t('automation.list.deleteHint'),
      okText: t('automation.list.delete'),
      okButtonProps: { danger: true, 'data-testid': 'workflow-delete-ok' } as ButtonProps,
      cancelText: t('action.cancel'),
      onOk: () =>
        act(`delete:${w.id}`, async () => {
          await workflowsApi.remove(w.id)
          forgetWorkflows()
          list.setData((old) => ({ data: (old?.data ?? []).filter((x) => x.id !== w.id) }))
          message.success(t('automation.list.deleted', { name: w.name }))
        }),
    })

  const create = () =>
    act('new', async () => {
      const first = meta.objects[0]
      if (!first) throw new Error('no objects')
      const w = await workflowsApi.create({
        name: freeName(
          t('automation.list.newName'),
          (workflows ?? []).map((x) => x.name),
        ),
        definition: newWorkflowDefinition(first.name, t('automation.list.newNote')),
      })
      forgetWorkflows()
      navigate(editorPath(w.id))
    })

  const trigger = (w: Workflow) => triggerText(w.draft.trigger, meta.byName, locale, t)

  const versionTags = (w: Workflow): ReactNode => (
    <span className="km-admin-tags">
      {w.publishedVersion === null ? (
        <Tag data-testid="workflow-unpublished">{t('automation.list.neverPublished')}</Tag>
      ) : (
        <Tag color="blue" data-testid="workflow-version">
          {t('automation.list.versionN', { n: w.publishedVersion })}
        </Tag>
      )}
      {w.publishedVersion !== null && w.hasChanges ? (
        <Tag color="gold" data-testid="workflow-changes">
          {t('automation.list.hasChanges')}
        </Tag>
      ) : null}
      {w.problems.length ? (
        <Popover
          trigger="click"
          title={t('automation.list.problemsTitle')}
          content={
            <div className="km-auto-popover">
              <ProblemList problems={w.problems} />
            </div>
          }
        >
          <Tag
            color="error"
            icon={<WarningOutlined />}
            className="km-auto-clickable"
            role="button"
            tabIndex={0}
            data-testid="workflow-problem-count"
          >
            {t('automation.list.problems', { count: w.problems.length })}
          </Tag>
        </Popover>
      ) : null}
    </span>
  )

  const lastRun = (w: Workflow): ReactNode => {
    if (last === undefined) return <Skeleton.Button active size="small" />
    const r = last.get(w.id)
    if (!r) return <span className="km-auto-sub">{t('automation.list.noRuns')}</span>
    return (
      <span className="km-auto-last" data-testid="workflow-last-run">
        <RunStatusTag status={r.status} waitingFor={r.waitingFor} wakeAt={r.wakeAt} />
        <Link to={`${runsPath(w.id)}&run=${r.id}`} className="km-auto-sub">
          {formatDateTime(r.startedAt, locale, tz)}
        </Link>
      </span>
    )
  }

  const canPublish = (w: Workflow) => w.publishedVersion === null || w.hasChanges

  const menu = (w: Workflow) => ({
    items: [
      ...(isMobile
        ? [
            { key: 'edit', icon: <EditOutlined />, label: t('automation.list.edit') },
            ...(canWrite && canPublish(w) ? [{ key: 'publish', label: t('automation.list.publish') }] : []),
          ]
        : []),
      { key: 'runs', icon: <HistoryOutlined />, label: t('automation.list.runs') },
      ...(canWrite
        ? [
            {
              key: 'rate',
              label: t('automation.list.rateLimit', { n: w.maxRunsPerMinute.toLocaleString(locale) }),
            },
            { type: 'divider' as const },
            { key: 'delete', danger: true, label: t('automation.list.delete') },
          ]
        : []),
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'edit') navigate(editorPath(w.id))
      else if (key === 'publish') void publish(w)
      else if (key === 'runs') navigate(runsPath(w.id))
      else if (key === 'rate') setRateOf(w)
      else if (key === 'delete') remove(w)
    },
  })

  return (
    <div className="km-admin km-auto" data-testid="settings-workflows">
      <Card
        title={t('automation.list.title')}
        extra={
          <span className="km-auto-card-actions">
            <Button
              icon={<AppstoreAddOutlined />}
              onClick={() => setTemplates(true)}
              data-testid="workflow-from-template"
            >
              {t(isMobile ? 'automation.list.templateShort' : 'automation.list.fromTemplate')}
            </Button>
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                loading={busy === 'new'}
                disabled={meta.objects.length === 0}
                onClick={create}
                data-testid="workflow-new"
              >
                {t(isMobile ? 'automation.list.newShort' : 'automation.list.new')}
              </Button>
            ) : null}
          </span>
        }
      >
        <Typography.Paragraph type="secondary" className="km-admin-hint">
          {t('automation.list.intro')}{' '}
          <Link to="/settings/workflow-runs">{t('automation.list.allRuns')}</Link>
        </Typography.Paragraph>
        {canWrite ? null : (
          <Typography.Paragraph type="secondary" className="km-admin-hint" data-testid="workflows-read-only">
            {t('automation.list.readOnly')}
          </Typography.Paragraph>
        )}
        {list.error ? <ProblemAlert error={list.error} onRetry={list.reload} /> : null}
        {actionError ? (
          <Alert
            className="km-auto-gap"
            type="error"
            showIcon
            role="alert"
            title={refusalText(actionError, t)}
            closable={{ onClose: () => setActionError(null) }}
            data-testid="workflow-action-error"
          />
        ) : null}
        {list.loading && !list.data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : workflows ? (
          <Table<Workflow>
            rowKey="id"
            size="middle"
            dataSource={workflows}
            pagination={false}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automation.list.empty')} />
              ),
            }}
            columns={[
              {
                key: 'name',
                title: t('automation.list.name'),
                render: (_, w) => (
                  <div
                    className="km-admin-cell-main km-auto-name"
                    data-testid="workflow-row"
                    data-workflow={w.id}
                  >
                    <Link to={editorPath(w.id)} className="km-admin-strong">
                      {w.name}
                    </Link>
                    {w.description ? (
                      <Typography.Text type="secondary" className="km-admin-sub">
                        {w.description}
                      </Typography.Text>
                    ) : null}
                    {isMobile ? (
                      <Typography.Text className="km-admin-sub">{trigger(w)}</Typography.Text>
                    ) : null}
                    {versionTags(w)}
                    {isMobile ? <span className="km-admin-sub">{lastRun(w)}</span> : null}
                  </div>
                ),
              },
              ...(isMobile
                ? []
                : [
                    {
                      key: 'trigger',
                      title: t('automation.list.trigger'),
                      render: (_: unknown, w: Workflow) => (
                        <span className="km-auto-trigger" data-testid="workflow-trigger">
                          {trigger(w)}
                        </span>
                      ),
                    },
                    {
                      key: 'last',
                      title: t('automation.list.lastRun'),
                      render: (_: unknown, w: Workflow) => lastRun(w),
                    },
                  ]),
              {
                key: 'enabled',
                title: t('automation.list.enabled'),
                width: 72,
                render: (_, w) => (
                  <Switch
                    size="small"
                    checked={w.enabled}
                    disabled={!canWrite}
                    loading={busy === `toggle:${w.id}`}
                    aria-label={t('automation.list.enabledOf', { name: w.name })}
                    onChange={(on) => void toggle(w, on)}
                    data-testid="workflow-enabled"
                  />
                ),
              },
              {
                key: 'actions',
                align: 'end',
                render: (_, w) => (
                  <span className="km-admin-actions km-auto-row-actions">
                    {isMobile ? null : (
                      <>
                        <Tooltip title={t('automation.list.edit')}>
                          <Link to={editorPath(w.id)} data-testid="workflow-edit">
                            <Button
                              size="small"
                              type="text"
                              icon={<EditOutlined />}
                              aria-label={t('automation.list.editOf', { name: w.name })}
                            />
                          </Link>
                        </Tooltip>
                        {canWrite ? (
                          <Button
                            size="small"
                            disabled={!canPublish(w)}
                            loading={busy === `publish:${w.id}`}
                            onClick={() => void publish(w)}
                            title={canPublish(w) ? undefined : t('automation.list.nothingToPublish')}
                            data-testid="workflow-publish"
                          >
                            {t('automation.list.publish')}
                          </Button>
                        ) : null}
                      </>
                    )}
                    <Dropdown trigger={['click']} menu={menu(w)}>
                      <Button
                        size="small"
                        type="text"
                        icon={<MoreOutlined />}
                        aria-label={t('automation.list.more', { name: w.name })}
                        data-testid="workflow-more"
                      />
                    </Dropdown>
                  </span>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
      {templates ? (
        <TemplatesDrawer
          canWrite={canWrite}
          installed={new Set((workflows ?? []).flatMap((w) => (w.templateKey ? [w.templateKey] : [])))}
          onClose={() => setTemplates(false)}
          onInstalled={(w) => {
            setTemplates(false)
            replace(w)
            setRunsKey((n) => n + 1)
            message.success(t('automation.templates.installed', { name: w.name }))
          }}
        />
      ) : null}
      {rateOf ? (
        <RateLimitModal
          workflow={rateOf}
          onClose={() => setRateOf(null)}
          onSaved={(w) => {
            setRateOf(null)
            replace(w)
            message.success(t('automation.rate.saved', { n: w.maxRunsPerMinute.toLocaleString(locale) }))
          }}
        />
      ) : null}
    </div>
  )
}
