import { UndoOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Button, Checkbox, Collapse, Select, Table, Tag, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import {
  DEFAULT_OBJECT,
  effective,
  fieldRuleCounts,
  type GrantDraft,
  isInherited,
  type Matrix,
  RIGHTS,
  type Right,
  resetToDefault,
  SCOPES,
  setGrant,
} from './grantModel.ts'

interface Row {
  object: string
  label: string
  grant: GrantDraft
  inherited: boolean
  hasFields: boolean
}

/** Rows: the default grant first, then the objects by label, then grants of objects no longer in metadata. */
export function matrixRows(
  m: Matrix,
  objects: readonly ObjectMeta[],
  locale: Locale,
  defaultLabel: string,
): Row[] {
  const known = new Map(objects.map((o) => [o.name, o]))
  const collator = new Intl.Collator(locale)
  const names = Object.keys(m).filter((o) => o !== DEFAULT_OBJECT)
  const label = (o: string) => {
    const meta = known.get(o)
    return meta ? labelOf(meta.label, locale) : o
  }
  names.sort((a, b) => Number(!known.has(a)) - Number(!known.has(b)) || collator.compare(label(a), label(b)))
  return [DEFAULT_OBJECT, ...names].map((object) => ({
    object,
    label: object === DEFAULT_OBJECT ? defaultLabel : label(object),
    grant: effective(m, object),
    inherited: isInherited(m, object),
    hasFields: (known.get(object)?.fields.length ?? 0) > 0,
  }))
}

interface Props {
  matrix: Matrix
  objects: readonly ObjectMeta[]
  /** an edit as a function of the current matrix (never of a stale copy held by a cell) */
  onEdit(edit: (m: Matrix) => Matrix): void
  onFields(object: string): void
}

/**
 * Per object: create/read/update/delete, which records (read and write scope), and field rules. A table
 * on wide screens; one accordion panel per object on phones.
 */
export function PermissionMatrix({ matrix, objects, onEdit, onFields }: Props) {
  const { t, i18n } = useTranslation()
  const isMobile = useIsMobile()
  const rows = matrixRows(matrix, objects, i18n.language as Locale, t('settings.roles.defaultObject'))
  const scopeOptions = SCOPES.map((s) => ({ value: s, label: t(`settings.roles.scope.${s}`) }))

  const right = (r: Row, k: Right) => (
    <Checkbox
      checked={r.grant[k]}
      onChange={(e) => {
        const on = e.target.checked
        onEdit((m) => setGrant(m, r.object, { [k]: on }))
      }}
      aria-label={`${r.label} · ${t(`settings.roles.right.${k}`)}`}
      data-testid={`grant-${r.object}-${k}`}
    >
      {isMobile ? t(`settings.roles.right.${k}`) : null}
    </Checkbox>
  )
  const scope = (r: Row, k: 'readScope' | 'writeScope') => (
    <Select
      size={isMobile ? 'middle' : 'small'}
      className="km-admin-scope"
      value={r.grant[k]}
      options={scopeOptions}
      popupMatchSelectWidth={false}
      onChange={(v) => onEdit((m) => setGrant(m, r.object, { [k]: v }))}
      aria-label={`${r.label} · ${t(`settings.roles.${k}`)}`}
      data-testid={`grant-${r.object}-${k}`}
    />
  )
  const fields = (r: Row) => {
    if (r.object === DEFAULT_OBJECT || !r.hasFields) return null
    const c = fieldRuleCounts(r.grant)
    const summary =
      c.hidden || c.read
        ? t('settings.roles.fieldCounts', { hidden: c.hidden, read: c.read })
        : t('settings.roles.allEditable')
    return (
      <Button size="small" onClick={() => onFields(r.object)} data-testid={`grant-${r.object}-fields`}>
        {summary}
      </Button>
    )
  }
  const reset = (r: Row) =>
    r.object === DEFAULT_OBJECT ? null : r.inherited ? (
      <Tooltip title={t('settings.roles.inheritsHint')}>
        <Tag className="km-admin-tag">{t('settings.roles.inherits')}</Tag>
      </Tooltip>
    ) : (
      <Tooltip title={t('settings.roles.resetHint')}>
        <Button
          size="small"
          type="text"
          icon={<UndoOutlined />}
          aria-label={t('settings.roles.reset', { object: r.label })}
          onClick={() => onEdit((m) => resetToDefault(m, r.object))}
        />
      </Tooltip>
    )

  if (isMobile)
    return (
      <Collapse
        className="km-admin-matrix-accordion"
        data-testid="permission-matrix"
        items={rows.map((r) => ({
          key: r.object,
          label: (
            <span className="km-admin-matrix-head">
              <span className="km-admin-strong">{r.label}</span>
              <span className="km-admin-sub">{summaryOf(r.grant, t)}</span>
            </span>
          ),
          extra: reset(r),
          children: (
            <div className="km-admin-matrix-panel">
              <div className="km-admin-rights">
                {RIGHTS.map((k) => (
                  <span key={k}>{right(r, k)}</span>
                ))}
              </div>
              <div className="km-admin-field">
                <span>{t('settings.roles.readScope')}</span>
                {scope(r, 'readScope')}
              </div>
              <div className="km-admin-field">
                <span>{t('settings.roles.writeScope')}</span>
                {scope(r, 'writeScope')}
              </div>
              {fields(r)}
            </div>
          ),
        }))}
      />
    )

  return (
    <Table<Row>
      className="km-admin-matrix"
      data-testid="permission-matrix"
      size="small"
      rowKey="object"
      pagination={false}
      dataSource={rows}
      rowClassName={(r) => (r.inherited ? 'km-admin-inherited' : '')}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          key: 'object',
          title: t('settings.roles.object'),
          fixed: 'start',
          render: (_, r) => (
            <span className="km-admin-role-label">
              <span className="km-admin-strong">{r.label}</span>
              {reset(r)}
            </span>
          ),
        },
        ...RIGHTS.map((k) => ({
          key: k,
          title: t(`settings.roles.right.${k}`),
          align: 'center' as const,
          width: 48,
          render: (_: unknown, r: Row) => right(r, k),
        })),
        {
          key: 'readScope',
          title: t('settings.roles.readScope'),
          render: (_, r) => scope(r, 'readScope'),
        },
        {
          key: 'writeScope',
          title: t('settings.roles.writeScope'),
          render: (_, r) => scope(r, 'writeScope'),
        },
        { key: 'fields', title: t('settings.roles.fields'), render: (_, r) => fields(r) },
      ]}
    />
  )
}

/** "读 建 改 · 本团队" — the panel header on phones. */
function summaryOf(g: GrantDraft, t: (k: string) => string): string {
  const rights = RIGHTS.filter((k) => g[k]).map((k) => t(`settings.roles.rightShort.${k}`))
  if (!rights.length) return t('settings.roles.noAccess')
  return `${rights.join(' ')} · ${t(`settings.roles.scope.${g.readScope}`)}`
}
