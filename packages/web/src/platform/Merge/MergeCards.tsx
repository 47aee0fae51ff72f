import { LockOutlined } from '@ant-design/icons'
import type { Locale } from '@kemai/shared/i18n/messages'
import { Radio, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../format.ts'
import { MergeValue, type MergeViewProps, shownFields, useFieldLabel } from './MergeTable.tsx'
import { RelatedCounts } from './MovingSummary.tsx'
import { letterOf } from './merge-model.ts'

/** Phone: the records to keep first, then one card per field listing each record's value. */
export function MergeCards(props: MergeViewProps) {
  const { object, preview, survivor, choices, onlyDiffering, onSurvivor, onChoose, timeZone } = props
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const labelFor = useFieldLabel(object)
  const fields = shownFields(preview, onlyDiffering)
  return (
    <div className="km-merge-cards" data-testid="merge-cards">
      <section className="km-merge-card">
        <h4>{t('merge.whichSurvives')}</h4>
        {preview.records.map((r, i) => (
          <Radio
            key={r.id}
            className={`km-merge-option${survivor === r.id ? ' km-merge-chosen' : ''}`}
            name="survivor"
            checked={survivor === r.id}
            onChange={() => onSurvivor(r.id)}
            data-testid={`merge-survivor-${i}`}
          >
            <div className="km-merge-option-body">
              <div>
                <Tag className="km-merge-letter">{letterOf(i)}</Tag>
                <strong>{String(r[object.titleField] ?? '') || t('record.untitled')}</strong>
              </div>
              <div className="km-merge-record-meta">
                {t('merge.createdAt', { at: formatDateTime(r.created_at, locale, timeZone) })}
              </div>
              <RelatedCounts counts={preview.related[r.id] ?? []} />
            </div>
          </Radio>
        ))}
      </section>
      {fields.length === 0 ? <p className="km-merge-same">{t('merge.allSame')}</p> : null}
      {fields.map((f) => (
        <section key={f.name} className="km-merge-card" data-testid={`merge-row-${f.name}`}>
          <h4>
            {labelFor(f.name)}
            {f.editable ? null : <LockOutlined className="km-merge-lock" aria-label={t('merge.locked')} />}
          </h4>
          {preview.records.map((r, i) => (
            <Radio
              key={r.id}
              className={`km-merge-option${choices[f.name] === r.id ? ' km-merge-chosen' : ''}`}
              name={`field-${f.name}`}
              checked={choices[f.name] === r.id}
              disabled={!f.editable}
              onChange={() => onChoose(f.name, r.id)}
              data-testid={`merge-pick-${f.name}-${i}`}
            >
              <span className="km-merge-option-body">
                <Tag className="km-merge-letter">{letterOf(i)}</Tag>
                <span className="km-merge-value">
                  <MergeValue
                    field={object.fields.find((x) => x.name === f.name)}
                    name={f.name}
                    value={r[f.name]}
                    timeZone={timeZone}
                  />
                </span>
              </span>
            </Radio>
          ))}
        </section>
      ))}
    </div>
  )
}
