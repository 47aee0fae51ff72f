import { LockOutlined } from '@ant-design/icons'
import type { MergePreview } from '@kemai/shared/api/merge.api'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Radio, Tag, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { FieldMeta, ObjectMeta } from '../endpoints.ts'
import { FieldValue, UserName } from '../FieldValue/FieldValue.tsx'
import { formatDateTime } from '../format.ts'
import { labelOf } from '../label.ts'
import { RelatedCounts } from './MovingSummary.tsx'
import { letterOf } from './merge-model.ts'

export interface MergeViewProps {
  object: ObjectMeta
  preview: MergePreview
  survivor: string
  choices: Record<string, string>
  onlyDiffering: boolean
  onSurvivor(id: string): void
  onChoose(field: string, id: string): void
  timeZone: string
}

/** The fields the page offers, in the object's field order, the owner last. */
export function shownFields(p: MergePreview, onlyDiffering: boolean) {
  return p.fields.filter((f) => !onlyDiffering || f.differs)
}

/** One stored value by field type; the owner is a user id. */
export function MergeValue({
  field,
  name,
  value,
  timeZone,
}: {
  field: FieldMeta | undefined
  name: string
  value: unknown
  timeZone: string
}) {
  if (name === 'owner_id') return <UserName id={(value as string | null) ?? null} />
  if (!field) return <span>{value === null || value === undefined ? '—' : String(value)}</span>
  return <FieldValue field={field} value={value} timeZone={timeZone} />
}

export function useFieldLabel(object: ObjectMeta) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  return (name: string) => {
    if (name === 'owner_id') return t('system.owner')
    const f = object.fields.find((x) => x.name === name)
    return f ? labelOf(f.label, locale) : name
  }
}

/** Desktop: one column per record, one row per field with a radio in each cell. */
export function MergeTable(props: MergeViewProps) {
  const { object, preview, survivor, choices, onlyDiffering, onSurvivor, onChoose, timeZone } = props
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const labelFor = useFieldLabel(object)
  const fields = shownFields(preview, onlyDiffering)
  const colClass = (id: string) => (id === survivor ? 'km-merge-col km-merge-survivor' : 'km-merge-col')
  return (
    <div className="km-merge-scroll">
      <table className="km-merge-table" data-testid="merge-table">
        <thead>
          <tr>
            <th className="km-merge-label-col" scope="col">
              {t('merge.field')}
            </th>
            {preview.records.map((r, i) => (
              <th key={r.id} className={colClass(r.id)} scope="col">
                <div className="km-merge-record-head">
                  <Tag className="km-merge-letter">{letterOf(i)}</Tag>
                  <Link to={`/o/${object.name}/${r.id}`} target="_blank" className="km-merge-record-title">
                    {String(r[object.titleField] ?? '') || t('record.untitled')}
                  </Link>
                </div>
                <div className="km-merge-record-meta">
                  {t('merge.createdAt', { at: formatDateTime(r.created_at, locale, timeZone) })}
                </div>
                <Radio
                  name="survivor"
                  checked={survivor === r.id}
                  onChange={() => onSurvivor(r.id)}
                  data-testid={`merge-survivor-${i}`}
                >
                  {survivor === r.id ? <strong>{t('merge.survivor')}</strong> : t('merge.keepThis')}
                </Radio>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {fields.length === 0 ? (
            <tr>
              <td colSpan={preview.records.length + 1} className="km-merge-same">
                {t('merge.allSame')}
              </td>
            </tr>
          ) : (
            fields.map((f) => (
              <tr key={f.name} data-testid={`merge-row-${f.name}`}>
                <th scope="row" className="km-merge-label-col">
                  {labelFor(f.name)}
                  {f.editable ? null : (
                    <Tooltip title={t('merge.locked')}>
                      <LockOutlined className="km-merge-lock" aria-label={t('merge.locked')} />
                    </Tooltip>
                  )}
                </th>
                {preview.records.map((r, i) => {
                  const chosen = choices[f.name] === r.id
                  return (
                    <td key={r.id} className={`${colClass(r.id)}${chosen ? ' km-merge-chosen' : ''}`}>
                      <Radio
                        name={`field-${f.name}`}
                        checked={chosen}
                        disabled={!f.editable}
                        onChange={() => onChoose(f.name, r.id)}
                        data-testid={`merge-pick-${f.name}-${i}`}
                        aria-label={`${labelFor(f.name)} ${letterOf(i)}`}
                      />
                      <div className="km-merge-value">
                        <MergeValue
                          field={object.fields.find((x) => x.name === f.name)}
                          name={f.name}
                          value={r[f.name]}
                          timeZone={timeZone}
                        />
                      </div>
                    </td>
                  )
                })}
              </tr>
            ))
          )}
          <tr className="km-merge-related-row">
            <th scope="row" className="km-merge-label-col">
              {t('merge.related')}
            </th>
            {preview.records.map((r) => (
              <td key={r.id} className={colClass(r.id)}>
                {r.id !== survivor && (preview.related[r.id]?.length ?? 0) > 0 ? (
                  <div className="km-merge-moves">{t('merge.movesToSurvivor')}</div>
                ) : null}
                <RelatedCounts counts={preview.related[r.id] ?? []} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  )
}
