import type { DedupReviewCluster, DedupScanState } from '@kemai/shared/api/dedup-review.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, App, Button, Empty, Skeleton } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useMe } from '../../app/session.tsx'
import type { ObjectMeta } from '../endpoints.ts'
import { inSentence, labelOf } from '../label.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { canObject, refusedObject } from '../permissions.ts'
import { AutoMergeSetting } from './AutoMergeSetting.tsx'
import { ClusterCard } from './ClusterCard.tsx'
import { dedupReviewApi, isActive } from './dedup-review-api.ts'
import { KeyIndexStatus } from './KeyIndexStatus.tsx'
import { ScanPanel } from './ScanPanel.tsx'
import './dedup-review.css'

/** How often a running scan's progress is asked for. */
export const POLL_MS = 1000

/**
 * The review queue of one object: the latest scan and its progress, the auto-merge setting (admins),
 * and the open clusters, best first, each with "merge" (roles that may update and delete the object,
 * as the merge asks) and "not duplicates" (those the server lets scan: update).
 * `onRefused`: the first load was refused for the object as a whole (`refusedObject`).
 */
export function DedupReview({
  object,
  onRefused,
}: {
  object: ObjectMeta
  onRefused?: (error: unknown) => void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const canMerge = canObject(me, object.name, 'update') && canObject(me, object.name, 'delete')
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [state, setState] = useState<DedupScanState | null>(null)
  const [clusters, setClusters] = useState<DedupReviewCluster[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [starting, setStarting] = useState(false)
  const [more, setMore] = useState(false)
  const [dismissing, setDismissing] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  const lastScan = useRef<string | null>(null)

  const loadClusters = useCallback(
    async (signal?: AbortSignal) => {
      const page = await dedupReviewApi.clusters(object.name, null, signal)
      setClusters(page.data)
      setCursor(page.nextCursor)
    },
    [object.name],
  )

  // first load (and retry)
  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    Promise.all([dedupReviewApi.state(object.name, ctl.signal), loadClusters(ctl.signal)])
      .then(([s]) => {
        lastScan.current = s.scan?.status === 'done' ? s.scan.id : null
        setState(s)
      })
      .catch((e) => {
        if (ctl.signal.aborted) return
        if (onRefused && refusedObject(e)) onRefused(e)
        else setError(e)
      })
    return () => ctl.abort()
  }, [object.name, loadClusters, attempt, onRefused])

  // while a scan runs or the key index is rebuilt: poll the progress; when a scan is done, the queue is
  // read again
  const active = isActive(state?.scan) || state?.keyIndex?.status === 'building'
  useEffect(() => {
    if (!active) return
    const ctl = new AbortController()
    let busy = false
    const timer = setInterval(() => {
      if (busy) return
      busy = true
      dedupReviewApi
        .state(object.name, ctl.signal)
        .then(async (s) => {
          // the queue first: the new state ends this polling (and aborts its signal)
          if (s.scan?.status === 'done' && lastScan.current !== s.scan.id) {
            await loadClusters(ctl.signal)
            lastScan.current = s.scan.id
          }
          setState(s)
        })
        .catch((e) => {
          if (!ctl.signal.aborted) setError(e)
        })
        .finally(() => {
          busy = false
        })
    }, POLL_MS)
    return () => {
      clearInterval(timer)
      ctl.abort()
    }
  }, [active, object.name, loadClusters])

  const start = async () => {
    setStarting(true)
    setError(null)
    try {
      const r = await dedupReviewApi.start(object.name)
      setState((s) => (s ? { ...s, scan: r.scan } : s))
    } catch (e) {
      setError(e)
    } finally {
      setStarting(false)
    }
  }

  const loadMore = async () => {
    if (!cursor) return
    setMore(true)
    try {
      const page = await dedupReviewApi.clusters(object.name, cursor)
      setClusters((c) => [...(c ?? []), ...page.data])
      setCursor(page.nextCursor)
    } catch (e) {
      setError(e)
    } finally {
      setMore(false)
    }
  }

  const dismiss = async (id: string) => {
    setDismissing(id)
    try {
      await dedupReviewApi.dismiss(id)
      setClusters((c) => (c ?? []).filter((x) => x.id !== id))
      message.success(t('dedupReview.dismissed'))
    } catch (e) {
      setError(e)
    } finally {
      setDismissing(null)
    }
  }

  const merge = (c: DedupReviewCluster) =>
    navigate(
      `/o/${encodeURIComponent(object.name)}/merge?ids=${c.members.map((m) => encodeURIComponent(m.id)).join(',')}`,
    )

  if (!state || clusters === null) {
    return error ? (
      <ProblemAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
    ) : (
      <div data-testid="dedup-loading">
        <Skeleton active paragraph={{ rows: 2 }} />
        <Skeleton active paragraph={{ rows: 4 }} />
      </div>
    )
  }

  return (
    <div className="km-dr">
      <KeyIndexStatus index={state.keyIndex} />
      <ScanPanel scan={state.scan} canScan={state.canScan} starting={starting} onStart={start} />
      {state.canConfigure && (
        <AutoMergeSetting
          object={object.name}
          settings={state.settings}
          onSaved={(settings) => setState((s) => (s ? { ...s, settings } : s))}
        />
      )}
      {error !== null && <ProblemAlert error={error} />}
      {clusters.length > 0 && !canMerge && (
        <Alert
          type="info"
          showIcon
          data-testid="dedup-readonly"
          title={t(state.canScan ? 'access.dedupNoMerge' : 'access.dedupReadOnly', {
            object: inSentence(labelOf(object.pluralLabel, locale), locale),
          })}
        />
      )}
      {clusters.length === 0 ? (
        <Empty
          className="km-dr-empty"
          description={t(state.scan ? 'dedupReview.emptyAfterScan' : 'dedupReview.emptyNoScan')}
        />
      ) : (
        <ul className="km-dr-list" data-testid="dedup-clusters">
          {clusters.map((c) => (
            <ClusterCard
              key={c.id}
              object={object}
              cluster={c}
              canMerge={canMerge}
              canDismiss={state.canScan}
              dismissing={dismissing === c.id}
              onMerge={() => merge(c)}
              onDismiss={() => dismiss(c.id)}
            />
          ))}
        </ul>
      )}
      {cursor && (
        <div className="km-dr-more">
          <Button onClick={loadMore} loading={more}>
            {t('dedupReview.more')}
          </Button>
        </div>
      )}
    </div>
  )
}
