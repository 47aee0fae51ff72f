import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emailDomain, normaliseEmail } from './email.ts'
import { HOSTILE } from './hostile.test-data.ts'

describe('normaliseEmail', () => {
  it('folds case, white space, full-width characters and the Chinese full stop', () => {
    expect(normaliseEmail('  Zhang.Wei@163.COM ')).toBe('zhang.wei@163.com')
    expect(normaliseEmail('ｚｈａｎｇ＠１６３．ｃｏｍ')).toBe('zhang@163.com')
    expect(normaliseEmail('zhang@163。com')).toBe('zhang@163.com')
    expect(normaliseEmail('zhang @ 163.com')).toBe('zhang@163.com')
  })

  it('unwraps mailto: and display names', () => {
    expect(normaliseEmail('mailto:X@Example.COM')).toBe('x@example.com')
    expect(normaliseEmail('张伟 <zw@163.com>')).toBe('zw@163.com')
  })

  it('applies the dot and plus rules to Gmail only', () => {
    expect(normaliseEmail('Zhang.Wei+crm@gmail.com')).toBe('zhangwei@gmail.com')
    expect(normaliseEmail('zhang.wei+crm@googlemail.com')).toBe('zhangwei@gmail.com')
    expect(normaliseEmail('zhang.wei+crm@163.com')).toBe('zhang.wei+crm@163.com')
    expect(normaliseEmail('zhang.wei@outlook.com')).toBe('zhang.wei@outlook.com')
    expect(normaliseEmail('+tag@gmail.com')).toBeNull()
  })

  it('writes internationalised domains in punycode', () => {
    expect(normaliseEmail('info@例子.中国')).toBe('info@xn--fsqu00a.xn--fiqs8s')
  })

  it('rejects what is not an address', () => {
    for (const v of [
      'a@b',
      '@163.com',
      'zhang@',
      'zhang',
      'a@@b.com',
      'a b@c',
      `${'a'.repeat(65)}@x.com`,
      'a@b@c.com',
    ])
      expect(normaliseEmail(v)).toBeNull()
  })

  it('never throws, and is stable when normalised again', () => {
    for (const v of HOSTILE) expect(() => normaliseEmail(v)).not.toThrow()
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        const once = normaliseEmail(e)
        if (once !== null) expect(normaliseEmail(once)).toBe(once)
      }),
    )
    expect(emailDomain('zw@163.com')).toBe('163.com')
  })
})
