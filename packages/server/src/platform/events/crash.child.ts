// A worker process for crash.db.test.ts, run as `node --import tsx crash.child.ts`. The test SIGKILLs it
// at chosen points and starts it again. Settings come from the environment:
//   CRASH_DB_URL or CRASH_DATA_DIR   PostgreSQL database, or PGlite data folder (this process owns it)
//   CRASH_WORKSPACE                  workspace id
//   CRASH_APPEND                     append events until this many exist (idempotent across restarts)
//   CRASH_PAUSE                      'dispatch': print CLAIMED and pause after the outbox claim, before the jobs
//                                    commit; 'handle': print HANDLING and pause inside each handler transaction
//   CRASH_FINISH                     '1': wait until every event is applied, print RESULT, stop gracefully
// It prints one line per state change: STATE (at start), CLAIMED, HANDLING, RESULT (JSON after the tag).
import { type KyselyPlugin, sql } from 'kysely'
import { openDatabase } from '../db/connect.ts'
import { migrate } from '../db/migrate.ts'
import { withWorkspace } from '../db/tx.ts'
import { up } from './migration.ts'
import { appendEvent } from './outbox.ts'
import { startEvents } from './start-events.ts'
import { defineListener } from './subscribe.ts'

const env = process.env
const workspaceId = env.CRASH_WORKSPACE!
const target = Number(env.CRASH_APPEND ?? 0)
const pause = env.CRASH_PAUSE ?? ''
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const say = (tag: string, data: unknown = '') => process.stdout.write(`${tag} ${JSON.stringify(data)}\n`)

const d = await openDatabase(env.CRASH_DB_URL ? { url: env.CRASH_DB_URL } : { dataDir: env.CRASH_DATA_DIR! })
await migrate(d.db)
await up(d.db)
await sql`create table if not exists crash_applied (event_id uuid primary key, n int not null);
  create table if not exists crash_total (id int primary key, n int not null);
  insert into crash_total values (1, 0) on conflict do nothing;
  grant select, insert, update on crash_applied, crash_total to kemai_app`.execute(d.db)
await sql`insert into workspace (id, name, slug, db_schema) values (${workspaceId}, 'crash', ${workspaceId}, ${`ws_${workspaceId.replaceAll('-', '')}`})
    on conflict do nothing`.execute(d.db)

async function state() {
  const r = await sql<{
    appended: number
    pending: number
    applied: number
    total: number
    max_n: number | null
  }>`select
      (select count(*)::int from outbox_event where type = 'crash.event') as appended,
      (select count(*)::int from outbox_event where dispatched_at is null) as pending,
      (select count(*)::int from crash_applied) as applied,
      (select n from crash_total where id = 1) as total,
      (select max(n) from crash_applied) as max_n`.execute(d.db)
  const boss = await sql<{ active: number; waiting: number }>`select
      (select count(*)::int from pgboss.job where name = 'kemai.listener.crash-counter' and state = 'active') as active,
      (select count(*)::int from pgboss.job where name = 'kemai.listener.crash-counter' and state < 'active') as waiting`
    .execute(d.db)
    .catch(() => ({ rows: [{ active: 0, waiting: 0 }] }))
  return { ...r.rows[0]!, ...boss.rows[0]! }
}

say('STATE', await state())

// Pauses right after the dispatcher's claim statement: the events are marked but not yet committed.
const claimPause: KyselyPlugin = {
  transformQuery: (args) => args.node,
  async transformResult({ result }) {
    const row = result.rows[0] as Record<string, unknown> | undefined
    if (pause === 'dispatch' && row && 'seq' in row && 'payload' in row && 'object_name' in row) {
      say('CLAIMED', result.rows.length)
      await sleep(2000)
    }
    return result
  },
}

const events = await startEvents({
  db: d.db.withPlugin(claimPause),
  pool: d.pool,
  kind: d.kind,
  boss: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
  onError: () => {},
  listeners: [
    defineListener({
      name: 'crash-counter',
      events: ['crash.event'],
      retryDelaySeconds: 1,
      // PostgreSQL: a job left active by the killed process is failed and retried after this long
      timeoutSeconds: 3,
      // small batches, so that some commit before each kill
      batchSize: 10,
      async handle(event, ctx) {
        await sql`insert into crash_applied (event_id, n) values (${event.id}, 1)
          on conflict (event_id) do update set n = crash_applied.n + 1`.execute(ctx.trx)
        await sql`update crash_total set n = n + 1 where id = 1`.execute(ctx.trx)
        if (pause === 'handle') {
          say('HANDLING', event.payload.i)
          await sleep(20)
        }
      },
    }),
  ],
})

// Appends in transactions of 10 while the worker runs, up to the target count.
for (;;) {
  const s = await state()
  if (s.appended >= target) break
  const n = Math.min(10, target - s.appended)
  await withWorkspace(d.db, workspaceId, async (trx) => {
    for (let i = 0; i < n; i++) {
      await appendEvent(trx, { workspaceId, type: 'crash.event', payload: { i: s.appended + i } })
    }
  })
  events.notify()
}

if (env.CRASH_FINISH === '1') {
  const end = Date.now() + 90_000
  let s = await state()
  while (
    Date.now() < end &&
    !(s.applied === target && s.pending === 0 && s.active === 0 && s.waiting === 0)
  ) {
    await sleep(100)
    s = await state()
  }
  const metrics = await events.metrics()
  await events.stop()
  say('RESULT', { ...s, deadLetters: metrics.deadLetters })
  await d.close()
  process.exit(s.applied === target ? 0 : 1)
}
// otherwise: run until killed
