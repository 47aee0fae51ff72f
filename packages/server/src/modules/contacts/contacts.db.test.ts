import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

/** The standard fields of company and person and the module's rules on the write path. */
describe('contacts: standard fields', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const post = (object: string, body: unknown, locale = 'en') =>
    t.call('POST', `/api/v1/records/${object}?allowDuplicate=true`, { token: ws.token, body, locale })
  const patch = (object: string, id: string, body: unknown) =>
    t.call('PATCH', `/api/v1/records/${object}/${id}?allowDuplicate=true`, { token: ws.token, body })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('contacts')
  })
  afterAll(async () => {
    await t.close()
  })

  it('declares the standard fields of both objects', async () => {
    const r = await t.call('GET', '/api/v1/metadata/objects', { token: ws.token })
    const obj = (name: string) => r.body.data.find((o: { name: string }) => o.name === name)
    const names = (name: string) => obj(name).fields.map((f: { name: string }) => f.name)
    expect(names('person')).toEqual(
      expect.arrayContaining([
        'gender',
        'birthday',
        'title',
        'department',
        'mobile',
        'phone',
        'other_phone',
        'email',
        'other_email',
        'wechat',
        'address',
        'source',
        'lifecycle_stage',
        'tags',
        'company',
        'name_pinyin',
      ]),
    )
    expect(names('company')).toEqual(
      expect.arrayContaining([
        'credit_code',
        'domain',
        'website',
        'industry',
        'size',
        'source',
        'parent',
        'lifecycle_stage',
        'tags',
        'name_pinyin',
      ]),
    )
    expect(obj('person').dedup).toBe(true)
    expect(obj('company').dedup).toBe(true)
    expect(obj('company').inverses.map((i: { name: string }) => i.name)).toContain('subsidiaries')
  })

  it('validates and canonicalises the unified social credit code', async () => {
    const ok = await post('company', {
      name: '杭州阿里巴巴网络技术有限公司',
      credit_code: '9133 0100 7996 5505 8b',
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body.credit_code).toBe('91330100799655058B')

    const bad = await post('company', { name: '坏代码公司', credit_code: '91330100799655058C' }, 'zh-CN')
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('validation_failed')
    expect(bad.body.errors).toEqual([
      {
        path: 'credit_code',
        code: 'invalid_credit_code',
        message: expect.stringContaining('统一社会信用代码无效'),
      },
    ])
    const en = await post('company', { name: 'Bad code', credit_code: '9133010079965505' })
    expect(en.body.errors[0].message).toContain('Invalid unified social credit code')

    for (const hostile of [
      'x'.repeat(1_000_000),
      '<script>alert(1)</script>',
      '９１３３０１００７９９６５５０５８Ｉ',
      "'; drop table x; --",
    ]) {
      const r = await post('company', { name: 'Hostile', credit_code: hostile })
      expect(r.status).toBe(400)
      expect(r.body.errors[0]).toMatchObject({ path: 'credit_code', code: 'invalid_credit_code' })
    }
    const typed = await post('company', { name: 'Typed', credit_code: 91330100 })
    expect(typed.body.errors[0]).toMatchObject({ path: 'credit_code', code: 'invalid_type' })
    // nothing half-written
    const list = await t.call('GET', '/api/v1/records/company?count=true', { token: ws.token })
    expect(list.body.total).toBe(1)
  })

  it('accepts every code whose check character is right, and no code with a wrong one', async () => {
    const { creditCodeCheckChar } = await import('../../platform/dedup/credit-code.ts')
    const { normaliseValue } = await import('../../platform/records/values.ts')
    const field = {
      name: 'credit_code',
      type: 'text' as const,
      label: { 'zh-CN': '代码', en: 'Code' },
      options: { format: 'credit_code' as const },
      isSystem: true,
      isActive: true,
    }
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('')
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 10, maxLength: 10 }),
        fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: 6, maxLength: 6 }),
        fc.constantFrom(...alphabet),
        (org, division, other) => {
          const first17 = `91${division.join('')}${org.join('').slice(0, 9)}`
          const check = creditCodeCheckChar(first17)
          const good = normaliseValue(field, first17 + check)
          expect(good).toEqual({ ok: true, value: first17 + check })
          if (other !== check) expect(normaliseValue(field, first17 + other).ok).toBe(false)
        },
      ),
    )
  })

  it('keeps a pinyin sort key and the domain from the website', async () => {
    const p = await post('person', {
      name: '单雄信',
      mobile: '13900001111',
      wechat: 'shanxx_88',
      gender: 'male',
    })
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    expect(p.body.name_pinyin).toBe('shan xiong xin')
    const renamed = await patch('person', p.body.id, { name: 'Anna Müller' })
    expect(renamed.body.name_pinyin).toBe('anna müller')
    const bad = await post('person', { name: 'X', gender: 'robot', birthday: '1990-02-30' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['birthday', 'gender'])

    const c = await post('company', {
      name: '重庆小面有限公司',
      website: 'https://shop.xiaomian.com.cn/about',
    })
    expect(c.body.domain).toBe('xiaomian.com.cn')
    expect(c.body.name_pinyin).toBe('chong qing xiao mian you xian gong si')
    const own = await post('company', {
      name: 'Own domain',
      website: 'https://a.example.com',
      domain: 'WWW.Example.ORG',
    })
    expect(own.body.domain).toBe('example.org')
  })

  it('keeps the company hierarchy free of loops', async () => {
    const group = await post('company', { name: 'Group Holdings' })
    const sub = await post('company', { name: 'Group East', parent: group.body.id })
    expect(sub.status).toBe(201)
    const subsub = await post('company', { name: 'Group East Shanghai', parent: sub.body.id })
    const loop = await patch('company', group.body.id, { parent: subsub.body.id })
    expect(loop.status).toBe(400)
    expect(loop.body.errors).toEqual([{ path: 'parent', code: 'cycle', message: expect.any(String) }])
    const self = await patch('company', sub.body.id, { parent: sub.body.id })
    expect(self.status).toBe(400)
    expect(self.body.errors[0].code).toBe('cycle')
    const fine = await patch('company', subsub.body.id, { parent: group.body.id })
    expect(fine.status).toBe(200)
    const kids = await t.call('GET', `/api/v1/records/company/${group.body.id}/related/subsidiaries`, {
      token: ws.token,
    })
    expect(kids.body.data.map((r: { name: string }) => r.name).sort()).toEqual([
      'Group East',
      'Group East Shanghai',
    ])
  })
})
