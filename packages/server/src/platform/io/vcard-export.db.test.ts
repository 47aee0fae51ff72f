import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { waitFor } from '../events/test-support.ts'

const NOTES_FIELD = {
  name: 'notes',
  type: 'long_text',
  label: { 'zh-CN': '备注', en: 'Notes' },
}

/** People with every value a card carries, with the characters vCard escapes and folds. */
const PEOPLE = [
  {
    name: '张伟',
    family_name: '张',
    given_name: '伟',
    title: '销售总监, 华东区',
    department: '销售部',
    email: 'zhang.wei@example.com',
    other_email: 'zw@example.org',
    mobile: '138 1234 5678',
    phone: '0571-88888888',
    other_phone: '021-55556666',
    address: {
      country: 'CN',
      province: '330000',
      city: '330100',
      district: '330106',
      text: '浙江省杭州市西湖区 文三路 90 号',
    },
    birthday: '1985-03-12',
    wechat: 'zhangwei_88',
    notes: '第一行; 第二行\n备注: 重要, 请跟进\\',
  },
  {
    name: 'Anna Müller',
    family_name: 'Müller',
    given_name: 'Anna',
    email: 'anna@example.de',
    mobile: '+49 151 23456789',
  },
  {
    name: '欧阳娜娜',
    title: '很长的职位名称'.repeat(12),
    mobile: '13900000001',
  },
]

async function text(res: Response): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await res.arrayBuffer())
}

/** The logical lines of a vCard file: unfolded, split at CRLF. */
const logical = (vcf: string) => vcf.replace(/\r\n[ \t]/g, '').split('\r\n')

describe('vCard export', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let reader = ''
  const get = (path: string, token: string | null, locale = 'zh-CN') =>
    t.app.request(path, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'accept-language': locale },
    })

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('vcard')
    await t.kernel.startWorker()
    const f = await t.call('POST', '/api/v1/metadata/objects/person/fields', {
      token: ws.token,
      body: NOTES_FIELD,
    })
    expect(f.status, JSON.stringify(f.body)).toBe(201)
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '阿里巴巴(中国)有限公司' },
    })
    for (const [i, p] of PEOPLE.entries()) {
      const r = await t.call('POST', '/api/v1/records/person', {
        token: ws.token,
        body: i === 0 ? { ...p, company: co.body.id } : p,
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
    // a role that reads people but not their mobile, and no company at all
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'vcard reader' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { read: true, readScope: 'all', writeScope: 'none', fields: { mobile: 'hidden' } },
    })
    const email = `vcard-reader-${Date.now()}@example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Reader', password: 'reader password 1', roleId: role.body.id },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    reader = (await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'reader password 1' } }))
      .body.token
  })
  afterAll(async () => {
    await t.close()
  })

  it('sends every readable person as a vCard 4.0, folded, with a localized file name, and audits it', async () => {
    const res = await get('/api/v1/records/person/export.vcf?sort=created_at', ws.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/vcard; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="person.vcf"; filename*=UTF-8''${encodeURIComponent('联系人.vcf')}`,
    )
    const vcf = await text(res)
    // CRLF only, every physical line within 75 octets
    expect(vcf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const l of vcf.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75)
    expect(vcf.match(/^BEGIN:VCARD\r$/gm)).toHaveLength(3)
    const cards = vcf.split('END:VCARD\r\n').filter(Boolean).map(logical)
    const zhang = cards[0]!
    expect(zhang.slice(0, 2)).toEqual(['BEGIN:VCARD', 'VERSION:4.0'])
    expect(zhang).toEqual(
      expect.arrayContaining([
        'FN:张伟',
        'N:张;伟;;;',
        'ORG:阿里巴巴(中国)有限公司;销售部',
        'TITLE:销售总监\\, 华东区',
        'EMAIL:zhang.wei@example.com',
        'EMAIL:zw@example.org',
        'TEL;TYPE=cell:+8613812345678',
        'TEL;TYPE=work,voice:+8657188888888',
        'TEL;TYPE=voice:+862155556666',
        'ADR:;;文三路 90 号;杭州市西湖区;浙江省;;中国',
        'BDAY:19850312',
        'NOTE:第一行\\; 第二行\\n备注: 重要\\, 请跟进\\\\',
        'X-WECHAT:zhangwei_88',
      ]),
    )
    expect(zhang.find((l) => l.startsWith('UID:'))).toMatch(/^UID:urn:uuid:[0-9a-f-]{36}$/)
    expect(zhang.find((l) => l.startsWith('REV:'))).toMatch(/^REV:\d{8}T\d{6}Z$/)
    expect(cards[1]).toEqual(expect.arrayContaining(['FN:Anna Müller', 'N:Müller;Anna;;;']))
    expect(cards[1]!.some((l) => l.startsWith('ORG'))).toBe(false)
    // a long title folds between characters and unfolds whole
    expect(cards[2]).toContain(`TITLE:${'很长的职位名称'.repeat(12)}`)
    expect(vcf).toMatch(/\r\n [\u4e00-\u9fff]/)

    const log = await t.call('GET', '/api/v1/audit-log?action=export.vcf', { token: ws.token })
    expect(log.status).toBe(200)
    expect(log.body.data[0]).toMatchObject({ action: 'export.vcf', targetId: 'person' })
    expect(JSON.stringify(log.body.data[0])).toContain('"rows":3')

    const en = await get('/api/v1/records/person/export.vcf', ws.token, 'en')
    expect(en.headers.get('content-disposition')).toContain(`filename*=UTF-8''People.vcf`)
  })

  it('exports only what the filter selects', async () => {
    const filter = encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: 'Anna Müller' }))
    const vcf = await text(await get(`/api/v1/records/person/export.vcf?filter=${filter}`, ws.token))
    expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(1)
    expect(vcf).toContain('FN:Anna Müller')
    const bad = await t.call(
      'GET',
      `/api/v1/records/person/export.vcf?filter=${encodeURIComponent('{"field":"nope","op":"eq","value":1}')}`,
      { token: ws.token },
    )
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('invalid_filter')
  })

  it('leaves out a field the role hides and an organisation the role may not read', async () => {
    const res = await get('/api/v1/records/person/export.vcf?sort=created_at', reader)
    expect(res.status).toBe(200)
    const vcf = await text(res)
    expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(3)
    expect(vcf).not.toContain('TYPE=cell')
    expect(vcf).not.toContain('+8613812345678')
    expect(vcf).not.toContain('阿里巴巴')
    expect(vcf).toContain('EMAIL:zhang.wei@example.com')
    // the department still goes out as ORG's unit
    expect(logical(vcf)).toContain('ORG:;销售部')
  })

  it('refuses without a session, for an object that is not people, and for an unknown object', async () => {
    expect((await get('/api/v1/records/person/export.vcf', null)).status).toBe(401)
    for (const [locale, message] of [
      ['zh-CN', '只有以人名为标题的对象（如联系人）才能导出为 vCard，“公司”不支持'],
      [
        'en',
        'Only objects of people (titled by a person’s name, such as People) can be exported as vCards; “Companies” cannot',
      ],
    ] as const) {
      const r = await t.call('GET', '/api/v1/records/company/export.vcf', { token: ws.token, locale })
      expect(r.status).toBe(400)
      expect(r.headers.get('content-type')).toContain('application/problem+json')
      expect(r.body.errors).toEqual([{ path: 'object', code: 'export.vcard_unsupported', message }])
    }
    expect((await t.call('GET', '/api/v1/records/nope/export.vcf', { token: ws.token })).status).toBe(404)
    // a refused export is not in the audit log
    const log = await t.call('GET', '/api/v1/audit-log?action=export.vcf', { token: ws.token })
    expect(JSON.stringify(log.body)).not.toContain('"targetId":"company"')
  })

  it('round-trips through the vCard import: names, e-mails, phones and the rest come back', async () => {
    const vcf = await text(await get('/api/v1/records/person/export.vcf?sort=created_at', ws.token))
    const other = await t.workspace('vcard-import')
    await t.call('POST', '/api/v1/metadata/objects/person/fields', { token: other.token, body: NOTES_FIELD })
    await t.call('POST', '/api/v1/records/company', {
      token: other.token,
      body: { name: '阿里巴巴(中国)有限公司' },
    })
    const up = await t.app.request(`/api/v1/imports/files?name=${encodeURIComponent('联系人.vcf')}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${other.token}`,
        'content-type': 'text/vcard',
        'accept-language': 'en',
      },
      body: new TextEncoder().encode(vcf),
    })
    const file = await up.json()
    expect(up.status, JSON.stringify(file)).toBe(201)
    const imp = await t.call('POST', '/api/v1/imports', {
      token: other.token,
      body: { fileId: file.id, object: 'person' },
    })
    expect(imp.status, JSON.stringify(imp.body)).toBe(201)
    const mapped = Object.fromEntries(
      (imp.body.mapping as { column: number; field: string | null }[]).map((m) => [
        imp.body.header[m.column],
        m.field,
      ]),
    )
    expect(mapped).toMatchObject({
      Name: 'name',
      'Family name': 'family_name',
      'Given name': 'given_name',
      Company: 'company',
      Department: 'department',
      Title: 'title',
      Mobile: 'mobile',
      Phone: 'phone',
      'Other phone': 'other_phone',
      Email: 'email',
      'Other email': 'other_email',
      Address: 'address',
      Birthday: 'birthday',
      Note: 'notes',
      WeChat: 'wechat',
    })
    const start = await t.call('POST', `/api/v1/imports/${imp.body.id}/start`, { token: other.token })
    expect(start.status, JSON.stringify(start.body)).toBe(200)
    const done = await waitFor(
      async () => (await t.call('GET', `/api/v1/imports/${imp.body.id}`, { token: other.token })).body,
      (b) => ['done', 'failed', 'cancelled'].includes(b.status),
      60_000,
    )
    expect(done.status).toBe('done')
    expect(done.progress).toMatchObject({ created: 3, failed: 0 })

    const list = async (token: string) =>
      (await t.call('GET', '/api/v1/records/person?sort=name&limit=10', { token })).body.data as Record<
        string,
        unknown
      >[]
    const pick = (r: Record<string, unknown>) => ({
      name: r.name,
      family_name: r.family_name,
      given_name: r.given_name,
      title: r.title,
      department: r.department,
      email: r.email,
      other_email: r.other_email,
      mobile: r.mobile,
      phone: r.phone,
      other_phone: r.other_phone,
      birthday: r.birthday,
      wechat: r.wechat,
      notes: r.notes,
    })
    const before = await list(ws.token)
    const after = await list(other.token)
    expect(after.map(pick)).toEqual(before.map(pick))
    const zhang = after.find((r) => r.name === '张伟')!
    expect(zhang.company).toMatch(/^[0-9a-f-]{36}$/)
    expect((zhang.address as { text: string }).text).toBe('中国浙江省杭州市西湖区文三路 90 号')
  })
})
