import { domainToASCII } from 'node:url'
import { getDomain } from 'tldts'
import { emailDomain, normaliseEmail } from './email.ts'
import { asText, cleanText, toHalfWidth } from './text.ts'

/**
 * Websites → registrable domain with the Public Suffix List (tldts): `https://www.Alibaba.com.cn/about`
 * → `alibaba.com.cn`, `shop.taobao.com` → `taobao.com`, `foo.github.io` → `foo.github.io` (private
 * suffixes count, so two GitHub Pages sites stay apart). Internationalised names come out in punycode.
 * IP addresses and names without a public suffix give null: they do not identify a company.
 */
export function normaliseDomain(value: unknown): string | null {
  const raw = asText(value)
  if (raw === '') return null
  let s = cleanText(toHalfWidth(raw).replace(/[\u3002\uFF61]/g, '.')).toLowerCase()
  if (s === '' || s.length > 2048) return null
  if (s.includes('@') && !s.includes('/')) {
    const email = normaliseEmail(s)
    return email ? normaliseDomain(emailDomain(email)) : null
  }
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '')
  const host = s
    .split(/[/?#\\]/, 1)[0]!
    .replace(/^[^@]*@/, '')
    .replace(/:\d*$/, '')
    .replace(/\.+$/, '')
  if (host === '' || /\s/.test(host)) return null
  const ascii = domainToASCII(host)
  if (ascii === '') return null
  const domain = getDomain(ascii, { allowPrivateDomains: true })
  return domain || null
}

/**
 * Free and ISP mail providers: their domain says nothing about the employer, so a person's e-mail
 * domain is used as a company domain only when it is not one of these.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'wo.cn',
  'tom.com',
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'aol.com',
])

/** The employer's domain from an e-mail address, or null for free-mail providers. */
export function companyDomainOfEmail(value: unknown): string | null {
  const email = normaliseEmail(value)
  if (!email) return null
  const domain = normaliseDomain(emailDomain(email))
  return domain && !FREE_MAIL_DOMAINS.has(domain) ? domain : null
}
