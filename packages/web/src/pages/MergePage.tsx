import { ArrowLeftOutlined, MergeCellsOutlined } from '@ant-design/icons'
import { MERGE_MAX_RECORDS, MERGE_MIN_RECORDS, type MergePreview } from '@kemai/shared/api/merge.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { App, Button, Result, Skeleton, Switch, Typography } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import { AccessDenied } from '../platform/AccessDenied.tsx'
import { ApiError } from '../platform/api-client.ts'
import type { ObjectMeta } from '../platform/endpoints.ts'
import { inSentence, labelOf } from '../platform/label.ts'
import { MergeCards } from '../platform/Merge/MergeCards.tsx'
import { MergeTable } from '../platform/Merge/MergeTable.tsx'
import { MovingSummary } from '../platform/Merge/MovingSummary.tsx'
import { mergeApi } from '../platform/Merge/merge-api.ts'
import {
  countOk,
  idsFromParam,
  initialChoices,
  requestOf,
  withSurvivor,
} from '../platform/Merge/merge-model.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { canObject, refusedObject } from '../platform/permissions.ts'
import { rememberTitle } from '../platform/record-titles.ts'
import '../platform/Merge/merge.css'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'

/**
 * `/o/:object/merge?ids=a,b,c`: the records side by side, a choice per field of whose value the
 * survivor keeps (the newest non-empty one by default), the survivor, what moves over to it, and the
 * merge. Afterwards the survivor opens; the merge can be undone from its merge history for 30 days.
 */
export function MergePage() {
  const { object: name = '' } = useParams()
  const [params] = useSearchParams()
  const { byName } = useMetadata()
  const me = useMe()
  // the server refused the object after all (the role changed since the metadata loaded)
  const [refusal, setRefusal] = useState<{ object: string; error: unknown } | null>(null)
  const refuse = useCallback((error: unknown) => setRefusal({ object: name, error }), [name])
  const object = byName.get(name)
  const raw = params.get('ids')
  const ids = useMemo(() => idsFromParam(raw), [raw])
  if (!object || refusal?.object === name) return <ObjectUnavailable object={name} refusal={refusal?.error} />
  // a merge changes the survivor and deletes the others: both rights, as the server asks
  if (!canObject(me, object.name, 'update') || !canObject(me, object.name, 'delete'))
    return <MergeDenied object={object} />
  return <Merge key={`${name}?${ids.join(',')}`} object={object} ids={ids} onRefused={refuse} />
}

/** Why this role may not merge (and the server's words when it refused these records). */
function MergeDenied({ object, error }: { object: ObjectMeta; error?: unknown }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const plural = labelOf(object.pluralLabel, locale)
  return (
    <AccessDenied
      reason={t('access.mergeDenied', { object: inSentence(plural, locale) })}
      error={error}
      back={{ to: `/o/${object.name}`, label: t('merge.backToList', { object: plural }) }}
    />
  )
}

function Merge({
  object,
  ids,
  onRefused,
}: {
  object: ObjectMeta
  ids: string[]
  onRefused(error: unknown): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const me = useMe()
  const isMobile = useIsMobile()
  const navigate = useNavigate()
  const { modal, message } = App.useApp()
  const [preview, setPreview] = useState<MergePreview | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const [survivor, setSurvivor] = useState('')
  const [choices, setChoices] = useState<Record<string, string>>({})
  const [onlyDiffering, setOnlyDiffering] = useState(true)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<unknown>(null)
  const plural = labelOf(object.pluralLabel, locale)
  const singular = labelOf(object.label, locale)
  const listPath = `/o/${object.name}`
  const ok = countOk(ids)

  useEffect(() => {
    if (!ok) return
    const ctl = new AbortController()
    void attempt
    setError(null)
    setPreview(null)
    mergeApi
      .preview(object.name, ids, ctl.signal)
      .then((p) => {
        for (const r of p.records) {
          const title = r[object.titleField]
          if (typeof title === 'string') rememberTitle(object.name, r.id, title)
        }
        setPreview(p)
        setSurvivor(p.survivorId)
        setChoices(initialChoices(p, p.survivorId))
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return
        // a 404 naming the object: the page as for an object the metadata does not list
        if (refusedObject(e) && e.status === 404) onRefused(e)
        else setError(e)
      })
    return () => ctl.abort()
  }, [object, ids, ok, attempt, onRefused])

  const back = (
    <Link to={listPath} className="km-merge-back">
      <ArrowLeftOutlined /> {t('merge.backToList', { object: plural })}
    </Link>
  )
  if (!ok)
    return (
      <div className="km-page km-merge-page">
        <Result
          status="info"
          title={t('merge.pickTitle', { min: MERGE_MIN_RECORDS, max: MERGE_MAX_RECORDS })}
          subTitle={t('merge.pickHint', { object: inSentence(plural, locale) })}
          extra={
            <Link to={listPath}>
              <Button type="primary">{t('merge.backToList', { object: plural })}</Button>
            </Link>
          }
        />
      </div>
    )

  // 403: no right on some of these records (outside the role's write scope), or none on the object
  if (error instanceof ApiError && error.status === 403) return <MergeDenied object={object} error={error} />

  const chooseSurvivor = (id: string) => {
    if (!preview) return
    setChoices((c) => withSurvivor(preview, c, survivor, id))
    setSurvivor(id)
  }

  const submit = async () => {
    if (!preview) return
    setSaving(true)
    setSaveError(null)
    try {
      const r = await mergeApi.merge(object.name, requestOf(preview, survivor, choices))
      message.success(t('merge.done', { count: r.merge.loserIds.length }))
      navigate(`/o/${object.name}/${r.merge.survivorId}`)
    } catch (e) {
      setSaveError(e)
      setSaving(false)
    }
  }

  const confirm = () => {
    if (!preview) return
    const survivorRecord = preview.records.find((r) => r.id === survivor)
    const title = String(survivorRecord?.[object.titleField] ?? '') || t('record.untitled')
    modal.confirm({
      title: t('merge.confirmTitle', { count: preview.records.length, title }),
      content: t('merge.confirmBody', { count: preview.records.length - 1 }),
      okText: t('merge.confirm'),
      cancelText: t('action.cancel'),
      onOk: submit,
    })
  }

  return (
    <div className="km-page km-merge-page" data-testid="merge-page">
      <div className="km-merge-head">
        {back}
        <Typography.Title level={3} className="km-merge-title">
          <MergeCellsOutlined /> {t('merge.title', { object: inSentence(singular, locale) })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="km-merge-intro">
          {t('merge.intro')}
        </Typography.Paragraph>
      </div>
      {error ? (
        <div className="km-merge-body">
          <ProblemAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
        </div>
      ) : !preview ? (
        <div className="km-merge-body" data-testid="merge-loading">
          <Skeleton active paragraph={{ rows: 10 }} />
        </div>
      ) : (
        <>
          <div className="km-merge-body">
            <div className="km-merge-options">
              <Switch
                size="small"
                checked={onlyDiffering}
                onChange={setOnlyDiffering}
                data-testid="merge-only-differing"
              />
              <span>{t('merge.onlyDiffering')}</span>
            </div>
            {isMobile ? (
              <MergeCards
                object={object}
                preview={preview}
                survivor={survivor}
                choices={choices}
                onlyDiffering={onlyDiffering}
                onSurvivor={chooseSurvivor}
                onChoose={(field, id) => setChoices((c) => ({ ...c, [field]: id }))}
                timeZone={me.workspace.timeZone}
              />
            ) : (
              <MergeTable
                object={object}
                preview={preview}
                survivor={survivor}
                choices={choices}
                onlyDiffering={onlyDiffering}
                onSurvivor={chooseSurvivor}
                onChoose={(field, id) => setChoices((c) => ({ ...c, [field]: id }))}
                timeZone={me.workspace.timeZone}
              />
            )}
          </div>
          <div className="km-merge-footer">
            {saveError ? (
              <ProblemAlert
                error={saveError}
                action={
                  <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
                    {t('merge.reload')}
                  </Button>
                }
              />
            ) : null}
            <div className="km-merge-footer-row">
              <MovingSummary object={object} preview={preview} survivor={survivor} />
              <div className="km-merge-actions">
                <Link to={listPath}>
                  <Button disabled={saving}>{t('action.cancel')}</Button>
                </Link>
                <Button type="primary" loading={saving} onClick={confirm} data-testid="merge-submit">
                  {t('merge.submit', { count: preview.records.length })}
                </Button>
              </div>
            </div>
          </div>
        </>
      )}
    </div>
  )
}
