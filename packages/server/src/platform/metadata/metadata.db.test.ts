import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en })

describe('metadata engine', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('meta')
  })
  afterAll(async () => {
    await t.close()
  })

  it('declares company and person as real tables with real columns in the workspace schema', async () => {
    const r = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_schema = ${ws.created.workspace.db_schema} and table_name = 'obj_person' order by ordinal_position`.execute(
      t.database.db,
    )
    const cols = r.rows.map((x) => x.column_name)
    expect(cols).toEqual(
      expect.arrayContaining([
        'id',
        'workspace_id',
        'version',
        'owner_id',
        'name',
        'family_name',
        'given_name',
        'company',
        'email',
        'mobile',
      ]),
    )
    const objects = await t.call('GET', '/api/v1/metadata/objects', { token: ws.token })
    const company = objects.body.data.find((o: { name: string }) => o.name === 'company')
    expect(company.inverses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'people', fromObject: 'person', field: 'company' }),
        expect.objectContaining({ name: 'subsidiaries', fromObject: 'company', field: 'parent' }),
      ]),
    )
  })

  it('creates a custom object with every field type and stores a record of each', async () => {
    const o = await t.call('POST', '/api/v1/metadata/objects', {
      token: ws.token,
      body: { name: 'project', label: L('项目', 'Project') },
    })
    expect(o.status).toBe(201)
    const fields: [string, string, Record<string, unknown>?][] = [
      ['summary', 'long_text'],
      ['budget', 'number', { min: 0 }],
      ['fee', 'currency'],
      ['progress', 'percent'],
      ['starts_on', 'date'],
      ['kickoff_at', 'datetime'],
      ['active', 'boolean'],
      ['stage', 'select', { choices: [{ value: 'plan' }, { value: 'run' }] }],
      ['labels', 'multi_select', { choices: [{ value: 'a' }, { value: 'b' }] }],
      ['contact_email', 'email'],
      ['hotline', 'phone'],
      ['site', 'url'],
      ['location', 'address'],
      ['score', 'rating', { scale: 5 }],
      ['manager', 'user'],
      ['client', 'relation', { target: 'company' }],
      ['members', 'many_to_many', { target: 'person' }],
      ['tags', 'tags'],
      ['extra', 'json'],
      ['attachments', 'file'],
    ]
    for (const [name, type, options] of fields) {
      const f = await t.call('POST', '/api/v1/metadata/objects/project/fields', {
        token: ws.token,
        body: { name, type, label: L(name, name), options },
      })
      expect(f.status, `${name}: ${JSON.stringify(f.body)}`).toBe(201)
    }
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '字节跳动' },
    })
    const rec = await t.call('POST', '/api/v1/records/project', {
      token: ws.token,
      body: {
        name: 'CRM 上线',
        summary: '第一阶段',
        budget: '1200.5',
        fee: { amount: '99.9', currency: 'CNY' },
        progress: 42.5,
        starts_on: '2026-02-29'.replace('29', '28'),
        kickoff_at: '2026-03-01T09:30:00+08:00',
        active: true,
        stage: 'run',
        labels: ['a', 'b', 'a'],
        contact_email: 'PM@Example.com',
        hotline: '+86 21 6234 5678',
        site: 'kemai.dev',
        location: { country: 'CN', province: '310000', city: '310100', district: '310104', text: '徐汇区' },
        score: 4,
        manager: ws.created.owner.id,
        client: co.body.id,
        tags: ['重点'],
        extra: { a: [1, 2] },
      },
    })
    expect(rec.status, JSON.stringify(rec.body)).toBe(201)
    expect(rec.body).toMatchObject({
      budget: 1200.5,
      fee: { amount: '99.90', currency: 'CNY' },
      kickoff_at: '2026-03-01T01:30:00.000Z',
      labels: ['a', 'b'],
      contact_email: 'pm@example.com',
      hotline: '+862162345678',
      site: 'https://kemai.dev/',
      starts_on: '2026-02-28',
    })
    const junction = await t.call('GET', '/api/v1/metadata/objects/project_members', { token: ws.token })
    expect(junction.status).toBe(200)
    expect(junction.body.fields.map((f: { name: string }) => f.name)).toEqual(['from_record', 'to_record'])
  })

  it('renames labels, deactivates and deletes fields; deleting data needs confirmation', async () => {
    const patch = await t.call('PATCH', '/api/v1/metadata/objects/project/fields/budget', {
      token: ws.token,
      body: { label: L('预算', 'Budget') },
    })
    expect(patch.body.label).toEqual(L('预算', 'Budget'))
    const del = await t.call('DELETE', '/api/v1/metadata/objects/project/fields/budget', {
      token: ws.token,
      locale: 'zh-CN',
    })
    expect(del.status).toBe(409)
    expect(del.body.code).toBe('confirmation_required')
    expect(del.body.records).toBe(1)
    expect(
      (
        await t.call('DELETE', '/api/v1/metadata/objects/project/fields/budget?confirm=true', {
          token: ws.token,
        })
      ).status,
    ).toBe(204)
    const off = await t.call('PATCH', '/api/v1/metadata/objects/project/fields/summary', {
      token: ws.token,
      body: { isActive: false },
    })
    expect(off.body.isActive).toBe(false)
    const list = await t.call('GET', '/api/v1/records/project', { token: ws.token })
    expect(list.body.data[0]).not.toHaveProperty('summary')
    expect(list.body.data[0]).not.toHaveProperty('budget')
    const system = await t.call('DELETE', '/api/v1/metadata/objects/person/fields/name?confirm=true', {
      token: ws.token,
    })
    expect(system.status).toBe(403)
  })

  it('enforces unique fields and refuses to turn on unique over duplicates', async () => {
    await t.call('POST', '/api/v1/metadata/objects/project/fields', {
      token: ws.token,
      body: { name: 'code', type: 'text', label: L('编号', 'Code'), options: { unique: true } },
    })
    expect(
      (await t.call('POST', '/api/v1/records/project', { token: ws.token, body: { name: 'A', code: 'P-1' } }))
        .status,
    ).toBe(201)
    const dup = await t.call('POST', '/api/v1/records/project', {
      token: ws.token,
      body: { name: 'B', code: 'P-1' },
    })
    expect(dup.status).toBe(409)
    expect(dup.body.errors[0]).toMatchObject({ path: 'code', code: 'not_unique' })
    await t.call('POST', '/api/v1/records/project', {
      token: ws.token,
      body: { name: 'B', site: 'b.example' },
    })
    await t.call('POST', '/api/v1/records/project', {
      token: ws.token,
      body: { name: 'C', site: 'b.example' },
    })
    const u = await t.call('PATCH', '/api/v1/metadata/objects/project/fields/site', {
      token: ws.token,
      body: { options: { unique: true } },
    })
    expect(u.status).toBe(409)
  })

  it('rejects bad names, reserved names, unknown targets and non-admin changes', async () => {
    const bad = await t.call('POST', '/api/v1/metadata/objects', {
      token: ws.token,
      body: { name: 'Bad Name;drop', label: L('x', 'x') },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('name')
    const reserved = await t.call('POST', '/api/v1/metadata/objects/project/fields', {
      token: ws.token,
      body: { name: 'owner_id', type: 'text', label: L('x', 'x') },
    })
    expect(reserved.status).toBe(400)
    expect(reserved.body.errors[0].code).toBe('reserved_name')
    const target = await t.call('POST', '/api/v1/metadata/objects/project/fields', {
      token: ws.token,
      body: { name: 'x', type: 'relation', label: L('x', 'x'), options: { target: 'nope' } },
    })
    expect(target.status).toBe(400)
    expect(target.body.errors[0].path).toBe('options.target')
    const select = await t.call('POST', '/api/v1/metadata/objects/project/fields', {
      token: ws.token,
      body: { name: 'y', type: 'select', label: L('x', 'x') },
    })
    expect(select.body.errors[0].path).toBe('options.choices')
    const unknownOpt = await t.call('POST', '/api/v1/metadata/objects/project/fields', {
      token: ws.token,
      body: { name: 'z', type: 'text', label: L('x', 'x'), options: { evil: 1 } },
    })
    expect(unknownOpt.status).toBe(400)
    const type = await t.call('POST', '/api/v1/metadata/objects/project/fields', {
      token: ws.token,
      body: { name: 'w', type: 'varchar', label: L('x', 'x') },
    })
    expect(type.status).toBe(400)
    expect(type.body.errors[0].path).toBe('type')
  })

  it('deletes a custom object only with confirmation when it has records', async () => {
    await t.call('POST', '/api/v1/metadata/objects', {
      token: ws.token,
      body: { name: 'scratch', label: L('草稿', 'Scratch') },
    })
    await t.call('POST', '/api/v1/records/scratch', { token: ws.token, body: { name: 'x' } })
    expect((await t.call('DELETE', '/api/v1/metadata/objects/scratch', { token: ws.token })).status).toBe(409)
    expect(
      (await t.call('DELETE', '/api/v1/metadata/objects/scratch?confirm=true', { token: ws.token })).status,
    ).toBe(204)
    expect((await t.call('GET', '/api/v1/records/scratch', { token: ws.token })).status).toBe(404)
    expect(
      (await t.call('DELETE', '/api/v1/metadata/objects/company?confirm=true', { token: ws.token })).status,
    ).toBe(403)
  })

  it('stores a record page layout of existing fields, and refuses unknown or repeated ones', async () => {
    const layout = {
      sections: [
        { key: 'basic', label: { 'zh-CN': '基本信息', en: 'Basics' }, fields: ['name', 'industry'] },
        { key: 'contact', label: { 'zh-CN': '联系方式', en: 'Contact' }, columns: 1, fields: ['phone'] },
      ],
    }
    const ok = await t.call('PATCH', '/api/v1/metadata/objects/company', {
      token: ws.token,
      body: { layout },
    })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    const got = await t.call('GET', '/api/v1/metadata/objects/company', { token: ws.token })
    expect(got.body.layout.sections.map((s: { key: string; columns: number }) => [s.key, s.columns])).toEqual(
      [
        ['basic', 2],
        ['contact', 1],
      ],
    )
    const bad = await t.call('PATCH', '/api/v1/metadata/objects/company', {
      token: ws.token,
      body: {
        layout: {
          sections: [
            { key: 'a', label: { 'zh-CN': '甲', en: 'A' }, fields: ['name', 'nope'] },
            { key: 'a', label: { 'zh-CN': '乙', en: 'B' }, fields: ['name'] },
          ],
        },
      },
      locale: 'zh-CN',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual([
      'layout.sections.0.fields.1 unknown_field',
      'layout.sections.1.key not_unique',
      'layout.sections.1.fields.0 not_unique',
    ])
    const malformed = await t.call('PATCH', '/api/v1/metadata/objects/company', {
      token: ws.token,
      body: { layout: { sections: [{ key: 'Bad Key', label: { en: 'x' }, fields: [] }] } },
    })
    expect(malformed.status).toBe(400)
    // a deleted field leaves the layout with it
    await t.call('POST', '/api/v1/metadata/objects/company/fields', {
      token: ws.token,
      body: { name: 'fax', type: 'text', label: { 'zh-CN': '传真', en: 'Fax' } },
    })
    await t.call('PATCH', '/api/v1/metadata/objects/company', {
      token: ws.token,
      body: {
        layout: { sections: [{ key: 'x', label: { 'zh-CN': '甲', en: 'A' }, fields: ['name', 'fax'] }] },
      },
    })
    expect(
      (await t.call('DELETE', '/api/v1/metadata/objects/company/fields/fax', { token: ws.token })).status,
    ).toBe(204)
    const after = await t.call('GET', '/api/v1/metadata/objects/company', { token: ws.token })
    expect(after.body.layout.sections[0].fields).toEqual(['name'])
    // back to the default
    const reset = await t.call('PATCH', '/api/v1/metadata/objects/company', {
      token: ws.token,
      body: { layout: null },
    })
    expect(reset.status).toBe(200)
    expect(
      (await t.call('GET', '/api/v1/metadata/objects/company', { token: ws.token })).body.layout,
    ).toBeNull()
  })
})
