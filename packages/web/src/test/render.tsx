import type { Locale } from '@kemai/shared/i18n/messages'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter, Route, Routes } from 'react-router'
import { AppProviders } from '../app/App.tsx'
import { createI18n } from '../app/i18n.ts'
import { RequireAuth } from '../app/RequireAuth.tsx'
import { clearTitles } from '../platform/record-titles.ts'

/** A page under the real providers (i18n, antd, session, metadata) at a path, signed in through the fake API. */
export function renderAt(
  path: string,
  routes: { path: string; element: ReactNode }[],
  locale: Locale = 'zh-CN',
) {
  clearTitles()
  window.localStorage.setItem('kemai.locale', locale)
  const i18n = createI18n(locale)
  const result = render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders i18n={i18n}>
        <Routes>
          {routes.map((r) => (
            <Route key={r.path} path={r.path} element={<RequireAuth>{r.element}</RequireAuth>} />
          ))}
          <Route path="/login" element={<div>login page</div>} />
        </Routes>
      </AppProviders>
    </MemoryRouter>,
  )
  return { ...result, i18n }
}
