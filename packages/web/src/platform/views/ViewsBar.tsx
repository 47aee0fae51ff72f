import { DeleteOutlined, EyeOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons'
import type { Filter } from '@kemai/shared/query/ast'
import { App, Button, Checkbox, Dropdown, Input, Modal, Radio, Select, Space } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type SavedView, sortFromView, sortToView, viewsApi } from '../endpoints.ts'
import { ProblemAlert, problemText } from '../ProblemAlert.tsx'
import { type ColumnChoice, choicesFromView, viewColumns } from '../RecordList/columnState.ts'

interface Props {
  objectName: string
  viewId: string | null
  filter: Filter | null
  sort: string | null
  /** the list's columns (order, changed widths); null: the object's default columns */
  columns: ColumnChoice[] | null
  /** the list's group-by field (or `owner_id`) */
  groupBy: string | null
  /** the URL had neither a view, a filter nor a sort when the list opened: a default view applies */
  pristine: boolean
  onPick(view: SavedView | null, replace?: boolean): void
}

/** Saved views of a list: pick one (its id in `?view=`), save the current filter/sort/columns/grouping, default, delete. */
export function ViewsBar({ objectName, viewId, filter, sort, columns, groupBy, pristine, onPick }: Props) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const [views, setViews] = useState<SavedView[]>([])
  const [saving, setSaving] = useState(false)

  const reload = useCallback(
    (signal?: AbortSignal) =>
      viewsApi.list(objectName, signal).then((r) => {
        setViews(r.data)
        return r.data
      }),
    [objectName],
  )

  // biome-ignore lint/correctness/useExhaustiveDependencies: the default view applies once, when the list opens
  useEffect(() => {
    const ac = new AbortController()
    reload(ac.signal)
      .then((data) => {
        const def = data.find((v) => v.isDefault)
        if (pristine && def) onPick(def, true)
      })
      .catch(() => undefined)
    return () => ac.abort()
  }, [reload])

  const current = views.find((v) => v.id === viewId) ?? null
  const changed =
    current !== null &&
    (canonical(current.filter ?? null) !== canonical(filter) ||
      sortFromView(current.sort) !== sort ||
      canonical(choicesFromView(current.columns)) !== canonical(columns) ||
      (current.groupBy ?? null) !== groupBy)

  const fail = (e: unknown) => message.error(problemText(e, t).title)

  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn()
      message.success(done)
      await reload()
    } catch (e) {
      fail(e)
    }
  }

  const menu = [
    ...(current && changed
      ? [
          {
            key: 'update',
            icon: <SaveOutlined />,
            label: t('views.update'),
            onClick: () =>
              run(
                () =>
                  viewsApi.update(current.id, {
                    filter,
                    sort: sortToView(sort),
                    columns: viewColumns(columns ?? []),
                    groupBy,
                  }),
                t('views.updated', { name: current.name }),
              ),
          },
        ]
      : []),
    { key: 'save', icon: <SaveOutlined />, label: t('views.saveAs'), onClick: () => setSaving(true) },
    ...(current
      ? [
          {
            key: 'default',
            icon: <StarOutlined />,
            disabled: current.isDefault,
            label: t('views.makeDefault'),
            onClick: () =>
              run(
                () => viewsApi.update(current.id, { isDefault: true }),
                t('views.defaultSet', { name: current.name }),
              ),
          },
          {
            key: 'delete',
            icon: <DeleteOutlined />,
            danger: true,
            label: t('views.delete'),
            onClick: () =>
              modal.confirm({
                title: t('views.deleteConfirm', { name: current.name }),
                okText: t('views.delete'),
                okButtonProps: { danger: true },
                cancelText: t('action.cancel'),
                onOk: async () => {
                  try {
                    await viewsApi.remove(current.id)
                    message.success(t('views.deleted', { name: current.name }))
                    onPick(null)
                    await reload()
                  } catch (e) {
                    fail(e)
                  }
                },
              }),
          },
        ]
      : []),
  ]

  return (
    <div className="km-views" data-testid="views-bar">
      <Select
        className="km-view-select"
        aria-label={t('views.label')}
        value={viewId ?? ''}
        popupMatchSelectWidth={false}
        prefix={<EyeOutlined aria-hidden />}
        onChange={(id: string) => onPick(views.find((v) => v.id === id) ?? null)}
        options={[
          { value: '', label: t('views.all') },
          ...views.map((v) => ({
            value: v.id,
            label: `${v.name}${v.isDefault ? ' ★' : ''}${v.visibility === 'shared' ? ` · ${t('views.shared')}` : ''}`,
          })),
        ]}
        data-testid="view-select"
      />
      {changed && <span className="km-view-changed">{t('views.changed')}</span>}
      <Dropdown menu={{ items: menu }} trigger={['click']}>
        <Button icon={<SaveOutlined />} data-testid="views-menu" aria-label={t('views.menu')} />
      </Dropdown>
      <SaveViewModal
        open={saving}
        onClose={() => setSaving(false)}
        onSave={async (input) => {
          const v = await viewsApi.create({
            objectName,
            name: input.name,
            visibility: input.visibility,
            isDefault: input.isDefault,
            filter,
            sort: sortToView(sort),
            columns: viewColumns(columns ?? []),
            groupBy,
          })
          setSaving(false)
          message.success(t('views.saved', { name: v.name }))
          await reload()
          onPick(v)
        }}
      />
    </div>
  )
}

interface SaveInput {
  name: string
  visibility: 'private' | 'shared'
  isDefault: boolean
}

function SaveViewModal({
  open,
  onClose,
  onSave,
}: {
  open: boolean
  onClose(): void
  onSave(input: SaveInput): Promise<void>
}) {
  const { t } = useTranslation()
  const [input, setInput] = useState<SaveInput>({ name: '', visibility: 'private', isDefault: false })
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (open) {
      setInput({ name: '', visibility: 'private', isDefault: false })
      setError(null)
    }
  }, [open])
  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      await onSave({ ...input, name: input.name.trim() })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={open}
      title={t('views.saveAs')}
      onCancel={onClose}
      onOk={submit}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      okButtonProps={{
        disabled: !input.name.trim(),
        loading: busy,
        ...({ 'data-testid': 'view-save' } as Record<string, string>),
      }}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {error !== null && <ProblemAlert error={error} />}
        <Input
          autoFocus
          placeholder={t('views.name')}
          aria-label={t('views.name')}
          value={input.name}
          maxLength={100}
          onChange={(e) => setInput({ ...input, name: e.target.value })}
          onPressEnter={() => input.name.trim() && submit()}
          data-testid="view-name"
        />
        <Radio.Group
          value={input.visibility}
          onChange={(e) => setInput({ ...input, visibility: e.target.value })}
          options={[
            { value: 'private', label: t('views.private') },
            { value: 'shared', label: t('views.sharedLong') },
          ]}
        />
        <Checkbox
          checked={input.isDefault}
          onChange={(e) => setInput({ ...input, isDefault: e.target.checked })}
        >
          {t('views.asDefault')}
        </Checkbox>
      </Space>
    </Modal>
  )
}

/** JSON with sorted keys: the server stores filters as jsonb, which reorders keys. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  )
}
