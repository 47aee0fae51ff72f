import { domainToASCII } from 'node:url'
import { asText, cleanText, toHalfWidth } from './text.ts'

/**
 * E-mail addresses → one comparable form: trimmed, full-width folded (`ｚｈａｎｇ＠１６３．ｃｏｍ`,
 * `zhang@163。com` typed with a Chinese IME), lower-cased, `mailto:` and `Name <addr>` wrappers removed,
 * internationalised domains in their ASCII (punycode) form. Dots and `+tags` in the local part are
 * removed only for Gmail, whose servers ignore them; at other providers they can be different boxes.
 * Returns null for anything that is not shaped like an address.
 */
export function normaliseEmail(value: unknown): string | null {
  const raw = asText(value)
  if (raw === '') return null
  let s = cleanText(toHalfWidth(raw).replace(/[\u3002\uFF61]/g, '.'))
  const angle = /<([^<>]*)>/.exec(s)
  if (angle) s = angle[1]!
  s = s
    .replace(/^mailto:/i, '')
    .replace(/\s+/g, '')
    .toLowerCase()
  const at = s.lastIndexOf('@')
  if (at <= 0 || at === s.length - 1 || s.length > 254) return null
  let local = s.slice(0, at)
  let domain = s.slice(at + 1).replace(/\.+$/, '')
  if (local.includes('@') || local.length > 64) return null
  if (!/^[^\s"(),:;<>[\]\\]+$/.test(local)) return null
  // internationalised domains (例子.中国) in punycode; the common all-ASCII case skips the URL machinery
  if (!/^[a-z0-9.-]+$/.test(domain)) domain = domainToASCII(domain)
  if (domain === '' || !domain.includes('.') || !/^[a-z0-9.-]+$/.test(domain)) return null
  if (domain === 'googlemail.com') domain = 'gmail.com'
  if (domain === 'gmail.com') {
    local = local.split('+')[0]!.replace(/\./g, '')
    if (local === '') return null
  }
  return `${local}@${domain}`
}

/** The domain part of a normalised address (`zhang@163.com` → `163.com`). */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1)
}
