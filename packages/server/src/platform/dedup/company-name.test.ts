import { describe, expect, it } from 'vitest'
import { companyCore, companyNameForms, normaliseCompanyName } from './company-name.ts'
import { HOSTILE } from './hostile.test-data.ts'

describe('company names', () => {
  it('strips legal forms and bracketed regions, in both bracket widths and scripts', () => {
    for (const v of [
      '阿里巴巴',
      '阿里巴巴(中国)有限公司',
      '阿里巴巴（中国）有限公司',
      '阿里巴巴（中國）有限公司',
      '阿里巴巴集团',
      '阿里巴巴 集团控股有限公司',
    ])
      expect(normaliseCompanyName(v)).toBe('阿里巴巴')
    expect(normaliseCompanyName('Alibaba (China) Co., Ltd.')).toBe('alibaba')
    expect(normaliseCompanyName('ALIBABA GROUP HOLDING LIMITED')).toBe('alibaba')
  })

  it('strips international legal forms only at the end', () => {
    expect(normaliseCompanyName('Siemens AG')).toBe('siemens')
    expect(normaliseCompanyName('Robert Bosch GmbH')).toBe('robert bosch')
    expect(normaliseCompanyName('Acme, Inc.')).toBe('acme')
    expect(normaliseCompanyName('Foo Bar LLC')).toBe('foo bar')
    expect(normaliseCompanyName('The Coca-Cola Company')).toBe('coca cola')
    expect(normaliseCompanyName('Société Générale S.A.')).toBe('societe generale')
    expect(normaliseCompanyName('Limited')).toBe('limited')
  })

  it('maps a branch to its parent', () => {
    expect(normaliseCompanyName('阿里巴巴（北京）网络技术有限公司北京分公司')).toBe('阿里巴巴网络技术')
    expect(normaliseCompanyName('中国银行股份有限公司杭州分行')).toBe('中国银行')
    expect(normaliseCompanyName('招商银行杭州分行')).toBe('招商银行')
  })

  it('reduces a full mainland name to its trade name (字号)', () => {
    expect(companyCore('杭州阿里巴巴网络技术有限公司')).toBe('阿里巴巴')
    expect(companyCore('北京字节跳动科技有限公司')).toBe('字节跳动')
    expect(companyCore('腾讯科技(深圳)有限公司')).toBe('腾讯')
    expect(companyCore('深圳市腾讯计算机系统有限公司')).toBe('腾讯')
    // 中国 at the start is part of the name, not a region
    expect(companyCore('中国银行股份有限公司')).toBe('中国银行')
    expect(companyCore('中国平安保险(集团)股份有限公司')).toBe('中国平安保险')
  })

  it('gives Han names a pinyin form for cross-script matching', () => {
    expect(companyNameForms('阿里巴巴(中国)有限公司')).toEqual(['阿里巴巴', 'alibaba'])
    expect(companyNameForms('Alibaba (China) Co., Ltd.')).toEqual(['alibaba'])
    expect(companyNameForms('Coca-Cola Company')).toEqual(['cocacola'])
  })

  it('does not reduce a name to nothing', () => {
    expect(normaliseCompanyName('有限公司')).toBe('有限公司')
    expect(normaliseCompanyName('(中国)')).toBe('中国')
    expect(normaliseCompanyName('（）')).toBeNull()
    expect(normaliseCompanyName('Co., Ltd.')).toBe('co ltd')
  })

  it('never throws on hostile input', () => {
    for (const v of HOSTILE) {
      expect(() => normaliseCompanyName(v)).not.toThrow()
      expect(() => companyNameForms(v)).not.toThrow()
    }
    expect(normaliseCompanyName('😀 Inc.')).toBe('inc')
  })
})
