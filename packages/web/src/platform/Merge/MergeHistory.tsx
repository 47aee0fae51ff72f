import { HistoryOutlined, RollbackOutlined } from '@ant-design/icons'
import type { MergeSummary } from '@kemai/shared/api/merge.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Empty, Popconfirm, Skeleton, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ApiError } from '../api-client.ts'
import type { ObjectMeta } from '../endpoints.ts'
import { UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { ProblemAlert, problemText } from '../ProblemAlert.tsx'
import { useRecordTitle } from '../record-titles.ts'
import { mergeApi } from './merge-api.ts'
import './merge.css'

interface Props {
  object: ObjectMeta
  /** the record whose merges are listed (a survivor, or a record merged away and restored) */
  id: string
  timeZone: string
  /** after an unmerge: the record page reloads what it shows */
  onUndone?: () => void
}

/**
 * The merges a record took part in, newest first, each with an undo button while it can be undone
 * (30 days). An unmerge the server refuses because data changed since (409 `merge_conflict`) can be
 * forced: it then restores what did not change and keeps the rest as it is now.
 */
export function MergeHistory({ object, id, timeZone, onUndone }: Props) {
  const { t } = useTranslation()
  const [items, setItems] = useState<MergeSummary[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    mergeApi
      .history(object.name, id, ctl.signal)
      .then((r) => setItems(r.data))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [object, id, attempt])

  const reload = () => setAttempt((n) => n + 1)
  if (error) return <ProblemAlert error={error} onRetry={reload} />
  if (!items)
    return (
      <div data-testid="merge-history-loading">
        <Skeleton active paragraph={{ rows: 2 }} />
      </div>
    )
  if (items.length === 0)
    return (
      <Empty
        image={<HistoryOutlined className="km-merge-empty-icon" />}
        description={t('merge.history.empty')}
        data-testid="merge-history-empty"
      />
    )
  return (
    <ul className="km-merge-history" data-testid="merge-history">
      {items.map((m) => (
        <MergeItem
          key={m.id}
          merge={m}
          object={object}
          id={id}
          timeZone={timeZone}
          onUndone={() => {
            reload()
            onUndone?.()
          }}
        />
      ))}
    </ul>
  )
}

function MergeItem({
  merge,
  object,
  id,
  timeZone,
  onUndone,
}: {
  merge: MergeSummary
  object: ObjectMeta
  id: string
  timeZone: string
  onUndone(): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { modal, message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const survivorTitle = useRecordTitle(object.name, object.titleField, merge.survivorId)
  const isSurvivor = merge.survivorId === id
  const names = merge.loserIds.map((l) => merge.loserTitles[l] || t('record.untitled'))

  const undo = async (force: boolean) => {
    setBusy(true)
    try {
      const r = await mergeApi.undo(merge.id, force)
      message.success(
        r.conflicts.length
          ? t('merge.history.undonePartly', { count: r.conflicts.length })
          : t('merge.history.undone', { count: r.restored.length }),
      )
      onUndone()
    } catch (e) {
      if (e instanceof ApiError && e.problem.code === 'merge_conflict' && !force) {
        const conflicts = (e.problem.conflicts ?? []).length
        modal.confirm({
          title: e.problem.title,
          content: t('merge.history.conflicts', { count: conflicts }),
          okText: t('merge.history.force'),
          cancelText: t('action.cancel'),
          onOk: () => undo(true),
        })
      } else message.error(problemText(e, t).title)
    } finally {
      setBusy(false)
    }
  }

  return (
    <li className="km-merge-history-item" data-testid={`merge-item-${merge.id}`}>
      <div className="km-merge-history-main">
        <div className="km-merge-history-title">
          {isSurvivor ? (
            t('merge.history.mergedIn', { count: names.length, names: names.join('、') })
          ) : (
            <span>
              {t('merge.history.mergedInto')}{' '}
              <Link to={`/o/${object.name}/${merge.survivorId}`}>
                {survivorTitle ?? t('record.untitled')}
              </Link>
            </span>
          )}
        </div>
        <div className="km-merge-history-meta">
          <span>{formatDateTime(merge.createdAt, locale, timeZone)}</span>
          <span>
            · <UserName id={merge.createdBy} />
          </span>
          {merge.undoneAt ? (
            <Tag>{t('merge.history.undoneAt', { at: formatDateTime(merge.undoneAt, locale, timeZone) })}</Tag>
          ) : merge.undoable ? (
            <Typography.Text type="secondary">
              {t('merge.history.until', { at: formatDateTime(merge.expiresAt, locale, timeZone) })}
            </Typography.Text>
          ) : (
            <Tag>{t('merge.history.expired')}</Tag>
          )}
        </div>
      </div>
      {merge.undoable ? (
        <Popconfirm
          title={t('merge.history.undoTitle')}
          description={t('merge.history.undoBody', { count: merge.loserIds.length })}
          okText={t('merge.history.undo')}
          cancelText={t('action.cancel')}
          onConfirm={() => undo(false)}
        >
          <Button size="small" icon={<RollbackOutlined />} loading={busy} data-testid="merge-undo">
            {t('merge.history.undo')}
          </Button>
        </Popconfirm>
      ) : null}
    </li>
  )
}
