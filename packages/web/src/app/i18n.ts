import type { Locale } from '@kemai/shared/i18n/messages'
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from '../i18n/en.json'
import zhCN from '../i18n/zh-CN.json'

export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

/** The UI catalogues; `en.json` must have every key of `zh-CN.json` (i18n.test.ts checks it). */
export const catalogues = { 'zh-CN': zhCN, en } as const

export function createI18n(lng: Locale) {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'zh-CN',
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  })
  return instance
}
