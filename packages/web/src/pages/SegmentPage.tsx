import { ArrowLeftOutlined, DeleteOutlined, FilterOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { App, Button, Drawer, Empty, Skeleton, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import { ApiError } from '../platform/api-client.ts'
import type { FieldMeta, ObjectMeta, RecordDto } from '../platform/endpoints.ts'
import { FieldValue } from '../platform/FieldValue/FieldValue.tsx'
import { describeFilter } from '../platform/FilterBuilder/describe.ts'
import { FilterBuilder } from '../platform/FilterBuilder/FilterBuilder.tsx'
import { chipsOf } from '../platform/FilterBuilder/filterModel.ts'
import { formatDateTime } from '../platform/format.ts'
import { labelOf } from '../platform/label.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { refusedObject } from '../platform/permissions.ts'
import { StatusTag } from '../platform/Segments/SegmentsDrawer.tsx'
import {
  type MembersPage,
  type Segment,
  type SegmentHistoryEntry,
  segmentLabel,
  segmentsApi,
} from '../platform/Segments/segmentsApi.ts'
import '../platform/Segments/segments.css'
import { SimpleList } from '../platform/SimpleList.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'

/** `/o/:object/segments/:id`: a segment's filter, live count, members and who entered or left it. */
export function SegmentPage() {
  const { object: name = '', id = '' } = useParams()
  const { byName } = useMetadata()
  const object = byName.get(name)
  return object ? <SegmentView key={id} object={object} id={id} /> : <ObjectUnavailable object={name} />
}

/** Fields of the filter's top-level conditions on the object itself: the columns that show why a record is in. */
function filterColumns(object: ObjectMeta, filter: Filter | null): FieldMeta[] {
  const names = new Set<string>()
  const walk = (f: Filter) => {
    if ('and' in f) f.and.forEach(walk)
    else if ('or' in f) f.or.forEach(walk)
    else if ('not' in f) walk(f.not)
    else names.add(f.field.split('.')[0]!)
  }
  if (filter) walk(filter)
  const byField = new Map(object.fields.map((f) => [f.name, f]))
  const chosen = [...names]
    .map((n) => byField.get(n))
    .filter((f): f is FieldMeta => !!f && f.isActive && f.name !== object.titleField)
  return chosen.slice(0, 3)
}

function SegmentView({ object, id }: { object: ObjectMeta; id: string }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const { byName } = useMetadata()
  const isMobile = useIsMobile()
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const [segment, setSegment] = useState<Segment | null>(null)
  const [members, setMembers] = useState<MembersPage | null>(null)
  const [history, setHistory] = useState<{ data: SegmentHistoryEntry[]; nextCursor: string | null } | null>(
    null,
  )
  const [error, setError] = useState<unknown>(null)
  const [editing, setEditing] = useState(false)
  const [more, setMore] = useState(false)

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const s = await segmentsApi.get(id, signal)
        const [m, h] = await Promise.all([
          segmentsApi.members(id, {}, signal),
          segmentsApi.history(id, {}, signal),
        ])
        setSegment(s)
        setMembers(m)
        setHistory(h)
        setError(null)
      } catch (e) {
        if (!signal?.aborted) setError(e)
      }
    },
    [id],
  )
  useEffect(() => {
    const ctl = new AbortController()
    void load(ctl.signal)
    return () => ctl.abort()
  }, [load])
  // while the background recompute runs, the count and members catch up every two seconds
  useEffect(() => {
    if (segment?.status !== 'computing') return
    const timer = setTimeout(() => void load(), 2000)
    return () => clearTimeout(timer)
  }, [segment, load])

  const filter = (segment?.filter ?? null) as Filter | null
  const columns = useMemo(() => filterColumns(object, filter), [object, filter])

  // the first load refused for the object (no right on it since the metadata loaded, or a filter on
  // fields the role may not see): the page says so, as for an object the metadata does not list
  if (!segment && refusedObject(error)) return <ObjectUnavailable object={object.name} refusal={error} />
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />
  if (error && !segment)
    return (
      <div className="km-page km-pad">
        <ProblemAlert error={error} onRetry={() => void load()} />
      </div>
    )
  if (!segment || !members || !history)
    return (
      <div className="km-page km-pad" data-testid="segment-loading">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    )

  const canChange = segment.ownerId === me.user.id || me.isAdmin
  const titleField = object.fields.find((f) => f.name === object.titleField)
  const recordHref = (rid: string) => `/o/${object.name}/${rid}`

  const saveFilter = async (next: Filter | null) => {
    if (!next) return
    try {
      const s = await segmentsApi.update(segment.id, { filter: next })
      setSegment(s)
      setEditing(false)
      message.success(t('segments.filterSaved'))
      await load()
    } catch (e) {
      setError(e)
      setEditing(false)
    }
  }

  const remove = () =>
    modal.confirm({
      title: t('segments.deleteConfirm', { name: segmentLabel(segment.name, locale) }),
      okButtonProps: { danger: true },
      okText: t('segments.delete'),
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await segmentsApi.remove(segment.id)
          message.success(t('segments.deleted'))
          navigate(`/o/${object.name}`)
        } catch (e) {
          setError(e)
        }
      },
    })

  const loadMore = async () => {
    if (!members.nextCursor) return
    setMore(true)
    try {
      const next = await segmentsApi.members(segment.id, { cursor: members.nextCursor })
      setMembers({ ...next, data: [...members.data, ...next.data] })
    } catch (e) {
      setError(e)
    } finally {
      setMore(false)
    }
  }

  const loadMoreHistory = async () => {
    if (!history.nextCursor) return
    try {
      const next = await segmentsApi.history(segment.id, { cursor: history.nextCursor })
      setHistory({ data: [...history.data, ...next.data], nextCursor: next.nextCursor })
    } catch (e) {
      setError(e)
    }
  }

  const tableColumns = [
    {
      key: '__title',
      title: titleField ? labelOf(titleField.label, locale) : t('segments.record'),
      render: (_: unknown, row: RecordDto) => (
        <Link to={recordHref(row.id)}>{String(row[object.titleField] ?? '') || t('segments.untitled')}</Link>
      ),
    },
    ...columns.map((f) => ({
      key: f.name,
      title: labelOf(f.label, locale),
      render: (_: unknown, row: RecordDto) => (
        <FieldValue field={f} value={row[f.name]} timeZone={me.workspace.timeZone} compact />
      ),
    })),
  ]

  const membersTab =
    members.data.length === 0 ? (
      <Empty
        description={t(
          segment.status === 'computing' ? 'segments.membersComputing' : 'segments.membersEmpty',
        )}
      />
    ) : (
      <>
        <Table<RecordDto>
          rowKey="id"
          size="small"
          columns={tableColumns}
          dataSource={members.data}
          pagination={false}
          scroll={isMobile ? { x: 'max-content' } : undefined}
          data-testid="segment-members"
        />
        {members.nextCursor && (
          <div className="km-segment-more">
            <Button onClick={loadMore} loading={more}>
              {t('segments.loadMore')}
            </Button>
          </div>
        )}
      </>
    )

  const historyTab =
    history.data.length === 0 ? (
      <Empty description={t('segments.historyEmpty')} />
    ) : (
      <>
        <SimpleList
          testId="segment-history"
          items={history.data.map((h, i) => ({
            key: `${h.recordId}-${h.at}-${i}`,
            title: (
              <Space size={8} wrap>
                <Tag color={h.change === 'entered' ? 'green' : 'red'}>{t(`segments.change.${h.change}`)}</Tag>
                {h.title !== null ? (
                  <Link to={recordHref(h.recordId)}>{h.title || t('segments.untitled')}</Link>
                ) : (
                  <Typography.Text type="secondary">{t('segments.deletedRecord')}</Typography.Text>
                )}
                <Typography.Text type="secondary">{t(`segments.cause.${h.cause}`)}</Typography.Text>
                <Typography.Text type="secondary">
                  {formatDateTime(h.at, locale, me.workspace.timeZone)}
                </Typography.Text>
              </Space>
            ),
          }))}
        />
        {history.nextCursor && (
          <div className="km-segment-more">
            <Button onClick={loadMoreHistory}>{t('segments.loadMore')}</Button>
          </div>
        )}
      </>
    )

  return (
    <div className="km-page km-segment-page" data-testid="segment-page">
      <div className="km-page-head">
        <div className="km-page-title">
          <Link to={`/o/${object.name}`} aria-label={t('segments.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }} ellipsis data-testid="segment-title">
            {segmentLabel(segment.name, locale)}
          </Typography.Title>
          <StatusTag status={segment.status} />
          {segment.visibility === 'shared' && <Tag>{t('segments.sharedTag')}</Tag>}
        </div>
        {canChange && (
          <Space>
            <Button
              icon={<FilterOutlined />}
              onClick={() => setEditing(true)}
              data-testid="segment-edit-filter"
            >
              {isMobile ? null : t('segments.editFilter')}
            </Button>
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={remove}
              aria-label={t('segments.delete')}
              data-testid="segment-delete"
            >
              {isMobile ? null : t('segments.delete')}
            </Button>
          </Space>
        )}
      </div>
      <div className="km-segment-body">
        {error !== null && <ProblemAlert error={error} onRetry={() => void load()} />}
        <div className="km-segment-summary">
          <Statistic
            title={t('segments.countTitle', { object: labelOf(object.pluralLabel, locale) })}
            value={segment.count}
            data-testid="segment-count"
          />
          <div className="km-segment-meta">
            {segment.description && <Typography.Paragraph>{segment.description}</Typography.Paragraph>}
            <Typography.Text type="secondary">
              {segment.computedAt
                ? t('segments.computedAt', {
                    at: formatDateTime(segment.computedAt, locale, me.workspace.timeZone),
                  })
                : t('segments.notComputed')}
            </Typography.Text>
          </div>
        </div>
        <div className="km-segment-filter" data-testid="segment-filter">
          <Typography.Text type="secondary">{t('segments.filter')}</Typography.Text>
          {chipsOf(filter).length === 0 ? (
            <Tag>{t('segments.everything')}</Tag>
          ) : (
            chipsOf(filter).map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: chips are positions in the AST
              <Tag key={i} color="processing" className="km-filter-chip">
                {describeFilter(c, object, byName, locale, t)}
              </Tag>
            ))
          )}
        </div>
        {segment.status === 'invalid' && (
          <Typography.Paragraph type="danger">{t('segments.invalidHelp')}</Typography.Paragraph>
        )}
        <Tabs
          items={[
            {
              key: 'members',
              label: `${t('segments.members')} (${members.total})`,
              children: membersTab,
            },
            { key: 'history', label: t('segments.history'), children: historyTab },
          ]}
        />
      </div>
      <Drawer
        open={editing}
        onClose={() => setEditing(false)}
        title={t('segments.editFilter')}
        size={isMobile ? '100%' : 640}
        destroyOnHidden
      >
        <FilterBuilder
          object={object}
          filter={filter}
          onApply={saveFilter}
          onCancel={() => setEditing(false)}
        />
      </Drawer>
    </div>
  )
}
