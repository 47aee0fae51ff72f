import { BellOutlined } from '@ant-design/icons'
import type { Notification } from '@kemai/shared/api/notifications.api'
import { App, Badge, Button, Empty, Popover, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { api } from '../platform/api-client.ts'
import { problemText } from '../platform/ProblemAlert.tsx'
import { downloadExportJob } from '../platform/RecordList/exportJobs.ts'
import { MyExportsDrawer } from '../platform/RecordList/MyExportsDrawer.tsx'

interface Inbox {
  data: Notification[]
  unread: number
  nextCursor: string | null
}

/** A background export's job_finished notification (platform/io/export-jobs). */
const isExport = (n: Notification) => n.kind === 'job_finished' && n.data.job === 'export'

const list = () => api<Inbox>('/api/v1/notifications', { query: { limit: 20 } })
const markRead = (body: { ids: string[] } | { all: true }) =>
  api<unknown>('/api/v1/notifications/read', { method: 'POST', body })

/** The header bell: unread count, the latest notifications, live updates over SSE with a toast. */
export function NotificationBell() {
  const { t, i18n } = useTranslation()
  const { notification, message } = App.useApp()
  const navigate = useNavigate()
  const [inbox, setInbox] = useState<Inbox | null>(null)
  const [open, setOpen] = useState(false)
  const [exportsOpen, setExportsOpen] = useState(false)

  const reload = useCallback(() => {
    list()
      .then(setInbox)
      .catch(() => undefined)
  }, [])
  useEffect(reload, [reload])

  const describe = useCallback(
    (n: Notification) =>
      isExport(n)
        ? t(n.data.status === 'done' ? 'notifications.exportReady' : 'notifications.exportFailed', {
            title: n.title,
          })
        : t(`notifications.kind.${n.kind}`, { title: n.title, defaultValue: n.title }),
    [t],
  )

  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    const es = new EventSource('/api/v1/notifications/stream', { withCredentials: true })
    es.addEventListener('ready', (e) => {
      const { unread } = JSON.parse((e as MessageEvent).data) as { unread: number }
      setInbox((b) => (b ? { ...b, unread } : b))
    })
    es.addEventListener('notification', (e) => {
      const { notification: n, unread } = JSON.parse((e as MessageEvent).data) as {
        notification: Notification
        unread: number
      }
      setInbox((b) => ({
        data: [n, ...(b?.data ?? []).filter((x) => x.id !== n.id)],
        unread,
        nextCursor: b?.nextCursor ?? null,
      }))
      notification.info({ title: t('notifications.new'), description: describe(n), placement: 'topRight' })
      // the approvals badge and lists follow a new request for me
      if (n.kind === 'approval') window.dispatchEvent(new Event('kemai:approvals-changed'))
    })
    return () => es.close()
  }, [notification, t, describe])

  const openOne = async (n: Notification) => {
    setOpen(false)
    if (!n.readAt) {
      setInbox((b) =>
        b
          ? {
              ...b,
              unread: Math.max(0, b.unread - 1),
              data: b.data.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)),
            }
          : b,
      )
      markRead({ ids: [n.id] }).catch((e) => message.error(problemText(e, t).title))
    }
    const approvalId = n.kind === 'approval' ? n.data.approvalId : undefined
    if (isExport(n)) {
      // a finished export downloads its file; a failed one opens "My exports", which says why
      if (n.data.status === 'done')
        await downloadExportJob(String(n.data.exportId), i18n.language).catch((e) =>
          message.error(problemText(e, t).title),
        )
      else setExportsOpen(true)
    } else if (typeof approvalId === 'string') navigate(`/approvals?id=${encodeURIComponent(approvalId)}`)
    else if (n.object && n.recordId) navigate(`/o/${n.object}/${n.recordId}`)
  }
  const readAll = async () => {
    try {
      await markRead({ all: true })
      reload()
    } catch (e) {
      message.error(problemText(e, t).title)
    }
  }

  const unread = inbox?.unread ?? 0
  const content = (
    <div className="km-inbox" data-testid="inbox">
      <div className="km-inbox-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          onClick={readAll}
          data-testid="inbox-read-all"
        >
          {t('notifications.markAllRead')}
        </Button>
      </div>
      {!inbox?.data.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <ul className="km-inbox-list">
          {inbox.data.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className={`km-inbox-item${n.readAt ? '' : ' km-inbox-unread'}`}
                onClick={() => openOne(n)}
                data-testid="inbox-item"
              >
                <span>{describe(n)}</span>
                <span className="km-inbox-time">{new Date(n.createdAt).toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
  return (
    <>
      <Popover
        open={open}
        onOpenChange={(o) => {
          setOpen(o)
          if (o) reload()
        }}
        trigger="click"
        placement="bottomRight"
        content={content}
      >
        <Button type="text" aria-label={t('notifications.bell', { count: unread })} data-testid="bell">
          <Badge count={unread} size="small" data-testid="bell-count">
            <BellOutlined />
          </Badge>
        </Button>
      </Popover>
      <MyExportsDrawer open={exportsOpen} onClose={() => setExportsOpen(false)} />
    </>
  )
}
