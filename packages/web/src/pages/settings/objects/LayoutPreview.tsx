import type { Locale } from '@kemai/shared/i18n/messages'
import { Card, Collapse, Empty, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { useIsMobile } from '../../../app/useIsMobile.ts'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { labelOf } from '../../../platform/label.ts'
import type { Draft } from './layoutModel.ts'

/**
 * How the record page will show the draft: each section with its fields in one or two columns
 * (one on a phone), collapsed ones folded, and the fields no section places in a last "more" section.
 */
export function LayoutPreview({ draft, pool, object }: { draft: Draft; pool: string[]; object: ObjectMeta }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const isMobile = useIsMobile()
  const byName = new Map(object.fields.map((f) => [f.name, f]))
  const sections = [
    ...draft.sections,
    ...(pool.length
      ? [
          {
            key: ':more',
            label: {
              'zh-CN': t('settings.layout.more', { lng: 'zh-CN' }),
              en: t('settings.layout.more', { lng: 'en' }),
            },
            columns: 2 as const,
            collapsed: false,
            fields: pool,
          },
        ]
      : []),
  ]
  if (!sections.length) return <Empty description={t('settings.layout.noSections')} />
  const grid = (fields: string[], columns: 1 | 2) => (
    <dl className={`km-preview-grid${columns === 2 && !isMobile ? ' km-preview-two' : ''}`}>
      {fields.map((name) => {
        const f = byName.get(name)
        return (
          <div key={name} className="km-preview-item">
            <dt>
              {labelOf(f?.label, locale) || name}
              {f && (f.options as { required?: boolean }).required ? (
                <span className="km-required">*</span>
              ) : null}
            </dt>
            <dd>
              <Tag variant="filled">{t(`settings.objects.types.${f?.type ?? 'text'}`)}</Tag>
            </dd>
          </div>
        )
      })}
      {fields.length === 0 ? (
        <span className="km-layout-drop-hint">{t('settings.layout.emptySection')}</span>
      ) : null}
    </dl>
  )
  return (
    <div className="km-preview" data-testid="layout-preview">
      {sections.map((s) =>
        s.collapsed ? (
          <Collapse
            key={s.key}
            items={[{ key: s.key, label: labelOf(s.label, locale), children: grid(s.fields, s.columns) }]}
          />
        ) : (
          <Card key={s.key} size="small" title={labelOf(s.label, locale)}>
            {grid(s.fields, s.columns)}
          </Card>
        ),
      )}
    </div>
  )
}
