import { DisconnectOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Card, Drawer, Empty, Popconfirm, Skeleton, Tooltip } from 'antd'
import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../app/session.tsx'
import type { ObjectMeta, RecordDto } from '../endpoints.ts'
import { recordsApi } from '../endpoints.ts'
import { FieldValue } from '../FieldValue/FieldValue.tsx'
import { canEditField } from '../InlineEdit/editValue.ts'
import { inSentence, labelOf } from '../label.ts'
import { ProblemAlert, problemText } from '../ProblemAlert.tsx'
import { canObject } from '../permissions.ts'
import { rememberTitle } from '../record-titles.ts'
import { LinkExistingModal } from './LinkExistingModal.tsx'
import { recordPageApi } from './record-page-api.ts'
import { keyFieldsOf } from './sections.ts'

const RecordForm = lazy(() => import('../RecordForm/RecordForm.tsx').then((m) => ({ default: m.RecordForm })))

const PAGE = 5

export interface Inverse {
  name: string
  label: ObjectMeta['label']
  fromObject: string
  field: string
}

interface Props {
  /** the record page's object and record */
  object: ObjectMeta
  id: string
  inverse: Inverse
  /** the object whose records point here */
  from: ObjectMeta
  timeZone: string
  isMobile: boolean
}

/**
 * One inverse relation of the record (a company's people): the first records, the count, "add" (the
 * create form with the relation set to this record) and "link existing" (pick a record, PATCH its
 * relation field). Generic: any object with a relation field to this one gets a list here.
 */
export function RelatedList({ object, id, inverse, from, timeZone, isMobile }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const [rows, setRows] = useState<RecordDto[] | null>(null)
  const [total, setTotal] = useState<number | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const [loadingMore, setLoadingMore] = useState(false)
  const [adding, setAdding] = useState(false)
  const [linking, setLinking] = useState(false)
  const label = labelOf(inverse.label, locale)
  const fields = keyFieldsOf(from, 3).filter((f) => f.name !== inverse.field)
  // add needs the right to create the source object; link and unlink change its relation field
  const me = useMe()
  const relation = from.fields.find((f) => f.name === inverse.field)
  const canAdd = canObject(me, from.name, 'create')
  const canLink = relation !== undefined && canEditField(me, from.name, relation)

  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    recordPageApi
      .related(object.name, id, inverse.name, { limit: PAGE, count: true }, ctl.signal)
      .then((r) => {
        setRows(r.data)
        setTotal(r.total ?? r.data.length)
        setCursor(r.nextCursor)
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [object.name, id, inverse.name, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])

  const loadMore = async () => {
    if (!cursor) return
    setLoadingMore(true)
    try {
      const r = await recordPageApi.related(object.name, id, inverse.name, { limit: 20, cursor })
      setRows((prev) => [...(prev ?? []), ...r.data.filter((x) => !prev?.some((p) => p.id === x.id))])
      setCursor(r.nextCursor)
    } catch (e) {
      message.error(problemText(e, t).title)
    } finally {
      setLoadingMore(false)
    }
  }

  const unlink = async (rec: RecordDto) => {
    try {
      await recordsApi.update(from.name, rec.id, { [inverse.field]: null }, rec.version)
      message.success(t('record.related.unlinked'))
      reload()
    } catch (e) {
      message.error(problemText(e, t).title)
    }
  }

  const listUrl = `/o/${from.name}?filter=${encodeURIComponent(
    JSON.stringify({ field: inverse.field, op: 'eq', value: id }),
  )}`
  const titleOf = (rec: RecordDto) => String(rec[from.titleField] ?? '') || t('record.untitled')

  return (
    <Card
      size="small"
      className="km-related"
      data-testid={`related-${inverse.name}`}
      title={
        <span className="km-related-title">
          {label}
          {total !== null && (
            <span className="km-related-count" data-testid="related-count">
              {total.toLocaleString(locale)}
            </span>
          )}
        </span>
      }
      extra={
        <span className="km-related-actions">
          {canLink && (
            <Tooltip title={t('record.related.linkExisting')}>
              <Button
                size="small"
                type="text"
                icon={<LinkOutlined />}
                onClick={() => setLinking(true)}
                aria-label={t('record.related.linkExisting')}
                data-testid="related-link"
              />
            </Tooltip>
          )}
          {canAdd && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="related-add"
            >
              {t('record.related.add')}
            </Button>
          )}
        </span>
      }
    >
      {error !== null && rows === null ? (
        <ProblemAlert error={error} onRetry={reload} />
      ) : rows === null ? (
        <Skeleton active title={false} paragraph={{ rows: 3 }} />
      ) : rows.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('record.related.empty', {
            objects: inSentence(label, locale),
            object: inSentence(labelOf(object.label, locale), locale),
          })}
        />
      ) : (
        <ul className="km-related-list">
          {rows.map((rec) => (
            <li key={rec.id} className="km-related-row">
              <div className="km-related-main">
                <Link
                  to={`/o/${from.name}/${rec.id}`}
                  onClick={() => rememberTitle(from.name, rec.id, titleOf(rec))}
                  className="km-ellipsis"
                >
                  {titleOf(rec)}
                </Link>
                <div className="km-related-fields">
                  {fields.map((f) =>
                    rec[f.name] === null || rec[f.name] === undefined || rec[f.name] === '' ? null : (
                      <span key={f.name} className="km-related-field" title={labelOf(f.label, locale)}>
                        <FieldValue field={f} value={rec[f.name]} timeZone={timeZone} compact />
                      </span>
                    ),
                  )}
                </div>
              </div>
              {canLink && (
                <Popconfirm
                  title={t('record.related.unlinkConfirm', { title: titleOf(rec) })}
                  okText={t('record.related.unlink')}
                  cancelText={t('action.cancel')}
                  onConfirm={() => unlink(rec)}
                >
                  <Button
                    size="small"
                    type="text"
                    className="km-related-unlink"
                    icon={<DisconnectOutlined />}
                    aria-label={t('record.related.unlink')}
                    title={t('record.related.unlink')}
                  />
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
      {rows !== null && (cursor || (total ?? 0) > 0) && (
        <div className="km-related-foot">
          {cursor ? (
            <Button
              size="small"
              type="link"
              onClick={loadMore}
              loading={loadingMore}
              data-testid="related-more"
            >
              {t('record.related.more')}
            </Button>
          ) : (
            <span />
          )}
          <Link to={listUrl} className="km-related-all">
            {t('record.related.openList')}
          </Link>
        </div>
      )}
      <Drawer
        open={adding}
        onClose={() => setAdding(false)}
        title={t('form.createTitle', { object: labelOf(from.label, locale) })}
        size={isMobile ? '92%' : 560}
        placement={isMobile ? 'bottom' : 'right'}
        destroyOnHidden
      >
        <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
          {adding && (
            <RecordForm
              object={from}
              initialValues={{ [inverse.field]: id }}
              onCancel={() => setAdding(false)}
              onCreated={(rec) => {
                setAdding(false)
                rememberTitle(from.name, rec.id, titleOf(rec))
                message.success(t('record.related.added', { title: titleOf(rec) }))
                reload()
              }}
            />
          )}
        </Suspense>
      </Drawer>
      {linking && (
        <LinkExistingModal
          from={from}
          field={inverse.field}
          id={id}
          title={t('record.related.linkTitle', { objects: label })}
          onClose={() => setLinking(false)}
          onLinked={(title) => {
            setLinking(false)
            message.success(t('record.related.linked', { title }))
            reload()
          }}
        />
      )}
    </Card>
  )
}
