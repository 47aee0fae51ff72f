import { AppstoreOutlined, FilterOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { exportsVcard } from '@kemai/shared/vcard'
import { Badge, Button, Drawer, Popover, Segmented, Select, Skeleton, Typography } from 'antd'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import { type ObjectMeta, type RecordDto, type SavedView, sortFromView } from '../platform/endpoints.ts'
import { FilterChips } from '../platform/FilterBuilder/FilterChips.tsx'
import { chipsOf } from '../platform/FilterBuilder/filterModel.ts'
import { labelOf } from '../platform/label.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { canObject } from '../platform/permissions.ts'
import { BulkBar } from '../platform/RecordList/BulkBar.tsx'
import { NO_SELECTION, type Selection } from '../platform/RecordList/bulkActions.ts'
import { ColumnPicker } from '../platform/RecordList/ColumnPicker.tsx'
import {
  applyColumns,
  choicesFromView,
  choicesOf,
  columnsParam,
  parseColumnsParam,
} from '../platform/RecordList/columnState.ts'
import { availableColumns, type ListColumn, listColumns } from '../platform/RecordList/columns.ts'
import { ExportButton } from '../platform/RecordList/ExportButton.tsx'
import { groupableFields, groupedSort, summedFields } from '../platform/RecordList/grouping.ts'
import { ListEmpty, ListSkeleton } from '../platform/RecordList/ListEmpty.tsx'
import { ListMoreMenu } from '../platform/RecordList/ListMoreMenu.tsx'
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
import { SumText } from '../platform/RecordList/SummaryCells.tsx'
import { useListSummary } from '../platform/RecordList/useListSummary.ts'
import { useRecordPages } from '../platform/RecordList/useRecordPages.ts'
import { saveListContext } from '../platform/RecordPage/list-context.ts'
import { rememberTitle } from '../platform/record-titles.ts'
import { SegmentsButton } from '../platform/Segments/SegmentsButton.tsx'
import { ViewsBar } from '../platform/views/ViewsBar.tsx'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'
import '../platform/RecordList/list.css'

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
  if (!object) return <ObjectUnavailable object={name} />
  return <ObjectList key={object.name} object={object} />
}

function ObjectList({ object }: { object: ObjectMeta }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const navigate = useNavigate()
  const isMobile = useIsMobile()
  const [params, setParams] = useSearchParams()
  // what the role allows (docs/access.md): the server refuses the rest anyway, so it is not offered
  const canCreate = canObject(me, object.name, 'create')
  const [creating, setCreatingState] = useState(() => canCreate && params.get('new') === '1')
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
  // columns: the URL's choice (`?cols=`) over every column the object offers
  const available = useMemo(() => availableColumns(object, locale, t), [object, locale, t])
  const defaults = useMemo(() => listColumns(object, locale, t).map((c) => c.key), [object, locale, t])
  const rawCols = params.get('cols')
  const colChoices = useMemo(() => parseColumnsParam(rawCols), [rawCols])
  const columns = useMemo(
    () => applyColumns(available, colChoices, defaults),
    [available, colChoices, defaults],
  )
  const summed = useMemo(() => summedFields(columns), [columns])
  // an export has the columns the list shows, in their order
  const exportColumns = useMemo(() => columns.map((c) => c.key), [columns])
  // group-by (`?group=`): a few-valued field or the owner; the table shows it, phone cards do not
  const groupables = useMemo(() => groupableFields(object), [object])
  const rawGroup = params.get('group')
  const group =
    rawGroup && (rawGroup === 'owner_id' || groupables.some((f) => f.name === rawGroup)) ? rawGroup : null
  const shownGroup = isMobile ? null : group
  const listSort = groupedSort(shownGroup, sort)
  // the URL's filter goes to the server as it is (a bad one comes back as the server's message)
  const pages = useRecordPages(object, rawFilter, listSort)
  // the board has its own column counts: the list's groups and totals are not asked for there
  const summary = useListSummary(
    object.name,
    bad ? null : rawFilter,
    kanban ? null : shownGroup,
    kanban ? [] : summed.map((f) => f.name),
  )
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const [selection, setSelection] = useState<Selection>(NO_SELECTION)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query is a new list: the selection and folded groups start over
  useEffect(() => {
    setSelection(NO_SELECTION)
    setCollapsed(new Set())
  }, [rawFilter, listSort])
  const objectLabel = labelOf(object.pluralLabel, locale)
  const singular = labelOf(object.label, locale)
  const filtered = Boolean(rawFilter)

  const setQuery = useCallback(
    (
      next: {
        filter?: Filter | null
        sort?: string | null
        view?: string | null
        cols?: string | null
        group?: string | null
      },
      replace = false,
    ) => {
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev)
          const put = (key: string, v: string | null | undefined) => {
            if (v === undefined) return
            if (v) p.set(key, v)
            else p.delete(key)
          }
          put('view', next.view)
          put('filter', next.filter === undefined ? undefined : next.filter && JSON.stringify(next.filter))
          put('sort', next.sort)
          put('cols', next.cols)
          put('group', next.group)
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
  const onPickView = (v: SavedView | null, replace = false) => {
    const cols = v ? choicesFromView(v.columns) : null
    setQuery(
      v
        ? {
            view: v.id,
            filter: (v.filter as Filter | null) ?? null,
            sort: sortFromView(v.sort),
            cols: cols ? columnsParam(cols) : null,
            group: v.groupBy,
          }
        : { view: null, filter: null, sort: null, cols: null, group: null },
      replace,
    )
  }
  const setColumns = (shown: ListColumn[]) => {
    const choices = choicesOf(shown, available)
    const isDefault =
      choices.every((c) => c.width === undefined) && choices.map((c) => c.key).join() === defaults.join()
    setQuery({ cols: isDefault ? null : columnsParam(choices) }, true)
  }
  const onResize = (key: string, width: number) =>
    setColumns(columns.map((c) => (c.key === key ? { ...c, width } : c)))
  const onSaved = (row: RecordDto) => {
    pages.replace(row)
    summary.reload()
  }
  const onChanged = () => {
    pages.reload()
    summary.reload()
  }
  const isSelected = (id: string) => selection.all || selection.ids.has(id)
  const onToggle = (row: RecordDto, on: boolean) =>
    setSelection((prev) => {
      const ids = new Set(prev.all ? pages.rows.map((r) => r.id) : prev.ids)
      if (on) ids.add(row.id)
      else ids.delete(row.id)
      return { all: false, ids }
    })
  const selectedOnPage = pages.rows.filter((r) => isSelected(r.id)).length
  const page =
    pages.rows.length > 0 && selectedOnPage === pages.rows.length
      ? 'all'
      : selectedOnPage > 0
        ? 'some'
        : 'none'
  const onSelectPage = (on: boolean) =>
    setSelection(on ? { all: false, ids: new Set(pages.rows.map((r) => r.id)) } : NO_SELECTION)
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
    const from = `/o/${object.name}?${params.toString()}`
    // the record page's prev/next walks the rows this list has loaded
    saveListContext(
      from,
      pages.rows.map((r) => r.id),
    )
    navigate(`/o/${object.name}/${row.id}`, { state: { from } })
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
      <ListEmpty
        object={object}
        filtered={filtered}
        onClear={onClear}
        onCreate={canCreate ? () => setCreating(true) : undefined}
      />
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
      isSelected,
      onToggle,
    }
    body = isMobile ? (
      <>
        {summary.totals && summed.length > 0 && (
          <div className="km-card-totals" data-testid="totals-row">
            <span>{t('list.totals')}</span>
            {summed.map((f) => (
              <span key={f.name}>
                <span className="km-muted">{labelOf(f.label, locale)}</span>{' '}
                <SumText field={f} value={summary.totals?.sums[f.name]} />
              </span>
            ))}
          </div>
        )}
        <RecordCards object={object} {...rowProps} />
      </>
    ) : (
      <RecordTable
        object={object}
        columns={columns}
        sort={sort}
        onSort={onSort}
        onResize={onResize}
        page={page}
        onSelectPage={onSelectPage}
        onSaved={onSaved}
        grouping={
          shownGroup
            ? {
                key: shownGroup,
                field: groupables.find((f) => f.name === shownGroup),
                summaries: summary.groups,
                collapsed,
                onToggleGroup: (id) =>
                  setCollapsed((prev) => {
                    const next = new Set(prev)
                    if (next.has(id)) next.delete(id)
                    else next.add(id)
                    return next
                  }),
              }
            : null
        }
        totals={summary.totals}
        summed={summed}
        {...rowProps}
      />
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
        <div className="km-page-actions">
          <ListMoreMenu object={object} filter={bad ? null : rawFilter} compact={isMobile} />
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="new-record"
            >
              {isMobile ? t('action.new') : t('list.newObject', { object: singular })}
            </Button>
          )}
        </div>
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
            {!kanban && !isMobile && (
              <>
                <Select
                  className="km-group-select"
                  aria-label={t('list.groupBy')}
                  value={group ?? ''}
                  popupMatchSelectWidth={false}
                  prefix={<span className="km-muted">{t('list.groupBy')}</span>}
                  onChange={(v: string) => setQuery({ group: v || null })}
                  options={[
                    { value: '', label: t('list.noGrouping') },
                    ...groupables.map((f) => ({ value: f.name, label: labelOf(f.label, locale) })),
                    { value: 'owner_id', label: t('system.owner') },
                  ]}
                  data-testid="group-select"
                />
                <ColumnPicker
                  available={available}
                  shown={columns}
                  onChange={setColumns}
                  onReset={() => setQuery({ cols: null }, true)}
                />
              </>
            )}
            {!kanban && (
              <ExportButton
                object={object.name}
                selection={NO_SELECTION}
                total={pages.total}
                filter={bad ? null : rawFilter}
                sort={listSort}
                columns={exportColumns}
                vcard={exportsVcard(object)}
                compact={isMobile}
              />
            )}
            {!isMobile && <SegmentsButton object={object} filter={filter} />}
            <ViewsBar
              objectName={object.name}
              viewId={params.get('view')}
              filter={filter}
              sort={sort}
              columns={colChoices}
              groupBy={group}
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
      {!kanban && (
        <BulkBar
          object={object}
          selection={selection}
          rows={pages.rows}
          total={pages.total}
          filter={bad ? null : rawFilter}
          sort={listSort}
          columns={exportColumns}
          pageSelected={page === 'all'}
          onSelectAll={() => setSelection({ all: true })}
          onSelectPage={() => onSelectPage(true)}
          onClear={() => setSelection(NO_SELECTION)}
          onChanged={onChanged}
          compact={isMobile}
        />
      )}
      {summary.error !== null && pages.error === null && (
        <div className="km-pad">
          <ProblemAlert error={summary.error} onRetry={summary.reload} />
        </div>
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
