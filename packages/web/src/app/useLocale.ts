import type { Locale } from '@kemai/shared/i18n/messages'
import type { i18n as I18n, TFunction } from 'i18next'
import { useContext, useSyncExternalStore } from 'react'
import { getI18n, I18nContext } from 'react-i18next'

const subscribers = new WeakMap<I18n, (onChange: () => void) => () => void>()

function subscribeTo(i18n: I18n): (onChange: () => void) => () => void {
  let subscribe = subscribers.get(i18n)
  if (!subscribe) {
    subscribe = (onChange) => {
      i18n.on('languageChanged', onChange)
      return () => i18n.off('languageChanged', onChange)
    }
    subscribers.set(i18n, subscribe)
  }
  return subscribe
}

/**
 * The UI language and `t`, for what a page renders by the hundred (list cells, field values), re-rendered
 * when the language changes. react-i18next's `useTranslation` copies the whole i18n instance on every
 * mount (react-i18next 17 `createI18nWrapper`), which a list paid for each cell scrolled into view.
 */
export function useLocale(): { locale: Locale; t: TFunction } {
  const i18n = useContext(I18nContext)?.i18n ?? getI18n()
  const locale = useSyncExternalStore(subscribeTo(i18n), () => i18n.language as Locale)
  // i18next binds its methods to the instance, so `t` works on its own
  return { locale, t: i18n.t }
}
