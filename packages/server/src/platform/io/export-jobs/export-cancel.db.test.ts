import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ExportJob, exportJobSchema, MAX_EXPORT_JOB_ROWS } from '@kemai/shared/api/exports.api'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'
import { newId } from '../../db/ids.ts'
import { withWorkspace } from '../../db/tx.ts'
import { waitFor } from '../../events/test-support.ts'
import { diskStorage, type FileStorage } from '../../files/storage.ts'
import * as repo from './exports.repo.ts'
import { EXPORT_QUEUE, type ExportRunnerDeps, runExport } from './runner.ts'

/** More than two pages of the export (500 rows each), so a run has page boundaries to stop at. */
const PEOPLE = 1200

describe('export jobs: cancel (queued, running, ended) and the progress stream', () => {
  let t: TestKernel
  let ws: TestWorkspace
  let other: TestWorkspace
  let colleague = ''
  let root = ''

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('export-cancel')
    other = await t.workspace('export-cancel-other')
    await t.kernel.startWorker()
    for (let b = 0; b < PEOPLE; b += 600) {
      const operations = Array.from({ length: 600 }, (_, i) => ({
        op: 'create',
        data: { name: `取消导出${b + i}`, email: `cancel-export-${b + i}@example.com` },
      }))
      const r = await t.call('POST', '/api/v1/records/person/batch', {
        token: ws.token,
        body: { operations },
      })
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
    }
    // a colleague in the same workspace, who may read everything the owner exports
    const email = `export-colleague-${Date.now()}@example.com`
    const role = await t.call('POST', '/api/v1/roles', { token: ws.token, body: { name: 'people reader' } })
    await t.call('PUT', `/api/v1/roles/${role.body.id}/grants/person`, {
      token: ws.token,
      body: { read: true, readScope: 'all', writeScope: 'none' },
    })
    const u = await t.call('POST', '/api/v1/users', {
      token: ws.token,
      body: { email, name: 'Colleague', password: 'colleague password 1', roleId: role.body.id },
    })
    expect(u.status, JSON.stringify(u.body)).toBe(201)
    colleague = (
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'colleague password 1' } })
    ).body.token
    root = mkdtempSync(join(tmpdir(), 'kemai-export-cancel-'))
  })
  afterAll(async () => {
    await t.close()
    rmSync(root, { recursive: true, force: true })
  })

  const wsId = () => ws.admin.workspaceId
  const get = (id: string, token = ws.token) => t.call('GET', `/api/v1/exports/${id}`, { token })
  const cancel = (id: string, token = ws.token, locale = 'zh-CN') =>
    t.call('POST', `/api/v1/exports/${id}/cancel`, { token, locale })
  /** An export recorded as `start` records it, without a queued job (the test runs it, or not). */
  const record = () =>
    withWorkspace(t.database.db, wsId(), (trx) =>
      repo.insertExport(trx, wsId(), {
        id: newId(),
        object_name: 'person',
        format: 'csv',
        params: { filter: null, sort: 'created_at', columns: null, locale: 'en', ip: null },
        total: PEOPLE,
        created_by: ws.admin.userId!,
        api_key_id: null,
        channel: 'ui',
      }),
    )
  const deps = (storage: FileStorage): ExportRunnerDeps => ({
    db: t.database.db,
    metadata: t.kernel.services.metadata,
    exporter: t.kernel.services.exporter,
    storage,
    maxRows: MAX_EXPORT_JOB_ROWS,
    loadActor: (input) => t.kernel.services.access.loadActor(input),
  })
  const run = (storage: FileStorage, id: string, attempt = 1) =>
    runExport(deps(storage), { workspaceId: wsId(), exportId: id }, { jobId: 'x', attempt })
  /** every file under the test's storage root (tmp files included) */
  const filesIn = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? filesIn(join(dir, e.name)) : [join(dir, e.name)],
    )
  const notified = async (id: string) => {
    const inbox = await t.call('GET', '/api/v1/notifications', { token: ws.token })
    return inbox.body.data.filter((n: { data: { exportId?: string } }) => n.data.exportId === id)
  }

  it('cancels a queued export at once; its job, when it comes, does nothing', async () => {
    const e = await record()
    const r = await cancel(e.id)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(exportJobSchema.parse(r.body)).toMatchObject({ id: e.id, status: 'cancelled', rows: 0 })
    expect(r.body.finishedAt).toEqual(expect.any(String))
    const disk = diskStorage(root)
    await run(disk, e.id)
    expect((await get(e.id)).body).toMatchObject({ status: 'cancelled', rows: 0, fileName: null })
    expect(filesIn(root)).toEqual([])
    expect(await notified(e.id)).toEqual([])
  })

  it('stops a running export at its next page: no file left, status cancelled, never overwritten', async () => {
    const e = await record()
    const disk = diskStorage(root)
    let lines = 0
    let answer: { status: number; body: ExportJob } | null = null
    // cancels through the API as soon as the first bytes reach the storage, then lets the run go on
    const cancelling: FileStorage = {
      ...disk,
      put(w, body, max) {
        const spy = new TransformStream<Uint8Array, Uint8Array>({
          async transform(chunk, ctl) {
            lines += new TextDecoder().decode(chunk).split('\n').length - 1
            if (!answer) answer = await cancel(e.id)
            ctl.enqueue(chunk)
          },
        })
        return disk.put(w, body.pipeThrough(spy), max)
      },
    }
    await run(cancelling, e.id)
    expect(answer!.status, JSON.stringify(answer!.body)).toBe(200)
    expect(answer!.body.status).toBe('cancelled')
    // the header and the first page (500 rows): the run asked after that page and stopped
    expect(lines).toBeGreaterThan(0)
    expect(lines).toBeLessThanOrEqual(1 + 500)
    const after = (await get(e.id)).body
    expect(after).toMatchObject({ status: 'cancelled', fileName: null, size: null, error: null })
    expect(after.rows).toBeLessThan(PEOPLE)
    expect(after.finishedAt).toBe(answer!.body.finishedAt)
    expect(filesIn(root)).toEqual([])
    expect(await notified(e.id)).toEqual([])
    // a retry of that job (pg-boss, after a crash) leaves it alone
    await run(disk, e.id, 2)
    expect((await get(e.id)).body).toEqual(after)
    expect(filesIn(root)).toEqual([])
    // the download says it is not done
    const dl = await t.app.request(`/api/v1/exports/${e.id}/download`, {
      headers: { authorization: `Bearer ${ws.token}` },
    })
    expect(dl.status).toBe(409)
  })

  it('removes the file of an export cancelled after its last page, and keeps the status cancelled', async () => {
    const e = await record()
    const disk = diskStorage(root)
    const late: FileStorage = {
      ...disk,
      async put(w, body, max) {
        const stored = await disk.put(w, body, max)
        expect(filesIn(root)).toHaveLength(1)
        expect((await cancel(e.id)).status).toBe(200)
        return stored
      },
    }
    await run(late, e.id)
    expect((await get(e.id)).body).toMatchObject({ status: 'cancelled', fileName: null, size: null })
    expect(filesIn(root)).toEqual([])
    expect(await notified(e.id)).toEqual([])
  })

  it('keeps a cancelled export cancelled when its run then fails or crashes', async () => {
    const e = await record()
    const crashing: FileStorage = {
      ...diskStorage(root),
      async put(_w, body) {
        await body.cancel()
        expect((await cancel(e.id)).status).toBe(200)
        throw new Error('disk full')
      },
    }
    // the last attempt would mark it failed, but it was cancelled: it stays so, nobody is told
    await run(crashing, e.id, 3)
    expect((await get(e.id)).body).toMatchObject({ status: 'cancelled', error: null })
    expect(await notified(e.id)).toEqual([])
  })

  it('refuses to cancel an export that has ended (409, in the caller language), and nothing changes', async () => {
    const e = await record()
    await run(diskStorage(root), e.id)
    const done = (await get(e.id)).body
    expect(done).toMatchObject({ status: 'done', rows: PEOPLE })
    const zh = await cancel(e.id)
    expect(zh.status).toBe(409)
    expect(zh.headers.get('content-type')).toContain('application/problem+json')
    expect(zh.body).toMatchObject({
      status: 409,
      code: 'conflict',
      errors: [
        { path: 'status', code: 'export.not_cancellable', message: expect.stringContaining('不能再取消') },
      ],
    })
    const en = await cancel(e.id, ws.token, 'en')
    expect(en.body.errors[0].message).toContain('can no longer be cancelled')
    expect((await get(e.id)).body).toEqual(done)
    expect(filesIn(root).length).toBe(1)

    // failed and cancelled have ended too
    const failed = await record()
    await withWorkspace(t.database.db, wsId(), async (trx) => {
      await repo.startRun(trx, wsId(), failed.id)
      await repo.finishFailed(trx, wsId(), failed.id, 'internal')
    })
    expect((await cancel(failed.id)).status).toBe(409)
    expect((await get(failed.id)).body).toMatchObject({ status: 'failed', error: 'internal' })
    const twice = await record()
    expect((await cancel(twice.id)).status).toBe(200)
    const again = await cancel(twice.id, ws.token, 'en')
    expect(again.status).toBe(409)
    expect(again.body.errors[0].code).toBe('export.not_cancellable')
  })

  it('lets only the owner cancel: anyone else, another workspace and bad ids get 404 (or 400, 401)', async () => {
    const e = await record()
    const cases: [string, string | undefined, number][] = [
      [e.id, colleague, 404],
      [e.id, other.token, 404],
      ['not-a-uuid', ws.token, 404],
      ["1' or '1'='1", ws.token, 404],
      [newId(), ws.token, 404],
      ['x'.repeat(65), ws.token, 400],
      [e.id, undefined, 401],
    ]
    for (const [id, token, status] of cases) {
      const r = await t.call('POST', `/api/v1/exports/${encodeURIComponent(id)}/cancel`, { token })
      expect(r.status, `${id.slice(0, 20)} → ${JSON.stringify(r.body)}`).toBe(status)
      expect(r.headers.get('content-type')).toContain('application/problem+json')
    }
    expect((await get(e.id)).body.status).toBe('queued')
  })

  /** The stream's events until it ends (or `ms` pass). */
  async function follow(id: string, token = ws.token, ms = 60_000) {
    const res = await t.app.request(`/api/v1/exports/${id}/stream`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const deadline = Date.now() + ms
    for (;;) {
      const next = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now()))),
      ])
      if (next === null) {
        await reader.cancel()
        throw new Error(`the stream did not end: ${text.slice(-500)}`)
      }
      if (next.done) break
      text += decoder.decode(next.value, { stream: true })
    }
    const blocks = text.split('\n\n').filter((b) => b.startsWith('event:'))
    return blocks.map((b) => {
      const [event, data] = b.split('\n')
      expect(event).toBe('event: progress')
      return exportJobSchema.parse(JSON.parse(data!.slice('data: '.length)))
    })
  }

  it('streams an export’s progress until it is done, then ends', { timeout: 90_000 }, async () => {
    const s = await t.call('POST', '/api/v1/records/person/exports', {
      token: ws.token,
      body: { format: 'csv', sort: 'created_at' },
    })
    expect(s.status, JSON.stringify(s.body)).toBe(202)
    const events = await follow(s.body.id)
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e) => e.id === s.body.id)).toBe(true)
    expect(events.at(-1)).toMatchObject({ status: 'done', rows: PEOPLE, total: PEOPLE })
    // only changes are sent
    const texts = events.map((e) => JSON.stringify(e))
    expect(new Set(texts).size).toBe(texts.length)
    // an export that has ended: its state, then the end
    expect(await follow(s.body.id)).toEqual([events.at(-1)])
  })

  it('streams a cancel: the job started through the API ends cancelled and stays so', {
    timeout: 90_000,
  }, async () => {
    const s = await t.call('POST', '/api/v1/records/person/exports', {
      token: ws.token,
      body: { format: 'xlsx', sort: 'created_at' },
    })
    expect(s.status, JSON.stringify(s.body)).toBe(202)
    const following = follow(s.body.id)
    const c = await cancel(s.body.id)
    expect(c.status, JSON.stringify(c.body)).toBe(200)
    const events = await following
    expect(events.at(-1)).toMatchObject({ status: 'cancelled' })
    // the pg-boss job ends (it stopped at a page, or found the export cancelled) and writes nothing after
    const state = await waitFor(
      async () =>
        (
          await sql<{ state: string }>`select state from pgboss.job
            where name = ${EXPORT_QUEUE} and data->>'exportId' = ${s.body.id}`.execute(t.database.db)
        ).rows[0]?.state,
      (v) => v === 'completed' || v === 'failed',
      60_000,
    )
    expect(state).toBe('completed')
    expect((await get(s.body.id)).body).toMatchObject({ status: 'cancelled', fileName: null, size: null })
    expect(await notified(s.body.id)).toEqual([])
  })

  it('documents cancel and stream in OpenAPI', async () => {
    const spec = (await t.call('GET', '/api/openapi.json')).body
    const cancelOp = spec.paths['/api/v1/exports/{id}/cancel'].post
    expect(Object.keys(cancelOp.responses)).toEqual(expect.arrayContaining(['200', '404', '409']))
    const streamOp = spec.paths['/api/v1/exports/{id}/stream'].get
    expect(Object.keys(streamOp.responses['200'].content)).toEqual(['text/event-stream'])
  })

  it('shows the stream to the owner only, as GET does', async () => {
    const e = await record()
    const cases: [string, string | undefined, number][] = [
      [e.id, colleague, 404],
      [e.id, other.token, 404],
      ['not-a-uuid', ws.token, 404],
      [newId(), ws.token, 404],
      ['x'.repeat(65), ws.token, 400],
      [e.id, undefined, 401],
    ]
    for (const [id, token, status] of cases) {
      const r = await t.app.request(`/api/v1/exports/${encodeURIComponent(id)}/stream`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      })
      expect(r.status, id.slice(0, 20)).toBe(status)
      expect(r.headers.get('content-type')).toContain('application/problem+json')
    }
  })
})
