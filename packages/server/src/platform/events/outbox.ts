import {
  EVENT_TYPE_PATTERN,
  type RecordEventPayload,
  type RecordEventType,
  recordEventPayloads,
} from '@kemai/shared/api/events.api'
import type { RawBuilder } from 'kysely'
import type { Channel } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import type { Tx } from '../db/tx.ts'
import { insertOutboxEvent, insertOutboxEvents, type OutboxRow, outboxInsertSql } from './events.repo.ts'

interface EventBase {
  workspaceId: string
  objectName?: string | null
  recordId?: string | null
  actorId?: string | null
  channel?: Channel | null
  /** default true: `pg_notify('kemai_outbox')` at commit; a bulk import may turn it off */
  notify?: boolean
}

/** A built-in event: its payload is checked against the shared schema. */
export type RecordEventInput = {
  [T in RecordEventType]: EventBase & { type: T; payload: RecordEventPayload<T> }
}[RecordEventType]

/** A module's domain event (`opportunity.won`); the module owns its payload. */
export interface DomainEventInput extends EventBase {
  type: string
  payload: Record<string, unknown>
}

export type AppendEventInput = RecordEventInput | DomainEventInput

/**
 * Appends an event to the outbox in the caller's transaction (the records service calls it inside its
 * write transaction), so the event exists exactly when the change does. Returns the event id.
 *
 * @example await appendEvent(trx, { workspaceId, type: 'record.updated', objectName: 'lead', recordId,
 *   actorId, channel: 'ui', payload: { changed: ['owner_id'], before: { owner_id: a }, after: { owner_id: b } } })
 */
export async function appendEvent(trx: Tx, input: AppendEventInput): Promise<{ id: string; seq: number }> {
  if (!EVENT_TYPE_PATTERN.test(input.type)) throw new Error(`invalid event type: ${input.type}`)
  const schema = recordEventPayloads[input.type as RecordEventType]
  // a programming error, not a user error: the records service builds these payloads
  if (schema) schema.parse(input.payload)
  const id = newId()
  const seq = await insertOutboxEvent(
    trx,
    {
      workspaceId: input.workspaceId,
      id,
      type: input.type,
      objectName: input.objectName ?? null,
      recordId: input.recordId ?? null,
      actorId: input.actorId ?? null,
      channel: input.channel ?? null,
      payload: input.payload,
    },
    input.notify ?? true,
  )
  return { id, seq }
}

/**
 * Appends several events in the caller's transaction with one statement (the records service's batch
 * path). Same checks as appendEvent; one `pg_notify` for the whole batch.
 */
export async function appendEvents(
  trx: Tx,
  inputs: readonly AppendEventInput[],
  notify = true,
): Promise<void> {
  const rows = outboxRows(inputs)
  // large batches in slices, to stay far below the bind-parameter limit (8 per row)
  for (let i = 0; i < rows.length; i += 2000) await insertOutboxEvents(trx, rows.slice(i, i + 2000), notify)
}

/**
 * The same as one statement to embed in a larger write (the records service merges its row, history,
 * search document and outbox into one round trip). The embedding statement selects OUTBOX_NOTIFY
 * (events.repo.ts) to wake dispatchers in other processes.
 */
export function appendEventsSql(inputs: readonly AppendEventInput[]): RawBuilder<unknown> {
  if (inputs.length > 2000) throw new Error('appendEventsSql: at most 2000 events per statement')
  return outboxInsertSql(outboxRows(inputs))
}

function outboxRows(inputs: readonly AppendEventInput[]): OutboxRow[] {
  return inputs.map((input) => {
    if (!EVENT_TYPE_PATTERN.test(input.type)) throw new Error(`invalid event type: ${input.type}`)
    const schema = recordEventPayloads[input.type as RecordEventType]
    if (schema) schema.parse(input.payload)
    return {
      workspaceId: input.workspaceId,
      id: newId(),
      type: input.type,
      objectName: input.objectName ?? null,
      recordId: input.recordId ?? null,
      actorId: input.actorId ?? null,
      channel: input.channel ?? null,
      payload: input.payload,
    }
  })
}
