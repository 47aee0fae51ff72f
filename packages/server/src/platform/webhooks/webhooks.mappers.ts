import type { DeliveryAttemptDto, DeliveryDto, WebhookDto } from '@kemai/shared/api/webhooks.api'
import type { AttemptRow, DeliveryRow, WebhookRow } from './webhooks.repo.ts'

/** A webhook as the API shows it: never the secret. */
export function toWebhookDto(r: WebhookRow): WebhookDto {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    objectNames: r.object_names,
    isActive: r.is_active,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

export function toAttemptDto(a: AttemptRow): DeliveryAttemptDto {
  return {
    attempt: a.attempt,
    manual: a.manual,
    requestedAt: a.requested_at.toISOString(),
    responseStatus: a.response_status,
    responseBody: a.response_body,
    error: a.error,
    durationMs: a.duration_ms,
  }
}

export function toDeliveryDto(d: DeliveryRow, attempts: AttemptRow[]): DeliveryDto {
  return {
    id: d.id,
    webhookId: d.webhook_id,
    eventId: d.event_id,
    eventType: d.event_type,
    status: d.status,
    attempt: d.attempt,
    responseStatus: d.response_status,
    error: d.error,
    durationMs: d.duration_ms,
    nextAttemptAt: d.next_attempt_at ? d.next_attempt_at.toISOString() : null,
    createdAt: d.created_at.toISOString(),
    updatedAt: d.updated_at.toISOString(),
    attempts: attempts.filter((a) => a.delivery_id === d.id).map(toAttemptDto),
  }
}
