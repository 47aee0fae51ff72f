import { AppstoreOutlined, FilterOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { Badge, Button, Drawer, Empty, Popover, Segmented, Select, Skeleton, Typography } from 'antd'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import { type ObjectMeta, type RecordDto, type SavedView, sortFromView } from '../platform/endpoints.ts'
import { FilterChips } from '../platform/FilterBuilder/FilterChips.tsx'
import { chipsOf } from '../platform/FilterBuilder/filterModel.ts'
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
import { ViewsBar } from '../platform/views/ViewsBar.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'

const FilterBuilder = lazy(() =>
  import('../platform/FilterBuilder/FilterBuilder.tsx').then((m) => ({ default: m.FilterBuilder })),
)
const KanbanBoard = lazy(() =>
  import('../platform/Kanban/KanbanBoard.tsx').then((m) => ({ default: m.KanbanBoard })),
)
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
  const [creating, setCreatingState] = useState(() => params.get('new') === '1')
  const setCreating = (v: boolean) => {
    setCreatingState(v)
    if (!v && params.get('new'))
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev)
          p.delete('new')
          return p
        },
        { replace: true },
      )
  }
  const [filtering, setFiltering] = useState(false)
  const [pristine] = useState(() => !params.get('view') && !params.get('filter') && !params.get('sort'))

  const rawFilter = params.get('filter')
  const selectFields = object.fields.filter((f) => f.isActive && f.type === 'select')
  const groupField = selectFields.find((f) => f.name === params.get('groupBy')) ?? selectFields[0]
  const kanban = params.get('mode') === 'kanban' && groupField !== undefined
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
    (next: { filter?: Filter | null; sort?: string | null; view?: string | null }, replace = false) => {
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev)
          if (next.view !== undefined) {
            if (next.view) p.set('view', next.view)
            else p.delete('view')
          }
          if (next.filter !== undefined) {
            if (next.filter) p.set('filter', JSON.stringify(next.filter))
            else p.delete('filter')
          }
          if (next.sort !== undefined) {
            if (next.sort) p.set('sort', next.sort)
            else p.delete('sort')
          }
          return p
        },
        { replace },
      )
    },
    [setParams],
  )
  const onQuick = (next: QuickFilter) => setQuery({ filter: buildQuickFilter(object, next) })
  const onClear = () => setQuery({ filter: null })
  const onFilter = (next: Filter | null) => {
    setFiltering(false)
    setQuery({ filter: next })
  }
  const onPickView = (v: SavedView | null, replace = false) =>
    setQuery(
      v
        ? { view: v.id, filter: (v.filter as Filter | null) ?? null, sort: sortFromView(v.sort) }
        : { view: null, filter: null, sort: null },
      replace,
    )
  const builder = filtering && (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
      <FilterBuilder
        object={object}
        filter={filter}
        onApply={onFilter}
        onCancel={() => setFiltering(false)}
      />
    </Suspense>
  )
  const filterButton = (
    <Badge count={chipsOf(filter).length} size="small" color="blue">
      <Button
        icon={<FilterOutlined />}
        onClick={() => setFiltering(true)}
        data-testid="filter-button"
        aria-label={t('filter.open')}
      >
        {isMobile ? null : t('filter.open')}
      </Button>
    </Badge>
  )
  const onSort = (c: ListColumn) => setQuery({ sort: nextSort(sort, c.key) })
  const onOpen = (row: RecordDto) => {
    const title = row[object.titleField]
    if (typeof title === 'string') rememberTitle(object.name, row.id, title)
    navigate(`/o/${object.name}/${row.id}`, { state: { from: `/o/${object.name}?${params.toString()}` } })
  }

  usePaintMark(pages.rows.length > 0, object.name)
  const setMode = (next: 'list' | 'kanban', groupBy?: string) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev)
      if (next === 'kanban') {
        p.set('mode', 'kanban')
        p.set('groupBy', groupBy ?? groupField?.name ?? '')
      } else {
        p.delete('mode')
        p.delete('groupBy')
      }
      return p
    })
  const modeSwitch = groupField && (
    <>
      <Segmented
        value={kanban ? 'kanban' : 'list'}
        onChange={(v) => setMode(v as 'list' | 'kanban')}
        options={[
          { value: 'list', icon: <UnorderedListOutlined />, title: t('kanban.listMode') },
          { value: 'kanban', icon: <AppstoreOutlined />, title: t('kanban.kanbanMode') },
        ]}
        aria-label={t('kanban.mode')}
        data-testid="mode-switch"
      />
      {kanban && selectFields.length > 1 && (
        <Select
          className="km-kanban-group"
          aria-label={t('kanban.groupBy')}
          value={groupField.name}
          onChange={(v: string) => setMode('kanban', v)}
          options={selectFields.map((f) => ({ value: f.name, label: labelOf(f.label, locale) }))}
        />
      )}
    </>
  )

  let body: React.ReactNode
  if (kanban && groupField) {
    body = (
      <Suspense fallback={<ListSkeleton rows={8} />}>
        <KanbanBoard object={object} field={groupField} filter={filter} onOpen={onOpen} />
      </Suspense>
    )
  } else if (pages.error !== null && pages.rows.length === 0) {
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
      <ListToolbar
        object={object}
        state={quick}
        onChange={onQuick}
        onClear={onClear}
        compact={isMobile}
        extra={
          <>
            {isMobile ? (
              filterButton
            ) : (
              <Popover
                open={filtering}
                onOpenChange={(o) => !o && setFiltering(false)}
                trigger="click"
                placement="bottom"
                content={builder}
                destroyOnHidden
              >
                {filterButton}
              </Popover>
            )}
            {modeSwitch}
            <ViewsBar
              objectName={object.name}
              viewId={params.get('view')}
              filter={filter}
              sort={sort}
              columns={columns.map((c) => c.key)}
              pristine={pristine}
              onPick={onPickView}
            />
          </>
        }
      />
      {quick === null && !bad && (
        <FilterChips object={object} filter={filter} onChange={onFilter} onOpen={() => setFiltering(true)} />
      )}
      {isMobile && (
        <Drawer
          open={filtering}
          onClose={() => setFiltering(false)}
          title={t('filter.open')}
          placement="bottom"
          size="85%"
          destroyOnHidden
        >
          {builder}
        </Drawer>
      )}
      {pages.error !== null && pages.rows.length > 0 && (
        <div className="km-pad">
          <ProblemAlert error={pages.error} onRetry={pages.loadMore} />
        </div>
      )}
      <div className={kanban ? 'km-kanban-body' : 'km-list-body'}>{body}</div>
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
