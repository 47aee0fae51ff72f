import { PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { Button, Drawer, Empty, Skeleton, Typography } from 'antd'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import type { ObjectMeta, RecordDto } from '../platform/endpoints.ts'
import { inSentence, labelOf } from '../platform/label.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { type ListColumn, listColumns } from '../platform/RecordList/columns.ts'
import { ListToolbar } from '../platform/RecordList/ListToolbar.tsx'
import {
  buildQuickFilter,
  nextSort,
  parseQuickFilter,
  type QuickFilter,
  readFilterParam,
} from '../platform/RecordList/listQuery.ts'
import { RecordCards } from '../platform/RecordList/RecordCards.tsx'
import { RecordTable } from '../platform/RecordList/RecordTable.tsx'
import { useRecordPages } from '../platform/RecordList/useRecordPages.ts'
import { rememberTitle } from '../platform/record-titles.ts'
import { NotFoundPage } from './NotFoundPage.tsx'

const RecordForm = lazy(() =>
  import('../platform/RecordForm/RecordForm.tsx').then((m) => ({ default: m.RecordForm })),
)

/** `/o/:object`: the list of any object, driven by its metadata; filter and sort live in the URL. */
export function RecordListPage() {
  const { object: name = '' } = useParams()
  const { byName } = useMetadata()
  const object = byName.get(name)
  if (!object) return <NotFoundPage />
  return <ObjectList key={object.name} object={object} />
}

function ObjectList({ object }: { object: ObjectMeta }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const navigate = useNavigate()
  const isMobile = useIsMobile()
  const [params, setParams] = useSearchParams()
  const [creating, setCreating] = useState(false)

  const rawFilter = params.get('filter')
  const sort = params.get('sort')
  const { filter, bad } = useMemo(() => readFilterParam(rawFilter), [rawFilter])
  const quick = useMemo(() => (bad ? null : parseQuickFilter(object, filter)), [object, filter, bad])
  // the URL's filter goes to the server as it is (a bad one comes back as the server's message)
  const pages = useRecordPages(object, rawFilter, sort)
  const columns = useMemo(() => listColumns(object, locale, t), [object, locale, t])
  const objectLabel = labelOf(object.pluralLabel, locale)
  const singular = labelOf(object.label, locale)
  const filtered = Boolean(rawFilter)

  const setQuery = useCallback(
    (next: { filter?: Filter | null; sort?: string | null }) => {
      setParams((prev) => {
        const p = new URLSearchParams(prev)
        if (next.filter !== undefined) {
          if (next.filter) p.set('filter', JSON.stringify(next.filter))
          else p.delete('filter')
        }
        if (next.sort !== undefined) {
          if (next.sort) p.set('sort', next.sort)
          else p.delete('sort')
        }
        return p
      })
    },
    [setParams],
  )
  const onQuick = (next: QuickFilter) => setQuery({ filter: buildQuickFilter(object, next) })
  const onClear = () => setQuery({ filter: null })
  const onSort = (c: ListColumn) => setQuery({ sort: nextSort(sort, c.key) })
  const onOpen = (row: RecordDto) => {
    const title = row[object.titleField]
    if (typeof title === 'string') rememberTitle(object.name, row.id, title)
    navigate(`/o/${object.name}/${row.id}`, { state: { from: `/o/${object.name}?${params.toString()}` } })
  }

  usePaintMark(pages.rows.length > 0, object.name)

  let body: React.ReactNode
  if (pages.error !== null && pages.rows.length === 0) {
    body = (
      <div className="km-pad">
        <ProblemAlert
          error={pages.error}
          action={
            <div className="km-alert-actions">
              <Button size="small" onClick={pages.reload}>
                {t('action.retry')}
              </Button>
              {filtered && (
                <Button size="small" onClick={onClear}>
                  {t('list.clearFilter')}
                </Button>
              )}
            </div>
          }
        />
      </div>
    )
  } else if (pages.loading) {
    body = <ListSkeleton rows={isMobile ? 5 : 12} />
  } else if (pages.rows.length === 0) {
    body = (
      <Empty
        className="km-empty-state"
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          filtered ? (
            <span>{t('list.emptyFiltered', { object: inSentence(objectLabel, locale) })}</span>
          ) : (
            <>
              <Typography.Text strong>
                {t('list.emptyTitle', { object: inSentence(objectLabel, locale) })}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary">{t('list.emptyHint', { object: singular })}</Typography.Text>
            </>
          )
        }
      >
        {filtered ? (
          <Button onClick={onClear}>{t('list.clearFilter')}</Button>
        ) : (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('list.newObject', { object: singular })}
          </Button>
        )}
      </Empty>
    )
  } else {
    const rowProps = {
      rows: pages.rows,
      hasMore: pages.hasMore,
      loadingMore: pages.loadingMore,
      onLoadMore: pages.loadMore,
      onOpen,
      recordHref: (row: RecordDto) => `/o/${object.name}/${row.id}`,
      timeZone: me.workspace.timeZone,
    }
    body = isMobile ? (
      <RecordCards object={object} {...rowProps} />
    ) : (
      <RecordTable columns={columns} sort={sort} onSort={onSort} {...rowProps} />
    )
  }

  return (
    <div className="km-page km-list-page">
      <div className="km-page-head">
        <div className="km-page-title">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {objectLabel}
          </Typography.Title>
          {pages.total !== undefined && (
            <Typography.Text type="secondary" data-testid="list-total">
              {t('list.total', { count: pages.total, formatted: pages.total.toLocaleString(locale) })}
            </Typography.Text>
          )}
        </div>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="new-record"
        >
          {isMobile ? t('action.new') : t('list.newObject', { object: singular })}
        </Button>
      </div>
      <ListToolbar object={object} state={quick} onChange={onQuick} onClear={onClear} compact={isMobile} />
      {pages.error !== null && pages.rows.length > 0 && (
        <div className="km-pad">
          <ProblemAlert error={pages.error} onRetry={pages.loadMore} />
        </div>
      )}
      <div className="km-list-body">{body}</div>
      <Drawer
        open={creating}
        onClose={() => setCreating(false)}
        title={t('form.createTitle', { object: singular })}
        size={isMobile ? '92%' : 560}
        placement={isMobile ? 'bottom' : 'right'}
        destroyOnHidden
      >
        <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
          {creating && (
            <RecordForm
              object={object}
              onCancel={() => setCreating(false)}
              onCreated={(rec) => {
                setCreating(false)
                const title = rec[object.titleField]
                if (typeof title === 'string') rememberTitle(object.name, rec.id, title)
                navigate(`/o/${object.name}/${rec.id}`, { state: { created: true } })
              }}
            />
          )}
        </Suspense>
      </Drawer>
    </div>
  )
}

function ListSkeleton({ rows }: { rows: number }) {
  return (
    <div className="km-pad km-list-skeleton" data-testid="list-skeleton" aria-busy="true">
      <Skeleton active title={false} paragraph={{ rows, width: '100%' }} />
    </div>
  )
}

/**
 * `performance.mark('kemai:list-rows')` once the first rows are on screen (the frame after they were
 * committed): the e2e test and `npm run bench -- web` read it as "navigation to first rows painted".
 */
function usePaintMark(hasRows: boolean, object: string) {
  const done = useRef(false)
  useEffect(() => {
    if (!hasRows || done.current) return
    done.current = true
    requestAnimationFrame(() => {
      performance.mark('kemai:list-rows', { detail: { object } })
    })
  }, [hasRows, object])
}
