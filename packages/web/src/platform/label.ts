import type { Label } from '@kemai/shared/fields'
import type { Locale } from '@kemai/shared/i18n/messages'

/** A metadata label in the UI language (labels carry both; partial ones fall back to the other). */
export function labelOf(label: Partial<Label> | undefined, locale: Locale): string {
  if (!label) return ''
  return label[locale] ?? label['zh-CN'] ?? label.en ?? ''
}

/** A label inside an English sentence is lower-cased ("No people yet"); Chinese has no case. */
export function inSentence(label: string, locale: Locale): string {
  return locale === 'en' ? label.toLocaleLowerCase('en') : label
}
