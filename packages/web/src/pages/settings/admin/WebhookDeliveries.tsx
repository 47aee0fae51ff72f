import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Empty, Segmented, Skeleton, Table, Tag, Tooltip, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../../app/session.tsx'
import { formatDateTime } from '../../../platform/format.ts'
import { ProblemAlert, problemText } from '../../../platform/ProblemAlert.tsx'
import { type Delivery, type DeliveryAttempt, type DeliveryStatus, type Webhook, webhooksApi } from './api.ts'
import { useLoad } from './useLoad.ts'

const PAGE = 50
const STATUS_COLOR: Record<DeliveryStatus, string> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'error',
}
type Filter = DeliveryStatus | 'all'

/** The delivery log of one webhook: status, response code and time per delivery, its attempts, redeliver. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const tz = useMe().workspace.timeZone
  const { message } = App.useApp()
  const [filter, setFilter] = useState<Filter>('all')
  const status = filter === 'all' ? undefined : filter
  const first = useLoad(
    (s) => webhooksApi.deliveries(webhook.id, { status, limit: PAGE }, s),
    [webhook.id, status],
  )
  // pages after the first; a new first page (filter, refresh) starts over
  const [extra, setExtra] = useState<{ rows: Delivery[]; cursor: string | null } | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts over
  useEffect(() => setExtra(null), [webhook.id, status])
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const rows = [...(first.data?.data ?? []), ...(extra?.rows ?? [])]
  const cursor = extra ? extra.cursor : (first.data?.nextCursor ?? null)

  const loadMore = async () => {
    if (!cursor) return
    setLoadingMore(true)
    setError(null)
    try {
      const page = await webhooksApi.deliveries(webhook.id, { status, cursor, limit: PAGE })
      setExtra({ rows: [...(extra?.rows ?? []), ...page.data], cursor: page.nextCursor })
    } catch (e) {
      setError(e)
    } finally {
      setLoadingMore(false)
    }
  }

  const redeliver = async (d: Delivery) => {
    setBusy(d.id)
    setError(null)
    try {
      const next = await webhooksApi.redeliver(webhook.id, d.id)
      const swap = (list: Delivery[]) => list.map((x) => (x.id === d.id ? next : x))
      first.setData((old) => (old ? { ...old, data: swap(old.data) } : old))
      if (extra) setExtra({ ...extra, rows: swap(extra.rows) })
      message.success(t('settings.webhooks.redelivered'))
    } catch (e) {
      setError(e)
      message.error(problemText(e, t).title)
    } finally {
      setBusy(null)
    }
  }

  const time = (iso: string | null) => (iso ? formatDateTime(iso, locale, tz) : '—')
  const code = (s: number | null, err: string | null) =>
    s !== null ? (
      <Tag color={s >= 200 && s < 300 ? 'success' : 'error'}>{s}</Tag>
    ) : err ? (
      <Typography.Text type="danger" className="km-admin-sub">
        {err}
      </Typography.Text>
    ) : (
      '—'
    )

  const attempts = (list: DeliveryAttempt[]) =>
    list.length === 0 ? (
      <Typography.Text type="secondary">{t('settings.webhooks.noAttempts')}</Typography.Text>
    ) : (
      <ol className="km-admin-attempts" data-testid="delivery-attempts">
        {list.map((a) => (
          <li key={a.attempt}>
            <div className="km-admin-attempt-head">
              <span className="km-admin-strong">{t('settings.webhooks.attemptN', { n: a.attempt })}</span>
              {a.manual ? <Tag>{t('settings.webhooks.manual')}</Tag> : null}
              {code(a.responseStatus, null)}
              <span>{t('settings.webhooks.ms', { ms: a.durationMs })}</span>
              <Typography.Text type="secondary">{time(a.requestedAt)}</Typography.Text>
            </div>
            {a.error ? <Typography.Text type="danger">{a.error}</Typography.Text> : null}
            {a.responseBody ? <pre className="km-admin-pre">{a.responseBody}</pre> : null}
          </li>
        ))}
      </ol>
    )

  return (
    <div className="km-admin" data-testid="webhook-deliveries">
      <Card
        title={
          <span className="km-admin-role-label">
            <Link
              to="/settings/webhooks"
              aria-label={t('settings.webhooks.back')}
              title={t('settings.webhooks.back')}
            >
              <ArrowLeftOutlined />
            </Link>
            <span className="km-admin-ellipsis">
              {t('settings.webhooks.deliveriesOf', { url: webhook.url })}
            </span>
          </span>
        }
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setExtra(null)
              first.reload()
            }}
            aria-label={t('settings.webhooks.refresh')}
          >
            {t('settings.webhooks.refresh')}
          </Button>
        }
      >
        <div className="km-admin-toolbar">
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(['all', 'pending', 'succeeded', 'failed'] as const).map((s) => ({
              value: s,
              label: t(`settings.webhooks.status.${s}`),
            }))}
          />
          {webhook.isActive ? null : <Tag color="warning">{t('settings.webhooks.inactiveTag')}</Tag>}
        </div>
        {first.error ? <ProblemAlert error={first.error} onRetry={first.reload} /> : null}
        {error ? <ProblemAlert error={error} /> : null}
        {first.loading && !first.data ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : first.data ? (
          <>
            <Table<Delivery>
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              expandable={{ expandedRowRender: (d) => attempts(d.attempts) }}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={
                      filter === 'all'
                        ? t('settings.webhooks.noDeliveries')
                        : t('settings.webhooks.noDeliveriesFiltered')
                    }
                  />
                ),
              }}
              columns={[
                {
                  key: 'event',
                  title: t('settings.webhooks.event'),
                  render: (_, d) => (
                    <div className="km-admin-cell-main" data-testid="delivery-row">
                      <Typography.Text code>{d.eventType}</Typography.Text>
                      <Typography.Text type="secondary" className="km-admin-sub">
                        {time(d.createdAt)}
                      </Typography.Text>
                    </div>
                  ),
                },
                {
                  key: 'status',
                  title: t('settings.webhooks.statusCol'),
                  render: (_, d) => (
                    <Tooltip
                      title={
                        d.status === 'pending' && d.nextAttemptAt
                          ? t('settings.webhooks.nextAt', { at: time(d.nextAttemptAt) })
                          : undefined
                      }
                    >
                      <Tag color={STATUS_COLOR[d.status]}>{t(`settings.webhooks.status.${d.status}`)}</Tag>
                    </Tooltip>
                  ),
                },
                {
                  key: 'code',
                  title: t('settings.webhooks.response'),
                  responsive: ['sm'],
                  render: (_, d) => code(d.responseStatus, d.error),
                },
                {
                  key: 'ms',
                  title: t('settings.webhooks.duration'),
                  responsive: ['sm'],
                  align: 'end',
                  render: (_, d) =>
                    d.durationMs === null ? '—' : t('settings.webhooks.ms', { ms: d.durationMs }),
                },
                {
                  key: 'attempts',
                  title: t('settings.webhooks.attempts'),
                  responsive: ['sm'],
                  align: 'end',
                  dataIndex: 'attempt',
                },
                {
                  key: 'redeliver',
                  align: 'end',
                  render: (_, d) => (
                    <Tooltip title={d.status === 'pending' ? t('settings.webhooks.pendingHint') : undefined}>
                      <Button
                        size="small"
                        disabled={d.status === 'pending' || !webhook.isActive}
                        loading={busy === d.id}
                        onClick={() => redeliver(d)}
                        data-testid="redeliver"
                      >
                        {t('settings.webhooks.redeliver')}
                      </Button>
                    </Tooltip>
                  ),
                },
              ]}
            />
            {cursor ? (
              <div className="km-admin-more">
                <Button onClick={loadMore} loading={loadingMore}>
                  {t('settings.webhooks.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        ) : null}
      </Card>
    </div>
  )
}
