import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncWorkspaces } from '../../../kernel.ts'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../../test/kernel.ts'
import { newId } from '../../db/ids.ts'
import { waitFor } from '../../events/test-support.ts'
import { keyBuildJob } from './key-build.job.ts'
import { buildBatch, KEY_BUILD_QUEUE, type KeyBuildData, runKeyBuild } from './key-build.ts'

interface State {
  rules_hash: string
  status: string
  cursor: string | null
  done: number
  total: number | null
  built_at: Date | null
  error: string | null
}

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en })

/** Helpers over one test kernel and workspace. */
function helpers(get: () => { t: TestKernel; ws: TestWorkspace }) {
  const wsId = () => get().ws.created.workspace.id
  const deps = () => ({ db: get().t.database.db, metadata: get().t.kernel.services.metadata })
  return {
    deps,
    async state(object: string): Promise<State | undefined> {
      const r = await sql<State>`select rules_hash, status, cursor, done, total, built_at, error
        from dedup_key_state where workspace_id = ${wsId()} and object_name = ${object}`.execute(
        get().t.database.db,
      )
      return r.rows[0]
    },
    /** record ids that have keys */
    async indexed(object: string): Promise<string[]> {
      const r = await sql<{ record_id: string }>`select distinct record_id from dedup_key
        where workspace_id = ${wsId()} and object_name = ${object} order by record_id`.execute(
        get().t.database.db,
      )
      return r.rows.map((x) => x.record_id)
    },
    async keyIndex(object: string) {
      const r = await get().t.call('GET', `/api/v1/dedup/${object}/scan`, { token: get().ws.token })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return r.body.keyIndex
    },
    async patchObject(object: string, body: unknown) {
      return get().t.call('PATCH', `/api/v1/metadata/objects/${object}`, { token: get().ws.token, body })
    },
    async addField(object: string, name: string, type: string) {
      const r = await get().t.call('POST', `/api/v1/metadata/objects/${object}/fields`, {
        token: get().ws.token,
        body: { name, type, label: L(name, name) },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    },
    async createObject(name: string) {
      const r = await get().t.call('POST', '/api/v1/metadata/objects', {
        token: get().ws.token,
        body: { name, label: L(name, name) },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    },
    /** creates records in one batch, the check skipped; returns their ids */
    async records(object: string, rows: Record<string, unknown>[]): Promise<string[]> {
      const r = await get().t.call('POST', `/api/v1/records/${object}/batch`, {
        token: get().ws.token,
        body: { operations: rows.map((data) => ({ op: 'create', data })), allowDuplicate: true },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      for (const x of r.body.results) expect(x.ok, JSON.stringify(x)).toBe(true)
      return r.body.results.map((x: { id: string }) => x.id)
    },
    dataOf(object: string, hash: string): KeyBuildData {
      return { workspaceId: wsId(), object, hash }
    },
  }
}

/**
 * The key index's background build (docs/dedup.md "The key index"), its batches run by hand: no worker
 * runs here, so nothing is enqueued (the queue does not exist) and each step can be looked at.
 */
describe('dedup key index build, batch by batch', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const h = helpers(() => ({ t, ws }))
  let people: string[] = []
  const rows = Array.from({ length: 25 }, (_, i) => ({
    name: `测试${String.fromCharCode(0x4e00 + i * 37)}${String.fromCharCode(0x4e00 + i * 53)}`,
    mobile: `1390000${String(1000 + i)}`,
  }))

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('key-build')
    people = await h.records('person', rows)
  })
  afterAll(async () => {
    await t.close()
  })

  it('a new workspace starts ready: its objects had no records to index', async () => {
    const other = await t.workspace('key-build-empty')
    const r = await sql<{
      object_name: string
      status: string
    }>`select object_name, status from dedup_key_state
      where workspace_id = ${other.created.workspace.id} order by object_name`.execute(t.database.db)
    expect(r.rows.map((x) => x.object_name)).toEqual(expect.arrayContaining(['company', 'person']))
    expect(r.rows.every((x) => x.status === 'ready')).toBe(true)
    // the records written since carry their keys from the write path: nothing to build
    expect((await h.state('person'))?.status).toBe('ready')
    expect(await h.indexed('person')).toHaveLength(25)
  })

  it('the start only queues the build; batches of their own resume from the cursor after a crash', async () => {
    // records from before the index: no keys, no state
    await sql`delete from dedup_key where workspace_id = ${ws.created.workspace.id} and object_name = 'person'`.execute(
      t.database.db,
    )
    await sql`delete from dedup_key_state where workspace_id = ${ws.created.workspace.id}
      and object_name = 'person'`.execute(t.database.db)
    await syncWorkspaces(t.kernel)
    const queued = (await h.state('person'))!
    expect(queued).toMatchObject({ status: 'building', done: 0, total: null, cursor: null, built_at: null })
    expect(await h.indexed('person')).toEqual([])
    expect(await h.keyIndex('person')).toMatchObject({ status: 'building', done: 0, total: null })

    const data = h.dataOf('person', queued.rules_hash)
    const sorted = [...people].sort()
    // the first batch commits on its own: its records have keys, the cursor is its last id
    expect(await buildBatch(h.deps(), data, 10)).toBe('more')
    expect(await h.state('person')).toMatchObject({
      status: 'building',
      done: 10,
      total: 25,
      cursor: sorted[9],
    })
    expect(await h.indexed('person')).toEqual(sorted.slice(0, 10))
    expect(await h.keyIndex('person')).toMatchObject({ status: 'building', done: 10, total: 25 })

    // the process died here; the job's retry continues after the cursor (not from the start)
    expect(await runKeyBuild(h.deps(), data, { batchSize: 10 })).toBe('done')
    const ready = (await h.state('person'))!
    expect(ready).toMatchObject({ status: 'ready', done: 25, total: 25, error: null })
    expect(ready.built_at).not.toBeNull()
    expect(await h.indexed('person')).toEqual(sorted)
    // a finished build's job does nothing more
    expect(await runKeyBuild(h.deps(), data, { batchSize: 10 })).toBe('stopped')
    expect((await h.state('person'))!.done).toBe(25)

    // the check finds what the build indexed
    const dup = await t.call('POST', '/api/v1/records/person', {
      token: ws.token,
      body: { name: rows[5]!.name, mobile: '+86 139 0000 1005' },
    })
    expect(dup.status).toBe(409)
    expect(dup.body.candidates.map((c: { id: string }) => c.id)).toContain(people[5])
    expect(dup.body.keyIndex).toBeUndefined()
  })

  it('edits during a build leave every record with the keys of its current values', async () => {
    const db = t.database.db
    const keys = async () =>
      (
        await sql<{ k: string }>`select record_id || ' ' || key as k from dedup_key
          where workspace_id = ${ws.created.workspace.id} and object_name = 'person' order by 1`.execute(db)
      ).rows.map((r) => r.k)
    const restart = () =>
      sql`update dedup_key_state set status = 'building', cursor = null, done = 0, total = null
        where workspace_id = ${ws.created.workspace.id} and object_name = 'person'`.execute(db)
    const hash = (await h.state('person'))!.rules_hash
    await restart()
    // each edit moves a record's mobile (a key field) while the build runs in batches of 3
    const edits = (async () => {
      for (const [i, id] of people.slice(0, 12).entries()) {
        const r = await t.call('PATCH', `/api/v1/records/person/${id}?allowDuplicate=true`, {
          token: ws.token,
          body: { mobile: `1370000${String(2000 + i)}` },
        })
        expect(r.status, JSON.stringify(r.body)).toBe(200)
      }
    })()
    const [step] = await Promise.all([
      runKeyBuild(h.deps(), h.dataOf('person', hash), { batchSize: 3 }),
      edits,
    ])
    expect(step).toBe('done')
    const during = await keys()
    // the same build again with nothing else running gives the same index
    await restart()
    expect(await runKeyBuild(h.deps(), h.dataOf('person', hash))).toBe('done')
    expect(during).toEqual(await keys())
    expect(during.some((k) => k.endsWith('+8613700002011'))).toBe(true)
    expect(during.some((k) => k.endsWith('+8613900001011'))).toBe(false)
  })

  // PGlite has one connection: a write cannot be open while a batch reads
  it.runIf(!!process.env.DATABASE_URL)(
    'PostgreSQL: a batch waits for a write open on one of its records and indexes what it committed',
    async () => {
      const hash = (await h.state('person'))!.rules_hash
      await sql`update dedup_key_state set status = 'building', cursor = null, done = 0, total = null
        where workspace_id = ${ws.created.workspace.id} and object_name = 'person'`.execute(t.database.db)
      const id = people[20]!
      const client = await t.database.pool.connect()
      try {
        await client.query('begin')
        await client.query(
          `update "${ws.created.workspace.db_schema}".obj_person set mobile = '+8613600003000' where id = $1`,
          [id],
        )
        const build = runKeyBuild(h.deps(), h.dataOf('person', hash))
        // the batch is blocked on the row (and yields to the write every 500 ms, then comes again)
        await new Promise((r) => setTimeout(r, 1200))
        expect((await h.state('person'))!.done).toBe(0)
        await client.query('commit')
        expect(await build).toBe('done')
      } finally {
        client.release()
      }
      const r = await sql<{
        key: string
      }>`select key from dedup_key where workspace_id = ${ws.created.workspace.id}
        and object_name = 'person' and record_id = ${id}`.execute(t.database.db)
      expect(r.rows.map((x) => x.key)).toContain('phone:+8613600003000')
      expect(r.rows.map((x) => x.key)).not.toContain('phone:+8613900001020')
    },
  )

  it('a rules change during a build supersedes it: the old job stops, the new build starts over', async () => {
    await h.createObject('supplier')
    await h.addField('supplier', 'email', 'email')
    // turned on with no records: ready at once, no job
    expect((await h.patchObject('supplier', { dedup: true })).status).toBe(200)
    expect(await h.keyIndex('supplier')).toMatchObject({ status: 'ready', done: 0, total: 0 })
    const first = (await h.state('supplier'))!.rules_hash
    await h.records(
      'supplier',
      Array.from({ length: 15 }, (_, i) => ({ name: `Supplier ${i}`, email: `s${i}@supply.example.com` })),
    )
    // a phone field makes phone a blocking key: new rules, a new build from the first record
    await h.addField('supplier', 'hotline', 'phone')
    const second = (await h.state('supplier'))!
    expect(second.rules_hash).not.toBe(first)
    expect(second).toMatchObject({ status: 'building', done: 0, cursor: null })
    const old = h.dataOf('supplier', second.rules_hash)
    expect(await buildBatch(h.deps(), old, 10)).toBe('more')
    expect((await h.state('supplier'))!.done).toBe(10)

    // and again, mid-build
    await h.addField('supplier', 'site', 'url')
    const third = (await h.state('supplier'))!
    expect(third.rules_hash).not.toBe(second.rules_hash)
    expect(third).toMatchObject({ status: 'building', done: 0, cursor: null, total: null })
    expect(await runKeyBuild(h.deps(), old, { batchSize: 10 })).toBe('stopped')
    expect(await h.state('supplier')).toMatchObject({ rules_hash: third.rules_hash, done: 0, cursor: null })
    expect(await runKeyBuild(h.deps(), h.dataOf('supplier', third.rules_hash), { batchSize: 10 })).toBe(
      'done',
    )
    expect(await h.state('supplier')).toMatchObject({ status: 'ready', done: 15, total: 15 })
  })

  it('turning the check off forgets the state; on again rebuilds; a failed metadata change changes nothing', async () => {
    expect((await h.patchObject('supplier', { dedup: false })).status).toBe(200)
    expect(await h.state('supplier')).toBeUndefined()
    expect(await h.keyIndex('supplier')).toBeNull()
    // a change refused as a whole leaves the state as it was (here: still none)
    const bad = await h.patchObject('supplier', { dedup: true, titleField: 'nope' })
    expect(bad.status).toBe(400)
    expect(await h.state('supplier')).toBeUndefined()
    expect((await h.patchObject('supplier', { dedup: true })).status).toBe(200)
    expect(await h.state('supplier')).toMatchObject({ status: 'building', done: 0 })
  })

  it('bad input: a job of a deleted object, of a missing workspace, or with malformed data ends cleanly', async () => {
    const job = keyBuildJob(h.deps(), { batchSize: 10 })
    if (!('handle' in job)) throw new Error('a single job')
    const ctx = { jobId: newId(), attempt: 1 }
    const building = (await h.state('supplier'))!
    const data = h.dataOf('supplier', building.rules_hash)
    const gone = await t.call('DELETE', '/api/v1/metadata/objects/supplier?confirm=true', { token: ws.token })
    expect(gone.status).toBe(204)
    // the object's state and keys went with it
    expect(await h.state('supplier')).toBeUndefined()
    expect(await h.indexed('supplier')).toEqual([])
    await expect(job.handle(data, ctx)).resolves.toBeUndefined()
    expect(await runKeyBuild(h.deps(), data)).toBe('stopped')
    expect(await h.state('supplier')).toBeUndefined()

    const nowhere = { workspaceId: newId(), object: 'person', hash: '0123456789abcdef' }
    expect(await runKeyBuild(h.deps(), nowhere)).toBe('stopped')
    await expect(job.handle(nowhere, ctx)).resolves.toBeUndefined()
    for (const junk of [
      {},
      { workspaceId: 'x', object: 'person', hash: 'y' },
      { ...data, object: 'a"; drop' },
    ])
      await expect(job.handle(junk, ctx)).resolves.toBeUndefined()
    // person's index is untouched by all this
    expect(await h.state('person')).toMatchObject({ status: 'ready', done: 25 })
  })
})

/**
 * A run-time change through the API: the build's job is enqueued in the change's transaction, and the
 * worker runs it. The worker is started once (so its queues exist) and stopped, so the job waits until
 * the test starts it again.
 */
describe('dedup key index build, enqueued by a metadata change and run by the worker', () => {
  let t: TestKernel
  let ws: TestWorkspace
  const h = helpers(() => ({ t, ws }))

  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('key-build-job')
    await t.kernel.startWorker()
    await t.kernel.stop()
  })
  afterAll(async () => {
    await t.close()
  })

  const jobsOf = async (object: string) =>
    (
      await sql<{ data: KeyBuildData; state: string }>`select data, state::text as state from pgboss.job
        where name = ${KEY_BUILD_QUEUE} and data->>'object' = ${object}
          and data->>'workspaceId' = ${ws.created.workspace.id}`.execute(t.database.db)
    ).rows

  it('turning the check on enqueues the build; after it the check finds the pair it missed before', async () => {
    await h.createObject('vendor')
    await h.addField('vendor', 'email', 'email')
    const post = (body: unknown) => t.call('POST', '/api/v1/records/vendor', { token: ws.token, body })
    const a = await post({ name: 'Hangzhou Tea', email: 'sales@tea.example.com' })
    expect(a.status).toBe(201)

    expect((await h.patchObject('vendor', { dedup: true })).status).toBe(200)
    const state = (await h.state('vendor'))!
    expect(state.status).toBe('building')
    const jobs = await jobsOf('vendor')
    expect(jobs).toHaveLength(1)
    expect(jobs[0]).toMatchObject({ state: 'created', data: h.dataOf('vendor', state.rules_hash) })
    // asked again (a start, another metadata change) while it waits: still one job
    await syncWorkspaces(t.kernel)
    expect(await jobsOf('vendor')).toHaveLength(1)

    // while the build waits, the old record is not indexed: its duplicate gets through
    const b = await post({ name: 'Tea Hangzhou', email: 'SALES@tea.example.com' })
    expect(b.status).toBe(201)
    // b's keys were written by the write path with the current rules; the 409 says the index is partial
    const c = { name: 'Hangzhou Tea Co', email: 'sales@tea.example.com' }
    const partial = await post(c)
    expect(partial.status).toBe(409)
    expect(partial.body.candidates.map((x: { id: string }) => x.id)).toEqual([b.body.id])
    expect(partial.body.keyIndex).toMatchObject({ status: 'building', done: 0 })

    // one slice of one record, then the job hands over to a fresh one
    const job = keyBuildJob(h.deps(), { batchSize: 1, sliceMs: 0 })
    if (!('handle' in job)) throw new Error('a single job')
    await job.handle(h.dataOf('vendor', state.rules_hash), { jobId: newId(), attempt: 1 })
    expect(await h.state('vendor')).toMatchObject({ status: 'building', done: 1, total: 2 })
    expect((await jobsOf('vendor')).filter((j) => j.state === 'created')).toHaveLength(2)

    await t.kernel.startWorker()
    const ready = await waitFor(
      () => h.keyIndex('vendor'),
      (k) => k?.status === 'ready',
    )
    expect(ready).toMatchObject({ status: 'ready', done: 2, total: 2, error: null })
    const full = await post(c)
    expect(full.status).toBe(409)
    expect(full.body.candidates.map((x: { id: string }) => x.id).sort()).toEqual(
      [a.body.id, b.body.id].sort(),
    )
    expect(full.body.keyIndex).toBeUndefined()
  })
})
