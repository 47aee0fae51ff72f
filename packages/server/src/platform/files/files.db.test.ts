import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { cleanFileName, cleanMime } from './files.service.ts'
import { diskStorage } from './storage.ts'

describe('files: uploads, attachments and file fields', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let rep: { id: string; token: string }
  const pdf = Buffer.from('%PDF-1.4\n合同内容\n%%EOF')

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('files')
    const roles = await t.call('GET', '/api/v1/roles', { token: ws.token })
    const own = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'own only' } })
    expect(roles.status).toBe(200)
    await t.call('PUT', `/api/v1/roles/${own.body.id}/grants/company`, {
      token: ws.token,
      body: { create: true, read: true, update: true, delete: true, readScope: 'own', writeScope: 'own' },
    })
    const email = `rep-${Date.now()}@files.example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: '王销售', password: 'files password 1', roleId: own.body.id },
    })
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email, password: 'files password 1' },
    })
    rep = { id: u.body.id, token: login.body.token }
    const f = await t.call('POST', '/api/v1/metadata/objects/company/fields', {
      token: ws.token,
      body: { name: 'contract', type: 'file', label: { 'zh-CN': '合同', en: 'Contract' } },
    })
    expect(f.status, JSON.stringify(f.body)).toBe(201)
  })
  afterAll(async () => {
    await t.close()
  })

  const upload = async (path: string, body: Buffer | string, type: string, token = ws.token) => {
    const r = await t.app.request(path, {
      method: 'POST',
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
    })
    return { status: r.status, body: await r.json() }
  }

  it('stores an upload, serves it back with safe headers, and never serves active content inline', async () => {
    const up = await upload(
      `/api/v1/files?name=${encodeURIComponent('销售合同.pdf')}`,
      pdf,
      'application/pdf',
    )
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    expect(up.body).toMatchObject({
      name: '销售合同.pdf',
      size: pdf.length,
      mime: 'application/pdf',
      sha256: createHash('sha256').update(pdf).digest('hex'),
      object: null,
    })
    const get = await t.app.request(`/api/v1/files/${up.body.id}/content`, {
      headers: { authorization: `Bearer ${ws.token}` },
    })
    expect(get.status).toBe(200)
    expect(Buffer.from(await get.arrayBuffer()).equals(pdf)).toBe(true)
    expect(get.headers.get('x-content-type-options')).toBe('nosniff')
    expect(get.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('销售合同.pdf')}`,
    )

    const html = await upload('/api/v1/files?name=x.html', '<script>alert(1)</script>', 'text/html')
    const served = await t.app.request(`/api/v1/files/${html.body.id}/content`, {
      headers: { authorization: `Bearer ${ws.token}` },
    })
    expect(served.headers.get('content-type')).toBe('application/octet-stream')
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/)
    // an unattached upload is its uploader's only
    const other = await t.app.request(`/api/v1/files/${up.body.id}/content`, {
      headers: { authorization: `Bearer ${rep.token}` },
    })
    expect(other.status).toBe(404)
  })

  it('refuses bad uploads clearly', async () => {
    expect((await upload('/api/v1/files', pdf, 'application/pdf')).status).toBe(400)
    const traversal = await upload(
      `/api/v1/files?name=${encodeURIComponent('../../etc/passwd')}`,
      'x',
      'text/plain',
    )
    expect(traversal.body.name).toBe('passwd')
    const blank = await upload(`/api/v1/files?name=${encodeURIComponent('\u0000\u0007 ')}`, 'x', 'text/plain')
    expect(blank.status).toBe(400)
    expect(blank.body.errors[0]).toMatchObject({ path: 'name', code: 'required' })
    const anon = await t.app.request('/api/v1/files?name=a.txt', { method: 'POST', body: 'x' })
    expect(anon.status).toBe(401)
    const missing = await upload(
      '/api/v1/records/company/00000000-0000-4000-8000-000000000001/attachments?name=a.txt',
      'x',
      'text/plain',
    )
    expect(missing.status).toBe(404)
    expect((await t.call('GET', '/api/v1/files/not-a-uuid', { token: ws.token })).status).toBe(404)
    expect(cleanMime('text/html; charset=utf-8')).toBe('text/html')
    expect(cleanMime('bad type')).toBe('application/octet-stream')
    expect(cleanFileName('C:\\Users\\a\\报价单.xlsx')).toBe('报价单.xlsx')
  })

  it('links file-field files to their record, with the stored name and size, and follows the record’s scope', async () => {
    const up = await upload('/api/v1/files?name=contract.pdf', pdf, 'application/pdf')
    // the client's name and size are replaced by the stored ones
    const co = await t.call('POST', '/api/v1/records/company', {
      token: ws.token,
      body: { name: '附件公司', contract: [{ id: up.body.id, name: 'evil.exe', size: 1 }] },
    })
    expect(co.status, JSON.stringify(co.body)).toBe(201)
    expect(co.body.contract).toEqual([
      { id: up.body.id, name: 'contract.pdf', size: pdf.length, mime: 'application/pdf' },
    ])
    const info = await t.call('GET', `/api/v1/files/${up.body.id}`, { token: ws.token })
    expect(info.body).toMatchObject({ object: 'company', recordId: co.body.id, field: 'contract' })
    // the rep (own scope) cannot read the admin's record, so not its file either, nor reuse it
    expect((await t.call('GET', `/api/v1/files/${up.body.id}`, { token: rep.token })).status).toBe(404)
    const steal = await t.call('POST', '/api/v1/records/company', {
      token: rep.token,
      body: { name: '偷附件', contract: [{ id: up.body.id, name: 'x', size: 1 }] },
    })
    expect(steal.status).toBe(400)
    expect(steal.body.errors[0]).toMatchObject({ path: 'contract.0', code: 'not_found' })

    // still referenced by the field: cannot be deleted; removed from the field, it stays an attachment
    expect((await t.call('DELETE', `/api/v1/files/${up.body.id}`, { token: ws.token })).status).toBe(409)
    const cleared = await t.call('PATCH', `/api/v1/records/company/${co.body.id}`, {
      token: ws.token,
      body: { contract: null },
    })
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200)
    const list = await t.call('GET', `/api/v1/records/company/${co.body.id}/attachments`, { token: ws.token })
    expect(list.body.data.map((f: { id: string; field: string | null }) => [f.id, f.field])).toEqual([
      [up.body.id, null],
    ])
    expect((await t.call('DELETE', `/api/v1/files/${up.body.id}`, { token: ws.token })).status).toBe(204)
    expect((await t.call('GET', `/api/v1/files/${up.body.id}`, { token: ws.token })).status).toBe(404)
  })

  it('attaches files to a record the actor can read', async () => {
    const co = await t.call('POST', '/api/v1/records/company', {
      token: rep.token,
      body: { name: '销售自己的公司' },
    })
    const a = await upload(
      `/api/v1/records/company/${co.body.id}/attachments?name=${encodeURIComponent('名片.png')}`,
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      'image/png',
      rep.token,
    )
    expect(a.status, JSON.stringify(a.body)).toBe(201)
    expect(a.body).toMatchObject({ object: 'company', recordId: co.body.id, field: null, mime: 'image/png' })
    const mine = await t.call('GET', `/api/v1/records/company/${co.body.id}/attachments`, {
      token: rep.token,
    })
    expect(mine.body.data).toHaveLength(1)
    // the admin reads every company, so the attachment too
    expect((await t.call('GET', `/api/v1/files/${a.body.id}`, { token: ws.token })).status).toBe(200)
  })

  it('storage keeps nothing of an upload over the limit', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kemai-storage-'))
    const storage = diskStorage(root)
    const body = new Blob([Buffer.alloc(64 * 1024)]).stream()
    await expect(storage.put('ws', body, 1000)).rejects.toMatchObject({ status: 413 })
    expect(readdirSync(join(root, 'tmp'))).toEqual([])
    const ok = await storage.put('ws', new Blob([Buffer.from('abc')]).stream(), 1000)
    expect(ok).toMatchObject({ size: 3, key: expect.stringMatching(/^ws\/ba\/ba7816bf/) })
  })
})
