import type { Locale } from '@kemai/shared/i18n/messages'
import { App as AntApp, theme as antTheme, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import type { i18n as I18n } from 'i18next'
import { type ReactNode, useCallback, useEffect } from 'react'
import { I18nextProvider } from 'react-i18next'
import { BrowserRouter } from 'react-router'
import { AppRoutes } from './AppRoutes.tsx'
import { PreferencesProvider, usePreferences } from './preferences.tsx'
import { SessionProvider, useSession } from './session.tsx'

const ANTD_LOCALES = { 'zh-CN': zhCN, en: enUS } as const

/** Until the user picks a language on this device, the account's language applies once signed in. */
function AccountLocale() {
  const { state } = useSession()
  const { localeChosen, locale, setLocale } = usePreferences()
  const accountLocale = state.status === 'signed-in' ? state.me.user.locale : null
  useEffect(() => {
    if (accountLocale && !localeChosen && accountLocale !== locale)
      setLocale(accountLocale, { chosen: false })
  }, [accountLocale, localeChosen, locale, setLocale])
  return null
}

/** antd's design tokens as CSS variables for the app's own layout CSS (styles.css reads --km-*). */
function ThemeVars() {
  const { token } = antTheme.useToken()
  useEffect(() => {
    const s = document.documentElement.style
    const vars: Record<string, string> = {
      '--km-bg-layout': token.colorBgLayout,
      '--km-bg-container': token.colorBgContainer,
      '--km-bg-elevated': token.colorBgElevated,
      '--km-border': token.colorBorderSecondary,
      '--km-text': token.colorText,
      '--km-text-secondary': token.colorTextSecondary,
      '--km-text-tertiary': token.colorTextTertiary,
      '--km-fill': token.colorFillQuaternary,
      '--km-fill-hover': token.colorFillTertiary,
      '--km-primary': token.colorPrimary,
      '--km-primary-bg': token.colorPrimaryBg,
      '--km-radius': `${token.borderRadiusLG}px`,
      '--km-font': token.fontFamily,
    }
    for (const [k, v] of Object.entries(vars)) s.setProperty(k, v)
  }, [token])
  return null
}

function Themed({ children }: { children: ReactNode }) {
  const { locale, theme } = usePreferences()
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return (
    <ConfigProvider
      locale={ANTD_LOCALES[locale]}
      button={{ autoInsertSpace: false }}
      theme={{
        algorithm: theme === 'dark' ? antTheme.darkAlgorithm : antTheme.defaultAlgorithm,
        token: { colorPrimary: '#1677ff', borderRadius: 6 },
      }}
    >
      <ThemeVars />
      <AntApp className="km-app">
        <SessionProvider>
          <AccountLocale />
          {children}
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  )
}

/** i18n, language and theme, antd, session: everything a page needs but the router. */
export function AppProviders({ i18n, children }: { i18n: I18n; children: ReactNode }) {
  const onLocaleChange = useCallback((l: Locale) => void i18n.changeLanguage(l), [i18n])
  return (
    <I18nextProvider i18n={i18n}>
      <PreferencesProvider onLocaleChange={onLocaleChange}>
        <Themed>{children}</Themed>
      </PreferencesProvider>
    </I18nextProvider>
  )
}

export function App({ i18n }: { i18n: I18n }) {
  return (
    <BrowserRouter>
      <AppProviders i18n={i18n}>
        <AppRoutes />
      </AppProviders>
    </BrowserRouter>
  )
}
