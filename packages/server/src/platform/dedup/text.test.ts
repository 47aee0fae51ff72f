import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOSTILE } from './hostile.test-data.ts'
import { asText, cleanText, foldAccents, MAX_INPUT, Memo, toHalfWidth, toSimplified } from './text.ts'

describe('text helpers', () => {
  it('folds full-width letters, digits, brackets and the ideographic space', () => {
    expect(toHalfWidth('ＡＢＣ１２３（北京）＠\u3000x')).toBe('ABC123(北京)@ x')
  })

  it('removes control and zero-width characters and folds white space', () => {
    expect(cleanText('\u200b a\u0000b \t\n c\ufeff ')).toBe('ab c')
  })

  it('folds accents and tone marks', () => {
    expect(foldAccents('Müller Zoë Zhāng Łódź Straße Søren Æsir')).toBe(
      'Muller Zoe Zhang Lodz Strasse Soren AEsir',
    )
  })

  it('converts traditional to simplified and leaves simplified text alone', () => {
    expect(toSimplified('張偉 歐陽娜娜 阿里巴巴(中國)有限公司')).toBe('张伟 欧阳娜娜 阿里巴巴(中国)有限公司')
    expect(toSimplified('张伟')).toBe('张伟')
    expect(toSimplified('Zhang Wei')).toBe('Zhang Wei')
  })

  it('reads only strings and finite numbers, cut to MAX_INPUT', () => {
    expect(asText(12)).toBe('12')
    expect(asText(Number.NaN)).toBe('')
    expect(asText({})).toBe('')
    expect(asText('x'.repeat(MAX_INPUT + 10)).length).toBe(MAX_INPUT)
  })

  it('never throws on hostile or random input', () => {
    for (const v of HOSTILE) expect(() => toSimplified(cleanText(toHalfWidth(asText(v))))).not.toThrow()
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => typeof toSimplified(cleanText(s)) === 'string'),
    )
  })

  it('Memo stays bounded', () => {
    const m = new Memo<number>(3)
    for (let i = 0; i < 10; i++) expect(m.get(String(i), (k) => Number(k) * 2)).toBe(i * 2)
  })
})
