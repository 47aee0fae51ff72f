import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'

/** The duplicate check of the write path (409 duplicate_candidates), on the contact objects. */
describe('duplicate check on create and edit', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let zhang: string
  const post = (object: string, body: unknown, query = '', token = ws.token) =>
    t.call('POST', `/api/v1/records/${object}${query}`, { token, body })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('dups')
    const r = await post('person', { name: '张伟', mobile: '138-1234-5678', email: 'zhang.wei@example.com' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    zhang = r.body.id
  })
  afterAll(async () => {
    await t.close()
  })

  it('answers 409 with scored candidates and reasons, and creates with allowDuplicate', async () => {
    const body = { name: 'Zhang Wei', mobile: '+86 138 1234 5678' }
    const r = await post('person', body)
    expect(r.status).toBe(409)
    expect(r.headers.get('content-type')).toContain('application/problem+json')
    expect(r.body.code).toBe('duplicate_candidates')
    expect(r.body.candidates).toHaveLength(1)
    const [c] = r.body.candidates
    expect(c).toMatchObject({ id: zhang, title: '张伟', decision: 'duplicate' })
    expect(c.score).toBeGreaterThanOrEqual(8)
    const phone = c.reasons.find((x: { comparison: string }) => x.comparison === 'phone')
    expect(phone).toMatchObject({ left: '+8613812345678', right: '+8613812345678' })
    expect(phone.fields).toContain('mobile')
    // nothing was written
    const list = await t.call('GET', '/api/v1/records/person?count=true', { token: ws.token })
    expect(list.body.total).toBe(1)
    const zh = await t.call('POST', '/api/v1/records/person', { token: ws.token, body, locale: 'zh-CN' })
    expect(zh.body.title).toBe('可能与已有记录重复，请确认后再保存')

    const ok = await post('person', body, '?allowDuplicate=true')
    expect(ok.status).toBe(201)
    await t.call('DELETE', `/api/v1/records/person/${ok.body.id}`, { token: ws.token })
  })

  it('a different person with the same name only is not a candidate; a deleted record is not either', async () => {
    const r = await post('person', { name: '张伟', mobile: '139-0000-1111', email: 'other@example.com' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    await t.call('DELETE', `/api/v1/records/person/${r.body.id}`, { token: ws.token })
    const again = await post('person', { name: '张伟', mobile: '139-0000-1111' })
    expect(again.status).toBe(201)
    await t.call('DELETE', `/api/v1/records/person/${again.body.id}`, { token: ws.token })
  })

  it('checks an edit that changes a matched field, not other edits', async () => {
    const li = await post('person', { name: '张玮', mobile: '137-0000-2222' })
    expect(li.status).toBe(201)
    const id = li.body.id
    const title = await t.call('PATCH', `/api/v1/records/person/${id}`, {
      token: ws.token,
      body: { title: '经理' },
    })
    expect(title.status).toBe(200)
    const dup = await t.call('PATCH', `/api/v1/records/person/${id}`, {
      token: ws.token,
      body: { email: 'ZHANG.WEI@example.com' },
    })
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('duplicate_candidates')
    expect(dup.body.candidates.map((c: { id: string }) => c.id)).toEqual([zhang])
    const forced = await t.call('PATCH', `/api/v1/records/person/${id}?allowDuplicate=true`, {
      token: ws.token,
      body: { email: 'ZHANG.WEI@example.com' },
    })
    expect(forced.status).toBe(200)
    // its keys moved with it: a third record with that e-mail now meets both
    const third = await post('person', { name: 'Wei Zhang', email: 'zhang.wei@example.com' })
    expect(third.status).toBe(409)
    expect(third.body.candidates.map((c: { id: string }) => c.id).sort()).toEqual([id, zhang].sort())
    // and its old mobile no longer finds it
    const freed = await post('person', { name: '张玮', mobile: '137-0000-2222' })
    expect(freed.status).toBe(409)
    await t.call('DELETE', `/api/v1/records/person/${id}`, { token: ws.token })
    const gone = await post('person', { name: '张玮', mobile: '137-0000-2222' })
    expect(gone.status).toBe(201)
    await t.call('DELETE', `/api/v1/records/person/${gone.body.id}`, { token: ws.token })
  })

  it('batch: each row in partial mode, the whole batch otherwise, allowDuplicate for all', async () => {
    const operations = [
      { op: 'create', data: { name: 'Wei ZHANG', mobile: '13812345678' } },
      { op: 'create', data: { name: '王芳', mobile: '13600000000' } },
    ]
    const partial = await t.call('POST', '/api/v1/records/person/batch', {
      token: ws.token,
      body: { operations, partial: true },
    })
    expect(partial.status).toBe(200)
    const [a, b] = partial.body.results
    expect(a.ok).toBe(false)
    expect(a.error.code).toBe('duplicate_candidates')
    expect(a.error.status).toBe(409)
    expect(a.error.candidates[0].id).toBe(zhang)
    expect(b.ok).toBe(true)

    const whole = await t.call('POST', '/api/v1/records/person/batch', {
      token: ws.token,
      body: { operations: [{ op: 'create', data: { name: '李雷' } }, operations[0]] },
    })
    expect(whole.status).toBe(409)
    expect(whole.body.code).toBe('duplicate_candidates')
    expect(whole.body.errors[0].path).toBe('operations.1')
    const none = await t.call(
      'GET',
      `/api/v1/records/person?filter=${encodeURIComponent(
        JSON.stringify({ field: 'name', op: 'eq', value: '李雷' }),
      )}`,
      { token: ws.token },
    )
    expect(none.body.data).toHaveLength(0)

    const allowed = await t.call('POST', '/api/v1/records/person/batch', {
      token: ws.token,
      body: { operations: [operations[0]], allowDuplicate: true },
    })
    expect(allowed.status).toBe(200)
    expect(allowed.body.results[0].ok).toBe(true)
  })

  it('finds companies by credit code, name forms and domain', async () => {
    const a = await post('company', {
      name: '杭州阿里巴巴网络技术有限公司',
      credit_code: '91330100799655058B',
      website: 'https://www.alibaba.com',
    })
    expect(a.status, JSON.stringify(a.body)).toBe(201)
    const b = await post('company', { name: 'Alibaba (China) Co., Ltd.', website: 'alibaba.com' })
    expect(b.status).toBe(409)
    expect(b.body.candidates[0].id).toBe(a.body.id)
    const reasons = b.body.candidates[0].reasons.map((r: { comparison: string }) => r.comparison)
    expect(reasons).toContain('domain')
  })

  it('never shows records of another workspace or outside the read scope', async () => {
    const other = await t.workspace('dups-other')
    const r = await post('person', { name: '张伟', mobile: '13812345678' }, '', other.token)
    expect(r.status).toBe(201)

    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'own people' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { create: true, read: true, update: true, delete: false, readScope: 'own', writeScope: 'own' },
    })
    const email = `rep-${Date.now()}@dups.example.com`
    await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Rep', password: 'dups password 1', roleId: role.body.id },
    })
    const token = (
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'dups password 1' } })
    ).body.token
    const mine = await post('person', { name: '张伟', mobile: '13812345678' }, '', token)
    expect(mine.status, JSON.stringify(mine.body)).toBe(201)
    // the admin, who reads everything, is warned about both
    const admin = await post('person', { name: 'Zhang Wei', mobile: '13812345678' })
    expect(admin.status).toBe(409)
    const ids = admin.body.candidates.map((c: { id: string }) => c.id)
    expect(ids).toContain(zhang)
    expect(ids).toContain(mine.body.id)
    expect(ids).not.toContain(r.body.id)
  })
})
