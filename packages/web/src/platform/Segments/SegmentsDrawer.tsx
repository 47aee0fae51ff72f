import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter } from '@kemai/shared/query/ast'
import { App, Badge, Button, Drawer, Empty, Input, Skeleton, Space, Tabs, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useIsMobile } from '../../app/useIsMobile.ts'
import type { ObjectMeta } from '../endpoints.ts'
import { ProblemAlert } from '../ProblemAlert.tsx'
import { SimpleList } from '../SimpleList.tsx'
import { SaveSegmentModal } from './SaveSegmentModal.tsx'
import {
  listsApi,
  type Segment,
  type StaticList,
  segmentLabel,
  segmentPath,
  segmentsApi,
} from './segmentsApi.ts'

export function StatusTag({ status }: { status: Segment['status'] }) {
  const { t } = useTranslation()
  const color = status === 'ready' ? 'success' : status === 'computing' ? 'processing' : 'error'
  return (
    <Tag color={color} data-testid="segment-status">
      {t(`segments.status.${status}`)}
    </Tag>
  )
}

export function SegmentsDrawer({
  object,
  filter,
  onClose,
}: {
  object: ObjectMeta
  filter: Filter | null
  onClose(): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const isMobile = useIsMobile()
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const [segments, setSegments] = useState<Segment[] | null>(null)
  const [lists, setLists] = useState<StaticList[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [newList, setNewList] = useState('')

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setError(null)
      try {
        const [s, l] = await Promise.all([
          segmentsApi.list(object.name, signal),
          listsApi.list(object.name, signal),
        ])
        setSegments(s.data)
        setLists(l.data)
      } catch (e) {
        if (!signal?.aborted) setError(e)
      }
    },
    [object.name],
  )
  useEffect(() => {
    const ctl = new AbortController()
    void load(ctl.signal)
    return () => ctl.abort()
  }, [load])

  const createList = async () => {
    const name = newList.trim()
    if (!name) return
    try {
      await listsApi.create({ objectName: object.name, name })
      setNewList('')
      message.success(t('segments.lists.created', { name }))
      await load()
    } catch (e) {
      setError(e)
    }
  }

  const removeList = (l: StaticList) =>
    modal.confirm({
      title: t('segments.lists.deleteConfirm', { name: segmentLabel(l.name, locale) }),
      okButtonProps: { danger: true },
      okText: t('segments.delete'),
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await listsApi.remove(l.id)
          await load()
        } catch (e) {
          setError(e)
        }
      },
    })

  const segmentsTab =
    segments === null ? (
      <Skeleton active paragraph={{ rows: 4 }} />
    ) : segments.length === 0 ? (
      <Empty description={t(filter ? 'segments.emptyWithFilter' : 'segments.empty')} />
    ) : (
      <SimpleList
        testId="segments-list"
        items={segments.map((s) => ({
          key: s.id,
          title: (
            <Space size={6} wrap>
              <Link to={segmentPath(object.name, s.id)} onClick={onClose}>
                {segmentLabel(s.name, locale)}
              </Link>
              {s.visibility === 'shared' && <Tag>{t('segments.sharedTag')}</Tag>}
              {s.status !== 'ready' && <StatusTag status={s.status} />}
            </Space>
          ),
          description: s.description,
          actions: <Badge count={s.count} showZero overflowCount={999_999} color="blue" />,
        }))}
      />
    )

  const listsTab =
    lists === null ? (
      <Skeleton active paragraph={{ rows: 4 }} />
    ) : (
      <>
        <Space.Compact block style={{ marginBottom: 12 }}>
          <Input
            value={newList}
            maxLength={100}
            placeholder={t('segments.lists.namePlaceholder')}
            onChange={(e) => setNewList(e.target.value)}
            onPressEnter={createList}
            data-testid="list-name"
          />
          <Button icon={<PlusOutlined />} onClick={createList} disabled={!newList.trim()}>
            {t('segments.lists.new')}
          </Button>
        </Space.Compact>
        {lists.length === 0 ? (
          <Empty description={t('segments.lists.empty')} />
        ) : (
          <SimpleList
            items={lists.map((l) => ({
              key: l.id,
              title: segmentLabel(l.name, locale),
              description: l.description,
              actions: (
                <>
                  <Badge count={l.count} showZero overflowCount={999_999} color="blue" />
                  <Button
                    type="text"
                    size="small"
                    icon={<DeleteOutlined />}
                    aria-label={t('segments.delete')}
                    onClick={() => removeList(l)}
                  />
                </>
              ),
            }))}
          />
        )}
      </>
    )

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('segments.title')}
      size={isMobile ? '100%' : 440}
      extra={
        <Button
          type="primary"
          icon={<SaveOutlined />}
          disabled={!filter}
          title={filter ? undefined : t('segments.noFilter')}
          onClick={() => setSaving(true)}
          data-testid="segment-save-current"
        >
          {t('segments.saveCurrent')}
        </Button>
      }
    >
      {error !== null && <ProblemAlert error={error} onRetry={() => void load()} />}
      {!filter && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('segments.noFilter')}
        </Typography.Paragraph>
      )}
      <Tabs
        items={[
          { key: 'segments', label: t('segments.tabSegments'), children: segmentsTab },
          { key: 'lists', label: t('segments.tabLists'), children: listsTab },
        ]}
      />
      <SaveSegmentModal
        objectName={object.name}
        filter={filter}
        open={saving}
        onClose={() => setSaving(false)}
        onSaved={(s) => {
          setSaving(false)
          message.success(t('segments.saved', { name: segmentLabel(s.name, locale) }))
          onClose()
          navigate(segmentPath(object.name, s.id))
        }}
      />
    </Drawer>
  )
}
