import { MAX_EXPORT_JOB_ROWS } from '@kemai/shared/api/exports.api'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'
import { newId } from '../../db/ids.ts'
import { withWorkspace } from '../../db/tx.ts'
import { waitFor } from '../../events/test-support.ts'
import { diskStorage } from '../../files/storage.ts'
import * as repo from './exports.repo.ts'
import { type ExportRunnerDeps, runExport } from './runner.ts'

const PEOPLE = [
  { name: '=HYPERLINK("http://evil")', mobile: '13800000001', email: 'evil@example.com' },
  { name: '张伟', mobile: '13800000002', email: 'zhang.wei@example.com', title: '+经理' },
  { name: 'Anna Müller', mobile: '13800000003', email: 'anna@example.de' },
]

describe('export jobs: start → run as the user → file in storage → notified → download', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let reader = ''
  let readerId = ''

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('export-jobs')
    await t.kernel.startWorker()
    for (const p of PEOPLE) {
      const r = await t.call('POST', '/api/v1/records/person', { token: ws.token, body: p })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
    await t.call('POST', '/api/v1/records/company', { token: ws.token, body: { name: '阿里巴巴' } })
    // reads people, but not their mobile
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'export reader' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { read: true, readScope: 'all', writeScope: 'none', fields: { mobile: 'hidden' } },
    })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/company`, {
      token: ws.token,
      body: { read: true, readScope: 'all', writeScope: 'none' },
    })
    const email = `export-reader-${Date.now()}@example.com`
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Reader', password: 'reader password 1', roleId: role.body.id },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    readerId = u.body.id
    reader = (await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'reader password 1' } }))
      .body.token
  })
  afterAll(async () => {
    await t.close()
  })

  const start = (token: string, object: string, body: unknown, locale = 'zh-CN') =>
    t.call('POST', `/api/v1/records/${object}/exports`, { token, body, locale })
  const finished = (token: string, id: string) =>
    waitFor(
      async () => (await t.call('GET', `/api/v1/exports/${id}`, { token })).body,
      (b) => b.status === 'done' || b.status === 'failed',
      30_000,
    )
  const download = (token: string, id: string) =>
    t.app.request(`/api/v1/exports/${id}/download`, { headers: { authorization: `Bearer ${token}` } })

  it('exports CSV as the user who asked: formula-safe, without the field they may not read, notified, audited', async () => {
    const s = await start(reader, 'person', { format: 'csv', sort: 'created_at' })
    expect(s.status, JSON.stringify(s.body)).toBe(202)
    expect(s.body).toEqual({ id: expect.any(String), status: 'queued' })
    const job = await finished(reader, s.body.id)
    expect(job).toMatchObject({
      id: s.body.id,
      object: 'person',
      format: 'csv',
      status: 'done',
      rows: 3,
      total: 3,
      error: null,
    })
    expect(job.fileName).toMatch(/^联系人-\d{8}-\d{4}\.csv$/)
    expect(job.finishedAt).toEqual(expect.any(String))

    const res = await download(reader, s.body.id)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="person.csv"; filename*=UTF-8''${encodeURIComponent(job.fileName)}`,
    )
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).trim().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toContain('姓名')
    expect(lines[0]).not.toContain('手机')
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(lines[2]).toContain(`'+经理`)
    expect(lines.join('\n')).not.toContain('13800000001')

    const inbox = await t.call('GET', '/api/v1/notifications', { token: reader })
    const note = inbox.body.data.find((n: { kind: string }) => n.kind === 'job_finished')
    expect(note).toMatchObject({
      title: job.fileName,
      actorId: null,
      data: {
        job: 'export',
        exportId: s.body.id,
        status: 'done',
        rows: 3,
        download: `/api/v1/exports/${s.body.id}/download`,
      },
    })
    const log = await t.call('GET', '/api/v1/audit-log?action=export.csv', { token: ws.token })
    const entry = log.body.data.find(
      (e: { detail: { exportId?: string } }) => e.detail.exportId === s.body.id,
    )
    expect(entry).toMatchObject({ actorId: readerId, targetId: 'person', detail: { rows: 3 } })

    // nobody else sees it, not even an admin
    expect((await t.call('GET', `/api/v1/exports/${s.body.id}`, { token: ws.token })).status).toBe(404)
    expect((await download(ws.token, s.body.id)).status).toBe(404)
    const theirs = await t.call('GET', '/api/v1/exports', { token: ws.token })
    expect(theirs.body.data.map((e: { id: string }) => e.id)).not.toContain(s.body.id)
    const mine = await t.call('GET', '/api/v1/exports', { token: reader })
    expect(mine.body.data[0]).toMatchObject({ id: s.body.id, status: 'done' })
    expect((await t.call('GET', '/api/v1/exports/not-a-uuid', { token: reader })).status).toBe(404)
    expect((await t.call('GET', '/api/v1/exports')).status).toBe(401)
  })

  it('exports the chosen columns as XLSX whose text cells are never formulas', async () => {
    const s = await start(
      ws.token,
      'person',
      { format: 'xlsx', sort: 'created_at', columns: ['name', 'mobile', 'owner_id'] },
      'en',
    )
    expect(s.status, JSON.stringify(s.body)).toBe(202)
    const job = await finished(ws.token, s.body.id)
    expect(job.status).toBe('done')
    expect(job.fileName).toMatch(/^People-\d{8}-\d{4}\.xlsx$/)
    const res = await download(ws.token, s.body.id)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const sheet = book.worksheets[0]!
    expect(sheet.rowCount).toBe(4)
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', 'Name', 'Mobile', 'Owner'])
    const evil = sheet.getRow(2).getCell(2)
    expect(evil.type).toBe(ExcelJS.ValueType.String)
    expect(evil.value).toBe('=HYPERLINK("http://evil")')
    expect(sheet.getRow(2).getCell(3).value).toBe('+8613800000001')
    const log = await t.call('GET', '/api/v1/audit-log?action=export.xlsx', { token: ws.token })
    expect(JSON.stringify(log.body)).toContain(s.body.id)
  })

  it('exports vCards without the hidden mobile, with the filter given as JSON text', async () => {
    const filter = JSON.stringify({ field: 'name', op: 'eq', value: '张伟' })
    const s = await start(reader, 'person', { format: 'vcf', filter })
    expect(s.status, JSON.stringify(s.body)).toBe(202)
    const job = await finished(reader, s.body.id)
    expect(job).toMatchObject({ status: 'done', rows: 1 })
    const res = await download(reader, s.body.id)
    expect(res.headers.get('content-type')).toBe('text/vcard; charset=utf-8')
    const vcf = await res.text()
    expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(1)
    expect(vcf).toContain('FN:张伟')
    expect(vcf).toContain('EMAIL:zhang.wei@example.com')
    expect(vcf).not.toContain('TEL')
  })

  it('refuses bad input before recording anything, in the caller language', async () => {
    const before = (await t.call('GET', '/api/v1/exports', { token: reader })).body.data.length
    const cases: [string, unknown, number, string][] = [
      ['person', { format: 'pdf' }, 400, 'validation_failed'],
      ['person', { format: 'csv', filter: '{not json' }, 400, 'invalid_filter'],
      ['person', { format: 'csv', filter: { field: 'nope', op: 'eq', value: 1 } }, 400, 'invalid_filter'],
      ['person', { format: 'csv', sort: 'nope' }, 400, ''],
      ['person', { format: 'csv', columns: 'name,nope' }, 400, 'bad_request'],
      ['person', { format: 'csv', columns: ['name', 'mobile'] }, 400, 'bad_request'],
      ['person', { format: 'csv', surprise: true }, 400, 'validation_failed'],
      ['nope', { format: 'csv' }, 404, 'object_not_found'],
      ['company', { format: 'vcf' }, 400, 'bad_request'],
      ['person', { format: 'csv', view: newId() }, 404, ''],
    ]
    for (const [object, body, status, code] of cases) {
      const r = await start(reader, object, body)
      expect(r.status, `${object} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(status)
      if (code) expect(r.body.code).toBe(code)
    }
    const col = await start(reader, 'person', { format: 'csv', columns: 'name,nope' }, 'en')
    expect(col.body.errors).toEqual([
      { path: 'columns[1]', code: 'unknown_field', message: expect.any(String) },
    ])
    const vcf = await start(reader, 'company', { format: 'vcf' })
    expect(vcf.body.errors[0].path).toBe('object')
    expect(vcf.body.errors[0].message).toContain('vCard')
    expect(vcf.body.errors[0].message).toContain('公司')
    const big = await start(reader, 'person', { format: 'csv', filter: 'x'.repeat(1_100_000) })
    expect(big.status).toBe(413)
    expect(big.body.code).toBe('payload_too_large')
    const noAuth = await t.call('POST', '/api/v1/records/person/exports', { body: { format: 'csv' } })
    expect(noAuth.status).toBe(401)
    expect((await t.call('GET', '/api/v1/exports', { token: reader })).body.data.length).toBe(before)
  })

  describe('the runner', () => {
    const deps = (over: Partial<ExportRunnerDeps> = {}): ExportRunnerDeps => ({
      db: t.database.db,
      metadata: t.kernel.services.metadata,
      exporter: t.kernel.services.exporter,
      storage: diskStorage(t.kernel.services.config.filesDir),
      maxRows: MAX_EXPORT_JOB_ROWS,
      loadActor: (input) => t.kernel.services.access.loadActor(input),
      ...over,
    })
    const record = (params: Partial<repo.ExportParams> = {}, format: 'csv' | 'xlsx' | 'vcf' = 'csv') =>
      withWorkspace(t.database.db, ws.admin.workspaceId, (trx) =>
        repo.insertExport(trx, ws.admin.workspaceId, {
          id: newId(),
          object_name: 'person',
          format,
          params: { filter: null, sort: null, columns: null, locale: 'en', ip: null, ...params },
          total: null,
          created_by: readerId,
          api_key_id: null,
          channel: 'ui',
        }),
      )
    const data = (id: string) => ({ workspaceId: ws.admin.workspaceId, exportId: id })
    const get = (id: string) => t.call('GET', `/api/v1/exports/${id}`, { token: reader })

    it('marks an export failed with the reason when the run is refused, and tells the user', async () => {
      // a column deleted (or hidden) after the export was started
      const gone = await record({ columns: ['name', 'mobile'] })
      await runExport(deps(), data(gone.id), { jobId: 'x', attempt: 1 })
      expect((await get(gone.id)).body).toMatchObject({
        status: 'failed',
        error: 'unknown_field',
        fileName: null,
      })
      const dl = await download(reader, gone.id)
      expect(dl.status).toBe(409)
      const inbox = await t.call('GET', '/api/v1/notifications', { token: reader, locale: 'en' })
      expect(
        inbox.body.data.find((n: { data: { exportId?: string } }) => n.data.exportId === gone.id),
      ).toMatchObject({
        kind: 'job_finished',
        title: 'People',
        data: { status: 'failed', error: 'unknown_field' },
      })

      const many = await record()
      await runExport(deps({ maxRows: 2 }), data(many.id), { jobId: 'x', attempt: 1 })
      expect((await get(many.id)).body).toMatchObject({ status: 'failed', error: 'too_large' })

      // a run that has ended is not run again
      await runExport(deps(), data(many.id), { jobId: 'x', attempt: 2 })
      expect((await get(many.id)).body.status).toBe('failed')
    })

    it('throws a crash for pg-boss to retry, starts over on the retry, and fails after the last attempt', async () => {
      const real = diskStorage(t.kernel.services.config.filesDir)
      const broken = { ...real, put: async () => Promise.reject(new Error('disk full')) }
      const e = await record({ sort: 'created_at' })
      await expect(
        runExport(deps({ storage: broken }), data(e.id), { jobId: 'x', attempt: 1 }),
      ).rejects.toThrow('disk full')
      expect((await get(e.id)).body.status).toBe('running')
      await runExport(deps(), data(e.id), { jobId: 'x', attempt: 2 })
      const done = (await get(e.id)).body
      expect(done).toMatchObject({ status: 'done', rows: 3, total: 3 })
      expect(await (await download(reader, e.id)).text()).toContain('Anna Müller')

      const last = await record()
      await runExport(deps({ storage: broken }), data(last.id), { jobId: 'x', attempt: 3 })
      expect((await get(last.id)).body).toMatchObject({ status: 'failed', error: 'internal' })
    })
  })
})
