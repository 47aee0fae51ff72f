import {
  CloseOutlined,
  DeleteOutlined,
  EditOutlined,
  MergeCellsOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons'
import { MERGE_MAX_RECORDS as MAX_MERGE } from '@kemai/shared/api/merge.limits'
import type { Locale } from '@kemai/shared/i18n/messages'
import { exportsVcard } from '@kemai/shared/vcard'
import { Alert, App, Button, Progress, Typography } from 'antd'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useMe } from '../../app/session.tsx'
import { RunWorkflowButton } from '../Automation/RunWorkflowButton.tsx'
import type { ObjectMeta, RecordDto } from '../endpoints.ts'
import { canEditField } from '../InlineEdit/editValue.ts'
import { problemText } from '../ProblemAlert.tsx'
import { canObject } from '../permissions.ts'
import type { BulkChange } from './BulkEditModal.tsx'
import {
  type BulkOutcome,
  MAX_BULK,
  resolveTargets,
  restoreAll,
  runBulk,
  type Selection,
  selectedCount,
  TooManyError,
} from './bulkActions.ts'
import { ExportButton } from './ExportButton.tsx'

const BulkEditModal = lazy(() => import('./BulkEditModal.tsx').then((m) => ({ default: m.BulkEditModal })))

interface Props {
  object: ObjectMeta
  selection: Selection
  rows: RecordDto[]
  total: number | undefined
  /** the URL's filter (JSON text) and sort */
  filter: string | null
  sort: string | null
  /** the columns an export has (the list's, in order) */
  columns?: string[]
  /** every loaded row is selected (offer "all matching") */
  pageSelected: boolean
  onSelectAll(): void
  /** select every loaded row (the phone has no header checkbox) */
  onSelectPage(): void
  onClear(): void
  /** the list changed on the server: load it again */
  onChanged(): void
  compact?: boolean
}

const MAX_LISTED_FAILURES = 20

/** The bar over a list with a selection: count, all-matching, bulk edit / owner / delete, export. */
export function BulkBar({
  object,
  selection,
  rows,
  total,
  filter,
  sort,
  columns,
  pageSelected,
  onSelectAll,
  onSelectPage,
  onClear,
  onChanged,
  compact,
}: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message, modal } = App.useApp()
  const navigate = useNavigate()
  const [editing, setEditingState] = useState<'field' | 'owner' | null>(null)
  // the dialog (with the inputs of every field type) loads on first use and then stays, for its animation
  const [editorLoaded, setEditorLoaded] = useState(false)
  const setEditing = (mode: 'field' | 'owner' | null) => {
    if (mode) setEditorLoaded(true)
    setEditingState(mode)
  }
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [report, setReport] = useState<(BulkOutcome & { total: number }) | null>(null)
  const count = selectedCount(selection, total)
  const fmt = (n: number) => n.toLocaleString(locale)
  // only what the role allows (docs/access.md): a reader keeps the export
  const me = useMe()
  const canEdit = object.fields.some((f) => f.name !== object.titleField && canEditField(me, object.name, f))
  const canOwner = canObject(me, object.name, 'update')
  const canDelete = canObject(me, object.name, 'delete')
  if (count === 0 && !report) return null

  /** Resolves the selection, runs the operations, reports; returns the ids that were done. */
  const execute = async (
    opOf: Parameters<typeof runBulk>[2],
    done: (n: number) => string,
  ): Promise<string[] | null> => {
    setReport(null)
    setProgress({ done: 0, total: count })
    try {
      const targets = await resolveTargets(object.name, object.titleField, selection, rows, filter)
      const outcome = await runBulk(
        object.name,
        targets,
        opOf,
        (d, n) => setProgress({ done: d, total: n }),
        (e) => problemText(e, t).title,
      )
      if (outcome.failed.length) setReport({ ...outcome, total: targets.length })
      if (outcome.done.length) message.success(done(outcome.done.length))
      onClear()
      onChanged()
      return outcome.done
    } catch (e) {
      message.error(
        e instanceof TooManyError ? t('list.bulkTooMany', { max: fmt(MAX_BULK) }) : problemText(e, t).title,
      )
      return null
    } finally {
      setProgress(null)
    }
  }

  const apply = async (change: BulkChange) => {
    setEditing(null)
    await execute(
      (x) => ({ op: 'update', id: x.id, version: x.version, data: { [change.field]: change.value } }),
      (n) => t('list.bulkDone', { count: n, formatted: fmt(n) }),
    )
  }

  const remove = () =>
    modal.confirm({
      title: t('list.bulkDeleteConfirm', { count, formatted: fmt(count) }),
      content: t('list.bulkDeleteHint'),
      okText: t('list.bulkDelete'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'bulk-delete-ok' } as Record<string, string>) },
      cancelText: t('action.cancel'),
      onOk: async () => {
        const ids = await execute(
          (x) => ({ op: 'delete', id: x.id, version: x.version }),
          (n) => t('list.bulkDeleted', { count: n, formatted: fmt(n) }),
        )
        if (ids?.length) offerUndo(ids)
      },
    })

  const offerUndo = (ids: string[]) => {
    const key = `undo-${Date.now()}`
    message.open({
      key,
      type: 'info',
      duration: 8,
      content: (
        <span>
          {t('list.bulkDeleted', { count: ids.length, formatted: fmt(ids.length) })}{' '}
          <Button
            size="small"
            type="link"
            data-testid="bulk-undo"
            onClick={async () => {
              message.destroy(key)
              const n = await restoreAll(object.name, ids)
              message.success(t('list.restored', { count: n, formatted: fmt(n) }))
              onChanged()
            }}
          >
            {t('list.undo')}
          </Button>
        </span>
      ),
    })
  }

  const busy = progress !== null
  return (
    <div className="km-bulk" data-testid="bulk-bar">
      {count > 0 && (
        <div className="km-bulk-bar" role="toolbar" aria-label={t('list.bulkActions')}>
          <Typography.Text strong data-testid="bulk-count">
            {selection.all
              ? t('list.allMatching', { formatted: fmt(count) })
              : t('list.selected', { count, formatted: fmt(count) })}
          </Typography.Text>
          {!selection.all && !pageSelected && (
            <Button type="link" size="small" onClick={onSelectPage} data-testid="select-page-link">
              {t('list.selectPage')}
            </Button>
          )}
          {!selection.all && pageSelected && total !== undefined && total > count && (
            <Button type="link" size="small" onClick={onSelectAll} data-testid="select-all-matching">
              {t('list.selectAllMatching', { formatted: fmt(total) })}
            </Button>
          )}
          <span className="km-grow" />
          {busy ? (
            <span className="km-bulk-progress">
              <Progress
                percent={Math.round((progress.done / Math.max(1, progress.total)) * 100)}
                size="small"
                showInfo={false}
              />
              <Typography.Text type="secondary">
                {t('list.bulkProgress', { done: fmt(progress.done), total: fmt(progress.total) })}
              </Typography.Text>
            </span>
          ) : (
            <>
              {canOwner && canDelete && !selection.all && count >= 2 && count <= MAX_MERGE && (
                <Button
                  icon={<MergeCellsOutlined />}
                  onClick={() =>
                    navigate(
                      `/o/${object.name}/merge?ids=${[...selection.ids].map(encodeURIComponent).join(',')}`,
                    )
                  }
                  data-testid="bulk-merge"
                >
                  {compact ? null : t('list.bulkMerge')}
                </Button>
              )}
              {canEdit && (
                <Button icon={<EditOutlined />} onClick={() => setEditing('field')} data-testid="bulk-edit">
                  {compact ? null : t('list.bulkEdit')}
                </Button>
              )}
              {canOwner && (
                <Button
                  icon={<UserSwitchOutlined />}
                  onClick={() => setEditing('owner')}
                  data-testid="bulk-owner-button"
                >
                  {compact ? null : t('list.bulkOwner')}
                </Button>
              )}
              <RunWorkflowButton
                object={object.name}
                count={count}
                resolveIds={async () =>
                  (await resolveTargets(object.name, object.titleField, selection, rows, filter)).map(
                    (x) => x.id,
                  )
                }
                compact={compact}
              />
              <ExportButton
                object={object.name}
                selection={selection}
                total={total}
                filter={filter}
                sort={sort}
                columns={columns}
                vcard={exportsVcard(object)}
                compact
              />
              {canDelete && (
                <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="bulk-delete">
                  {compact ? null : t('list.bulkDelete')}
                </Button>
              )}
            </>
          )}
          <Button
            type="text"
            icon={<CloseOutlined />}
            onClick={onClear}
            aria-label={t('list.clearSelection')}
            title={t('list.clearSelection')}
          />
        </div>
      )}
      {report && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setReport(null) }}
          className="km-bulk-report"
          data-testid="bulk-report"
          title={t('list.bulkFailed', { failed: fmt(report.failed.length), formatted: fmt(report.total) })}
          description={
            <ul className="km-problem-list">
              {report.failed.slice(0, MAX_LISTED_FAILURES).map((f) => (
                <li key={f.id}>
                  <Typography.Text strong>{f.title}</Typography.Text> — {f.message}
                </li>
              ))}
              {report.failed.length > MAX_LISTED_FAILURES && <li>…</li>}
            </ul>
          }
        />
      )}
      {editorLoaded && (
        <Suspense fallback={null}>
          <BulkEditModal
            object={object}
            mode={editing}
            count={count}
            onCancel={() => setEditing(null)}
            onApply={(c) => void apply(c)}
          />
        </Suspense>
      )}
    </div>
  )
}
