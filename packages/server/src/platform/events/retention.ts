import { sql } from 'kysely'
import type { Db } from '../db/tx.ts'
import type { FileStorage } from '../files/storage.ts'
import { rootLogger } from '../log.ts'

export interface RetentionConfig {
  /** dispatched outbox events, and the listeners' receipts for them, are kept this many days */
  outboxDays: number
  /** settled webhook deliveries (succeeded or failed) and their attempts are kept this many days */
  deliveryDays: number
  /** background exports (export_job rows and their files) are kept this many days */
  exportDays: number
  /** rows deleted per statement, so a large purge never holds long locks */
  batchSize: number
  /** how often the worker purges */
  intervalMs: number
}

export const DEFAULT_RETENTION: RetentionConfig = {
  outboxDays: 7,
  deliveryDays: 30,
  exportDays: 7,
  batchSize: 5000,
  intervalMs: 60 * 60 * 1000,
}

export interface PurgeResult {
  outboxEvents: number
  receipts: number
  deliveries: number
  attempts: number
  /** workflow rate-limit counters of minutes over an hour old */
  rateCounters: number
  /** export jobs started more than `exportDays` ago (their files too, unless a file row shares the bytes) */
  exports: number
}

export interface RetentionDeps {
  /** where export files are; without it only the rows go (tests of the other tables) */
  storage?: FileStorage
}

/**
 * Deletes what the event machinery no longer needs: outbox events dispatched more than `outboxDays` ago
 * (pending ones are never touched, however old), listener receipts of that age (an event that old is no
 * longer redelivered: pg-boss gave up on it long before), and settled webhook deliveries with their
 * attempt logs after `deliveryDays`, and the automation's per-minute start counters (`workflow_rate`) after an
 * hour, and background exports with their files after `exportDays`. Runs across workspaces as the owner, in
 * batches.
 */
export async function purgeOnce(
  db: Db,
  cfg: RetentionConfig = DEFAULT_RETENTION,
  now: Date = new Date(),
  deps: RetentionDeps = {},
): Promise<PurgeResult> {
  const outboxCutoff = new Date(now.getTime() - cfg.outboxDays * 86_400_000)
  const deliveryCutoff = new Date(now.getTime() - cfg.deliveryDays * 86_400_000)
  const inBatches = async (statement: () => Promise<number>): Promise<number> => {
    let total = 0
    for (;;) {
      const n = await statement()
      total += n
      if (n < cfg.batchSize) return total
    }
  }
  const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n)
  const outboxEvents = await inBatches(async () =>
    count(
      await sql`delete from outbox_event where ctid = any(array(
        select ctid from outbox_event where dispatched_at is not null and dispatched_at < ${outboxCutoff}
        limit ${cfg.batchSize}))`.execute(db),
    ),
  )
  const receipts = await inBatches(async () =>
    count(
      await sql`delete from processed_event where ctid = any(array(
        select ctid from processed_event where processed_at < ${outboxCutoff} limit ${cfg.batchSize}))`.execute(
        db,
      ),
    ),
  )
  let attempts = 0
  const deliveries = await inBatches(async () => {
    const r = await sql<{ attempts: number; deliveries: number }>`with gone as (
        delete from webhook_delivery where ctid = any(array(
          select ctid from webhook_delivery
          where status in ('succeeded', 'failed') and updated_at < ${deliveryCutoff}
          limit ${cfg.batchSize}))
        returning workspace_id, id),
      logs as (
        delete from webhook_delivery_attempt a using gone
        where a.workspace_id = gone.workspace_id and a.delivery_id = gone.id
        returning 1)
      select (select count(*) from gone)::int as deliveries, (select count(*) from logs)::int as attempts`.execute(
      db,
    )
    attempts += r.rows[0]?.attempts ?? 0
    return r.rows[0]?.deliveries ?? 0
  })
  const rateCutoff = new Date(now.getTime() - 3_600_000)
  const rateCounters = await inBatches(async () =>
    count(
      await sql`delete from workflow_rate where ctid = any(array(
        select ctid from workflow_rate where minute < ${rateCutoff} limit ${cfg.batchSize}))`.execute(db),
    ),
  )
  const exportCutoff = new Date(now.getTime() - cfg.exportDays * 86_400_000)
  const exports = await inBatches(async () => {
    const gone = await sql<{ workspace_id: string; storage_key: string | null }>`delete from export_job
      where ctid = any(array(select ctid from export_job where created_at < ${exportCutoff} limit ${cfg.batchSize}))
      returning workspace_id, storage_key`.execute(db)
    // bytes are content-addressed per workspace: an upload (or another export) with the same content keeps them
    for (const g of gone.rows) {
      if (!g.storage_key || !deps.storage) continue
      const used = await sql<{ n: number }>`select
          (select count(*) from file where workspace_id = ${g.workspace_id} and storage_key = ${g.storage_key})::int
          + (select count(*) from export_job where workspace_id = ${g.workspace_id}
              and storage_key = ${g.storage_key})::int as n`.execute(db)
      if ((used.rows[0]?.n ?? 0) === 0) await deps.storage.remove(g.storage_key)
    }
    return gone.rows.length
  })
  return { outboxEvents, receipts, deliveries, attempts, rateCounters, exports }
}

/** The worker's hourly purge (one at a time per process; concurrent purges in several workers are harmless). */
export function createRetention(db: Db, cfg: RetentionConfig = DEFAULT_RETENTION, deps: RetentionDeps = {}) {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> | null = null
  const tick = () => {
    running ??= purgeOnce(db, cfg, new Date(), deps)
      .then((r) => {
        if (r.outboxEvents + r.receipts + r.deliveries + r.rateCounters + r.exports > 0)
          rootLogger.info(r, 'retention: purged')
      })
      .catch((err: Error) => rootLogger.error({ err: { message: err.message } }, 'retention'))
      .finally(() => {
        running = null
      })
  }
  return {
    start(): void {
      if (timer) return
      timer = setInterval(tick, cfg.intervalMs)
      timer.unref()
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = null
      await running
    },
  }
}
