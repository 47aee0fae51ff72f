import type { Locale } from '@kemai/shared/i18n/messages'
import {
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useMe } from '../../../app/session.tsx'
import { formatDateTime } from '../../../platform/format.ts'
import { ProblemAlert } from '../../../platform/ProblemAlert.tsx'
import { wallTimeToIso } from '../../../platform/time-zone.ts'
import { type AuditEntry, auditApi, usersAdminApi } from './api.ts'
import './admin.css'
import { useLoad } from './useLoad.ts'

const PAGE = 50
/** Areas that write the audit log (docs/access.md §3); each is offered as a `area.*` filter. */
const AREAS = [
  'auth',
  'user',
  'team',
  'role',
  'api_key',
  'webhook',
  'metadata',
  'import',
  'export',
  'records',
  'file',
  'workspace',
]
const ACTION_PATTERN = /^[a-z_]+(\.[a-z_]+)*(\.\*)?$/

/** `/settings/audit?action=&actor=&from=&to=`: who did what and when, newest first, with details. */
export function AuditSettings() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const tz = useMe().workspace.timeZone
  const [params, setParams] = useSearchParams()
  const action = params.get('action') ?? ''
  const actor = params.get('actor') ?? ''
  const from = params.get('from') ?? ''
  const to = params.get('to') ?? ''
  const [actionText, setActionText] = useState(action)
  useEffect(() => setActionText(action), [action])
  const users = useLoad((s) => usersAdminApi.list(true, s), [])
  const userName = useMemo(() => new Map((users.data?.data ?? []).map((u) => [u.id, u.name])), [users.data])

  // days in the workspace's zone: [from 00:00, the day after `to` 00:00)
  const query = {
    action: action || undefined,
    actorId: actor || undefined,
    from: from ? wallTimeToIso(`${from}T00:00:00`, tz) : undefined,
    to: to ? wallTimeToIso(`${dayjs(to).add(1, 'day').format('YYYY-MM-DD')}T00:00:00`, tz) : undefined,
  }
  const first = useLoad((s) => auditApi.list({ ...query, limit: PAGE }, s), [action, actor, from, to, tz])
  const [extra, setExtra] = useState<{ rows: AuditEntry[]; cursor: string | null } | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: new filters start over
  useEffect(() => setExtra(null), [action, actor, from, to])
  const [moreError, setMoreError] = useState<unknown>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const rows = [...(first.data?.data ?? []), ...(extra?.rows ?? [])]
  const cursor = extra ? extra.cursor : (first.data?.nextCursor ?? null)

  const set = (patch: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v)
          else next.delete(k)
        }
        return next
      },
      { replace: true },
    )

  const loadMore = async () => {
    if (!cursor) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await auditApi.list({ ...query, cursor, limit: PAGE })
      setExtra({ rows: [...(extra?.rows ?? []), ...page.data], cursor: page.nextCursor })
    } catch (e) {
      setMoreError(e)
    } finally {
      setLoadingMore(false)
    }
  }

  const applyAction = (v: string) => {
    const text = v.trim()
    if (!text || ACTION_PATTERN.test(text)) set({ action: text || null })
  }
  const actionInvalid = actionText.trim() !== '' && !ACTION_PATTERN.test(actionText.trim())
  const areaLabel = (a: string) => {
    const area = a.split('.')[0] ?? a
    return AREAS.includes(area) ? t(`settings.audit.area.${area}`) : area
  }
  const filtered = Boolean(action || actor || from || to)

  const details = (e: AuditEntry) => (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="km-admin-details"
      items={[
        {
          key: 'id',
          label: t('settings.audit.entryId'),
          children: <Typography.Text code>{e.id}</Typography.Text>,
        },
        ...(e.targetType
          ? [
              {
                key: 'target',
                label: t('settings.audit.target'),
                children: `${e.targetType} · ${e.targetId ?? '—'}`,
              },
            ]
          : []),
        ...(e.ip ? [{ key: 'ip', label: t('settings.audit.ip'), children: e.ip }] : []),
        ...(e.apiKeyId ? [{ key: 'key', label: t('settings.audit.apiKey'), children: e.apiKeyId }] : []),
        ...Object.entries(e.detail).map(([k, v]) => ({
          key: `d-${k}`,
          label: k,
          children: (
            <pre className="km-admin-pre km-admin-pre-inline">
              {typeof v === 'string' ? v : JSON.stringify(v, null, 2)}
            </pre>
          ),
        })),
      ]}
    />
  )

  return (
    <div className="km-admin" data-testid="settings-audit">
      <Card title={t('settings.audit.title')}>
        <div className="km-admin-toolbar km-admin-filters">
          <AutoComplete
            className="km-admin-filter"
            value={actionText}
            onChange={setActionText}
            onSelect={(v: string) => applyAction(v)}
            onBlur={() => applyAction(actionText)}
            options={AREAS.map((a) => ({
              value: `${a}.*`,
              label: `${a}.* · ${t(`settings.audit.area.${a}`)}`,
            }))}
            status={actionInvalid ? 'error' : undefined}
            allowClear
            onClear={() => set({ action: null })}
            placeholder={t('settings.audit.action')}
            aria-label={t('settings.audit.action')}
            onKeyDown={(e) => {
              if (e.key === 'Enter') applyAction(actionText)
            }}
            data-testid="audit-action"
          />
          <Select
            className="km-admin-filter"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={actor || undefined}
            onChange={(v?: string) => set({ actor: v ?? null })}
            placeholder={t('settings.audit.actor')}
            aria-label={t('settings.audit.actor')}
            options={(users.data?.data ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }))}
          />
          <DatePicker.RangePicker
            className="km-admin-filter-range"
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            onChange={(v) => {
              const [a, b] = (v ?? [null, null]) as [Dayjs | null, Dayjs | null]
              set({ from: a ? a.format('YYYY-MM-DD') : null, to: b ? b.format('YYYY-MM-DD') : null })
            }}
            aria-label={t('settings.audit.dates')}
          />
          {filtered ? (
            <Button
              onClick={() => {
                setActionText('')
                set({ action: null, actor: null, from: null, to: null })
              }}
            >
              {t('settings.audit.clear')}
            </Button>
          ) : null}
        </div>
        {actionInvalid ? (
          <Typography.Text type="danger" className="km-admin-gap">
            {t('settings.audit.actionInvalid')}
          </Typography.Text>
        ) : null}
        {first.error ? <ProblemAlert error={first.error} onRetry={first.reload} /> : null}
        {moreError ? <ProblemAlert error={moreError} onRetry={loadMore} /> : null}
        {first.loading && !first.data ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : first.data ? (
          <>
            <Table<AuditEntry>
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              expandable={{ expandedRowRender: details }}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={filtered ? t('settings.audit.noMatch') : t('settings.audit.empty')}
                  />
                ),
              }}
              columns={[
                {
                  key: 'at',
                  title: t('settings.audit.at'),
                  render: (_, e) => (
                    <span className="km-admin-nowrap">{formatDateTime(e.at, locale, tz)}</span>
                  ),
                },
                {
                  key: 'action',
                  title: t('settings.audit.action'),
                  render: (_, e) => (
                    <span className="km-admin-cell-main" data-testid="audit-row">
                      <Tag>{areaLabel(e.action)}</Tag>
                      <Typography.Text code>{e.action}</Typography.Text>
                    </span>
                  ),
                },
                {
                  key: 'actor',
                  title: t('settings.audit.actor'),
                  responsive: ['md'],
                  render: (_, e) =>
                    e.actorId ? (
                      (userName.get(e.actorId) ?? e.actorId.slice(0, 8))
                    ) : (
                      <Typography.Text type="secondary">{t('settings.audit.system')}</Typography.Text>
                    ),
                },
                {
                  key: 'target',
                  title: t('settings.audit.target'),
                  responsive: ['lg'],
                  render: (_, e) => e.targetType ?? '—',
                },
              ]}
            />
            <div className="km-admin-more">
              <Typography.Text type="secondary">
                {t('settings.audit.shown', { count: rows.length })}
              </Typography.Text>
              {cursor ? (
                <Button onClick={loadMore} loading={loadingMore} data-testid="audit-more">
                  {t('settings.audit.loadMore')}
                </Button>
              ) : null}
            </div>
          </>
        ) : null}
      </Card>
    </div>
  )
}
