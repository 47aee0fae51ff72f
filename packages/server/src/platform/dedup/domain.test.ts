import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { companyDomainOfEmail, normaliseDomain } from './domain.ts'
import { HOSTILE } from './hostile.test-data.ts'

describe('normaliseDomain', () => {
  it('reduces URLs and hosts to the registrable domain', () => {
    expect(normaliseDomain('https://www.Alibaba.com.cn/about?x=1')).toBe('alibaba.com.cn')
    expect(normaliseDomain('shop.taobao.com')).toBe('taobao.com')
    expect(normaliseDomain('www.qq.com:8080/x')).toBe('qq.com')
    expect(normaliseDomain('//cdn.example.co.uk/a.js')).toBe('example.co.uk')
    expect(normaliseDomain('http://user:pw@mail.example.com')).toBe('example.com')
    expect(normaliseDomain('ＷＷＷ．ＥＸＡＭＰＬＥ．ＣＯＭ')).toBe('example.com')
  })

  it('keeps sites on private suffixes apart', () => {
    expect(normaliseDomain('foo.github.io')).toBe('foo.github.io')
    expect(normaliseDomain('bar.github.io')).toBe('bar.github.io')
  })

  it('takes the domain of an e-mail address, and punycode for IDNs', () => {
    expect(normaliseDomain('zhang@alibaba-inc.com')).toBe('alibaba-inc.com')
    expect(normaliseDomain('阿里巴巴.中国')).toBe('xn--tsta8290bfzd.xn--fiqs8s')
  })

  it('gives null for IP addresses, bare suffixes and garbage', () => {
    for (const v of ['http://1.2.3.4', 'localhost', 'com', 'not a domain', 'http://', 'a..b'])
      expect(normaliseDomain(v)).toBeNull()
  })

  it('ignores free-mail domains as employer domains', () => {
    expect(companyDomainOfEmail('zhangwei@qq.com')).toBeNull()
    expect(companyDomainOfEmail('Zhang.Wei@GMail.com')).toBeNull()
    expect(companyDomainOfEmail('zw@mail.huawei.com')).toBe('huawei.com')
  })

  it('never throws', () => {
    for (const v of HOSTILE) expect(() => normaliseDomain(v)).not.toThrow()
    fc.assert(
      fc.property(fc.webUrl(), (u) => normaliseDomain(u) === null || typeof normaliseDomain(u) === 'string'),
    )
    fc.assert(
      fc.property(fc.domain(), (d) => {
        const once = normaliseDomain(d)
        if (once !== null) expect(normaliseDomain(once)).toBe(once)
      }),
    )
  })
})
