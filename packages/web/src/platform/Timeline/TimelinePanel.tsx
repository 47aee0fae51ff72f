import type { TimelineItem } from '@kemai/shared/api/records.api'
import { Button, Skeleton, Tag } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObjectMeta } from '../endpoints.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { recordPageApi } from '../RecordPage/record-page-api.ts'
import { Composer } from './Composer.tsx'
import { Timeline } from './Timeline.tsx'
import { useActivityActions } from './useActivityActions.tsx'

/** The filter chips and the `types` each asks the timeline API for (none: everything). */
export const TIMELINE_FILTERS = {
  all: [],
  note: ['note'],
  task: ['task'],
  call: ['call'],
  meeting: ['meeting'],
  email: ['email'],
  change: ['change'],
  system: ['system', 'created'],
} as const satisfies Record<string, readonly string[]>
export type TimelineFilter = keyof typeof TIMELINE_FILTERS

const PAGE = 20

interface Props {
  object: ObjectMeta
  id: string
  timeZone: string
  /** a record change elsewhere on the page (an inline edit): read the first page again */
  refreshKey?: number
  /** an activity was added, edited, ticked off or deleted (the page's summary counts open tasks) */
  onChanged?: () => void
}

const isDoneTask = (x: TimelineItem) => x.activity?.type === 'task' && Boolean(x.activity.done_at)

/**
 * The composer, the kind filter (and *Hide done tasks*) and the timeline with "load more" (keyset pages of
 * 20); ticking tasks off, editing and deleting activities: useActivityActions.
 */
export function TimelinePanel({ object, id, timeZone, refreshKey = 0, onChanged }: Props) {
  const { t } = useTranslation()
  const [filter, setFilter] = useState<TimelineFilter>('all')
  const [hideDone, setHideDone] = useState(false)
  const [items, setItems] = useState<TimelineItem[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const current = useRef<AbortController | null>(null)

  useEffect(() => {
    const ctl = new AbortController()
    current.current = ctl
    void attempt
    void refreshKey
    setError(null)
    recordPageApi
      .timeline(object.name, id, { limit: PAGE, types: TIMELINE_FILTERS[filter], hideDone }, ctl.signal)
      .then((r) => {
        setItems(r.data)
        setCursor(r.nextCursor)
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [object.name, id, filter, hideDone, attempt, refreshKey])

  const loadMore = useCallback(async () => {
    if (!cursor) return
    const ctl = current.current
    setLoadingMore(true)
    setError(null)
    try {
      const r = await recordPageApi.timeline(
        object.name,
        id,
        { limit: PAGE, cursor, types: TIMELINE_FILTERS[filter], hideDone },
        ctl?.signal,
      )
      if (ctl?.signal.aborted) return
      setItems((prev) => {
        const seen = new Set((prev ?? []).map((x) => x.id))
        return [...(prev ?? []), ...r.data.filter((x) => !seen.has(x.id))]
      })
      setCursor(r.nextCursor)
    } catch (e) {
      if (!ctl?.signal.aborted) setError(e)
    } finally {
      setLoadingMore(false)
    }
  }, [cursor, object.name, id, filter, hideDone])

  const onAdded = (item: TimelineItem) => {
    onChanged?.()
    const types: readonly string[] = TIMELINE_FILTERS[filter]
    if (types.length && !types.includes(item.activity?.type ?? '')) {
      setFilter('all')
      return
    }
    setItems((prev) => [item, ...(prev ?? [])])
  }

  const actions = useActivityActions({ object: object.name, id, setItems, onChanged })

  const pick = (f: TimelineFilter) => {
    if (f === filter) return
    setItems(null)
    setCursor(null)
    setFilter(f)
  }

  return (
    <div className="km-timeline-panel">
      <Composer object={object.name} id={id} onAdded={onAdded} />
      <fieldset className="km-timeline-filters" aria-label={t('timeline.filterLabel')}>
        {(Object.keys(TIMELINE_FILTERS) as TimelineFilter[]).map((f) => (
          <Tag.CheckableTag
            key={f}
            checked={filter === f}
            onChange={() => pick(f)}
            data-testid={`timeline-filter-${f}`}
          >
            {t(`timeline.filter.${f}`)}
          </Tag.CheckableTag>
        ))}
        {(filter === 'all' || filter === 'task') && (
          <Tag.CheckableTag
            checked={hideDone}
            onChange={(on) => {
              setItems(null)
              setCursor(null)
              setHideDone(on)
            }}
            data-testid="timeline-hide-done"
          >
            {t('timeline.hideDone')}
          </Tag.CheckableTag>
        )}
      </fieldset>
      {error !== null && items === null ? (
        <ProblemAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : items === null ? (
        <Skeleton active avatar={{ size: 'small' }} paragraph={{ rows: 5 }} />
      ) : (
        <>
          <Timeline
            object={object}
            items={hideDone ? items.filter((x) => !isDoneTask(x)) : items}
            timeZone={timeZone}
            emptyText={filter === 'all' && !hideDone ? undefined : t('timeline.emptyFiltered')}
            actions={actions}
          />
          {error !== null && <ProblemAlert error={error} onRetry={loadMore} />}
          {cursor && error === null && (
            <Button block onClick={loadMore} loading={loadingMore} data-testid="timeline-more">
              {t('timeline.more')}
            </Button>
          )}
        </>
      )}
    </div>
  )
}
