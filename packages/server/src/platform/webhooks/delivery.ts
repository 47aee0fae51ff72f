import { type EventEnvelope, eventTypeMatches, type WebhookEventBody } from '@kemai/shared/api/events.api'
import { newId } from '../db/ids.ts'
import { type Db, withWorkspace } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { enqueue } from '../events/boss.ts'
import { defineJob, type JobDefinition } from '../events/jobs.ts'
import { defineListener, type Listener } from '../events/subscribe.ts'
import { postWebhook } from './post.ts'
import * as repo from './webhooks.repo.ts'

export const WEBHOOK_LISTENER = 'webhooks'
export const DELIVERY_QUEUE = 'kemai.webhook-delivery'

export interface WebhookConfig {
  /** seconds to wait before each retry; its length is the number of retries */
  retrySchedule: readonly number[]
  /** per attempt */
  timeoutMs: number
  /** characters of each answer kept in the delivery log */
  maxResponseChars: number
  /** deliveries in flight at once in one process */
  concurrency: number
  /** allow loopback and private addresses as webhook targets (refused by default: SSRF) */
  allowPrivateNetworks: boolean
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  retrySchedule: [30, 120, 600, 3600, 6 * 3600],
  timeoutMs: 10_000,
  maxResponseChars: 2000,
  concurrency: 4,
  allowPrivateNetworks: false,
}

export interface DeliveryJobData {
  workspaceId: string
  deliveryId: string
  /** the attempt this job makes (1 = first) */
  attempt: number
  /** a manual redelivery: one attempt, no retries after it */
  manual?: boolean
}

/** The JSON a subscriber receives: the event without its outbox position. */
export function webhookBody(e: EventEnvelope): WebhookEventBody {
  return {
    id: e.id,
    type: e.type,
    workspaceId: e.workspaceId,
    objectName: e.objectName,
    recordId: e.recordId,
    actorId: e.actorId,
    channel: e.channel,
    occurredAt: e.occurredAt,
    payload: e.payload,
  }
}

export function webhookWants(
  w: Pick<repo.WebhookRow, 'event_types' | 'object_names'>,
  e: Pick<EventEnvelope, 'type' | 'objectName'>,
): boolean {
  if (!eventTypeMatches(w.event_types, e.type)) return false
  return w.object_names === null || (e.objectName !== null && w.object_names.includes(e.objectName))
}

/**
 * The outbox listener that turns each event into one delivery per matching webhook, and the job that
 * makes each HTTP attempt. Pass both to startEvents.
 */
export function createWebhookDelivery({ db, config = {} }: { db: Db; config?: Partial<WebhookConfig> }): {
  listener: Listener
  job: JobDefinition<DeliveryJobData>
  config: WebhookConfig
} {
  const cfg: WebhookConfig = { ...DEFAULT_WEBHOOK_CONFIG, ...config }
  const maxAttempts = cfg.retrySchedule.length + 1

  // The delivery row and its first job are written in the listener's transaction, which also records
  // the event as handled: a retried event never creates a second delivery (and the unique index agrees).
  const listener = defineListener({
    name: WEBHOOK_LISTENER,
    events: ['*'],
    // only events some active webhook of their workspace subscribes to
    async wants(trx, events) {
      const hooks = await repo.activeWebhooksOf(trx, [...new Set(events.map((e) => e.workspaceId))])
      return (e) => hooks.some((h) => h.workspace_id === e.workspaceId && webhookWants(h, e))
    },
    async handle(event, ctx) {
      const hooks = await repo.activeWebhooks(ctx.trx, event.workspaceId)
      const body = JSON.stringify(webhookBody(event))
      for (const h of hooks) {
        if (!webhookWants(h, event)) continue
        const deliveryId = await repo.insertDelivery(ctx.trx, {
          workspace_id: event.workspaceId,
          id: newId(),
          webhook_id: h.id,
          event_id: event.id,
          event_type: event.type,
          body,
        })
        if (deliveryId) {
          const data: DeliveryJobData = { workspaceId: event.workspaceId, deliveryId, attempt: 1 }
          await ctx.enqueue(DELIVERY_QUEUE, data)
        }
      }
    },
  })

  // One attempt per job. The HTTP request runs outside any transaction (on PGlite, holding the single
  // connection for up to the timeout would stall everything). The attempt's log row, the delivery's
  // new state and the next attempt's job (delayed by the schedule) commit together.
  const job = defineJob<DeliveryJobData>({
    name: DELIVERY_QUEUE,
    concurrency: cfg.concurrency,
    // pg-boss retries only a crash or a database error; HTTP failures follow retrySchedule
    retryLimit: 3,
    retryDelaySeconds: 5,
    timeoutSeconds: Math.ceil(cfg.timeoutMs / 1000) + 60,
    async handle(data) {
      const { workspaceId, deliveryId, attempt } = data
      const manual = data.manual === true
      const target = await inWorkspace(db, workspaceId, (trx) =>
        repo.deliveryTarget(trx, workspaceId, deliveryId),
      )
      // gone, already attempted (a repeated job), or settled meanwhile
      if (!target || target.attempt >= attempt || (!manual && target.status !== 'pending')) return
      const requestedAt = new Date()
      const res = target.is_active
        ? await postWebhook({
            url: target.url,
            secret: target.secret,
            body: target.body,
            eventType: target.event_type,
            deliveryId,
            timeoutMs: cfg.timeoutMs,
            maxResponseChars: cfg.maxResponseChars,
            allowPrivateNetworks: cfg.allowPrivateNetworks,
          })
        : { ok: false, status: null, body: null, error: 'webhook disabled', durationMs: 0 }
      await inWorkspace(db, workspaceId, async (trx) => {
        const logged = await repo.insertAttempt(trx, {
          workspace_id: workspaceId,
          id: newId(),
          delivery_id: deliveryId,
          attempt,
          manual,
          requested_at: requestedAt,
          response_status: res.status,
          response_body: res.body,
          error: res.error,
          duration_ms: res.durationMs,
        })
        if (!logged) return
        const retryIn =
          !res.ok && !manual && target.is_active && attempt < maxAttempts
            ? cfg.retrySchedule[attempt - 1]!
            : null
        await repo.updateDelivery(trx, workspaceId, deliveryId, {
          attempt,
          status: res.ok ? 'succeeded' : retryIn === null ? 'failed' : 'pending',
          response_status: res.status,
          response_body: res.body,
          error: res.error,
          duration_ms: res.durationMs,
          next_attempt_at: retryIn === null ? null : new Date(Date.now() + retryIn * 1000),
        })
        if (retryIn !== null) {
          const next: DeliveryJobData = { workspaceId, deliveryId, attempt: attempt + 1 }
          await enqueue(trx, DELIVERY_QUEUE, next, { startAfter: retryIn })
        }
      })
    },
  })
  return { listener, job, config: cfg }
}

/** withWorkspace, where a deleted workspace means there is nothing left to deliver. */
async function inWorkspace<T>(
  db: Db,
  workspaceId: string,
  fn: Parameters<typeof withWorkspace<T>>[2],
): Promise<T | undefined> {
  try {
    return await withWorkspace(db, workspaceId, fn)
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined
    throw err
  }
}
