import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'

describe('CSV export', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('export')
    for (let i = 0; i < 620; i++) {
      await t.kernel.services.records.batch(ws.admin, 'person', [
        { op: 'create', data: { name: i === 0 ? '=HYPERLINK("x")' : `张${i}`, tags: ['a', 'b'] } },
      ])
    }
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
})
