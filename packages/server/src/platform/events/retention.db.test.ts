import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKernel, type TestKernel, type TestWorkspace } from '../../test/kernel.ts'
import { diskStorage } from '../files/storage.ts'
import { DEFAULT_RETENTION, purgeOnce } from './retention.ts'

describe('retention of outbox events, receipts, webhook deliveries and rate counters', () => {
  let t: TestKernel
  let ws: TestWorkspace
  beforeAll(async () => {
    t = await createTestKernel()
    ws = await t.workspace('retention')
  })
  afterAll(async () => {
    await t.close()
  })

  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000)

  it('deletes only what is settled and older than the limits, in batches', async () => {
    const db = t.database.db
    const w = ws.admin.workspaceId
    const outbox = async (dispatchedDaysAgo: number | null) => {
      const id = randomUUID()
      await sql`insert into outbox_event (workspace_id, id, type, payload, created_at, dispatched_at)
        values (${w}, ${id}, 'test.event', '{}', ${daysAgo(30)},
          ${dispatchedDaysAgo === null ? null : daysAgo(dispatchedDaysAgo)})`.execute(db)
      await sql`insert into processed_event (listener, event_id, processed_at)
        values ('test', ${id}, ${daysAgo(dispatchedDaysAgo ?? 30)})`.execute(db)
      return id
    }
    const oldDispatched = await Promise.all(Array.from({ length: 7 }, () => outbox(8)))
    const recent = await outbox(1)
    const pending = await outbox(null)

    const hook = randomUUID()
    await sql`insert into webhook (workspace_id, id, url, secret, event_types)
      values (${w}, ${hook}, 'https://example.com/h', 's', ${['*']})`.execute(db)
    const delivery = async (status: string, updatedDaysAgo: number) => {
      const id = randomUUID()
      await sql`insert into webhook_delivery (workspace_id, id, webhook_id, event_id, event_type, status, updated_at)
        values (${w}, ${id}, ${hook}, ${randomUUID()}, 'test.event', ${status}, ${daysAgo(updatedDaysAgo)})`.execute(
        db,
      )
      for (const attempt of [1, 2])
        await sql`insert into webhook_delivery_attempt (workspace_id, id, delivery_id, attempt, duration_ms)
          values (${w}, ${randomUUID()}, ${id}, ${attempt}, 5)`.execute(db)
      return id
    }
    await delivery('succeeded', 40)
    await delivery('failed', 31)
    const keepRecent = await delivery('succeeded', 2)
    const keepPending = await delivery('pending', 90)

    const wf = randomUUID()
    await sql`insert into workflow (workspace_id, id, name, draft) values (${w}, ${wf}, 'rate', '{}')`.execute(
      db,
    )
    const minutesAgo = (n: number) => new Date(Math.floor(Date.now() / 60_000 - n) * 60_000)
    for (const [ago, slot] of [
      [90, 1],
      [61, 1],
      [61, 2],
      [59, 1],
      [0, 1],
    ] as const)
      await sql`insert into workflow_rate (workspace_id, workflow_id, minute, slot, n)
        values (${w}, ${wf}, ${minutesAgo(ago)}, ${slot}, 1)`.execute(db)

    const r = await purgeOnce(db, { ...DEFAULT_RETENTION, batchSize: 3 })
    // 7 old dispatched events and their receipts, plus the pending event's receipt dated 30 days ago
    expect(r).toEqual({
      outboxEvents: 7,
      receipts: 8,
      deliveries: 2,
      attempts: 4,
      rateCounters: 3,
      exports: 0,
    })

    const ids = async (q: string) =>
      (await sql.raw<{ id: string }>(q).execute(db)).rows.map((x) => x.id).sort()
    expect(await ids(`select id from outbox_event where type = 'test.event'`)).toEqual(
      [recent, pending].sort(),
    )
    expect(oldDispatched.length).toBe(7)
    expect(await ids(`select id from webhook_delivery where event_type = 'test.event'`)).toEqual(
      [keepRecent, keepPending].sort(),
    )
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from webhook_delivery_attempt`.execute(db)).rows[0]!
        .n,
    ).toBe(4)
    expect(
      (
        await sql<{
          n: number
        }>`select count(*)::int as n from workflow_rate where workflow_id = ${wf}`.execute(db)
      ).rows[0]!.n,
    ).toBe(2)
    // nothing left to do
    expect(await purgeOnce(db)).toEqual({
      outboxEvents: 0,
      receipts: 0,
      deliveries: 0,
      attempts: 0,
      rateCounters: 0,
      exports: 0,
    })
  })

  it('deletes export jobs older than 7 days with their files, unless an upload shares the bytes', async () => {
    const db = t.database.db
    const w = ws.admin.workspaceId
    const storage = diskStorage(mkdtempSync(join(tmpdir(), 'kemai-retention-')))
    const bytes = (text: string) => new Blob([text]).stream() as ReadableStream<Uint8Array>
    const exportRow = async (daysOld: number, key: string | null) => {
      const id = randomUUID()
      await sql`insert into export_job (workspace_id, id, object_name, format, status, storage_key, created_by, created_at)
        values (${w}, ${id}, 'person', 'csv', ${key ? 'done' : 'failed'}, ${key}, ${ws.admin.userId},
          ${daysAgo(daysOld)})`.execute(db)
      return id
    }
    const alone = await storage.put(w, bytes('id,name\n1,alone\n'), 1000)
    const shared = await storage.put(w, bytes('id,name\n2,shared\n'), 1000)
    const recentFile = await storage.put(w, bytes('id,name\n3,recent\n'), 1000)
    await sql`insert into file (workspace_id, id, name, size, sha256, storage_key, created_by)
      values (${w}, ${randomUUID()}, 'attached.csv', ${shared.size}, ${shared.sha256}, ${shared.key},
        ${ws.admin.userId})`.execute(db)
    await exportRow(8, alone.key)
    await exportRow(10, shared.key)
    await exportRow(30, null)
    const recent = await exportRow(6, recentFile.key)

    const r = await purgeOnce(db, { ...DEFAULT_RETENTION, batchSize: 2 }, new Date(), { storage })
    expect(r.exports).toBe(3)
    const left = await sql<{ id: string }>`select id from export_job where workspace_id = ${w}`.execute(db)
    expect(left.rows.map((x) => x.id)).toEqual([recent])
    await expect(storage.open(alone.key)).rejects.toThrow()
    ;(await storage.open(shared.key)).destroy()
    ;(await storage.open(recentFile.key)).destroy()
  })
})
