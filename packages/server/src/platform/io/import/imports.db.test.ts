import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'
import { waitFor } from '../../events/test-support.ts'

describe('imports: upload → map → preview → run (create, update matched, skip) → error report → undo', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('import')
    other = await t.workspace('import-other')
    await t.kernel.startWorker()
  })
  afterAll(async () => {
    await t.close()
  })

  async function upload(token: string, name: string, body: string | Buffer) {
    const res = await t.app.request(`/api/v1/imports/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'accept-language': 'en' },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    })
    const json = await res.json()
    expect(res.status, JSON.stringify(json)).toBe(201)
    return json.id as string
  }

  async function createImport(name: string, body: string | Buffer, object = 'person') {
    const fileId = await upload(ws.token, name, body)
    return t.call('POST', '/api/v1/imports', { token: ws.token, body: { fileId, object } })
  }

  async function runToEnd(id: string) {
    const s = await t.call('POST', `/api/v1/imports/${id}/start`, { token: ws.token })
    expect(s.status, JSON.stringify(s.body)).toBe(200)
    return waitFor(
      async () => (await t.call('GET', `/api/v1/imports/${id}`, { token: ws.token })).body,
      (b) => ['done', 'failed', 'cancelled'].includes(b.status),
      60_000,
    )
  }

  const people = async (filter: unknown) => {
    const r = await t.call(
      'GET',
      `/api/v1/records/person?limit=500&filter=${encodeURIComponent(JSON.stringify(filter))}`,
      {
        token: ws.token,
      },
    )
    return r.body.data as Record<string, unknown>[]
  }

  it('maps headers automatically, previews with per-row errors, imports, and writes nothing in preview', async () => {
    await t.call('POST', '/api/v1/records/company', { token: ws.token, body: { name: '阿里巴巴' } })
    const csv = [
      '姓名,手机号,邮箱,单位,职务,备注列',
      '张伟,138 1234 5678,zhang.wei@example.com,阿里巴巴,经理,x',
      '李娜,13900000001,li.na@example.com,,,y',
      ',13900000002,,,,z',
      '王芳,12345,not-an-email,不存在公司,,w',
      '赵强,13900000003',
    ].join('\n')
    const c = await createImport('people.csv', csv)
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    expect(c.body.status).toBe('draft')
    expect(c.body.header).toEqual(['姓名', '手机号', '邮箱', '单位', '职务', '备注列'])
    expect(c.body.mapping.map((m: { field: string | null }) => m.field)).toEqual([
      'name',
      'mobile',
      'email',
      'company',
      'title',
      null,
    ])
    const id = c.body.id
    const p = await t.call('GET', `/api/v1/imports/${id}/preview?limit=10`, {
      token: ws.token,
      locale: 'zh-CN',
    })
    expect(p.status, JSON.stringify(p.body)).toBe(200)
    const rows = p.body.rows
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'create',
      'create',
      'error',
      'error',
      'error',
    ])
    expect(rows[0].values.company).toMatch(/^[0-9a-f-]{36}$/)
    expect(rows[2].errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'name:required',
    ])
    const bad = rows[3].errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()
    expect(bad).toEqual(['company:not_found', 'email:invalid_email', 'mobile:invalid_phone'])
    expect(rows[3].errors[0].message).toMatch(/[\u4e00-\u9fff]/)
    expect(rows[4].errors[0].code).toBe('ragged_row')
    expect(await people({ field: 'name', op: 'in', value: ['张伟', '李娜'] })).toHaveLength(0)

    const done = await runToEnd(id)
    expect(done.status).toBe('done')
    expect(done.progress).toMatchObject({ done: 5, total: 5, created: 2, failed: 3, updated: 0, skipped: 0 })
    const created = await people({ field: 'name', op: 'in', value: ['张伟', '李娜'] })
    expect(created.map((r) => r.mobile).sort()).toEqual(['+8613812345678', '+8613900000001'])

    const report = await t.app.request(`/api/v1/imports/${id}/errors.csv`, {
      headers: { authorization: `Bearer ${ws.token}`, 'accept-language': 'en' },
    })
    expect(report.status).toBe(200)
    const bytes = Buffer.from(await report.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith('Row,Problems,姓名')).toBe(true)
    expect(text).toContain('3,name: Required')
    expect(text).toContain('Invalid email address')
    expect(text).toContain('This row has 2 columns; the header has 6')

    // the audit log has the start and the end
    const audit = await t.call('GET', '/api/v1/audit-log?limit=50', { token: ws.token })
    if (audit.status === 200) {
      const actions = (audit.body.data as { action: string }[]).map((a) => a.action)
      expect(actions).toContain('import.started')
    }

    // another workspace sees nothing of it
    const foreign = await t.call('GET', `/api/v1/imports/${id}`, { token: other.token })
    expect(foreign.status).toBe(404)
  })

  it('updates matched records, skips them, or creates duplicates, by policy; undo restores exactly', async () => {
    const csv = ['Name,Mobile,Title', '张伟,13812345678,总监', '孙丽,13900000009,工程师'].join('\n')
    // update matched
    const u = await createImport('update.csv', csv)
    const up = await t.call('PATCH', `/api/v1/imports/${u.body.id}`, {
      token: ws.token,
      body: { policy: 'update' },
    })
    expect(up.status, JSON.stringify(up.body)).toBe(200)
    expect(up.body.matching).toBe(true)
    const pv = await t.call('GET', `/api/v1/imports/${u.body.id}/preview`, { token: ws.token })
    expect(pv.body.rows.map((r: { action: string }) => r.action)).toEqual(['update', 'create'])
    expect(pv.body.rows[0].match.title).toBe('张伟')
    const [before] = await people({ field: 'name', op: 'eq', value: '张伟' })
    expect(before!.title).toBe('经理')
    const done = await runToEnd(u.body.id)
    expect(done.progress).toMatchObject({ created: 1, updated: 1, failed: 0 })
    const [after] = await people({ field: 'name', op: 'eq', value: '张伟' })
    expect(after!.title).toBe('总监')
    expect(after!.id).toBe(before!.id)

    // skip
    const s = await createImport('skip.csv', csv)
    await t.call('PATCH', `/api/v1/imports/${s.body.id}`, { token: ws.token, body: { policy: 'skip' } })
    const skipped = await runToEnd(s.body.id)
    expect(skipped.progress).toMatchObject({ created: 0, updated: 0, skipped: 2 })
    expect(await people({ field: 'name', op: 'eq', value: '孙丽' })).toHaveLength(1)

    // undo of the update import: 孙丽 (created) goes, 张伟's title goes back
    const undo = await t.call('POST', `/api/v1/imports/${u.body.id}/undo`, { token: ws.token })
    expect(undo.status, JSON.stringify(undo.body)).toBe(200)
    await waitFor(
      async () => (await t.call('GET', `/api/v1/imports/${u.body.id}`, { token: ws.token })).body,
      (b) => b.status === 'undone',
      60_000,
    )
    const [reverted] = await people({ field: 'name', op: 'eq', value: '张伟' })
    expect(reverted!.title).toBe('经理')
    expect(await people({ field: 'name', op: 'eq', value: '孙丽' })).toHaveLength(0)
    const again = await t.call('POST', `/api/v1/imports/${u.body.id}/undo`, { token: ws.token })
    expect(again.status).toBe(409)
  })

  it('refuses bad files and bad mappings with a code', async () => {
    const header = await createImport('h.csv', '姓名,手机\n')
    expect(header.status).toBe(400)
    expect(header.body.errors[0]).toMatchObject({ path: 'file', code: 'file_header_only' })
    const binary = await createImport('x.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]))
    expect(binary.body.errors[0].code).toBe('file_binary')
    const empty = await createImport('e.csv', '   ')
    expect(empty.status).toBe(400)
    const ok = await createImport('m.csv', 'a,b\n1,2\n')
    const nothing = await t.call('POST', `/api/v1/imports/${ok.body.id}/start`, { token: ws.token })
    expect(nothing.status).toBe(400)
    expect(nothing.body.errors[0].code).toBe('no_mapping')
    const twice = await t.call('PATCH', `/api/v1/imports/${ok.body.id}`, {
      token: ws.token,
      body: {
        mapping: [
          { column: 0, field: 'name' },
          { column: 1, field: 'name' },
        ],
      },
    })
    expect(twice.status).toBe(400)
    expect(twice.body.errors[0]).toMatchObject({ path: 'mapping.1.field', code: 'duplicate_mapping' })
  })

  it('saves and applies templates per object', async () => {
    const save = await t.call('POST', '/api/v1/import-templates', {
      token: ws.token,
      body: {
        object: 'person',
        name: 'CRM 导出',
        columns: [
          { header: '客户', field: 'name' },
          { header: '电话号码', field: 'mobile' },
        ],
      },
    })
    expect(save.status, JSON.stringify(save.body)).toBe(201)
    const list = await t.call('GET', '/api/v1/import-templates?object=person', { token: ws.token })
    expect(list.body.data.map((x: { name: string }) => x.name)).toEqual(['CRM 导出'])
    const fileId = await upload(ws.token, 't.csv', '电话号码,客户\n13900000011,周杰\n')
    const c = await t.call('POST', '/api/v1/imports', {
      token: ws.token,
      body: { fileId, object: 'person', templateId: save.body.id },
    })
    expect(c.body.mapping).toEqual([
      { column: 0, field: 'mobile' },
      { column: 1, field: 'name' },
    ])
    const del = await t.call('DELETE', `/api/v1/import-templates/${save.body.id}`, { token: ws.token })
    expect(del.status).toBe(204)
  })

  it('streams an import’s progress (SSE) to those who may see it, ending at a final state', async () => {
    const c = await createImport('stream.csv', '姓名,邮箱\n流式,stream@example.com')
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const res = await t.app.request(`/api/v1/imports/${c.body.id}/stream`, {
      headers: { authorization: `Bearer ${ws.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    // a draft is not running: its state, then the end
    const text = await res.text()
    const events = text.split('\n\n').filter((b) => b.startsWith('event: progress'))
    expect(events).toHaveLength(1)
    expect(JSON.parse(events[0]!.split('\n')[1]!.slice('data: '.length))).toMatchObject({
      id: c.body.id,
      status: 'draft',
    })
    const foreign = await t.app.request(`/api/v1/imports/${c.body.id}/stream`, {
      headers: { authorization: `Bearer ${other.token}` },
    })
    expect(foreign.status).toBe(404)
  })

  it('cancels a running import at a batch boundary; a cancelled import can be undone', {
    timeout: 180_000,
  }, async () => {
    const lines = ['姓名,邮箱']
    for (let i = 0; i < 2500; i++) lines.push(`取消${i},cancel${i}@example.com`)
    const c = await createImport('big.csv', lines.join('\n'))
    await t.call('POST', `/api/v1/imports/${c.body.id}/start`, { token: ws.token })
    await waitFor(
      async () => (await t.call('GET', `/api/v1/imports/${c.body.id}`, { token: ws.token })).body,
      (b) => b.progress.done >= 1000 || b.status === 'failed',
      120_000,
    )
    const cancel = await t.call('POST', `/api/v1/imports/${c.body.id}/cancel`, { token: ws.token })
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200)
    const end = await waitFor(
      async () => (await t.call('GET', `/api/v1/imports/${c.body.id}`, { token: ws.token })).body,
      (b) => ['cancelled', 'done'].includes(b.status),
      60_000,
    )
    // a fast machine may finish first; otherwise fewer rows than the file, in whole batches
    if (end.status === 'cancelled') {
      expect(end.progress.done % 1000).toBe(0)
      expect(end.progress.done).toBeLessThan(2500)
    }
    const n = await t.call(
      'GET',
      `/api/v1/records/person?count=true&limit=1&filter=${encodeURIComponent(JSON.stringify({ field: 'email', op: 'ends_with', value: '@example.com' }))}`,
      { token: ws.token },
    )
    expect(n.status).toBe(200)
    await t.call('POST', `/api/v1/imports/${c.body.id}/undo`, { token: ws.token })
    await waitFor(
      async () => (await t.call('GET', `/api/v1/imports/${c.body.id}`, { token: ws.token })).body,
      (b) => b.status === 'undone',
      60_000,
    )
    const left = await people({ field: 'name', op: 'starts_with', value: '取消' })
    expect(left).toHaveLength(0)
  })
})
