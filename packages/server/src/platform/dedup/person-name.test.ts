import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOSTILE } from './hostile.test-data.ts'
import { comparePersonNames, normalisePersonName, type PersonNameKey } from './person-name.ts'

const n = (s: string): PersonNameKey => {
  const k = normalisePersonName(s)
  if (!k) throw new Error(`no name in ${s}`)
  return k
}
const sim = (a: string, b: string) => comparePersonNames(n(a), n(b))

describe('normalisePersonName', () => {
  it('gives 张伟, 張偉, Zhang Wei, Wei Zhang, ZHANG, Wei and Zhangwei one key', () => {
    for (const v of [
      '张伟',
      '張偉',
      'Zhang Wei',
      'Wei Zhang',
      'ZHANG, Wei',
      'Wei ZHANG',
      'Zhangwei',
      'ZhangWei',
      'Zhāng Wěi',
    ])
      expect(n(v).key).toBe('wei zhang')
  })

  it('reads surnames with their surname pinyin and knows compound surnames', () => {
    expect(n('单雄信').readings[0]).toMatchObject({ family: 'shan', given: ['xiongxin'] })
    expect(n('曾国藩').readings[0]!.family).toBe('zeng')
    expect(n('欧阳娜娜').readings[0]).toMatchObject({ family: 'ouyang', given: ['nana'] })
    expect(n('司马相如').readings[0]!.family).toBe('sima')
  })

  it('drops honorifics and titles', () => {
    expect(n('张先生').readings[0]).toMatchObject({ family: 'zhang', given: [] })
    expect(n('王总').readings[0]!.family).toBe('wang')
    expect(n('Dr. John Smith Jr.').key).toBe('john smith')
  })

  it('keeps minority names written with a middle dot', () => {
    expect(n('阿卜杜拉·买买提').han).toBe('阿卜杜拉·买买提')
  })

  it('gives null when nothing name-like is left', () => {
    for (const v of ['', '  ', '😀', '12345', '---', 'Mr.']) expect(normalisePersonName(v)).toBeNull()
  })

  it('never throws on hostile or random input', () => {
    for (const v of HOSTILE) expect(() => normalisePersonName(v)).not.toThrow()
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const k = normalisePersonName(s)
        if (k) expect(k.readings.length).toBeGreaterThan(0)
      }),
    )
  })
})

describe('comparePersonNames', () => {
  it('scores the same person written in other scripts and orders as 1', () => {
    expect(sim('张伟', '張偉')).toBe(1)
    expect(sim('张伟', 'Zhang Wei')).toBe(1)
    expect(sim('张伟', 'Wei Zhang')).toBe(1)
    expect(sim('Zhang Wei', 'Wei Zhang')).toBe(1)
    expect(sim('John Smith', 'Smith, John')).toBe(1)
  })

  it('knows other romanisations of a surname', () => {
    expect(sim('陈大文', 'Chan Dawen')).toBe(1)
    expect(sim('王小明', 'Wong Xiaoming')).toBe(1)
    expect(sim('黄小明', 'Wong Xiaoming')).toBe(1)
    expect(sim('张学友', 'Cheung Xueyou')).toBe(1)
    expect(sim('吴伟', 'Ng Wei')).toBe(1)
    expect(sim('李伟', 'Lee Wei')).toBe(1)
  })

  it('scores a homophone slip high but below the same characters', () => {
    expect(sim('张伟', '张玮')).toBeCloseTo(0.9, 5)
    expect(sim('陆静', '卢晶')).toBeCloseTo(0.8, 5)
  })

  it('handles initials, typos and missing parts', () => {
    expect(sim('J. Smith', 'John Smith')).toBeCloseTo(0.925, 3)
    expect(sim('John Smith', 'Jon Smith')).toBeGreaterThan(0.95)
    expect(sim('Lombardi', 'Rosa Lombardi')).toBe(0.8)
    expect(sim('张先生', '张伟')).toBe(0.8)
    expect(sim('张先生', '王先生')).toBe(0)
  })

  it('keeps different people apart', () => {
    expect(sim('张伟', '王芳')).toBeLessThan(0.5)
    // below the point where the default rules count a name as disagreeing (0.7)
    expect(sim('John Smith', 'Mary Jones')).toBeLessThan(0.7)
    expect(sim('张伟', '张强')).toBeLessThan(0.75)
  })

  it('is symmetric and within 0..1', () => {
    const names = [
      '张伟',
      '張偉',
      'Zhang Wei',
      'Wei ZHANG',
      'Cheung Wai',
      'J. A. Smith',
      'Smith, John',
      '张先生',
      'Zhangwei',
      '欧阳娜娜',
      'Ou Yang Na Na',
    ]
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom(...names), (a, b) => {
        const x = sim(a, b)
        expect(x).toBe(sim(b, a))
        expect(x).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThanOrEqual(1)
      }),
    )
    for (const a of names) expect(sim(a, a)).toBe(a === '张先生' ? 0.8 : 1)
  })
})
