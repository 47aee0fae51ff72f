import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildQuery,
  buildSearchDoc,
  pinyinVariants,
  SEARCH_LIMITS,
  type SearchDocInput,
  splitPinyin,
} from './tokenize.ts'
import { parseTsquery, parseTsvector, tsMatch } from './tsquery-eval.ts'

/** Would search find this document for this query (through the token index), and how? */
function match(doc: SearchDocInput, q: string): 'title' | 'text' | 'pinyin' | null {
  const query = buildQuery(q)
  if (!query) return null
  const v = parseTsvector(buildSearchDoc(doc).tokens)
  if (tsMatch(v, query.tsTitle)) return 'title'
  if (tsMatch(v, query.tsText)) return 'text'
  if (tsMatch(v, query.tsAny)) return 'pinyin'
  return null
}

const zhangWei: SearchDocInput = { title: '张伟', texts: ['销售总监'], personNameTexts: ['张伟'] }
const alibaba: SearchDocInput = { title: '阿里巴巴(中国)有限公司', texts: ['杭州市余杭区文一西路969号'] }

describe('Chinese names', () => {
  it.each([
    ['张伟', 'title'],
    ['张', 'title'],
    ['伟', 'title'],
    ['zhangwei', 'pinyin'],
    ['zhang wei', 'pinyin'],
    ['Zhang Wei', 'pinyin'],
    ['zhangw', 'pinyin'],
    ['zw', 'pinyin'],
    ['wei', 'pinyin'],
    ['張偉', 'title'],
    ['张wei', 'pinyin'],
    ['销售', 'text'],
  ])('张伟 is found by %s (%s)', (q, how) => {
    expect(match(zhangWei, q)).toBe(how)
  })

  it.each(['李', 'zhangwie', 'lw', '张三'])('张伟 is not found by %s through tokens', (q) => {
    expect(match(zhangWei, q)).toBeNull()
  })

  it('indexes traditional characters as simplified', () => {
    const doc = buildSearchDoc({ title: '張偉', personNameTexts: ['張偉'] })
    const v = parseTsvector(doc.tokens)
    expect(v.has('张伟')).toBe(true)
    expect(v.has('張偉')).toBe(false)
    expect(doc.title).toBe('張偉') // what the user typed is what they see
    expect(doc.pinyin).toBe('zhangwei')
    expect(doc.initials).toBe('zw')
    expect(match({ title: '張偉' }, '张伟')).toBe('title')
  })

  it('reads the surname of a person name (单 → shan) and keeps the everyday reading', () => {
    const doc = buildSearchDoc({ title: '单田芳', personNameTexts: ['单田芳'] })
    expect(doc.pinyin).toBe('shantianfang')
    expect(match({ title: '单田芳', personNameTexts: ['单田芳'] }, 'shantianfang')).toBe('pinyin')
    expect(match({ title: '单田芳', personNameTexts: ['单田芳'] }, 'dantianfang')).toBe('pinyin')
    expect(match({ title: '单田芳', personNameTexts: ['单田芳'] }, 'stf')).toBe('pinyin')
  })

  it('handles compound surnames', () => {
    const doc = { title: '欧阳娜娜', personNameTexts: ['欧阳娜娜'] }
    expect(buildSearchDoc(doc).initials).toBe('oynn')
    expect(match(doc, 'oyn')).toBe('pinyin')
    expect(match(doc, 'ouyang')).toBe('pinyin')
    expect(match(doc, '娜娜')).toBe('title')
  })

  it('finds a name by the pinyin of any part of it (张伟明 by weiming, zhangwei, wm)', () => {
    const doc = { title: '张伟明', personNameTexts: ['张伟明'] }
    for (const q of ['weiming', 'zhangwei', 'zhangweiming', 'wm', 'zwm', 'ming'])
      expect(match(doc, q), q).toBe('pinyin')
    expect(match(doc, 'zhangming')).toBeNull() // not a contiguous part
  })

  it('finds a given name that jieba did not cut out (王小明 by 小明 and xiaoming)', () => {
    const doc = { title: '王小明', personNameTexts: ['王小明'] }
    expect(match(doc, '小明')).toBe('title')
    expect(match(doc, 'xiaoming')).toBe('pinyin')
  })
})

describe('company names', () => {
  it.each([
    ['阿里巴巴', 'title'],
    ['阿里', 'title'],
    ['有限公司', 'title'],
    ['阿里巴巴（中国）', 'title'],
    ['alibaba', 'pinyin'],
    ['albb', 'pinyin'],
    ['ali baba', 'pinyin'],
    ['albbzg', 'pinyin'],
    ['阿里八八', 'pinyin'], // homophone typo from a pinyin keyboard
    ['余杭', 'text'],
    ['969', 'text'],
  ])('阿里巴巴(中国)有限公司 is found by %s (%s)', (q, how) => {
    expect(match(alibaba, q)).toBe(how)
  })

  it('keeps the whole title pinyin and initials for ranking', () => {
    const doc = buildSearchDoc(alibaba)
    expect(doc.pinyin).toBe('alibabazhongguoyouxiangongsi')
    expect(doc.initials).toBe('albbzgyxgs')
    expect(doc.trgm).toContain('阿里巴巴(中国)有限公司') // NFKC: full-width brackets become ASCII
  })

  it('matches words of a query found in different fields (阿里巴巴合同)', () => {
    expect(match({ title: '阿里巴巴', subtitle: '年度服务合同' }, '阿里巴巴合同')).toBe('text')
    expect(match({ title: '阿里巴巴', subtitle: '年度服务合同' }, '阿里巴巴 合同')).toBe('text')
  })
})

describe('latin text', () => {
  const john: SearchDocInput = { title: 'John Smith', texts: ['john.smith@example.com', 'Acme Corp.'] }
  it.each([
    ['john', 'title'],
    ['JOHN', 'title'],
    ['jo', 'title'],
    ['smith', 'title'],
    ['john smith', 'title'],
    ['js', 'pinyin'],
    ['acme', 'text'],
    ['example', 'text'],
    ['john.smith@example', 'text'],
  ])('John Smith is found by %s (%s)', (q, how) => {
    expect(match(john, q)).toBe(how)
  })

  it('folds accents both ways', () => {
    expect(match({ title: 'José Müller' }, 'jose')).toBe('title')
    expect(match({ title: 'José Müller' }, 'MÜLLER')).toBe('title')
    expect(match({ title: 'Jose Muller' }, 'josé')).toBe('title')
  })

  it('splits mixed letters and digits', () => {
    expect(match({ title: 'iPhone15 Pro' }, 'iphone')).toBe('title')
    expect(match({ title: 'iPhone15 Pro' }, '15')).toBe('title')
  })

  it('corrects typed pinyin: swapped letters, keyboard mix-ups, one letter off', () => {
    expect(pinyinVariants('zhangwie')).toContain('zhangwei')
    expect(pinyinVariants('zhagnwei')).toContain('zhangwei')
    expect(pinyinVariants('zangwei')).toContain('zhangwei') // z/zh
    expect(pinyinVariants('liuxiaoling')).toContain('niuxiaoling') // n/l
    expect(pinyinVariants('zhanwei')).toContain('zhangwei') // an/ang
    expect(pinyinVariants('zhangweii')).toContain('zhangwei')
    expect(pinyinVariants('alibabba')).toContain('alibaba')
    expect(pinyinVariants('zw')).toEqual([])
    expect(pinyinVariants('zhangwie', 5)).toHaveLength(5)
    expect(buildQuery('zhangwie')?.fuzzyTs).toContain("'~zhangwei':*")
    expect(buildQuery('zhangwei')?.fuzzyTs).not.toContain("'~zhangwei':*")
    expect(buildQuery('张伟')?.fuzzyTs).toBeNull()
  })

  it('keeps pinyin lexemes apart from text lexemes', () => {
    const v = parseTsvector(buildSearchDoc(zhangWei).tokens)
    expect(v.has('~zhangwei')).toBe(true)
    expect(v.has('~zw')).toBe(true)
    expect(v.has('zhangwei')).toBe(false)
    expect(tsMatch(v, buildQuery('zw')!.tsText)).toBe(false)
    expect(tsMatch(v, buildQuery('zw')!.tsAny)).toBe(true)
  })

  it('splits typed pinyin into syllables', () => {
    expect(splitPinyin('weiming')).toEqual(['wei', 'ming'])
    expect(splitPinyin('xian')).toEqual(['xian'])
    expect(splitPinyin('zhangwei')).toEqual(['zhang', 'wei'])
    expect(splitPinyin('lvse')).toEqual(['lv', 'se'])
    expect(splitPinyin('hello')).toBeNull()
    expect(splitPinyin('zw')).toBeNull()
  })
})

describe('phone numbers', () => {
  const mobile = { title: '张伟', texts: ['+86 138-1234-5678'] }
  it.each([
    '13812345678',
    '+8613812345678',
    '+86 138 1234 5678',
    '0086 138 1234 5678',
    '138-1234-5678',
    '138 1234 5678',
    '1381234',
    '5678',
    '12345678',
  ])('a mobile is found by %s', (q) => {
    expect(match(mobile, q)).toBe('text')
  })

  it('finds a landline with or without area code and trunk 0', () => {
    const landline = { title: '阿里', texts: ['0571-88888888'] }
    for (const q of ['057188888888', '0571 8888 8888', '+86 571 8888 8888', '88888888', '8888']) {
      expect(match(landline, q), q).toBe('text')
    }
  })

  it('finds a phone written inside a sentence', () => {
    expect(match({ title: 'x', texts: ['请拨打 138-1234-5678 联系'] }, '13812345678')).toBe('text')
  })
})

describe('queries', () => {
  it('returns null for nothing searchable', () => {
    for (const q of ['', '   ', '\u0000\u200b\t', '!!!', '😀', null, undefined, {} as unknown]) {
      expect(buildQuery(q), String(q)).toBeNull()
    }
  })

  it('never uses trigrams for 1–2 CJK characters, and does from 3 characters', () => {
    expect(buildQuery('张')?.fuzzy).toBeNull()
    expect(buildQuery('张伟')?.fuzzy).toBeNull()
    expect(buildQuery('张伟')?.fuzzyKey).toBeNull()
    expect(buildQuery('张伟明')?.fuzzy).toBe('张伟明')
    expect(buildQuery('zw')?.fuzzy).toBeNull()
    expect(buildQuery('zhangwie')?.fuzzyKey).toBe('zhangwie')
  })

  it('gives pinyin and initials keys for latin queries only where they make sense', () => {
    expect(buildQuery('zhang wei')).toMatchObject({ pinyinKey: 'zhangwei', initialsKey: 'zhangwei' })
    expect(buildQuery('张伟')).toMatchObject({ pinyinKey: 'zhangwei', initialsKey: null })
    expect(buildQuery('张wei')).toMatchObject({ pinyinKey: null, initialsKey: null })
    expect(buildQuery('張偉')?.titleKeys).toEqual(['張偉', '张伟'])
  })

  it('bounds the query: 100 characters, 8 terms', () => {
    const q = buildQuery('word '.repeat(10_000))!
    expect(q.text.length).toBeLessThanOrEqual(SEARCH_LIMITS.queryChars)
    expect(q.tsAny.match(/'word'/g)?.length).toBeLessThanOrEqual(SEARCH_LIMITS.queryTerms + 1)
  })

  it('turns SQL and tsquery syntax into plain lexemes', () => {
    for (const hostile of [
      "'; drop table search_doc; --",
      "') | ('a",
      'a & b | !c <-> d:*',
      "\\'; select pg_sleep(10); --",
      "O'Brien",
    ]) {
      const q = buildQuery(hostile)!
      for (const ts of [q.tsAny, q.tsText, q.tsTitle]) {
        expect(() => parseTsquery(ts)).not.toThrow()
        // every lexeme is letters or digits (pinyin ones marked with ~); quotes only delimit lexemes
        for (const m of ts.matchAll(/'((?:[^']|'')*)'/g)) expect(m[1]).toMatch(/^~?[\p{L}\p{N}\p{M}]+$/u)
      }
    }
    expect(match({ title: "O'Brien" }, "o'brien")).toBe('title')
  })
})

describe('hostile and huge documents', () => {
  it('truncates a 1 MB value and stays fast', () => {
    const huge = '张伟阿里巴巴abc 138-1234-5678 '.repeat(40_000) // ≈ 1 MB
    const t0 = performance.now()
    const doc = buildSearchDoc({ title: huge, subtitle: huge, texts: [huge, huge, huge] })
    const ms = performance.now() - t0
    expect(doc.title.length).toBeLessThanOrEqual(SEARCH_LIMITS.displayChars)
    expect(doc.subtitle!.length).toBeLessThanOrEqual(SEARCH_LIMITS.displayChars)
    expect(doc.trgm.length).toBeLessThanOrEqual(SEARCH_LIMITS.trgmChars)
    expect(parseTsvector(doc.tokens).size).toBeLessThanOrEqual(SEARCH_LIMITS.lexemes)
    expect(doc.tokens.length).toBeLessThan(200_000)
    expect(ms).toBeLessThan(2_000)
  })

  it('caps the number of lexemes of many distinct words', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`)
    const doc = buildSearchDoc({ title: 't', texts: words })
    expect(parseTsvector(doc.tokens).size).toBeLessThanOrEqual(SEARCH_LIMITS.lexemes)
  })

  it('keeps a very long word as its first 64 characters, and still finds it', () => {
    const long = `a${'b'.repeat(500)}`
    const doc = buildSearchDoc({ title: long })
    expect([...parseTsvector(doc.tokens).keys()].every((l) => l.length <= 64)).toBe(true)
    expect(match({ title: long }, long)).toBe('title')
  })

  it('removes control characters, NUL, zero-width characters and lone surrogates', () => {
    const doc = buildSearchDoc({
      title: '张\u0000伟\u0007',
      subtitle: 'zhang\u200bwei\ud800',
      texts: ['a\tb\nc\r\nd', '\u202eevil'],
    })
    expect(doc.title).toBe('张 伟')
    expect(doc.subtitle).toBe('zhangwei')
    for (const field of [doc.title, doc.subtitle, doc.tokens, doc.trgm, doc.pinyin]) {
      expect(field).not.toMatch(
        /[\p{Cc}\u200b\u202e\ud800-\udfff]/u, // in u mode the surrogate range matches lone halves only
      )
    }
    expect(match({ title: 'x', texts: ['zhang\u200bwei'] }, 'zhangwei')).toBe('text')
  })

  it('accepts empty and non-string values', () => {
    const doc = buildSearchDoc({ title: null, subtitle: undefined, texts: [null, undefined, 42, {}, [], ''] })
    expect(doc).toMatchObject({ title: '', subtitle: null, pinyin: '', initials: '' })
    expect(parseTsvector(doc.tokens).has('42')).toBe(true)
  })
})

describe('properties', () => {
  // Text made of the pieces users actually type: Han, latin, digits, punctuation, spaces.
  const piece = fc.constantFrom(
    '张',
    '伟',
    '阿里',
    '巴巴',
    '單',
    '田',
    '中國',
    '有限公司',
    'ab',
    'Zhang',
    'é',
    '42',
    '138-1234-5678',
    ' ',
    '(',
    '.',
    '@',
    "'",
    '\u0000',
  )
  const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''))

  it('never throws, and every document is found by its own text', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (value, person) => {
        const doc = { title: value, personNameTexts: person ? [value] : [] }
        const q = buildQuery(value)
        if (q) expect(match(doc, value)).toBe('title')
      }),
      { numRuns: 500 },
    )
  })

  it('never throws on arbitrary unicode, and always emits parseable literals', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        const doc = buildSearchDoc({ title: value, texts: [value] })
        parseTsvector(doc.tokens)
        const q = buildQuery(value)
        if (q) {
          parseTsquery(q.tsAny)
          parseTsquery(q.tsText)
          expect(tsMatch(parseTsvector(doc.tokens), q.tsAny)).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
  })
})
