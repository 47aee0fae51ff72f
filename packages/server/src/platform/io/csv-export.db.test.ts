import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

describe('CSV export', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('export')
    // the formula first on its own, then the rest in one batch (ids in creation order break the tie)
    await t.kernel.services.records.batch(ws.admin, 'person', [
      { op: 'create', data: { name: '=HYPERLINK("x")', tags: ['a', 'b'] } },
    ])
    await t.kernel.services.records.batch(
      ws.admin,
      'person',
      Array.from({ length: 619 }, (_, k) => ({
        op: 'create' as const,
        data: { name: `张${k + 1}`, tags: ['a', 'b'] },
      })),
    )
  })
  afterAll(async () => {
    await t.close()
  })

  it('streams every readable row with headers in the caller language, formula-safe, and audits it', async () => {
    const res = await t.app.request('/api/v1/records/person/export.csv?sort=created_at', {
      headers: { authorization: `Bearer ${ws.token}`, 'accept-language': 'zh-CN' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    const lines = text.trim().split('\n')
    expect(lines[0]).toContain('姓名')
    expect(lines).toHaveLength(621)
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`)
    expect(lines[2]).toContain('a; b')
    const log = await t.call('GET', '/api/v1/audit-log?action=export.csv', { token: ws.token })
    expect(JSON.stringify(log.body)).toContain('export.csv')
  })

  it('rejects a bad filter before sending anything', async () => {
    const r = await t.call(
      'GET',
      `/api/v1/records/person/export.csv?filter=${encodeURIComponent('{"field":"nope","op":"eq","value":1}')}`,
      { token: ws.token },
    )
    expect(r.status).toBe(400)
    expect(r.body.code).toBe('invalid_filter')
    expect((await t.call('GET', '/api/v1/records/person/export.csv')).status).toBe(401)
  })

  it('exports the same rows as an XLSX workbook whose text cells are never formulas', async () => {
    const res = await t.app.request('/api/v1/records/person/export.xlsx?sort=created_at', {
      headers: { authorization: `Bearer ${ws.token}`, 'accept-language': 'en' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const sheet = book.worksheets[0]!
    expect(sheet.rowCount).toBe(621)
    expect(sheet.getRow(1).values).toContain('Name')
    const evil = sheet.getRow(2).getCell(2)
    expect(evil.type).toBe(ExcelJS.ValueType.String)
    expect(evil.value).toBe('=HYPERLINK("x")')
    expect(sheet.getRow(3).values).toContain('a; b')
    const log = await t.call('GET', '/api/v1/audit-log?action=export.xlsx', { token: ws.token })
    expect(JSON.stringify(log.body)).toContain('export.xlsx')
    const bad = await t.call('GET', `/api/v1/records/person/export.xlsx?sort=nope`, { token: ws.token })
    expect(bad.status).toBe(400)
  })

  it('exports the chosen columns in their order, owners as names', async () => {
    const res = await t.app.request(
      '/api/v1/records/person/export.csv?sort=created_at&columns=tags,name:240,owner_id,updated_at,name',
      { headers: { authorization: `Bearer ${ws.token}`, 'accept-language': 'zh-CN' } },
    )
    expect(res.status).toBe(200)
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    expect(lines[0]).toBe('id,标签,姓名,负责人,更新时间')
    expect(lines).toHaveLength(621)
    const row = lines[2]!.split(',')
    expect(row).toHaveLength(5)
    expect(row[1]).toBe('a; b')
    expect(row[2]).toBe('张1')
    expect(row[3]).toBe('Owner export')
    expect(Number.isNaN(Date.parse(row[4]!))).toBe(false)
  })

  it('refuses unknown, hostile and too many column names before sending anything', async () => {
    const bad = await t.call('GET', '/api/v1/records/person/export.csv?columns=name,nope', {
      token: ws.token,
      headers: { 'accept-language': 'en' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors).toEqual([{ path: 'columns[1]', code: 'unknown_field', message: 'Unknown field' }])
    const hostile = await t.call(
      'GET',
      `/api/v1/records/person/export.xlsx?columns=${encodeURIComponent('name,"; drop table x;--')}`,
      { token: ws.token },
    )
    expect(hostile.status).toBe(400)
    const many = Array.from({ length: 201 }, (_, i) => `f${i}`).join(',')
    const tooMany = await t.call('GET', `/api/v1/records/person/export.csv?columns=${many}`, {
      token: ws.token,
    })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.errors[0]).toMatchObject({ path: 'columns', code: 'too_large' })
    const huge = await t.call('GET', `/api/v1/records/person/export.csv?columns=${'a'.repeat(20_000)}`, {
      token: ws.token,
    })
    expect(huge.status).toBe(400)
    const log = await t.call('GET', '/api/v1/audit-log?action=export.csv', { token: ws.token })
    expect(JSON.stringify(log.body)).not.toContain('nope')
  })
})
