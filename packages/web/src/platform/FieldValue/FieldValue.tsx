import { CheckOutlined, LockOutlined, MinusOutlined } from '@ant-design/icons'
import type { CurrencyValue, SelectOption } from '@kemai/shared/fields'
import { Skeleton, Tag, Tooltip } from 'antd'
import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMetadata } from '../../app/metadata.tsx'
import { useMe } from '../../app/session.tsx'
import { useLocale } from '../../app/useLocale.ts'
import { hasRegion, toAddress } from '../Address/address.ts'
import { type FieldMeta, optionsOf } from '../endpoints.ts'
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPhone } from '../format.ts'
import { labelOf } from '../label.ts'
import { canObject } from '../permissions.ts'
import { useRecordTitle } from '../record-titles.ts'

// division and country names come with China's divisions data (about 31 kB gzip): loaded for the
// first address that has a region, never with the page (docs/web.md "Size")
const AddressText = lazy(() => import('../Address/AddressText.tsx'))

/** antd preset tag colours a select option may name; anything else is passed through as a CSS colour. */
export function tagColor(color: string | undefined): string | undefined {
  return !color || color === 'default' ? undefined : color
}

export function choiceOf(field: FieldMeta, value: string): SelectOption | undefined {
  return optionsOf(field).choices?.find((c) => c.value === value)
}

interface Props {
  field: FieldMeta
  value: unknown
  timeZone: string
  /** one line, no wrapping (list cells and cards) */
  compact?: boolean
}

const Empty = () => <span className="km-empty">—</span>

/** One field value, rendered by field type: the same in lists, cards, record pages and the timeline. */
export function FieldValue({ field, value, timeZone, compact }: Props) {
  const { locale, t } = useLocale()
  if (value === null || value === undefined || value === '') return <Empty />
  if (Array.isArray(value) && value.length === 0) return <Empty />
  // plain elements and CSS (ellipsis, link colour): antd's Typography costs a ResizeObserver, style hooks
  // and effects per cell, paid again for each row a scrolling list mounts
  const textClass = compact ? 'km-ellipsis' : 'km-prewrap'

  switch (field.type) {
    case 'text':
    case 'long_text':
      return <span className={textClass}>{String(value)}</span>
    case 'number': {
      const n = Number(value)
      return <span className="km-num">{formatNumber(n, locale, optionsOf(field).precision)}</span>
    }
    case 'percent':
      return <span className="km-num">{formatNumber(Number(value), locale, 2)}%</span>
    case 'currency': {
      const m = value as CurrencyValue
      return <span className="km-num">{formatMoney(m.amount, m.currency, locale)}</span>
    }
    case 'date':
      return <span className="km-nowrap">{formatDate(String(value), locale)}</span>
    case 'datetime':
      return <span className="km-nowrap">{formatDateTime(String(value), locale, timeZone)}</span>
    case 'boolean':
      return value ? (
        <span className="km-bool">
          <CheckOutlined /> {t('value.yes')}
        </span>
      ) : (
        <span className="km-bool km-muted">
          <MinusOutlined /> {t('value.no')}
        </span>
      )
    case 'select': {
      const c = choiceOf(field, String(value))
      return (
        <Tag color={tagColor(c?.color)} variant="filled">
          {c ? labelOf(c.label, locale) || c.value : String(value)}
        </Tag>
      )
    }
    case 'multi_select':
      return (
        <span className="km-tags">
          {(value as string[]).map((v) => {
            const c = choiceOf(field, v)
            return (
              <Tag key={v} color={tagColor(c?.color)} variant="filled">
                {c ? labelOf(c.label, locale) || c.value : v}
              </Tag>
            )
          })}
        </span>
      )
    case 'tags':
      return (
        <span className="km-tags">
          {(value as string[]).map((v) => (
            <Tag key={v}>{v}</Tag>
          ))}
        </span>
      )
    case 'email':
      return (
        <a href={`mailto:${String(value)}`} className={`km-link ${textClass}`} onClick={stop}>
          {String(value)}
        </a>
      )
    case 'phone':
      return (
        <a href={`tel:${String(value)}`} onClick={stop} className="km-link km-nowrap">
          {formatPhone(String(value))}
        </a>
      )
    case 'url': {
      const href = String(value)
      const safe = /^https?:\/\//i.test(href) ? href : `https://${href}`
      return (
        <a
          href={safe}
          target="_blank"
          rel="noreferrer noopener"
          className={`km-link ${textClass}`}
          onClick={stop}
        >
          {href.replace(/^https?:\/\//i, '').replace(/\/$/, '')}
        </a>
      )
    }
    case 'address': {
      const a = toAddress(value)
      if (!a) return <Empty />
      const street = a.text ? <span className={textClass}>{a.text}</span> : <Empty />
      return hasRegion(a) ? (
        <Suspense fallback={street}>
          <AddressText value={a} className={textClass} />
        </Suspense>
      ) : (
        street
      )
    }
    case 'rating': {
      const scale = optionsOf(field).scale ?? 5
      const n = Math.max(0, Math.min(scale, Number(value)))
      return (
        <span className="km-rating" role="img" aria-label={`${n}/${scale}`}>
          {'★'.repeat(n)}
          <span className="km-muted">{'★'.repeat(scale - n)}</span>
        </span>
      )
    }
    case 'relation': {
      const target = optionsOf(field).target
      return target ? <RelationValue target={target} id={String(value)} /> : <span>{String(value)}</span>
    }
    case 'user':
      return <UserName id={String(value)} />
    case 'file':
      return (
        <span className={textClass}>
          {(Array.isArray(value) ? value : [value]).map((f) => (f as { name?: string }).name).join(', ')}
        </span>
      )
    default:
      return <span className={textClass}>{JSON.stringify(value)}</span>
  }
}

function stop(e: { stopPropagation(): void }) {
  e.stopPropagation()
}

function RelationValue({ target, id }: { target: string; id: string }) {
  const me = useMe()
  // the role may not read the related object: the server names none of its records (not even the title)
  if (!canObject(me, target, 'read')) return <RestrictedRecord />
  return <ReadableRelation target={target} id={id} />
}

/** A related record of an object the role may not read: said so, with no link and no request. */
function RestrictedRecord() {
  const { t } = useTranslation()
  return (
    <Tooltip title={t('value.noAccessHint')}>
      <span className="km-muted km-nowrap" data-testid="restricted-record">
        <LockOutlined /> {t('value.noAccess')}
      </span>
    </Tooltip>
  )
}

function ReadableRelation({ target, id }: { target: string; id: string }) {
  const { byName } = useMetadata()
  const { t } = useLocale()
  const meta = byName.get(target)
  const title = useRecordTitle(target, meta?.titleField ?? 'name', id)
  if (title === undefined) return <Skeleton.Input active size="small" style={{ width: 96, minWidth: 0 }} />
  return (
    <Link to={`/o/${target}/${id}`} onClick={stop} className="km-ellipsis">
      {title ?? t('value.unknownRecord')}
    </Link>
  )
}

export function UserName({ id }: { id: string | null }) {
  const { userNames } = useMetadata()
  if (!id) return <Empty />
  return <span>{userNames.get(id) ?? '—'}</span>
}
