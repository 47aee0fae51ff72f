import { CheckOutlined, ClearOutlined, SearchOutlined } from '@ant-design/icons'
import { CLEANSE_RULES, type CleanseRule } from '@kemai/shared/cleanse'
import { divisionPath } from '@kemai/shared/divisions'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Alert, App, Button, Checkbox, Empty, Progress, Table, Tag, Typography } from 'antd'
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { useMetadata } from '../app/metadata.tsx'
import { useMe } from '../app/session.tsx'
import { useIsMobile } from '../app/useIsMobile.ts'
import { AccessDenied } from '../platform/AccessDenied.tsx'
import { applyItems, cleanseApi, type FixRow, rowsOf } from '../platform/Cleanse/cleanse-api.ts'
import type { FieldMeta, ObjectMeta } from '../platform/endpoints.ts'
import { inSentence, labelOf } from '../platform/label.ts'
import { ProblemAlert } from '../platform/ProblemAlert.tsx'
import { canObject, refusedObject } from '../platform/permissions.ts'
import { ObjectUnavailable } from './ObjectUnavailable.tsx'

/** Records looked at per scan call (the API's maximum). */
const SCAN_PAGE = 2000

/** A value as text, with its spaces kept visible (a cleansing table is about exactly those). */
function valueText(field: FieldMeta | undefined, v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'string') return v
  if (Array.isArray(v)) return v.join('、')
  if (field?.type === 'address' && typeof v === 'object') {
    const a = v as { province?: string; city?: string; district?: string; text?: string }
    return [divisionPath(a).join(' / '), a.text].filter(Boolean).join(' · ')
  }
  return JSON.stringify(v)
}

/**
 * `/o/:object/cleanse`: finds values worth fixing in the records the user may see (the list's filter
 * comes along in `?filter=`), shows each fix old → new, and applies the chosen ones through the API,
 * which rechecks every record's version (docs/cleanse.md).
 */
export function CleansePage() {
  const { object: name = '' } = useParams()
  const { byName } = useMetadata()
  const me = useMe()
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  // the server refused the object after all (the role changed since the metadata loaded)
  const [refusal, setRefusal] = useState<{ object: string; error: unknown } | null>(null)
  const object = byName.get(name)
  if (!object || refusal?.object === name) return <ObjectUnavailable object={name} refusal={refusal?.error} />
  // cleansing changes records: a role without `update` gets the reason, not a scan it cannot apply
  if (!canObject(me, object.name, 'update')) {
    const plural = labelOf(object.pluralLabel, locale)
    return (
      <AccessDenied
        reason={t('access.cleanseDenied', { object: inSentence(plural, locale) })}
        back={{
          to: `/o/${encodeURIComponent(object.name)}`,
          label: t('access.backToList', { object: plural }),
        }}
      />
    )
  }
  return <Cleanse key={name} object={object} onRefused={(error) => setRefusal({ object: name, error })} />
}

function Cleanse({ object, onRefused }: { object: ObjectMeta; onRefused(error: unknown): void }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { message } = App.useApp()
  const isMobile = useIsMobile()
  const [params] = useSearchParams()
  const filterParam = params.get('filter')
  const filter = useMemo(() => {
    if (!filterParam) return undefined
    try {
      return JSON.parse(filterParam) as unknown
    } catch {
      return undefined
    }
  }, [filterParam])

  const [rules, setRules] = useState<CleanseRule[]>([...CLEANSE_RULES])
  const [rows, setRows] = useState<FixRow[]>([])
  const [selected, setSelected] = useState<string[]>([])
  const [scanned, setScanned] = useState(0)
  const [cursor, setCursor] = useState<string | null>(null)
  const [phase, setPhase] = useState<'idle' | 'scanning' | 'scanned' | 'applying'>('idle')
  const [applied, setApplied] = useState({ done: 0, total: 0 })
  const [error, setError] = useState<unknown>(null)
  const abort = useRef<AbortController | null>(null)

  const fields = useMemo(() => new Map(object.fields.map((f) => [f.name, f])), [object])
  const fieldLabel = (f: string) => {
    const meta = fields.get(f)
    return meta ? labelOf(meta.label, locale) : f
  }

  const scan = async (fresh: boolean) => {
    abort.current?.abort()
    const ctl = new AbortController()
    abort.current = ctl
    setPhase('scanning')
    setError(null)
    try {
      const r = await cleanseApi.scan(
        object.name,
        { filter, rules, limit: SCAN_PAGE, cursor: fresh ? undefined : (cursor ?? undefined) },
        ctl.signal,
      )
      const found = rowsOf(r.data)
      setRows((prev) => (fresh ? found : [...prev, ...found]))
      setSelected((prev) => [...(fresh ? [] : prev), ...found.map((x) => x.key)])
      setScanned((n) => (fresh ? r.scanned : n + r.scanned))
      setCursor(r.nextCursor)
      setPhase('scanned')
    } catch (e) {
      if (ctl.signal.aborted) return
      // the scan reads the object: refused as a whole, the page says so instead of an alert
      if (refusedObject(e)) return onRefused(e)
      setError(e)
      setPhase(fresh ? 'idle' : 'scanned')
    }
  }

  const apply = async () => {
    const chosen = rows.filter((r) => selected.includes(r.key))
    const chunks = applyItems(chosen)
    setPhase('applying')
    setError(null)
    setApplied({ done: 0, total: chunks.reduce((n, c) => n + c.length, 0) })
    const failures = new Map<string, string>()
    const done = new Set<string>()
    try {
      for (const items of chunks) {
        const r = await cleanseApi.apply(object.name, { items, rules })
        for (const res of r.results) {
          if (res.ok) done.add(res.id)
          else failures.set(res.id, res.error?.title ?? t('error.unknown'))
        }
        setApplied((a) => ({ ...a, done: a.done + items.length }))
      }
    } catch (e) {
      setError(e)
    }
    const appliedKeys = new Set(chosen.filter((r) => done.has(r.id)).map((r) => r.key))
    setRows((prev) =>
      prev
        .filter((r) => !appliedKeys.has(r.key))
        .map((r) => (failures.has(r.id) ? { ...r, error: failures.get(r.id) } : { ...r, error: undefined })),
    )
    setSelected((prev) => prev.filter((k) => !appliedKeys.has(k)))
    setPhase('scanned')
    if (done.size) message.success(t('cleanse.applied', { count: done.size }))
    if (failures.size) message.warning(t('cleanse.failedSome', { count: failures.size }))
  }

  const objectLabel = labelOf(object.pluralLabel, locale)
  const busy = phase === 'scanning' || phase === 'applying'
  const ruleTags = (r: FixRow) =>
    r.rules.map((rule) => (
      <Tag key={rule} color="blue">
        {t(`cleanse.rule.${rule}`)}
      </Tag>
    ))
  const valueCell = (r: FixRow, v: unknown, kind: 'old' | 'new') => (
    <code className={`km-cleanse-value km-cleanse-${kind}`}>{valueText(fields.get(r.field), v)}</code>
  )

  return (
    <div className="km-page km-cleanse-page" data-testid="cleanse-page">
      <div className="km-page-head">
        <div className="km-page-title">
          <Typography.Title level={4} style={{ margin: 0 }}>
            <ClearOutlined /> {t('cleanse.title', { object: objectLabel })}
          </Typography.Title>
          <Link to={`/o/${object.name}${filterParam ? `?filter=${encodeURIComponent(filterParam)}` : ''}`}>
            {t('cleanse.backToList', { object: objectLabel })}
          </Link>
        </div>
      </div>
      <div className="km-pad km-cleanse-body">
        <Typography.Paragraph type="secondary">{t('cleanse.intro')}</Typography.Paragraph>
        {filter !== undefined && (
          <Alert type="info" showIcon title={t('cleanse.filtered')} style={{ marginBottom: 16 }} />
        )}
        <Checkbox.Group
          className="km-cleanse-rules"
          value={rules}
          onChange={(v) => setRules(v as CleanseRule[])}
          disabled={busy}
          options={CLEANSE_RULES.map((r) => ({
            value: r,
            label: (
              <span>
                <strong>{t(`cleanse.rule.${r}`)}</strong>{' '}
                <span className="km-muted">{t(`cleanse.ruleHint.${r}`)}</span>
              </span>
            ),
          }))}
        />
        <div className="km-cleanse-actions">
          <Button
            type="primary"
            icon={<SearchOutlined />}
            onClick={() => void scan(true)}
            loading={phase === 'scanning'}
            disabled={!rules.length || phase === 'applying'}
            data-testid="cleanse-scan"
          >
            {phase === 'idle' ? t('cleanse.scan') : t('cleanse.rescan')}
          </Button>
          {cursor && phase !== 'idle' && (
            <Button onClick={() => void scan(false)} disabled={busy}>
              {t('cleanse.scanMore')}
            </Button>
          )}
          {phase !== 'idle' && (
            <Typography.Text type="secondary" data-testid="cleanse-summary">
              {t('cleanse.summary', { scanned, count: rows.length })}
            </Typography.Text>
          )}
        </div>
        {error ? <ProblemAlert error={error} /> : null}
        {phase === 'applying' && applied.total > 0 && (
          <Progress percent={Math.round((applied.done / applied.total) * 100)} size="small" />
        )}
        {phase !== 'idle' && phase !== 'scanning' && rows.length === 0 && !error && (
          <Empty description={t('cleanse.nothing')} data-testid="cleanse-empty" />
        )}
        {rows.length > 0 && (
          <>
            <div className="km-cleanse-actions">
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={!selected.length || busy}
                loading={phase === 'applying'}
                onClick={() => void apply()}
                data-testid="cleanse-apply"
              >
                {t('cleanse.apply', { count: selected.length })}
              </Button>
            </div>
            {isMobile ? (
              <div className="km-cleanse-cards" data-testid="cleanse-cards">
                {rows.map((r) => (
                  <div key={r.key} className="km-cleanse-card">
                    <Checkbox
                      checked={selected.includes(r.key)}
                      onChange={(e) =>
                        setSelected((s) => (e.target.checked ? [...s, r.key] : s.filter((k) => k !== r.key)))
                      }
                      aria-label={`${r.title} ${fieldLabel(r.field)}`}
                    />
                    <div className="km-cleanse-card-body">
                      <div>
                        <Link to={`/o/${object.name}/${r.id}`}>{r.title}</Link>{' '}
                        <span className="km-muted">· {fieldLabel(r.field)}</span>
                      </div>
                      <div>{valueCell(r, r.old, 'old')}</div>
                      <div>→ {valueCell(r, r.new, 'new')}</div>
                      <div>{ruleTags(r)}</div>
                      {r.error && <Typography.Text type="danger">{r.error}</Typography.Text>}
                    </div>
                  </div>
                ))}
              </div>
            ) : (
              <Table<FixRow>
                size="small"
                rowKey="key"
                dataSource={rows}
                pagination={rows.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
                rowSelection={{
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                }}
                columns={[
                  {
                    key: 'record',
                    title: t('cleanse.record'),
                    render: (_, r) => <Link to={`/o/${object.name}/${r.id}`}>{r.title}</Link>,
                  },
                  { key: 'field', title: t('cleanse.field'), render: (_, r) => fieldLabel(r.field) },
                  { key: 'old', title: t('cleanse.old'), render: (_, r) => valueCell(r, r.old, 'old') },
                  {
                    key: 'new',
                    title: t('cleanse.new'),
                    render: (_, r) => (
                      <>
                        {valueCell(r, r.new, 'new')}
                        {r.error && (
                          <div>
                            <Typography.Text type="danger">{r.error}</Typography.Text>
                          </div>
                        )}
                      </>
                    ),
                  },
                  { key: 'rules', title: t('cleanse.rules'), render: (_, r) => ruleTags(r) },
                ]}
              />
            )}
          </>
        )}
      </div>
    </div>
  )
}
