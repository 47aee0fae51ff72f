import type { ActivityInput, TimelineItem } from '@kemai/shared/api/records.api'
import { sql } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { newId } from '../db/ids.ts'
import { type Db, executeTogether, isUuid, type Tx, withWorkspace } from '../db/tx.ts'
import { errors } from '../errors.ts'
import type { MetadataService } from '../metadata/service.ts'
import { readableFields } from './access.ts'
import { createActivityEdits } from './activities/edit.ts'
import { ACTIVITY_COLUMNS, activityItem } from './activities/item.ts'
import type { EventSink } from './ports.ts'
import { MAX_LIMIT } from './read.ts'
import type { RecordsService } from './service.ts'
import { decodeCursor, encodeCursor } from './shape.ts'

const KEYS = [
  { column: 'at', desc: true },
  { column: 'id', desc: true },
]

/**
 * The record timeline: activities linked to the record and its field history, newest first,
 * in one keyset-paginated stream. Reading it requires reading the record (scope included);
 * changes to fields the actor may not read are left out. Editing and deleting activities:
 * activities/edit.ts.
 */
export function createTimelineService(deps: {
  db: Db
  metadata: MetadataService
  records: RecordsService
  events: EventSink
}) {
  const timeline = {
    ...createActivityEdits(deps),

    async list(
      actor: Actor,
      objectName: string,
      id: string,
      opts: { limit?: number; cursor?: string; types?: string[]; hideDone?: boolean } = {},
    ): Promise<{ data: TimelineItem[]; nextCursor: string | null }> {
      const record = await deps.records.get(actor, objectName, id)
      const limit = opts.limit ?? 30
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw errors.badRequest([{ path: 'limit', code: 'too_big', params: { max: 200 } }])
      }
      const [cAt, cId] = opts.cursor ? (decodeCursor(opts.cursor, KEYS) as [string, string]) : [null, null]
      if (
        cAt !== null &&
        (typeof cAt !== 'string' || Number.isNaN(Date.parse(cAt)) || typeof cId !== 'string')
      ) {
        throw errors.badRequest([{ path: 'cursor', code: 'invalid_value' }])
      }
      const before = (at: string, idCol: string) =>
        cAt === null
          ? sql`true`
          : sql`(${sql.ref(at)} < ${cAt} or (${sql.ref(at)} = ${cAt} and ${sql.ref(idCol)}::text < ${cId}))`
      const types = opts.types?.filter(Boolean) ?? []
      const wantChanges = types.length === 0 || types.includes('change')
      const activityTypes = types.filter((t) => t !== 'change' && t !== 'created')
      return withWorkspace(
        deps.db,
        actor.workspaceId,
        async (trx, ws) => {
          const schema = await deps.metadata.schemaIn(trx, ws)
          const object = deps.metadata.objectIn(schema, objectName)
          const readable = new Set([
            'owner_id',
            'deleted_at',
            ...readableFields(actor, object).map((f) => f.name),
          ])
          const items: TimelineItem[] = []
          if (types.length === 0 || activityTypes.length > 0) {
            const acts = await sql<Record<string, unknown>>`select ${ACTIVITY_COLUMNS}
            from activity_link l join activity a on a.workspace_id = l.workspace_id and a.id = l.activity_id
            where l.workspace_id = ${actor.workspaceId} and l.record_id = ${id} and l.object_name = ${objectName}
              and a.deleted_at is null
              and ${activityTypes.length ? sql`a.type = any(${activityTypes}::text[])` : sql`true`}
              and ${opts.hideDone ? sql`(a.type <> 'task' or a.done_at is null)` : sql`true`}
              and ${before('a.occurred_at', 'a.id')}
            order by a.occurred_at desc, a.id desc limit ${limit + 1}`.execute(trx)
            for (const r of acts.rows) items.push(activityItem(r))
          }
          if (wantChanges) {
            const hist = await sql<
              Record<string, unknown>
            >`select h.id, h.field_name, h.old_value, h.new_value, h.actor_id, h.channel, h.at, h.run_id,
              r.workflow_id, w.name as workflow_name
            from field_history h
            left join workflow_run r on r.workspace_id = h.workspace_id and r.id = h.run_id
            left join workflow w on w.workspace_id = r.workspace_id and w.id = r.workflow_id
            where h.workspace_id = ${actor.workspaceId} and h.record_id = ${id} and h.object_name = ${objectName}
              and h.field_name = any(${[...readable]}::text[]) and ${before('h.at', 'h.id')}
            order by h.at desc, h.id desc limit ${limit + 1}`.execute(trx)
            for (const r of hist.rows) {
              items.push({
                kind: 'change',
                id: String(r.id),
                at: (r.at as Date).toISOString(),
                actor_id: (r.actor_id as string | null) ?? null,
                change: {
                  field: String(r.field_name),
                  old: r.old_value,
                  new: r.new_value,
                  channel: String(r.channel),
                  ...(r.workflow_id
                    ? {
                        workflow: {
                          id: String(r.workflow_id),
                          name: String(r.workflow_name),
                          runId: String(r.run_id),
                        },
                      }
                    : {}),
                },
              })
            }
          }
          const createdAt = String(record.created_at)
          if (
            (types.length === 0 || types.includes('created')) &&
            (cAt === null || createdAt < cAt || (createdAt === cAt && `created:${record.id}` < String(cId)))
          ) {
            items.push({
              kind: 'created',
              id: `created:${record.id}`,
              at: createdAt,
              actor_id: (record.created_by as string) ?? null,
            })
          }
          items.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
          const page = items.slice(0, limit)
          const last = page[page.length - 1]
          return {
            data: page,
            nextCursor: items.length > limit && last ? encodeCursor([last.at, last.id]) : null,
          }
        },
        { read: true },
      )
    },

    /** Adds a note, call, meeting, task or email to a record's timeline (and to any further linked records). */
    async addActivity(
      actor: Actor,
      objectName: string,
      id: string,
      input: ActivityInput,
    ): Promise<TimelineItem> {
      return (await timeline.addActivities(actor, [{ object: objectName, id, input }]))[0]!
    },

    /**
     * Adds many activities at once (imports, the demo): every linked record must be readable by the actor;
     * one insert for the activities and one for their links.
     */
    async addActivities(
      actor: Actor,
      items: { object: string; id: string; input: ActivityInput }[],
    ): Promise<TimelineItem[]> {
      const wanted = new Map<string, Set<string>>()
      for (const [i, it] of items.entries()) {
        for (const l of activityLinks(it)) {
          if (!isUuid(l.id))
            throw errors.validation([
              { path: items.length > 1 ? `${i}.links` : 'links', code: 'invalid_value' },
            ])
          wanted.set(l.object, (wanted.get(l.object) ?? new Set()).add(l.id.toLowerCase()))
        }
      }
      // the actor must be able to read every record it attaches the activity to (scope included)
      for (const [object, set] of wanted) {
        const ids = [...set]
        for (let i = 0; i < ids.length; i += MAX_LIMIT) {
          const chunk = ids.slice(i, i + MAX_LIMIT)
          const found = await deps.records.list(actor, object, {
            filter: { field: 'id', op: 'in', value: chunk },
            limit: chunk.length,
          })
          if (found.data.length !== chunk.length) throw errors.recordNotFound()
        }
      }
      const out = await withWorkspace(deps.db, actor.workspaceId, (trx) =>
        writeActivities(trx, actor, items, deps.events),
      )
      deps.events.notify()
      return out
    },
  }
  return timeline
}

/**
 * Inserts activities and their links and appends `activity.created`, in the caller's transaction. The
 * caller has checked that the actor may read every linked record (addActivities does; a workflow step reads
 * its record in the same transaction).
 */
export async function writeActivities(
  trx: Tx,
  actor: Actor,
  items: { object: string; id: string; input: ActivityInput; ownerId?: string | null }[],
  sink: EventSink,
): Promise<TimelineItem[]> {
  const now = new Date()
  const out: TimelineItem[] = []
  const activityRows: Record<string, unknown>[] = []
  const linkRows: Record<string, unknown>[] = []
  for (const it of items) {
    const { input } = it
    const activityId = newId()
    const occurred = input.occurred_at ? new Date(input.occurred_at) : now
    const links = activityLinks(it)
    activityRows.push({
      workspace_id: actor.workspaceId,
      id: activityId,
      type: input.type,
      subject: input.subject ?? null,
      body: input.body ?? null,
      data: JSON.stringify(input.data ?? {}),
      occurred_at: occurred,
      due_at: input.due_at ? new Date(input.due_at) : null,
      done_at: input.done ? now : null,
      done_by: input.done ? actor.userId : null,
      owner_id: it.ownerId === undefined ? actor.userId : it.ownerId,
      created_by: actor.userId,
      created_at: now,
      mentions: mentionsOf(input),
    })
    for (const l of links) {
      linkRows.push({
        workspace_id: actor.workspaceId,
        activity_id: activityId,
        object_name: l.object,
        record_id: l.id.toLowerCase(),
      })
    }
    out.push({
      kind: 'activity',
      id: activityId,
      at: occurred.toISOString(),
      actor_id: actor.userId,
      activity: {
        type: input.type,
        subject: input.subject ?? null,
        body: input.body ?? null,
        due_at: input.due_at ? new Date(input.due_at).toISOString() : null,
        done_at: input.done ? now.toISOString() : null,
        done_by: input.done ? actor.userId : null,
        edited_at: null,
        data: input.data ?? {},
        links: links.map((l) => ({ object: l.object, id: l.id })),
        ...(mentionsOf(input).length ? { mentions: mentionsOf(input) } : {}),
      },
    })
  }
  await assertMentionable(trx, actor, items)
  // activity.created: listeners (notifications of @mentions, later automation) react to it
  const events = out.map((item) => ({
    workspaceId: actor.workspaceId,
    type: 'activity.created',
    objectName: item.activity!.links[0]!.object,
    recordId: item.activity!.links[0]!.id,
    actorId: actor.userId,
    channel: actor.channel,
    payload: {
      activityId: item.id,
      type: item.activity!.type,
      subject: item.activity!.subject,
      links: item.activity!.links,
      mentions: item.activity!.mentions ?? [],
    },
  }))
  if (activityRows.length <= TOGETHER_MAX) {
    // the usual case (a note, a workflow's task): activities, links and events in one round trip
    const ev = sink.appendSql(events)
    await executeTogether(
      trx,
      [
        trx.insertInto('activity').values(activityRows),
        trx.insertInto('activity_link').values(linkRows),
        ev.statement,
      ],
      ev.notify,
    )
    return out
  }
  for (let i = 0; i < activityRows.length; i += 1000) {
    await trx
      .insertInto('activity')
      .values(activityRows.slice(i, i + 1000))
      .execute()
  }
  for (let i = 0; i < linkRows.length; i += 1000) {
    await trx
      .insertInto('activity_link')
      .values(linkRows.slice(i, i + 1000))
      .execute()
  }
  await sink.append(trx, events)
  return out
}

/** Activities written together with their links and events as one statement (executeTogether). */
const TOGETHER_MAX = 100

/** The records an activity is linked to: its record and any further links, each once. */
const activityLinks = (it: { object: string; id: string; input: ActivityInput }) => [
  ...new Map(
    [{ object: it.object, id: it.id }, ...(it.input.links ?? [])].map((l) => [`${l.object}:${l.id}`, l]),
  ).values(),
]

const mentionsOf = (input: ActivityInput): string[] => [
  ...new Set((input.mentions ?? []).map((m) => m.toLowerCase())),
]

/** Every @mentioned user must be an active user of the workspace. */
async function assertMentionable(trx: Tx, actor: Actor, items: { input: ActivityInput }[]): Promise<void> {
  const wanted = [...new Set(items.flatMap((it) => mentionsOf(it.input)))]
  if (wanted.length === 0) return
  const r = await sql<{ id: string }>`select id from app_user
    where workspace_id = ${actor.workspaceId} and id = any(${wanted}::uuid[]) and is_active`.execute(trx)
  const found = new Set(r.rows.map((x) => x.id))
  const issues = items.flatMap((it, i) =>
    mentionsOf(it.input).flatMap((m, j) =>
      found.has(m)
        ? []
        : [
            {
              path: items.length > 1 ? `${i}.mentions.${j}` : `mentions.${j}`,
              code: 'invalid_value' as const,
            },
          ],
    ),
  )
  if (issues.length) throw errors.validation(issues)
}
