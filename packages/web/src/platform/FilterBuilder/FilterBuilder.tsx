import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import type { Filter, FilterScalar, FilterValue } from '@kemai/shared/query/ast'
import { FIELD_TYPE_DOMAIN, OPERATOR_SPECS, type Operator } from '@kemai/shared/query/operators'
import { Button, DatePicker, Input, InputNumber, Segmented, Select, Space } from 'antd'
import dayjs from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMetadata } from '../../app/metadata.tsx'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { optionsOf, usersApi } from '../endpoints.ts'
import { labelOf } from '../label.ts'
import { RelationPicker } from '../RecordForm/RelationPicker.tsx'
import { describeFilter } from './describe.ts'
import {
  type EditCondition,
  type EditGroup,
  type EditNode,
  fromEdit,
  newKey,
  type PathInfo,
  pathOptions,
  relationTarget,
  resolvePath,
  toEdit,
  valueFor,
} from './filterModel.ts'

interface Props {
  object: ObjectMeta
  filter: Filter | null
  onApply(filter: Filter | null): void
  onCancel(): void
}

/** Nested groups deeper than this are not offered (the language allows 10 levels; people need 2). */
const MAX_GROUP_DEPTH = 2

/** The filter panel: and/or groups of conditions over fields and relation paths; Apply writes the AST. */
export function FilterBuilder({ object, filter, onApply, onCancel }: Props) {
  const { t } = useTranslation()
  const [root, setRoot] = useState<EditGroup>(() => toEdit(filter))
  const users = useUsers()
  const draft = fromEdit(root)

  return (
    <div className="km-filter-builder" data-testid="filter-builder">
      <GroupEditor object={object} group={root} depth={1} users={users} onChange={setRoot} onRemove={null} />
      <div className="km-filter-actions">
        <Button onClick={() => setRoot(toEdit(null))} data-testid="filter-reset">
          {t('filter.reset')}
        </Button>
        <span className="km-grow" />
        <Button onClick={onCancel}>{t('action.cancel')}</Button>
        <Button type="primary" onClick={() => onApply(draft)} data-testid="filter-apply">
          {t('filter.apply')}
        </Button>
      </div>
    </div>
  )
}

interface UserOption {
  value: string
  label: string
}

function useUsers(): UserOption[] {
  const [users, setUsers] = useState<UserOption[]>([])
  useEffect(() => {
    const ac = new AbortController()
    usersApi
      .list(ac.signal)
      .then((r) => setUsers(r.data.map((u) => ({ value: u.id, label: u.name || u.email }))))
      .catch(() => undefined)
    return () => ac.abort()
  }, [])
  return users
}

interface GroupProps {
  object: ObjectMeta
  group: EditGroup
  depth: number
  users: UserOption[]
  onChange(next: EditGroup): void
  onRemove: (() => void) | null
}

function GroupEditor({ object, group, depth, users, onChange, onRemove }: GroupProps) {
  const { t } = useTranslation()
  const setItem = (i: number, next: EditNode | null) => {
    const items = [...group.items]
    if (next) items[i] = next
    else items.splice(i, 1)
    onChange({ ...group, items })
  }
  const add = (node: EditNode) => onChange({ ...group, items: [...group.items, node] })
  return (
    <fieldset className={`km-filter-group km-filter-depth-${depth}`} data-testid="filter-group">
      <div className="km-filter-group-head">
        <Segmented
          size="small"
          value={group.join}
          onChange={(v) => onChange({ ...group, join: v as 'and' | 'or' })}
          options={[
            { value: 'and', label: t('filter.and') },
            { value: 'or', label: t('filter.or') },
          ]}
          aria-label={t('filter.join')}
        />
        <span className="km-filter-hint">{t(group.join === 'and' ? 'filter.allOf' : 'filter.anyOf')}</span>
        <span className="km-grow" />
        {onRemove && (
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            onClick={onRemove}
            aria-label={t('filter.removeGroup')}
          />
        )}
      </div>
      {group.items.length === 0 && <div className="km-filter-empty">{t('filter.noConditions')}</div>}
      {group.items.map((n, i) =>
        n.kind === 'group' ? (
          <GroupEditor
            key={n.key}
            object={object}
            group={n}
            depth={depth + 1}
            users={users}
            onChange={(g) => setItem(i, g)}
            onRemove={() => setItem(i, null)}
          />
        ) : n.kind === 'raw' ? (
          <RawRow key={n.key} object={object} filter={n.filter} onRemove={() => setItem(i, null)} />
        ) : (
          <ConditionRow
            key={n.key}
            object={object}
            cond={n}
            users={users}
            onChange={(c) => setItem(i, c)}
            onRemove={() => setItem(i, null)}
          />
        ),
      )}
      <Space size={4} wrap>
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => add({ kind: 'condition', key: newKey(), field: '', op: null })}
          data-testid="filter-add-condition"
        >
          {t('filter.addCondition')}
        </Button>
        {depth < MAX_GROUP_DEPTH && (
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() =>
              add({
                kind: 'group',
                key: newKey(),
                join: group.join === 'and' ? 'or' : 'and',
                items: [{ kind: 'condition', key: newKey(), field: '', op: null }],
              })
            }
            data-testid="filter-add-group"
          >
            {t('filter.addGroup')}
          </Button>
        )}
      </Space>
    </fieldset>
  )
}

function RawRow({ object, filter, onRemove }: { object: ObjectMeta; filter: Filter; onRemove(): void }) {
  const { t, i18n } = useTranslation()
  const { byName } = useMetadata()
  return (
    <div className="km-filter-row">
      <span className="km-filter-raw">
        {describeFilter(filter, object, byName, i18n.language as Locale, t)}
      </span>
      <Button
        type="text"
        size="small"
        icon={<DeleteOutlined />}
        onClick={onRemove}
        aria-label={t('filter.remove')}
      />
    </div>
  )
}

interface RowProps {
  object: ObjectMeta
  cond: EditCondition
  users: UserOption[]
  onChange(next: EditCondition): void
  onRemove(): void
}

function ConditionRow({ object, cond, users, onChange, onRemove }: RowProps) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { byName } = useMetadata()
  const paths = useMemo(() => pathOptions(object, byName, locale), [object, byName, locale])
  const info = cond.field ? resolvePath(object, cond.field, byName) : null
  const ops = info?.operators ?? []
  return (
    <div className="km-filter-row" data-testid="filter-row">
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        className="km-filter-field"
        placeholder={t('filter.field')}
        aria-label={t('filter.field')}
        value={cond.field || undefined}
        options={paths.map((g) => ({ label: g.label, title: g.label, options: g.options }))}
        onChange={(field: string) => {
          const next = resolvePath(object, field, byName)
          const op = next?.operators[0] ?? null
          onChange({ ...cond, field, op, value: op ? valueFor(op, undefined) : undefined })
        }}
        data-testid="filter-field"
      />
      <Select
        className="km-filter-op"
        placeholder={t('filter.operator')}
        aria-label={t('filter.operator')}
        disabled={!info}
        value={cond.op ?? undefined}
        options={ops.map((op) => ({ value: op, label: t(`filter.op.${op}`) }))}
        onChange={(op: Operator) => onChange({ ...cond, op, value: valueFor(op, cond.value) })}
        data-testid="filter-op"
      />
      {info && cond.op && (
        <ValueEditor
          info={info}
          op={cond.op}
          value={cond.value}
          users={users}
          onChange={(value) => onChange({ ...cond, value })}
        />
      )}
      <span className="km-grow" />
      <Button
        type="text"
        size="small"
        className="km-filter-del"
        icon={<DeleteOutlined />}
        onClick={onRemove}
        aria-label={t('filter.remove')}
      />
    </div>
  )
}

interface ValueProps {
  info: PathInfo
  op: Operator
  value: FilterValue | undefined
  users: UserOption[]
  onChange(v: FilterValue | undefined): void
}

function ValueEditor({ info, op, value, users, onChange }: ValueProps) {
  const { t, i18n } = useTranslation()
  const shape = OPERATOR_SPECS[op].value
  if (shape === 'none') return null
  if (shape === 'days')
    return (
      <InputNumber
        className="km-filter-value km-filter-days"
        min={1}
        max={36500}
        precision={0}
        value={typeof value === 'number' ? value : null}
        onChange={(v) => onChange(v ?? undefined)}
        suffix={t('filter.days')}
        aria-label={t('filter.value')}
      />
    )
  if (shape === 'pair') {
    const pair = Array.isArray(value) ? value : []
    return (
      <Space.Compact className="km-filter-value">
        <ScalarEditor
          info={info}
          value={pair[0]}
          users={users}
          onChange={(v) => onChange([v as FilterScalar, pair[1] as FilterScalar])}
        />
        <ScalarEditor
          info={info}
          value={pair[1]}
          users={users}
          onChange={(v) => onChange([pair[0] as FilterScalar, v as FilterScalar])}
        />
      </Space.Compact>
    )
  }
  if (shape === 'list' || shape === 'nonempty_list') {
    const list = Array.isArray(value) ? value.map(String) : []
    const choices = info.part ? null : choiceOptions(info.field, i18n.language as Locale)
    const options = info.field.type === 'user' ? [{ value: '$me', label: t('filter.me') }, ...users] : choices
    return (
      <Select
        className="km-filter-value"
        mode={options ? 'multiple' : 'tags'}
        allowClear
        maxTagCount="responsive"
        options={options ?? []}
        value={list}
        onChange={(v: string[]) => onChange(v)}
        placeholder={t('filter.values')}
        aria-label={t('filter.value')}
        data-testid="filter-value"
      />
    )
  }
  return <ScalarEditor info={info} value={value} users={users} onChange={onChange} />
}

function choiceOptions(field: FieldMeta, locale: Locale): { value: string; label: string }[] | null {
  if (field.type !== 'select' && field.type !== 'multi_select') return null
  return (optionsOf(field).choices ?? []).map((c) => ({
    value: c.value,
    label: labelOf(c.label, locale) || c.value,
  }))
}

interface ScalarProps {
  info: PathInfo
  value: FilterValue | undefined
  users: UserOption[]
  onChange(v: FilterValue | undefined): void
}

function ScalarEditor({ info, value, users, onChange }: ScalarProps) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const field = info.field
  const domain = info.part ? 'text' : FIELD_TYPE_DOMAIN[field.type]
  const common = {
    className: 'km-filter-value',
    'aria-label': t('filter.value'),
    'data-testid': 'filter-value',
  }
  if (!info.part && (field.type === 'select' || field.type === 'multi_select')) {
    return (
      <Select
        {...common}
        showSearch={{ optionFilterProp: 'label' }}
        value={typeof value === 'string' ? value : undefined}
        options={(optionsOf(field).choices ?? []).map((c) => ({
          value: c.value,
          label: labelOf(c.label, locale) || c.value,
        }))}
        onChange={(v: string) => onChange(v)}
      />
    )
  }
  switch (domain) {
    case 'user':
      return (
        <Select
          {...common}
          showSearch={{ optionFilterProp: 'label' }}
          value={typeof value === 'string' ? value : undefined}
          options={[{ value: '$me', label: t('filter.me') }, ...users]}
          onChange={(v: string) => onChange(v)}
        />
      )
    case 'id': {
      const target = relationTarget(field)
      if (!target)
        return <Input {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
      return (
        <div className="km-filter-value">
          <RelationPicker
            target={target}
            value={typeof value === 'string' ? value : null}
            onChange={(v) => onChange(v ?? undefined)}
          />
        </div>
      )
    }
    case 'boolean':
      return (
        <Select
          {...common}
          value={typeof value === 'boolean' ? String(value) : undefined}
          options={[
            { value: 'true', label: t('value.yes') },
            { value: 'false', label: t('value.no') },
          ]}
          onChange={(v: string) => onChange(v === 'true')}
        />
      )
    case 'number':
    case 'integer':
      return (
        <InputNumber
          {...common}
          precision={domain === 'integer' ? 0 : undefined}
          value={typeof value === 'number' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
        />
      )
    case 'money': {
      const currency =
        (value && typeof value === 'object' && !Array.isArray(value) && value.currency) ||
        (optionsOf(field) as { currency?: string }).currency ||
        'CNY'
      const amount = value && typeof value === 'object' && !Array.isArray(value) ? Number(value.amount) : null
      return (
        <InputNumber
          {...common}
          prefix={currency}
          value={amount}
          onChange={(v) => onChange(v === null ? undefined : { amount: String(v), currency })}
        />
      )
    }
    case 'date':
      return (
        <DatePicker
          {...common}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
        />
      )
    case 'datetime':
      return (
        <DatePicker
          {...common}
          showTime={{ format: 'HH:mm' }}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.toISOString() : undefined)}
        />
      )
    default:
      return (
        <Input
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      )
  }
}
