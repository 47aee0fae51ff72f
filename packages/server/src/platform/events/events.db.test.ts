import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../test/test-db.ts'
import type { Database } from '../db/connect.ts'
import { newId } from '../db/ids.ts'
import { withPlatform, withWorkspace } from '../db/tx.ts'
import { createBoss, DEAD_LETTER_QUEUE } from './boss.ts'
import { createDispatcher } from './dispatcher.ts'
import { grantBossAccess } from './events.repo.ts'
import { up } from './migration.ts'
import { appendEvent, appendEvents } from './outbox.ts'
import { type EventsRuntime, startEvents } from './start-events.ts'
import { defineListener, type Listener, listenerQueue, listenerWorker } from './subscribe.ts'
import { insertWorkspace, waitFor } from './test-support.ts'

const FAST = { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 }

describe('events: outbox → pg-boss → listeners', () => {
  let t: Database
  let ws: string
  let ws2: string

  beforeAll(async () => {
    t = await createTestDb()
    await up(t.db)
    ws = await insertWorkspace(t.db)
    ws2 = await insertWorkspace(t.db)
    await sql`create table ev_applied (workspace_id uuid not null, listener text not null, event_id uuid not null,
      n int not null default 1, primary key (workspace_id, listener, event_id));
      grant select, insert, update on ev_applied to kemai_app`.execute(t.db)
  })
  afterAll(async () => {
    await t?.close()
  })

  /** listener that counts its applications per event (n > 1 would be a double application) */
  function counting(name: string, extra: Partial<Listener> = {}): Listener {
    return defineListener({
      name,
      events: ['record.*'],
      async handle(event, ctx) {
        await sql`insert into ev_applied (workspace_id, listener, event_id) values (${event.workspaceId}, ${name}, ${event.id})
          on conflict (workspace_id, listener, event_id) do update set n = ev_applied.n + 1`.execute(ctx.trx)
      },
      ...extra,
    })
  }

  async function append(
    workspaceId: string,
    type: string,
    objectName: string | null,
    n = 1,
  ): Promise<string[]> {
    return withWorkspace(t.db, workspaceId, async (trx) => {
      const ids: string[] = []
      for (let i = 0; i < n; i++) {
        const payload =
          type === 'record.created'
            ? { record: { i } }
            : type === 'record.updated'
              ? { changed: ['x'], before: { x: i }, after: { x: i + 1 } }
              : { i }
        ids.push((await appendEvent(trx, { workspaceId, type, objectName, recordId: newId(), payload })).id)
      }
      return ids
    })
  }

  async function applied(listener: string) {
    const r = await sql<{
      event_id: string
      n: number
    }>`select event_id, n from ev_applied where listener = ${listener}`.execute(t.db)
    return r.rows
  }

  it('appendEvent writes in the caller transaction: a rollback leaves no event', async () => {
    const before = await sql<{ n: number }>`select count(*)::int n from outbox_event`.execute(t.db)
    await expect(
      withWorkspace(t.db, ws, async (trx) => {
        await appendEvent(trx, {
          workspaceId: ws,
          type: 'record.created',
          objectName: 'lead',
          payload: { record: {} },
        })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const after = await sql<{ n: number }>`select count(*)::int n from outbox_event`.execute(t.db)
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n)
  })

  it('appendEvent checks built-in payloads and event type syntax', async () => {
    await expect(
      withWorkspace(t.db, ws, (trx) =>
        appendEvent(trx, {
          workspaceId: ws,
          type: 'record.updated',
          objectName: 'lead',
          payload: { changed: [] } as never,
        }),
      ),
    ).rejects.toThrow()
    await expect(
      withWorkspace(t.db, ws, (trx) => appendEvent(trx, { workspaceId: ws, type: 'Bad Type', payload: {} })),
    ).rejects.toThrow('invalid event type')
    const ok = await withWorkspace(t.db, ws, (trx) =>
      appendEvent(trx, {
        workspaceId: ws,
        type: 'opportunity.won',
        objectName: 'opportunity',
        payload: { amount: '1.00' },
      }),
    )
    expect(ok.seq).toBeGreaterThan(0)
    await sql`update outbox_event set dispatched_at = now()`.execute(t.db)
  })

  it('appendEvents appends a batch in order, with the same checks', async () => {
    const recordId = newId()
    await withWorkspace(t.db, ws, (trx) =>
      appendEvents(
        trx,
        [1, 2, 3].map((i) => ({
          workspaceId: ws,
          type: 'batch.event',
          objectName: 'lead',
          recordId,
          payload: { i },
        })),
      ),
    )
    const r = await sql<{ i: number }>`select (payload->>'i')::int as i from outbox_event
      where record_id = ${recordId} order by seq`.execute(t.db)
    expect(r.rows.map((x) => x.i)).toEqual([1, 2, 3])
    await expect(
      withWorkspace(t.db, ws, (trx) =>
        appendEvents(trx, [{ workspaceId: ws, type: 'record.created', payload: {} as never }]),
      ),
    ).rejects.toThrow()
    await sql`update outbox_event set dispatched_at = now() where dispatched_at is null`.execute(t.db)
  })

  it('dispatch is atomic with the job inserts: a failure leaves the events pending and no jobs', async () => {
    const { boss } = createBoss(t.pool, t.kind, {}, () => {})
    await boss.start()
    const l = counting('atomic')
    await boss.createQueue(listenerQueue(l.name))
    const ids = await append(ws, 'record.created', 'lead', 3)
    const realInsert = boss.insert.bind(boss)
    // inserts the jobs, then fails: the transaction must take both back
    boss.insert = (async (jobs: never, o: never) => {
      await realInsert(jobs, o)
      throw new Error('crash after insert')
    }) as unknown as typeof boss.insert
    const d = createDispatcher({ db: t.db, boss, listeners: [l] })
    await expect(d.dispatchOnce()).rejects.toThrow('crash after insert')
    const pending = await sql<{
      n: number
    }>`select count(*)::int n from outbox_event where dispatched_at is null`.execute(t.db)
    expect(pending.rows[0]!.n).toBe(3)
    expect(await boss.getQueueSize(listenerQueue(l.name))).toBe(0)
    boss.insert = realInsert
    expect(await d.dispatchOnce()).toBe(3)
    expect(await d.dispatchOnce()).toBe(0)
    expect(await boss.getQueueSize(listenerQueue(l.name))).toBe(3)
    for (const id of ids) expect(await boss.getJobById(listenerQueue(l.name), id)).not.toBeNull()
    await boss.purgeQueue(listenerQueue(l.name))
    await boss.stop({ graceful: false, close: false })
  })

  it("queues only the events a listener's wants() keeps; a failing wants() gets it all of them", async () => {
    const { boss } = createBoss(t.pool, t.kind, {}, () => {})
    await boss.start()
    const errors: unknown[] = []
    let seen = 0
    const picky = counting('picky', {
      // one query in the dispatcher's transaction (no RLS: both workspaces are visible)
      async wants(trx, events) {
        seen += events.length
        const r = await sql<{ n: number }>`select count(*)::int n from outbox_event
          where id = any(${events.map((e) => e.id)}::uuid[])`.execute(trx)
        expect(r.rows[0]!.n).toBe(events.length)
        return (e) => e.objectName === 'lead'
      },
    })
    const broken = counting('broken-wants', {
      async wants(trx) {
        await sql`select * from no_such_table`.execute(trx)
        return () => false
      },
    })
    for (const l of [picky, broken]) await boss.createQueue(listenerQueue(l.name))
    const leads = [
      ...(await append(ws, 'record.created', 'lead', 2)),
      ...(await append(ws2, 'record.updated', 'lead')),
    ]
    const others = await append(ws, 'record.created', 'company', 2)
    const d = createDispatcher({ db: t.db, boss, listeners: [picky, broken], onError: (e) => errors.push(e) })
    expect(await d.dispatchOnce()).toBe(5)
    expect(seen).toBe(5)
    const queued = async (l: Listener) =>
      (
        await sql<{ id: string }>`select id from pgboss.job where name = ${listenerQueue(l.name)}`.execute(
          t.db,
        )
      ).rows
        .map((r) => r.id)
        .sort()
    expect(await queued(picky)).toEqual([...leads].sort())
    // the failure was rolled back to its savepoint: the batch went on, and the listener lost nothing
    expect(await queued(broken)).toEqual([...leads, ...others].sort())
    expect(errors).toHaveLength(1)
    expect(d.stats()).toMatchObject({ dispatchedEvents: 5, enqueuedJobs: 8, skippedJobs: 2 })
    for (const l of [picky, broken]) await boss.purgeQueue(listenerQueue(l.name))
    await boss.stop({ graceful: false, close: false })
  })

  it('runs a batch without savepoints first; a failure rolls it back and it runs again guarded', async () => {
    const { boss } = createBoss(t.pool, t.kind, {}, () => {})
    await boss.start()
    const passes: boolean[] = []
    const l = counting('guarded', {
      async handle(event, ctx) {
        passes.push(ctx.guarded)
        await sql`insert into ev_applied (workspace_id, listener, event_id) values (${event.workspaceId}, 'guarded', ${event.id})
          on conflict (workspace_id, listener, event_id) do update set n = ev_applied.n + 1`.execute(ctx.trx)
        if ((event.payload as { record?: { i?: number } }).record?.i === 1) throw new Error('always fails')
      },
    })
    await boss.createQueue(listenerQueue(l.name))
    const ids = await append(ws, 'record.created', 'lead', 3)
    const events = await sql<{
      id: string
      type: string
      object_name: string
      record_id: string
      payload: unknown
    }>`
      select id, type, object_name, record_id, payload from outbox_event where id = any(${ids}::uuid[]) order by seq`.execute(
      t.db,
    )
    const jobs = events.rows.map((e) => ({
      id: e.id,
      retryCount: 0,
      data: {
        id: e.id,
        workspaceId: ws,
        type: e.type,
        objectName: e.object_name,
        recordId: e.record_id,
        payload: e.payload,
      },
    }))
    // appended only to read them back as envelopes: not for the dispatcher of the tests below
    await sql`update outbox_event set dispatched_at = now() where id = any(${ids}::uuid[])`.execute(t.db)
    // listener transactions complete their jobs as kemai_app (startEvents grants this)
    await grantBossAccess(t.pool, 'pgboss')
    const reported: unknown[] = []
    const work = listenerWorker(boss, t.db, l, (err) => reported.push(err))
    await expect(work(jobs as never)).rejects.toThrow('always fails')
    // unguarded: the first two ran, the second threw; guarded: all three again
    expect(passes).toEqual([false, false, true, true, true])
    const rows = await applied('guarded')
    expect(rows.map((r) => [r.event_id, r.n]).sort()).toEqual(
      [
        [ids[0], 1],
        [ids[2], 1],
      ].sort(),
    )
    expect(reported).toHaveLength(1)
    expect(work.guardedReruns()).toBe(1)
    // for a while the worker starts guarded: the failing job runs once more, the others are done
    await expect(work(jobs as never)).rejects.toThrow('always fails')
    expect(passes).toEqual([false, false, true, true, true, true])
    expect(work.guardedReruns()).toBe(1)
    await boss.purgeQueue(listenerQueue(l.name))
    await boss.stop({ graceful: false, close: false })
  })

  describe('with startEvents', () => {
    let ev: EventsRuntime
    const failedOnce = new Set<string>()
    let slowStarted = 0
    const listeners = [
      counting('all'),
      counting('leads-only', { objects: ['lead'] }),
      counting('updates-only', { events: ['record.updated'] }),
      // writes, then fails the first time it sees an event: the retry must not apply twice
      counting('flaky', {
        events: ['flaky.event'],
        retryDelaySeconds: 1,
        async handle(event, ctx) {
          await sql`insert into ev_applied (workspace_id, listener, event_id) values (${event.workspaceId}, 'flaky', ${event.id})
            on conflict (workspace_id, listener, event_id) do update set n = ev_applied.n + 1`.execute(
            ctx.trx,
          )
          if (!failedOnce.has(event.id)) {
            failedOnce.add(event.id)
            throw new Error('first try fails')
          }
        },
      }),
      defineListener({
        name: 'hopeless',
        events: ['hopeless.event'],
        retryLimit: 1,
        retryDelaySeconds: 1,
        async handle() {
          throw new Error('always fails')
        },
      }),
      counting('slow', {
        events: ['slow.event'],
        async handle(event, ctx) {
          slowStarted++
          await new Promise((r) => setTimeout(r, 700))
          await sql`insert into ev_applied (workspace_id, listener, event_id) values (${event.workspaceId}, 'slow', ${event.id})`.execute(
            ctx.trx,
          )
        },
      }),
      defineListener({
        name: 'rls',
        events: ['rls.event'],
        async handle(event, ctx) {
          // RLS: the handler's transaction sees only the event's workspace
          const r = await sql<{ w: string }>`select distinct workspace_id as w from outbox_event`.execute(
            ctx.trx,
          )
          await sql`insert into ev_applied (workspace_id, listener, event_id, n) values (${event.workspaceId}, 'rls', ${event.id},
            ${r.rows.length === 1 && r.rows[0]!.w === event.workspaceId ? 1 : 99})`.execute(ctx.trx)
        },
      }),
    ]

    beforeAll(async () => {
      ev = await startEvents({
        db: t.db,
        pool: t.pool,
        kind: t.kind,
        listeners,
        boss: FAST,
        onError: () => {},
      })
    })
    afterAll(async () => {
      await ev?.stop()
    })

    it("gives each listener's queue an index in pg-boss's fetch order", async () => {
      const r = await sql<{ name: string; indexdef: string }>`select q.name, i.indexdef from pgboss.queue q
        join pg_indexes i on i.schemaname = 'pgboss' and i.tablename = q.partition_name
        where i.indexname = q.partition_name || '_fetch'`.execute(t.db)
      const names = r.rows.map((x) => x.name)
      for (const l of listeners) expect(names).toContain(listenerQueue(l.name))
      expect(r.rows[0]!.indexdef).toMatch(
        /priority DESC, created_on, id\) INCLUDE \(start_after\) WHERE \(state < 'active'/,
      )
    })

    it('fans out each event to the listeners whose types and objects match, once each', async () => {
      const created = await append(ws, 'record.created', 'lead', 20)
      const updated = await append(ws2, 'record.updated', 'company', 5)
      ev.notify()
      for (const [name, n] of [
        ['all', 25],
        ['leads-only', 20],
        ['updates-only', 5],
      ] as const) {
        await waitFor(
          async () => (await applied(name)).length,
          (k) => k === n,
        )
      }
      const all = await applied('all')
      expect(all.map((r) => r.event_id).sort()).toEqual([...created, ...updated].sort())
      expect(all.every((r) => r.n === 1)).toBe(true)
      expect((await applied('leads-only')).map((r) => r.event_id).sort()).toEqual([...created].sort())
      expect((await applied('updates-only')).map((r) => r.event_id).sort()).toEqual([...updated].sort())
      const m = await ev.metrics()
      expect(m.outbox.pending).toBe(0)
      expect(m.outbox.oldestPendingAgeSeconds).toBeNull()
      expect(m.dispatcher.dispatchedEvents).toBeGreaterThanOrEqual(25)
    })

    it('a duplicate job for an event already handled is skipped (processed_event)', async () => {
      const [id] = await append(ws, 'record.created', 'deal', 1)
      ev.notify()
      await waitFor(
        async () => (await applied('all')).filter((r) => r.event_id === id).length,
        (n) => n === 1,
      )
      const job = await ev.boss.getJobById<object>(listenerQueue('all'), id!, { includeArchive: true })
      // the same event again, as a second job (what a redelivery after a crash looks like)
      await ev.boss.send(listenerQueue('all'), job!.data, {})
      await waitFor(
        () => ev.boss.getQueueSize(listenerQueue('all'), { before: 'completed' }),
        (n) => n === 0,
      )
      const rows = (await applied('all')).filter((r) => r.event_id === id)
      expect(rows).toEqual([{ event_id: id, n: 1 }])
    })

    it('a handler that fails is retried with its writes rolled back: applied exactly once', async () => {
      const ids = await append(ws, 'flaky.event', null, 3)
      ev.notify()
      const rows = await waitFor(
        () => applied('flaky'),
        (r) => r.length === 3,
      )
      expect(rows.map((r) => r.n)).toEqual([1, 1, 1])
      expect([...failedOnce].sort()).toEqual([...ids].sort())
    })

    it('after the last retry the job goes to the dead-letter queue', async () => {
      await append(ws, 'hopeless.event', null, 1)
      ev.notify()
      const m = await waitFor(
        () => ev.metrics(),
        (m) => m.deadLetters === 1,
      )
      expect(m.deadLetters).toBe(1)
      expect(m.queues[listenerQueue('hopeless')]?.failed).toBe(1)
      expect(await ev.boss.getQueueSize(DEAD_LETTER_QUEUE)).toBe(1)
    })

    it("runs each handler in the event's workspace (row-level security)", async () => {
      const [a] = await append(ws, 'rls.event', null, 1)
      const [b] = await append(ws2, 'rls.event', null, 1)
      ev.notify()
      const rows = await waitFor(
        () => applied('rls'),
        (r) => r.length === 2,
      )
      expect(rows.map((r) => r.event_id).sort()).toEqual([a, b].sort())
      expect(rows.every((r) => r.n === 1)).toBe(true)
    })

    it('stop() lets an in-flight handler finish and commit', async () => {
      const [id] = await append(ws, 'slow.event', null, 1)
      ev.notify()
      await waitFor(
        async () => slowStarted,
        (n) => n === 1,
      )
      await ev.stop()
      expect((await applied('slow')).map((r) => r.event_id)).toEqual([id])
      const r = await sql<{ state: string }>`select state::text from pgboss.job where id = ${id!}`.execute(
        t.db,
      )
      expect(r.rows[0]?.state).toBe('completed')
    })
  })

  it('dispatch throughput (logged)', async () => {
    const { boss } = createBoss(t.pool, t.kind, {}, () => {})
    await boss.start()
    const ls = [counting('tp-a'), counting('tp-b')]
    for (const l of ls) await boss.createQueue(listenerQueue(l.name))
    const n = 2000
    for (let i = 0; i < n / 200; i++) await append(ws, 'record.created', 'lead', 200)
    const d = createDispatcher({ db: t.db, boss, listeners: ls })
    const t0 = performance.now()
    let moved = 0
    for (;;) {
      const k = await d.dispatchOnce()
      if (k === 0) break
      moved += k
    }
    const ms = performance.now() - t0
    console.log(
      `[${t.kind}] dispatched ${moved} events → ${moved * 2} jobs in ${ms.toFixed(0)} ms: ${Math.round((moved / ms) * 1000)} events/s`,
    )
    expect(moved).toBe(n)
    const r = await withPlatform(t.db, (trx) =>
      sql<{
        n: number
      }>`select count(*)::int n from pgboss.job where name like 'kemai.listener.tp-%'`.execute(trx),
    )
    expect(r.rows[0]!.n).toBe(2 * n)
    await boss.stop({ graceful: false, close: false })
  })
})
