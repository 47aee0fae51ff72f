import { describe, expect, it } from 'vitest'
import {
  defaultCompanyRules,
  defaultPersonRules,
  genericProductRules,
  renameFields,
} from './default-rules.ts'
import { blockingKeysOf, compareRecords, findDuplicates, matchRecord } from './matcher.ts'
import { compileRules, DedupRulesError } from './rules.ts'

const companies = [
  { id: 'c1', name: '阿里巴巴', phone: '0571-88888888' },
  {
    id: 'c2',
    name: '阿里巴巴(中国)有限公司',
    phone: '+86 571 8888 8888',
    website: 'https://www.alibaba.com',
  },
  { id: 'c3', name: 'Alibaba (China) Co., Ltd.', website: 'alibaba.com', credit_code: '91330100799655058B' },
  { id: 'c4', name: '阿里巴巴（中國）有限公司', credit_code: '91330100799655058B' },
  { id: 'c5', name: '腾讯科技(深圳)有限公司', phone: '0755-86013388', credit_code: '91440300708461136T' },
  { id: 'c6', name: 'Tencent Holdings Ltd.', website: 'tencent.com' },
  { id: 'c7', name: '华为技术有限公司', credit_code: '914403001922038216' },
  // a different legal entity with a similar name: its credit code keeps it apart
  { id: 'c8', name: '阿里巴巴(中国)网络技术有限公司', credit_code: '91330100716105852F' },
]

const people = [
  { id: 'p1', name: '张伟', mobile: '138-1234-5678', email: 'zhangwei@163.com' },
  { id: 'p2', name: '張偉', mobile: '+86 138 1234 5678' },
  { id: 'p3', name: 'Zhang Wei', email: 'ZhangWei@163.com', birthday: '1985-03-12' },
  { id: 'p4', name: 'Wei Zhang', email: 'zhangwei@163.com' },
  { id: 'p5', name: '张伟', mobile: '139-0000-1111', birthday: '1990-01-01' },
  { id: 'p6', name: '王芳', mobile: '0571-88888888' },
  { id: 'p7', name: 'Wang Fang', mobile: '+86 571 8888 8888' },
  { id: 'p8', name: '李娜', mobile: '0571-88888888' },
  { id: 'p9', name: 'John A. Smith', email: 'john.smith@example.com', birthday: '1970-05-06' },
  { id: 'p10', name: 'Smith, John', birthday: '1970-05-06', address: { text: '12 High Street, Oxford' } },
  { id: 'p11', name: 'J. Smith', birthday: '1970-06-05', address: '12 High St, Oxford' },
]

function clusterOf(result: ReturnType<typeof findDuplicates>, id: string): string[] {
  return result.clusters.find((c) => c.ids.includes(id))?.ids ?? [id]
}

describe('findDuplicates on people', () => {
  const result = findDuplicates(people, defaultPersonRules)

  it('joins 张伟, 張偉, Zhang Wei and Wei Zhang through phone and e-mail', () => {
    expect(clusterOf(result, 'p1')).toEqual(['p1', 'p2', 'p3', 'p4'])
  })

  it('keeps a namesake with another phone apart', () => {
    expect(clusterOf(result, 'p5')).toEqual(['p5'])
  })

  it('matches 王芳 and Wang Fang on one landline written two ways, not 李娜 on the same switchboard', () => {
    expect(clusterOf(result, 'p6')).toEqual(['p6', 'p7'])
    expect(clusterOf(result, 'p8')).toEqual(['p8'])
  })

  it('handles swapped order, an initial and a swapped day/month', () => {
    expect(clusterOf(result, 'p9')).toEqual(['p9', 'p10', 'p11'])
    const p = result.pairs.find((x) => x.a === 'p10' && x.b === 'p11')!
    expect(p.decision).toBe('duplicate')
    // the initial alone against the other full name and e-mail: not enough
    expect(result.pairs.find((x) => x.a === 'p9' && x.b === 'p11')?.decision).not.toBe('duplicate')
    expect(p.reasons.find((r) => r.comparison === 'birthday')!.similarity).toBe(0.8)
    expect(p.reasons.find((r) => r.comparison === 'name')!.similarity).toBeCloseTo(0.925, 3)
  })

  it('explains each pair with the comparisons that had values on both sides', () => {
    const pair = result.pairs.find((p) => p.a === 'p6' && p.b === 'p7')!
    expect(pair.decision).toBe('duplicate')
    const phone = pair.reasons.find((r) => r.comparison === 'phone')!
    expect(phone).toMatchObject({
      similarity: 1,
      points: 5.5,
      left: '+8657188888888',
      right: '+8657188888888',
    })
    expect(pair.reasons.find((r) => r.comparison === 'name')!.points).toBe(5)
    expect(pair.reasons.some((r) => r.comparison === 'email')).toBe(false)
    expect(pair.score).toBeCloseTo(
      pair.reasons.reduce((s, r) => s + r.points, 0),
      2,
    )
  })

  it('reports what the scan did', () => {
    expect(result.stats.records).toBe(people.length)
    expect(result.stats.candidatePairs).toBeLessThan((people.length * (people.length - 1)) / 2 + 1)
    expect(result.stats.blocking.map((b) => b.id)).toContain('phone')
  })
})

describe('findDuplicates on companies', () => {
  const result = findDuplicates(companies, defaultCompanyRules)

  it('joins 阿里巴巴, 阿里巴巴(中国)有限公司, Alibaba (China) Co., Ltd. and the traditional form', () => {
    expect(clusterOf(result, 'c1')).toEqual(['c1', 'c2', 'c3', 'c4'])
  })

  it('keeps another legal entity apart on its credit code, and Tencent apart from Alibaba', () => {
    expect(clusterOf(result, 'c8')).toEqual(['c8'])
    expect(clusterOf(result, 'c5')).toEqual(['c5'])
    expect(clusterOf(result, 'c7')).toEqual(['c7'])
  })
})

describe('single-record API', () => {
  it('compareRecords scores a pair without blocking', () => {
    const r = compareRecords(companies[0]!, companies[2]!, defaultCompanyRules)
    expect(r.reasons.find((x) => x.comparison === 'name')?.similarity).toBe(1)
    const far = compareRecords(companies[0]!, companies[6]!, defaultCompanyRules)
    expect(far.decision).toBe('distinct')
  })

  it('blockingKeysOf gives the lookup keys of a new record', () => {
    const keys = blockingKeysOf(
      { name: '張偉', mobile: '138 1234 5678', birthday: '1985-03-12' },
      defaultPersonRules,
    )
    expect(keys).toContainEqual({ blocking: 'phone', keys: ['+8613812345678'] })
    expect(keys).toContainEqual({ blocking: 'name', keys: ['wei zhang'] })
    expect(keys).toContainEqual({ blocking: 'initials_birthday', keys: ['wz\u00011985-03-12'] })
  })

  it('matchRecord ranks candidates for a record being created', () => {
    const found = matchRecord({ name: 'Zhang Wei', mobile: '13812345678' }, people, defaultPersonRules)
    expect(
      found
        .map((p) => p.b)
        .slice(0, 2)
        .sort(),
    ).toEqual(['p1', 'p2'])
    expect(found[0]!.a).toBe('')
    expect(found.every((p) => p.score >= 6)).toBe(true)
  })
})

describe('rules', () => {
  it('refuses a measure that cannot read the normaliser’s values', () => {
    const bad = {
      ...defaultPersonRules,
      comparisons: [{ id: 'x', fields: ['name'], normaliser: 'personName', measure: 'numeric', weight: 1 }],
    }
    expect(() => compileRules(bad as never)).toThrow(DedupRulesError)
  })

  it('refuses malformed rules with the path of each problem', () => {
    try {
      compileRules({ object: 'x', comparisons: [], threshold: 1, blocking: [] } as never)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(DedupRulesError)
      expect((e as DedupRulesError).issues.map((i) => i.path)).toEqual(['comparisons', 'blocking'])
    }
  })

  it('renameFields maps a template onto another object and drops what it lacks', () => {
    const r = renameFields(genericProductRules, 'paper', {
      name: 'title',
      description: 'authors',
      code: null,
      brand: null,
    })
    expect(r.comparisons.map((c) => c.id)).toEqual(['name', 'code', 'description', 'price'])
    expect(r.comparisons.find((c) => c.id === 'code')!.fields).toEqual(['title'])
    expect(() => compileRules(r)).not.toThrow()
  })

  it('link mode pairs only records from different sources', () => {
    const rows = [
      { id: 'a1', src: 'a', name: 'sony turntable pslx350h' },
      { id: 'a2', src: 'a', name: 'sony turntable ps-lx350h' },
      { id: 'b1', src: 'b', name: 'Sony PS-LX350H Belt-Drive Turntable' },
    ]
    const r = findDuplicates(rows, genericProductRules, {
      sourceField: 'src',
      minScore: Number.NEGATIVE_INFINITY,
    })
    expect(r.pairs.every((p) => (p.a[0] === 'a') !== (p.b[0] === 'a'))).toBe(true)
    expect(r.pairs.map((p) => [p.a, p.b].sort().join())).toContain('a1,b1')
  })
})
