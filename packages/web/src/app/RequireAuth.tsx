import { Spin } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useLocation } from 'react-router'
import { FullPageError } from './AppShell.tsx'
import { MetadataProvider } from './metadata.tsx'
import { useSession } from './session.tsx'

/** Signed-in routes: the login page otherwise (coming back here afterwards). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const { state, retry } = useSession()
  const location = useLocation()
  if (state.status === 'loading')
    return (
      <div className="km-center">
        <Spin size="large" description={t('shell.loading')} />
      </div>
    )
  if (state.status === 'error') return <FullPageError error={state.error} onRetry={retry} />
  if (state.status === 'anonymous') {
    const next =
      location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`
    return <Navigate to={`/login${next}`} replace />
  }
  return <MetadataProvider>{children}</MetadataProvider>
}
