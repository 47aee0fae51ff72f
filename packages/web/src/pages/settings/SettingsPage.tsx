import { Menu, Result, Select, Skeleton, Typography } from 'antd'
import { Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate, useParams } from 'react-router'
import { useMe } from '../../app/session.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { visibleSections } from './sections.tsx'

/**
 * `/settings/{section}/…`: a menu of the sections this user may open (a select on phones) and the
 * section itself, loaded on first visit. `/settings` opens the first section.
 */
export function SettingsPage() {
  const { t } = useTranslation()
  const me = useMe()
  const isMobile = useIsMobile()
  const navigate = useNavigate()
  const { section } = useParams()
  const sections = visibleSections(me.isAdmin)
  const first = sections[0]
  if (!section && first) return <Navigate to={`/settings/${first.key}`} replace />
  const current = sections.find((s) => s.key === section)
  const Section = current?.component

  return (
    <div className={`km-settings${isMobile ? ' km-settings-mobile' : ''}`} data-testid="settings-page">
      <nav className="km-settings-nav" aria-label={t('settings.title')}>
        <Typography.Title level={4} className="km-settings-title">
          {t('settings.title')}
        </Typography.Title>
        {isMobile ? (
          <Select
            className="km-settings-select"
            value={current?.key}
            onChange={(key: string) => navigate(`/settings/${key}`)}
            options={sections.map((s) => ({ value: s.key, label: t(s.labelKey) }))}
            aria-label={t('settings.title')}
          />
        ) : (
          <Menu
            mode="inline"
            selectedKeys={current ? [current.key] : []}
            items={sections.map((s) => ({
              key: s.key,
              label: <Link to={`/settings/${s.key}`}>{t(s.labelKey)}</Link>,
            }))}
          />
        )}
      </nav>
      <section className="km-settings-body">
        {Section ? (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
            <Section />
          </Suspense>
        ) : (
          <Result
            status="404"
            title={t('settings.unknownSection')}
            subTitle={t('settings.unknownSectionHint')}
          />
        )}
      </section>
    </div>
  )
}
