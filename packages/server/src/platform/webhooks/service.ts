import {
  type CreateWebhookBody,
  createWebhookBodySchema,
  type DeliveryDto,
  type DeliveryListDto,
  type DeliveryListQuery,
  deliveryListQuerySchema,
  type UpdateWebhookBody,
  updateWebhookBodySchema,
  type WebhookDto,
  type WebhookWithSecretDto,
} from '@kemai/shared/api/webhooks.api'
import type { z } from 'zod'
import type { Actor } from '../access/actor.ts'
import { assertCanAdmin } from '../access/permissions.ts'
import { type AuditAction, audit, auditActor } from '../audit/audit.ts'
import { newId } from '../db/ids.ts'
import { type Db, type Tx, withWorkspace } from '../db/tx.ts'
import { errors, type FieldIssue } from '../errors.ts'
import { enqueue } from '../events/boss.ts'
import { DELIVERY_QUEUE, type DeliveryJobData } from './delivery.ts'
import { newWebhookSecret } from './signature.ts'
import { toDeliveryDto, toWebhookDto } from './webhooks.mappers.ts'
import * as repo from './webhooks.repo.ts'

export type WebhookService = ReturnType<typeof createWebhookService>

/** Who made the request, for the audit log. */
export interface WebhookRequestMeta {
  ip?: string | null
}

/**
 * Managing webhooks and reading their delivery log (workspace admins; API keys need the `*` scope).
 * Deliveries themselves are made by the listener and job in delivery.ts.
 */
export function createWebhookService({ db }: { db: Db }) {
  function change<T>(actor: Actor, fn: (trx: Tx) => Promise<T>): Promise<T> {
    assertCanAdmin(actor, 'webhooks', 'write')
    return withWorkspace(db, actor.workspaceId, fn)
  }

  async function logChange(
    trx: Tx,
    actor: Actor,
    meta: WebhookRequestMeta,
    action: string,
    id: string,
    detail = {},
  ) {
    // AuditAction has no webhook.* member yet (platform/audit owns it)
    await audit(trx, {
      ...auditActor(actor, meta.ip),
      action: action as AuditAction,
      targetType: 'webhook',
      targetId: id,
      detail,
    })
  }

  async function list(actor: Actor): Promise<WebhookDto[]> {
    assertCanAdmin(actor, 'webhooks', 'read')
    const rows = await withWorkspace(db, actor.workspaceId, (trx) =>
      repo.listWebhooks(trx, actor.workspaceId),
    )
    return rows.map(toWebhookDto)
  }

  /** Creates a webhook with a new secret; the answer is the only place the secret is shown. */
  async function create(
    actor: Actor,
    input: CreateWebhookBody,
    meta: WebhookRequestMeta = {},
  ): Promise<WebhookWithSecretDto> {
    const body = parse(createWebhookBodySchema, input)
    return change(actor, async (trx) => {
      const secret = newWebhookSecret()
      const row = await repo.insertWebhook(trx, {
        workspace_id: actor.workspaceId,
        id: newId(),
        url: body.url,
        secret,
        event_types: unique(body.eventTypes),
        object_names: body.objectNames ? unique(body.objectNames) : null,
        is_active: body.isActive ?? true,
        description: body.description ?? null,
        created_by: actor.userId,
      })
      await logChange(trx, actor, meta, 'webhook.created', row.id, {
        url: row.url,
        eventTypes: row.event_types,
      })
      return { ...toWebhookDto(row), secret }
    })
  }

  /** Changes a webhook; with `rotateSecret` the answer carries the new secret. */
  async function update(
    actor: Actor,
    id: string,
    input: UpdateWebhookBody,
    meta: WebhookRequestMeta = {},
  ): Promise<WebhookDto | WebhookWithSecretDto> {
    const body = parse(updateWebhookBodySchema, input)
    return change(actor, async (trx) => {
      const secret = body.rotateSecret ? newWebhookSecret() : undefined
      const row = await repo.updateWebhook(trx, actor.workspaceId, id, {
        ...(body.url !== undefined && { url: body.url }),
        ...(body.eventTypes !== undefined && { event_types: unique(body.eventTypes) }),
        ...(body.objectNames !== undefined && {
          object_names: body.objectNames ? unique(body.objectNames) : null,
        }),
        ...(body.isActive !== undefined && { is_active: body.isActive }),
        ...(body.description !== undefined && { description: body.description }),
        ...(secret !== undefined && { secret }),
      })
      if (!row) throw errors.notFound()
      const { rotateSecret: rotated, ...changed } = body
      await logChange(trx, actor, meta, 'webhook.updated', id, {
        changed: Object.keys(changed),
        rotated: !!rotated,
      })
      return secret ? { ...toWebhookDto(row), secret } : toWebhookDto(row)
    })
  }

  /** Deletes a webhook and its delivery log; pending retries find nothing and stop. */
  async function remove(actor: Actor, id: string, meta: WebhookRequestMeta = {}): Promise<void> {
    await change(actor, async (trx) => {
      const row = await repo.getWebhook(trx, actor.workspaceId, id)
      if (!row) throw errors.notFound()
      await repo.deleteWebhook(trx, actor.workspaceId, id)
      await logChange(trx, actor, meta, 'webhook.deleted', id, { url: row.url })
    })
  }

  /** The delivery log of one webhook, newest first, with every attempt. */
  async function listDeliveries(
    actor: Actor,
    id: string,
    query: DeliveryListQuery = {},
  ): Promise<DeliveryListDto> {
    assertCanAdmin(actor, 'webhooks', 'read')
    const q = parse(deliveryListQuerySchema, query)
    const limit = q.limit ?? 20
    return withWorkspace(db, actor.workspaceId, async (trx) => {
      if (!(await repo.getWebhook(trx, actor.workspaceId, id))) throw errors.notFound()
      const rows = await repo.listDeliveries(trx, actor.workspaceId, id, {
        status: q.status,
        beforeId: q.cursor,
        limit: limit + 1,
      })
      const page = rows.slice(0, limit)
      const attempts = await repo.listAttempts(
        trx,
        actor.workspaceId,
        page.map((d) => d.id),
      )
      return {
        data: page.map((d) => toDeliveryDto(d, attempts)),
        nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
      }
    })
  }

  /**
   * Sends a settled delivery again, once, with the same body and delivery id (receivers deduplicate on
   * X-Kemai-Delivery). A delivery still waiting for a retry cannot be redelivered (409).
   */
  async function redeliver(
    actor: Actor,
    id: string,
    deliveryId: string,
    meta: WebhookRequestMeta = {},
  ): Promise<DeliveryDto> {
    return change(actor, async (trx) => {
      const hook = await repo.getWebhook(trx, actor.workspaceId, id)
      const d = hook && (await repo.getDelivery(trx, actor.workspaceId, id, deliveryId))
      if (!hook || !d) throw errors.notFound()
      if (d.status === 'pending') throw errors.conflict([{ path: 'status', code: 'invalid_value' }])
      if (!hook.is_active) throw errors.conflict([{ path: 'isActive', code: 'invalid_value' }])
      await repo.updateDelivery(trx, actor.workspaceId, deliveryId, {
        status: 'pending',
        next_attempt_at: new Date(),
      })
      const data: DeliveryJobData = {
        workspaceId: actor.workspaceId,
        deliveryId,
        attempt: d.attempt + 1,
        manual: true,
      }
      await enqueue(trx, DELIVERY_QUEUE, data)
      await logChange(trx, actor, meta, 'webhook.redelivered', id, { deliveryId })
      const updated = await repo.getDelivery(trx, actor.workspaceId, id, deliveryId)
      return toDeliveryDto(updated!, await repo.listAttempts(trx, actor.workspaceId, [deliveryId]))
    })
  }

  return { list, create, update, remove, listDeliveries, redeliver }
}

/** The service is a boundary too (CLI, tests): inputs are checked against the same shared schemas. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  const issues: FieldIssue[] = r.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || 'body',
    code:
      i.path[0] === 'url'
        ? 'invalid_url'
        : i.code === 'unrecognized_keys'
          ? 'unknown_field'
          : 'invalid_value',
  }))
  throw errors.validation(issues)
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)]
