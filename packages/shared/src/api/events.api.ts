import { z } from 'zod'

/**
 * Outbox events: what a transaction appended, as listeners, webhooks and the timeline see it.
 * `record.*` and `records.merged` have fixed payloads; modules may emit free domain events
 * (`opportunity.won`, `ticket.sla_breached`) whose payload is theirs to define.
 */
export const RECORD_EVENT_TYPES = [
  'record.created',
  'record.updated',
  'record.deleted',
  'record.restored',
  'records.merged',
] as const
export type RecordEventType = (typeof RECORD_EVENT_TYPES)[number]

/** `a.b` or `a.b.c`: lower-case segments with underscores. Domain events use `<object or area>.<verb>`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/
export const eventTypeSchema = z.string().max(100).regex(EVENT_TYPE_PATTERN, 'invalid_format')

/**
 * What a listener or a webhook subscribes to: an exact type, `*` (everything) or a prefix
 * ending in `.*` (`record.*` matches `record.created` but not `records.merged`).
 */
export const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/
export const eventPatternSchema = z.string().max(100).regex(EVENT_PATTERN, 'invalid_format')

export const eventChannelSchema = z.enum([
  'ui',
  'api',
  'import',
  'workflow',
  'system',
  'merge',
  'cleanse',
  'form',
])

const recordValues = z.record(z.string(), z.unknown())

/** Set when a workflow run made the change: which run, and how deep in a chain of runs (the loop guard). */
export const eventCauseSchema = z.object({
  workflowId: z.uuid(),
  runId: z.uuid(),
  depth: z.number().int().min(1),
})
export type EventCause = z.infer<typeof eventCauseSchema>
const cause = eventCauseSchema.optional()

/** Payload of each built-in event type. */
export const recordEventPayloads = {
  /** the record as written (field name → value) */
  'record.created': z.object({ record: recordValues, cause }),
  /** only the fields that changed: their names, and their values before and after */
  'record.updated': z.object({
    changed: z.array(z.string()).min(1),
    before: recordValues,
    after: recordValues,
    version: z.number().int().optional(),
    cause,
  }),
  /** `hard: true` when the row is gone (retention/compliance); otherwise it is in the recycle bin */
  'record.deleted': z.object({ record: recordValues.optional(), hard: z.boolean().optional(), cause }),
  'record.restored': z.object({ record: recordValues.optional(), cause }),
  /** `recordId` of the envelope is the surviving record */
  'records.merged': z.object({
    survivorId: z.uuid(),
    mergedIds: z.array(z.uuid()).min(1),
    changed: z.array(z.string()).optional(),
    cause,
  }),
} as const satisfies Record<RecordEventType, z.ZodType>

export type RecordEventPayload<T extends RecordEventType> = z.infer<(typeof recordEventPayloads)[T]>

/** One event as it travels from the outbox to listeners (the job data) and, minus `seq`, to webhooks. */
export const eventEnvelopeSchema = z
  .object({
    id: z.uuid(),
    /** position in the outbox; increases with append order within one database */
    seq: z.number().int(),
    type: eventTypeSchema,
    workspaceId: z.uuid(),
    objectName: z.string().nullable(),
    recordId: z.uuid().nullable(),
    actorId: z.uuid().nullable(),
    channel: eventChannelSchema.nullable(),
    occurredAt: z.string(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Event' })
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>

/** The JSON body a webhook receives. */
export const webhookEventBodySchema = eventEnvelopeSchema.omit({ seq: true }).meta({ id: 'WebhookEventBody' })
export type WebhookEventBody = z.infer<typeof webhookEventBodySchema>

/** True when `type` matches one of `patterns` (see EVENT_PATTERN). */
export function eventTypeMatches(patterns: readonly string[], type: string): boolean {
  for (const p of patterns) {
    if (p === '*' || p === type) return true
    if (p.endsWith('.*') && type.startsWith(p.slice(0, -1))) return true
  }
  return false
}
