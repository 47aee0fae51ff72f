import type { DeliveryStatus } from '@kemai/shared/api/webhooks.api'
import { sql } from 'kysely'
import type { Tx } from '../db/tx.ts'

export interface WebhookRow {
  workspace_id: string
  id: string
  url: string
  secret: string
  event_types: string[]
  object_names: string[] | null
  is_active: boolean
  description: string | null
  created_by: string | null
  created_at: Date
  updated_at: Date
}

export interface DeliveryRow {
  workspace_id: string
  id: string
  webhook_id: string
  event_id: string
  event_type: string
  attempt: number
  status: DeliveryStatus
  response_status: number | null
  response_body: string | null
  error: string | null
  duration_ms: number | null
  next_attempt_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface AttemptRow {
  workspace_id: string
  id: string
  delivery_id: string
  attempt: number
  manual: boolean
  requested_at: Date
  response_status: number | null
  response_body: string | null
  error: string | null
  duration_ms: number
}

const DELIVERY_COLUMNS = [
  'workspace_id',
  'id',
  'webhook_id',
  'event_id',
  'event_type',
  'attempt',
  'status',
  'response_status',
  'response_body',
  'error',
  'duration_ms',
  'next_attempt_at',
  'created_at',
  'updated_at',
] as const

export async function listWebhooks(trx: Tx, workspaceId: string): Promise<WebhookRow[]> {
  return trx
    .selectFrom('webhook')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute() as Promise<WebhookRow[]>
}

export async function getWebhook(trx: Tx, workspaceId: string, id: string): Promise<WebhookRow | undefined> {
  return trx
    .selectFrom('webhook')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<WebhookRow | undefined>
}

/** The active webhooks of several workspaces (the dispatcher's check, across workspaces as the owner). */
export async function activeWebhooksOf(
  trx: Tx,
  workspaceIds: readonly string[],
): Promise<Pick<WebhookRow, 'workspace_id' | 'event_types' | 'object_names'>[]> {
  if (workspaceIds.length === 0) return []
  return trx
    .selectFrom('webhook')
    .select(['workspace_id', 'event_types', 'object_names'])
    .where('workspace_id', 'in', workspaceIds)
    .where('is_active', '=', true)
    .execute()
}

/** The workspace's active webhooks, for matching an event. */
export async function activeWebhooks(
  trx: Tx,
  workspaceId: string,
): Promise<Pick<WebhookRow, 'id' | 'event_types' | 'object_names'>[]> {
  return trx
    .selectFrom('webhook')
    .select(['id', 'event_types', 'object_names'])
    .where('workspace_id', '=', workspaceId)
    .where('is_active', '=', true)
    .execute()
}

export async function insertWebhook(
  trx: Tx,
  row: Omit<WebhookRow, 'created_at' | 'updated_at'>,
): Promise<WebhookRow> {
  return trx.insertInto('webhook').values(row).returningAll().executeTakeFirstOrThrow() as Promise<WebhookRow>
}

export async function updateWebhook(
  trx: Tx,
  workspaceId: string,
  id: string,
  patch: Partial<
    Pick<WebhookRow, 'url' | 'secret' | 'event_types' | 'object_names' | 'is_active' | 'description'>
  >,
): Promise<WebhookRow | undefined> {
  return trx
    .updateTable('webhook')
    .set({ ...patch, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst() as Promise<WebhookRow | undefined>
}

/** Deletes a webhook with its delivery log. */
export async function deleteWebhook(trx: Tx, workspaceId: string, id: string): Promise<boolean> {
  await sql`delete from webhook_delivery_attempt a using webhook_delivery d
    where a.workspace_id = ${workspaceId} and d.workspace_id = ${workspaceId}
      and a.delivery_id = d.id and d.webhook_id = ${id}`.execute(trx)
  await trx
    .deleteFrom('webhook_delivery')
    .where('workspace_id', '=', workspaceId)
    .where('webhook_id', '=', id)
    .execute()
  const r = await trx
    .deleteFrom('webhook')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** One delivery per webhook and event (unique index): a second insert returns null. */
export async function insertDelivery(
  trx: Tx,
  row: Pick<DeliveryRow, 'workspace_id' | 'id' | 'webhook_id' | 'event_id' | 'event_type'> & { body: string },
): Promise<string | null> {
  const r = await sql<{ id: string }>`insert into webhook_delivery
      (workspace_id, id, webhook_id, event_id, event_type, body, status, next_attempt_at)
    values (${row.workspace_id}, ${row.id}, ${row.webhook_id}, ${row.event_id}, ${row.event_type}, ${row.body},
      'pending', now())
    on conflict (workspace_id, webhook_id, event_id) do nothing
    returning id`.execute(trx)
  return r.rows[0]?.id ?? null
}

export interface DeliveryTarget {
  id: string
  webhook_id: string
  event_type: string
  attempt: number
  status: DeliveryStatus
  body: string
  url: string
  secret: string
  is_active: boolean
}

/** What an attempt needs: the delivery, its body and where and how to send it. */
export async function deliveryTarget(
  trx: Tx,
  workspaceId: string,
  deliveryId: string,
): Promise<DeliveryTarget | undefined> {
  const r = await sql<DeliveryTarget>`select d.id, d.webhook_id, d.event_type, d.attempt, d.status, d.body,
      w.url, w.secret, w.is_active
    from webhook_delivery d join webhook w on w.workspace_id = d.workspace_id and w.id = d.webhook_id
    where d.workspace_id = ${workspaceId} and d.id = ${deliveryId}`.execute(trx)
  return r.rows[0]
}

/** Logs one attempt; false when this attempt number was already logged (a concurrent or repeated run). */
export async function insertAttempt(
  trx: Tx,
  row: Omit<AttemptRow, 'requested_at'> & { requested_at: Date },
): Promise<boolean> {
  const r = await sql`insert into webhook_delivery_attempt
      (workspace_id, id, delivery_id, attempt, manual, requested_at, response_status, response_body, error, duration_ms)
    values (${row.workspace_id}, ${row.id}, ${row.delivery_id}, ${row.attempt}, ${row.manual}, ${row.requested_at},
      ${row.response_status}, ${row.response_body}, ${row.error}, ${row.duration_ms})
    on conflict (workspace_id, delivery_id, attempt) do nothing
    returning 1 as x`.execute(trx)
  return r.rows.length === 1
}

export async function updateDelivery(
  trx: Tx,
  workspaceId: string,
  id: string,
  set: Partial<
    Pick<
      DeliveryRow,
      'attempt' | 'status' | 'response_status' | 'response_body' | 'error' | 'duration_ms' | 'next_attempt_at'
    >
  >,
): Promise<void> {
  await trx
    .updateTable('webhook_delivery')
    .set({ ...set, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute()
}

export async function getDelivery(
  trx: Tx,
  workspaceId: string,
  webhookId: string,
  id: string,
): Promise<DeliveryRow | undefined> {
  return trx
    .selectFrom('webhook_delivery')
    .select(DELIVERY_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('webhook_id', '=', webhookId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A webhook's deliveries, newest first (ids are time-ordered v7); `beforeId` pages. */
export async function listDeliveries(
  trx: Tx,
  workspaceId: string,
  webhookId: string,
  f: { status?: DeliveryStatus | undefined; beforeId?: string | undefined; limit: number },
): Promise<DeliveryRow[]> {
  let q = trx
    .selectFrom('webhook_delivery')
    .select(DELIVERY_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('webhook_id', '=', webhookId)
  if (f.status) q = q.where('status', '=', f.status)
  if (f.beforeId) q = q.where('id', '<', f.beforeId)
  return q.orderBy('id', 'desc').limit(f.limit).execute()
}

export async function listAttempts(
  trx: Tx,
  workspaceId: string,
  deliveryIds: string[],
): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return []
  return trx
    .selectFrom('webhook_delivery_attempt')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('attempt')
    .execute() as Promise<AttemptRow[]>
}
