import { describe, expect, it } from 'vitest'
import { HOSTILE } from './hostile.test-data.ts'
import { codeTokens, normaliseText, textTokens } from './tokens.ts'

describe('text and tokens', () => {
  it('decodes character references and folds width, script, case and accents', () => {
    expect(normaliseText('bertram lud &#228; scher')).toBe('bertram lud a scher')
    expect(normaliseText('ＡＣＭＥ  Café &amp; 電腦')).toBe('acme cafe & 电脑')
    expect(normaliseText('&#0; &#1114112; &#xD800;')).toBe('&#0; &#1114112; &#xd800;')
  })

  it('splits words and gives Han runs as bigrams', () => {
    expect(textTokens('Sony  turntable, sony PS-LX350H')).toEqual(['lx350h', 'ps', 'sony', 'turntable'])
    expect(textTokens('阿里巴巴')).toEqual(['巴巴', '里巴', '阿里'])
    expect(textTokens('iPhone手机 壳')).toEqual(['iphone', '壳', '手机'])
  })

  it('finds model numbers with their separators removed', () => {
    expect(codeTokens('sony turntable ps-lx350h / kdl-40v3000')).toEqual(['kdl40v3000', 'pslx350h'])
    expect(codeTokens('2-1/2 in wide, 200 watts')).toBeNull()
    expect(codeTokens('am53bk 5.1')).toEqual(['am53bk'])
  })

  it('never throws', () => {
    for (const v of HOSTILE) {
      expect(() => textTokens(v)).not.toThrow()
      expect(() => codeTokens(v)).not.toThrow()
    }
    expect(textTokens('😀')).toBeNull()
  })
})
