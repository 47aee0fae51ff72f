import type { Locale } from '@kemai/shared/i18n/messages'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import { setApiLocale } from '../platform/api-client.ts'
import { storage } from './storage.ts'

export type ThemeMode = 'light' | 'dark'

const LOCALE_KEY = 'kemai.locale'
const THEME_KEY = 'kemai.theme'

interface Preferences {
  locale: Locale
  /** true once the user picked a language on this device (then the account's language does not override it) */
  localeChosen: boolean
  setLocale(locale: Locale, opts?: { chosen?: boolean }): void
  theme: ThemeMode
  setTheme(theme: ThemeMode): void
}

const PreferencesContext = createContext<Preferences | null>(null)

export function initialLocale(): Locale {
  const saved = storage.get(LOCALE_KEY)
  if (saved === 'zh-CN' || saved === 'en') return saved
  const nav = typeof navigator === 'undefined' ? 'zh-CN' : navigator.language
  return nav.toLowerCase().startsWith('en') ? 'en' : 'zh-CN'
}

function initialTheme(): ThemeMode {
  const saved = storage.get(THEME_KEY)
  if (saved === 'light' || saved === 'dark') return saved
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light'
}

/** Applies a language everywhere outside React: API calls, dayjs (antd pickers), the <html lang>. */
export function applyLocale(locale: Locale): void {
  setApiLocale(locale)
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export function PreferencesProvider({
  children,
  onLocaleChange,
}: {
  children: ReactNode
  onLocaleChange(locale: Locale): void
}) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = initialLocale()
    applyLocale(l)
    return l
  })
  const [localeChosen, setLocaleChosen] = useState(() => storage.get(LOCALE_KEY) !== null)
  const [theme, setThemeState] = useState<ThemeMode>(initialTheme)

  const setLocale = useCallback(
    (next: Locale, opts: { chosen?: boolean } = {}) => {
      const chosen = opts.chosen ?? true
      if (chosen) {
        storage.set(LOCALE_KEY, next)
        setLocaleChosen(true)
      }
      applyLocale(next)
      onLocaleChange(next)
      setLocaleState(next)
    },
    [onLocaleChange],
  )
  const setTheme = useCallback((next: ThemeMode) => {
    storage.set(THEME_KEY, next)
    setThemeState(next)
  }, [])

  const value = useMemo(
    () => ({ locale, localeChosen, setLocale, theme, setTheme }),
    [locale, localeChosen, setLocale, theme, setTheme],
  )
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>
}

export function usePreferences(): Preferences {
  const p = useContext(PreferencesContext)
  if (!p) throw new Error('usePreferences outside PreferencesProvider')
  return p
}
