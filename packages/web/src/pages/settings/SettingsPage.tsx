import { Menu, type MenuProps, Result, Select, Skeleton, Typography } from 'antd'
import { Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate, useParams } from 'react-router'
import { useMe } from '../../app/session.tsx'
import { useIsMobile } from '../../app/useIsMobile.ts'
import { type SettingsSection, visibleSections } from './sections.tsx'

/** Consecutive sections with the same `groupKey` under one heading; the rest stay as they are. */
function grouped<T>(
  sections: SettingsSection[],
  item: (s: SettingsSection) => T,
  group: (groupKey: string, children: T[]) => T,
): T[] {
  const out: T[] = []
  for (let i = 0; i < sections.length; ) {
    const s = sections[i] as SettingsSection
    const key = s.groupKey
    if (!key) {
      out.push(item(s))
      i++
      continue
    }
    const members: SettingsSection[] = []
    while (i < sections.length && sections[i]?.groupKey === key)
      members.push(sections[i++] as SettingsSection)
    out.push(group(key, members.map(item)))
  }
  return out
}

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
  const sections = visibleSections(me)
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
            options={grouped<{
              value?: string
              label: string
              options?: { value?: string; label: string }[]
            }>(
              sections,
              (s) => ({ value: s.key, label: t(s.labelKey) }),
              (g, options) => ({ label: t(g), options }),
            )}
            aria-label={t('settings.title')}
          />
        ) : (
          <Menu
            mode="inline"
            selectedKeys={current ? [current.key] : []}
            items={grouped<NonNullable<MenuProps['items']>[number]>(
              sections,
              (s) => ({ key: s.key, label: <Link to={`/settings/${s.key}`}>{t(s.labelKey)}</Link> }),
              (g, children) => ({ type: 'group', key: g, label: t(g), children }),
            )}
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
