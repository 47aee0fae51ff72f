import type { EventEnvelope } from '@kemai/shared/api/events.api'
import { sql } from 'kysely'
import { isUuid, type Tx } from '../db/tx.ts'
import { defineListener, type Listener } from '../events/subscribe.ts'
import { tableName } from '../metadata/ddl.ts'
import type { MetadataService, WorkspaceSchema } from '../metadata/service.ts'
import { followersOf } from './follow.ts'
import { type NotificationInput, notify } from './notifications.service.ts'

type Payload = Record<string, unknown>
const values = (v: unknown): Payload => (v && typeof v === 'object' ? (v as Payload) : {})

/**
 * Turns events into notifications: a record given to someone (created with, or changed to, an owner other
 * than the actor) → `assigned` to the new owner; an activity with @mentions → `mentioned` to each of them
 * (an edited activity: to the users the edit added);
 * a change or an activity on a followed record → `followed` to its followers.
 * Idempotent like every listener (the event id is recorded with the notifications in one transaction).
 */
export function notificationsListener(metadata: MetadataService): Listener {
  return defineListener({
    name: 'notifications',
    events: ['record.created', 'record.updated', 'activity.created', 'activity.updated'],
    async handle(event, ctx) {
      const out = await notificationsFor(event, ctx.trx, await metadata.schemaIn(ctx.trx, ctx.workspace))
      await notify(ctx.trx, out)
    },
  })
}

/**
 * What one event tells whom: the direct notifications (assignment, mention) first, then `followed` for the
 * followers of the records it is about who were not told already.
 */
async function notificationsFor(
  e: EventEnvelope,
  trx: Tx,
  schema: WorkspaceSchema,
): Promise<NotificationInput[]> {
  const direct = await directFor(e, trx, schema)
  const p = values(e.payload)
  let records: { object: string; id: string }[] = []
  let data: Record<string, unknown> = {}
  if (e.type === 'record.updated' && e.objectName && e.recordId) {
    records = [{ object: e.objectName, id: e.recordId }]
    data = { changed: Array.isArray(p.changed) ? p.changed : [] }
  } else if (e.type === 'activity.created' && Array.isArray(p.links)) {
    records = (p.links as { object: string; id: string }[]).filter((l) => isUuid(l.id))
    data = { activityId: p.activityId, activityType: p.type, subject: p.subject ?? null }
  }
  const told = new Set(direct.map((n) => n.userId))
  const followers = (await followersOf(trx, e.workspaceId, records)).filter((u) => !told.has(u))
  if (followers.length === 0) return direct
  const title = direct[0]?.title ?? (await titleOf(trx, schema, e.objectName, e.recordId))
  return [
    ...direct,
    ...followers.map((userId) => ({
      workspaceId: e.workspaceId,
      objectName: e.objectName,
      recordId: e.recordId,
      actorId: e.actorId,
      userId,
      kind: 'followed' as const,
      title,
      data,
    })),
  ]
}

async function directFor(e: EventEnvelope, trx: Tx, schema: WorkspaceSchema): Promise<NotificationInput[]> {
  const p = values(e.payload)
  const base = {
    workspaceId: e.workspaceId,
    objectName: e.objectName,
    recordId: e.recordId,
    actorId: e.actorId,
  }
  const object = e.objectName ? schema.objects.get(e.objectName) : undefined
  if (e.type === 'record.created' || e.type === 'record.updated') {
    const rec = e.type === 'record.created' ? values(p.record) : values(p.after)
    const changed = Array.isArray(p.changed) ? p.changed : null
    if (e.type === 'record.updated' && !changed?.includes('owner_id')) return []
    const owner = rec.owner_id
    if (typeof owner !== 'string' || !object) return []
    const title =
      typeof rec[object.titleField] === 'string'
        ? (rec[object.titleField] as string)
        : await titleOf(trx, schema, e.objectName, e.recordId)
    return [{ ...base, userId: owner, kind: 'assigned', title }]
  }
  if (e.type === 'activity.created' || e.type === 'activity.updated') {
    // an edit tells only the users it newly mentions
    const list = e.type === 'activity.created' ? p.mentions : p.addedMentions
    const mentions = Array.isArray(list) ? list.filter(isUuid) : []
    if (mentions.length === 0) return []
    const title = await titleOf(trx, schema, e.objectName, e.recordId)
    const data = { activityId: p.activityId, activityType: p.type, subject: p.subject ?? null }
    return mentions.map((userId) => ({ ...base, userId, kind: 'mentioned' as const, title, data }))
  }
  return []
}

/** The record's current title ('' when the record or its object is gone). */
async function titleOf(
  trx: Tx,
  schema: WorkspaceSchema,
  objectName: string | null,
  recordId: string | null,
): Promise<string> {
  const object = objectName ? schema.objects.get(objectName) : undefined
  if (!object || !recordId || !isUuid(recordId)) return ''
  const r = await sql<{ t: unknown }>`select ${sql.ref(object.titleField)} as t
    from ${sql.id(schema.dbSchema, tableName(object.name))}
    where workspace_id = ${schema.workspaceId} and id = ${recordId}`.execute(trx)
  const t = r.rows[0]?.t
  return t === null || t === undefined ? '' : String(t)
}
