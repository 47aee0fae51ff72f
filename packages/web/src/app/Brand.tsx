import { useTranslation } from 'react-i18next'

export function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="km-brand">
      <span className="km-logo" aria-hidden>
        {t('app.logoMark')}
      </span>
      {!collapsed && <span className="km-brand-name">{t('app.name')}</span>}
    </div>
  )
}
