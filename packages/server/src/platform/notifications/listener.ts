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
    // an owner given, someone mentioned, or a record someone follows: nothing else tells anyone anything
    async wants(trx, events) {
      const about = events
        .filter((e) => !mayTellDirectly(e))
        .flatMap((e) => recordsAbout(e).map((r) => ({ ...r, ws: e.workspaceId })))
      const followed = new Set<string>()
      if (about.length > 0) {
        const r = await sql<{
          k: string
        }>`select distinct f.workspace_id || ':' || f.object_name || ':' || f.record_id as k
          from record_follow f
          join unnest(${about.map((a) => a.ws)}::uuid[], ${about.map((a) => a.object)}::text[],
            ${about.map((a) => a.id)}::uuid[]) as x(ws, object, id)
            on f.workspace_id = x.ws and f.object_name = x.object and f.record_id = x.id`.execute(trx)
        for (const x of r.rows) followed.add(x.k)
      }
      return (e) =>
        mayTellDirectly(e) ||
        recordsAbout(e).some((r) => followed.has(`${e.workspaceId}:${r.object}:${r.id}`))
    },
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
  const records = recordsAbout(e)
  const data: Record<string, unknown> =
    e.type === 'record.updated'
      ? { changed: Array.isArray(p.changed) ? p.changed : [] }
      : { activityId: p.activityId, activityType: p.type, subject: p.subject ?? null }
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

/** The records whose followers hear of the event: the record changed, or those an activity is linked to. */
function recordsAbout(e: EventEnvelope): { object: string; id: string }[] {
  const p = values(e.payload)
  if (e.type === 'record.updated' && e.objectName && isUuid(e.recordId))
    return [{ object: e.objectName, id: e.recordId.toLowerCase() }]
  if (e.type === 'activity.created' && Array.isArray(p.links))
    return (p.links as { object: unknown; id: unknown }[])
      .filter((l): l is { object: string; id: string } => typeof l?.object === 'string' && isUuid(l.id))
      .map((l) => ({ object: l.object, id: l.id.toLowerCase() }))
  return []
}

/** Could `directFor` tell someone (an owner given, a mention)? Decided on the event alone, erring on yes. */
function mayTellDirectly(e: EventEnvelope): boolean {
  const p = values(e.payload)
  if (e.type === 'record.created') return typeof values(p.record).owner_id === 'string'
  if (e.type === 'record.updated') return Array.isArray(p.changed) && p.changed.includes('owner_id')
  const list = e.type === 'activity.created' ? p.mentions : p.addedMentions
  return Array.isArray(list) && list.some(isUuid)
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
