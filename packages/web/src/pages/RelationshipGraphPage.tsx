import { ApartmentOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, Empty, Segmented, Skeleton, Tag, Typography } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { api } from '../platform/api-client.ts'
import { type ObjectMeta, optionsOf, type RecordDto, recordsApi } from '../platform/endpoints.ts'
import { labelOf } from '../platform/label.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { canObject, refusedObject } from '../platform/permissions.ts'
import { RelationPicker } from '../platform/RecordForm/RelationPicker.tsx'
import {
  companyNode,
  type GraphData,
  type GraphMode,
  loadCompanyGraph,
  loadPeopleGraph,
  personNode,
} from '../platform/RelationshipGraph/graph-data.ts'
import type { GraphEdge } from '../platform/RelationshipGraph/graph-model.ts'
import { type KindChoice, RelationshipGraph } from '../platform/RelationshipGraph/RelationshipGraph.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'

const LINK_OBJECT: Record<GraphMode, 'person_relation' | 'company_relation'> = {
  people: 'person_relation',
  companies: 'company_relation',
}
const ENDS: Record<GraphMode, [string, string]> = {
  people: ['from_person', 'to_person'],
  companies: ['from_company', 'to_company'],
}

function kindsOf(object: ObjectMeta | undefined, locale: Locale): KindChoice[] {
  const field = object?.fields.find((f) => f.name === 'kind')
  return (field ? (optionsOf(field).choices ?? []) : []).map((c) => ({
    value: c.value,
    label: labelOf(c.label, locale),
    color: c.color,
  }))
}

/**
 * `/o/{person|company}/{id}/graph`: the relationship graph. People: the decision chain of the company
 * (everyone there, who reports to whom, who influences whom, each person's buying role) — for a person,
 * their company's chart with them highlighted. Companies: parent, subsidiaries and company links.
 * What the role may do shapes it: without reading people a company shows its companies only; without
 * reading the links there are none; adding a link needs `create` on the link object, removing `delete`.
 */
export function RelationshipGraphPage() {
  const { object = '', id = '' } = useParams()
  const { byName } = useMetadata()
  // the server refused the object after all (the role changed since the metadata loaded)
  const [refusal, setRefusal] = useState<{ object: string; error: unknown } | null>(null)
  const refuse = useCallback((error: unknown) => setRefusal({ object, error }), [object])
  if (object !== 'person' && object !== 'company') return <NotFoundPage />
  if (!byName.has(object) || refusal?.object === object)
    return <ObjectUnavailable object={object} refusal={refusal?.error} />
  return <GraphPage key={`${object}:${id}`} object={object} id={id} onRefused={refuse} />
}

function GraphPage({
  object,
  id,
  onRefused,
}: {
  object: 'person' | 'company'
  id: string
  onRefused(error: unknown): void
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { byName } = useMetadata()
  const me = useMe()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  // a company's people chart lists people: a role that may not read them gets the companies chart
  const peopleReadable = byName.has('person')
  const mode: GraphMode =
    object === 'company' && (params.get('mode') === 'companies' || !peopleReadable) ? 'companies' : 'people'
  const [root, setRoot] = useState<RecordDto | null>(null)
  const [data, setData] = useState<GraphData | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  // records added to the chart by hand, to link them (someone at a partner company, a competitor…)
  const [extra, setExtra] = useState<RecordDto[]>([])
  const [adding, setAdding] = useState<string | null>(null)

  useEffect(() => {
    const ctl = new AbortController()
    void attempt
    setError(null)
    const ctx = { byName, locale, signal: ctl.signal }
    recordsApi
      .get(object, id, ctl.signal)
      .then(async (rec) => {
        setRoot(rec)
        const d =
          mode === 'companies'
            ? await loadCompanyGraph(rec, ctx)
            : await loadPeopleGraph({ object, record: rec }, ctx)
        if (!ctl.signal.aborted) setData(d)
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return
        if (refusedObject(e)) onRefused(e)
        else setError(e)
      })
    return () => ctl.abort()
  }, [object, id, mode, byName, locale, attempt, onRefused])

  const linkObject = LINK_OBJECT[mode]
  const linkMeta = byName.get(linkObject)
  const kinds = useMemo(() => kindsOf(linkMeta, locale), [linkMeta, locale])
  // links are records of their own object (the metadata lists it only when the role may read it)
  const canLink = !!linkMeta && canObject(me, linkObject, 'create')
  const canUnlink = !!linkMeta && canObject(me, linkObject, 'delete')
  const reload = useCallback(() => setAttempt((n) => n + 1), [])

  const create = async (l: { source: string; target: string; kind: string; note: string }) => {
    const [fromField, toField] = ENDS[mode]
    await recordsApi.create(linkObject, {
      [fromField]: l.source,
      kind: l.kind,
      [toField]: l.target,
      ...(l.note ? { note: l.note } : {}),
    })
    reload()
  }
  const remove = async (e: GraphEdge) => {
    if (!e.record) return
    await api<void>(
      `/api/v1/records/${encodeURIComponent(e.record.object)}/${encodeURIComponent(e.record.id)}`,
      {
        method: 'DELETE',
        headers: { 'If-Match': String(e.record.version) },
      },
    )
    reload()
  }

  const nodeObject = mode === 'companies' ? 'company' : 'person'
  const shown = useMemo(() => {
    if (!data) return null
    const have = new Set(data.nodes.map((n) => n.id))
    const ctx = { byName, locale }
    const more = extra
      .filter((r) => !have.has(r.id))
      .map((r) =>
        mode === 'companies'
          ? companyNode(r, ctx, { external: true })
          : personNode(r, ctx, { external: true }),
      )
    return { ...data, nodes: [...data.nodes, ...more] }
  }, [data, extra, mode, byName, locale])
  const addToChart = (recordId: string | null) => {
    setAdding(null)
    if (!recordId) return
    recordsApi
      .get(nodeObject, recordId)
      .then((r) => setExtra((xs) => [...xs.filter((x) => x.id !== r.id), r]))
      .catch((e: unknown) => setError(e))
  }

  const title = typeof root?.name === 'string' ? root.name : ''
  const companyId = object === 'person' && typeof root?.company === 'string' ? root.company : null
  return (
    <div className="km-page" data-testid="graph-page">
      <div className="km-page-head">
        <div className="km-page-title">
          <Typography.Title level={4} style={{ margin: 0 }}>
            <ApartmentOutlined /> {t('graph.title', { name: title })}
          </Typography.Title>
          <Link to={`/o/${object}/${id}`}>{t('graph.backToRecord', { name: title })}</Link>
        </div>
      </div>
      <div className="km-pad">
        {object === 'company' && peopleReadable && byName.has('company_relation') && (
          <Segmented
            value={mode}
            onChange={(v) => setParams(v === 'companies' ? { mode: 'companies' } : {}, { replace: true })}
            options={[
              { value: 'people', label: t('graph.modePeople') },
              { value: 'companies', label: t('graph.modeCompanies') },
            ]}
          />
        )}
        {companyId && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('graph.personHint')}
          </Typography.Paragraph>
        )}
        {canLink && (
          // a record is added to the chart to link it: no use to a role that may not link
          <div className="km-graph-add">
            <RelationPicker
              key={`${mode}:${extra.length}`}
              target={nodeObject}
              value={adding}
              onChange={addToChart}
              placeholder={mode === 'companies' ? t('graph.addCompany') : t('graph.addPerson')}
            />
          </div>
        )}
        <div className="km-graph-legend">
          {kinds.map((k) => (
            <Tag key={k.value} color={k.color === 'default' ? undefined : k.color}>
              {k.label}
            </Tag>
          ))}
          <Typography.Text type="secondary" data-testid="graph-how-to">
            {canLink ? t('graph.howTo') : linkMeta ? t('access.graphReadOnly') : t('access.graphLinksHidden')}
          </Typography.Text>
        </div>
        {error ? (
          <ProblemAlert error={error} onRetry={reload} />
        ) : !shown ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : (
          <>
            {shown.truncated && (
              <Alert type="warning" showIcon title={t('graph.truncated')} style={{ marginBottom: 8 }} />
            )}
            {shown.nodes.length <= 1 && shown.edges.length === 0 && (
              <Empty
                description={mode === 'people' ? t('graph.emptyPeople') : t('graph.emptyCompanies')}
                style={{ marginBottom: 8 }}
              />
            )}
            <RelationshipGraph
              nodes={shown.nodes}
              edges={shown.edges}
              storageKey={`${object}:${id}:${mode}`}
              kinds={kinds}
              onCreate={canLink ? create : undefined}
              onDelete={canUnlink ? remove : undefined}
              onOpen={(n) => navigate(`/o/${n.object}/${n.id}`)}
            />
          </>
        )}
      </div>
    </div>
  )
}
