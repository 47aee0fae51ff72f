import type { ActivityPatch } from '@kemai/shared/api/activities.api'
import { EDITABLE_ACTIVITY_TYPES } from '@kemai/shared/api/activities.rules'
import type { TimelineItem } from '@kemai/shared/api/records.api'
import { sql } from 'kysely'
import type { Actor } from '../../access/actor.ts'
import { type Db, isUuid, type Tx, withWorkspace } from '../../db/tx.ts'
import { AppError, errors, type FieldIssue } from '../../errors.ts'
import type { EventSink } from '../ports.ts'
import type { RecordsService } from '../service.ts'
import { ACTIVITY_COLUMNS, activityItem } from './item.ts'

type Row = Record<string, unknown>

const activityNotFound = () => new AppError('activity_not_found', 404)
const EDITABLE = new Set<string>(EDITABLE_ACTIVITY_TYPES)

/**
 * Editing and deleting an activity of a record's timeline (docs/api.md, "Timeline"). The activity is
 * reached through the record: the actor must be able to read that record (its scope included) and the
 * activity must be linked to it, else 404 — so nothing tells whether an activity exists elsewhere. Only
 * notes, tasks, calls and meetings change, and only by their author or an admin (403). There is no version
 * column: the last write wins, member by member (a PATCH writes only the members it sends), and ticking a
 * task that is already done changes nothing. A delete is soft (`deleted_at`, which every reader filters
 * on). Each change appends `activity.updated` / `activity.deleted` to the outbox in its transaction.
 */
export function createActivityEdits(deps: { db: Db; records: RecordsService; events: EventSink }) {
  /** The activity, locked, once the actor may change it; throws 404 / 403 otherwise. */
  async function editable(
    trx: Tx,
    actor: Actor,
    objectName: string,
    recordId: string,
    activityId: string,
  ): Promise<Row> {
    const r = await sql<Row>`select ${ACTIVITY_COLUMNS}
      from activity a
      where a.workspace_id = ${actor.workspaceId} and a.id = ${activityId} and a.deleted_at is null
        and exists (select 1 from activity_link l where l.workspace_id = a.workspace_id and l.activity_id = a.id
          and l.object_name = ${objectName} and l.record_id = ${recordId})
      for update of a`.execute(trx)
    const row = r.rows[0]
    if (!row) throw activityNotFound()
    if (!EDITABLE.has(String(row.type)))
      throw errors.forbidden([{ path: 'type', code: 'activity_read_only' }])
    const isAuthor = actor.userId !== null && row.created_by === actor.userId
    if (!isAuthor && !actor.isAdmin) throw errors.forbidden([{ path: 'created_by', code: 'not_author' }])
    return row
  }

  /** Reads the record (404 when it is out of the actor's reach) and checks the activity id's form. */
  async function reach(actor: Actor, objectName: string, id: string, activityId: string): Promise<string> {
    if (!isUuid(activityId)) throw errors.validation([{ path: 'activityId', code: 'invalid_format' }])
    const record = await deps.records.get(actor, objectName, id)
    return String(record.id).toLowerCase()
  }

  return {
    /** Changes the members of `patch` (subject, body, times, done, mentions); answers the item as it is now. */
    async updateActivity(
      actor: Actor,
      objectName: string,
      id: string,
      activityId: string,
      patch: ActivityPatch,
    ): Promise<TimelineItem> {
      const recordId = await reach(actor, objectName, id, activityId)
      let appended = false
      const item = await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        const row = await editable(trx, actor, objectName, recordId, activityId)
        const next = nextValues(row, patch, actor)
        const added = next.mentions.filter((m) => !(row.mentions as string[]).includes(m))
        await assertActive(trx, actor.workspaceId, patch.mentions ?? [], added)
        const changed = changedMembers(row, next)
        if (changed.length === 0) return activityItem(row)
        const now = new Date()
        const edited = changed.some((c) => c !== 'done')
        const r = await sql<Row>`update activity a set
            subject = ${next.subject}, body = ${next.body}, occurred_at = ${next.occurredAt},
            due_at = ${next.dueAt}, done_at = ${next.doneAt}, done_by = ${next.doneBy},
            mentions = ${next.mentions}::uuid[], updated_at = ${now}, updated_by = ${actor.userId},
            edited_at = ${edited ? now : (row.edited_at as Date | null)}
          where a.workspace_id = ${actor.workspaceId} and a.id = ${activityId}
          returning ${ACTIVITY_COLUMNS}`.execute(trx)
        const item = activityItem(r.rows[0]!)
        await deps.events.append(trx, [
          {
            workspaceId: actor.workspaceId,
            type: 'activity.updated',
            objectName,
            recordId,
            actorId: actor.userId,
            channel: actor.channel,
            payload: {
              activityId,
              type: item.activity!.type,
              subject: item.activity!.subject,
              links: item.activity!.links,
              changed,
              done: item.activity!.done_at !== null,
              mentions: next.mentions,
              addedMentions: added,
            },
          },
        ])
        appended = true
        return item
      })
      if (appended) deps.events.notify()
      return item
    },

    /** Moves the activity out of every timeline (soft delete); the record summary stops counting it. */
    async deleteActivity(actor: Actor, objectName: string, id: string, activityId: string): Promise<void> {
      const recordId = await reach(actor, objectName, id, activityId)
      await withWorkspace(deps.db, actor.workspaceId, async (trx) => {
        const row = await editable(trx, actor, objectName, recordId, activityId)
        const now = new Date()
        await sql`update activity set deleted_at = ${now}, updated_at = ${now}, updated_by = ${actor.userId}
          where workspace_id = ${actor.workspaceId} and id = ${activityId}`.execute(trx)
        await deps.events.append(trx, [
          {
            workspaceId: actor.workspaceId,
            type: 'activity.deleted',
            objectName,
            recordId,
            actorId: actor.userId,
            channel: actor.channel,
            payload: {
              activityId,
              type: row.type,
              subject: row.subject ?? null,
              links: row.links,
            },
          },
        ])
      })
      deps.events.notify()
    },
  }
}

export type ActivityEdits = ReturnType<typeof createActivityEdits>

interface Next {
  subject: string | null
  body: string | null
  occurredAt: Date
  dueAt: Date | null
  doneAt: Date | null
  doneBy: string | null
  mentions: string[]
}

/** The activity's values after `patch`, checked: a task keeps a subject, nothing ends up empty. */
function nextValues(row: Row, patch: ActivityPatch, actor: Actor): Next {
  const text = (v: string | null | undefined, old: unknown) =>
    v === undefined ? ((old as string | null) ?? null) : v === null || v.trim() === '' ? null : v.trim()
  const isTask = row.type === 'task'
  const issues: FieldIssue[] = []
  if (patch.done !== undefined && !isTask) issues.push({ path: 'done', code: 'not_a_task' })
  const subject = text(patch.subject, row.subject)
  const body = text(patch.body, row.body)
  if (isTask && subject === null) issues.push({ path: 'subject', code: 'required' })
  else if (subject === null && body === null) issues.push({ path: 'body', code: 'required' })
  if (issues.length) throw errors.validation(issues)
  const wasDone = row.done_at !== null
  const done = patch.done ?? wasDone
  return {
    subject,
    body,
    occurredAt: patch.occurred_at ? new Date(patch.occurred_at) : new Date(row.at as string),
    dueAt:
      patch.due_at === undefined
        ? row.due_at
          ? new Date(row.due_at as string)
          : null
        : patch.due_at === null
          ? null
          : new Date(patch.due_at),
    // ticking a done task again keeps who did it and when
    doneAt:
      done === wasDone ? (row.done_at ? new Date(row.done_at as string) : null) : done ? new Date() : null,
    doneBy: done === wasDone ? ((row.done_by as string | null) ?? null) : done ? actor.userId : null,
    mentions:
      patch.mentions === undefined
        ? ((row.mentions as string[] | null) ?? [])
        : [...new Set(patch.mentions.map((m) => m.toLowerCase()))],
  }
}

/** The API members that differ between the row and its next values. */
function changedMembers(row: Row, next: Next): string[] {
  const time = (v: unknown) => (v ? new Date(v as string).getTime() : null)
  const out: string[] = []
  if (next.subject !== ((row.subject as string | null) ?? null)) out.push('subject')
  if (next.body !== ((row.body as string | null) ?? null)) out.push('body')
  if (next.occurredAt.getTime() !== time(row.at)) out.push('occurred_at')
  if ((next.dueAt?.getTime() ?? null) !== time(row.due_at)) out.push('due_at')
  if ((next.doneAt?.getTime() ?? null) !== time(row.done_at)) out.push('done')
  const old = new Set((row.mentions as string[] | null) ?? [])
  if (next.mentions.length !== old.size || next.mentions.some((m) => !old.has(m))) out.push('mentions')
  return out
}

/** Users newly mentioned must be active users of the workspace (`mentions.N` of the request otherwise). */
async function assertActive(trx: Tx, workspaceId: string, sent: string[], added: string[]): Promise<void> {
  if (added.length === 0) return
  const r = await sql<{ id: string }>`select id from app_user
    where workspace_id = ${workspaceId} and id = any(${added}::uuid[]) and is_active`.execute(trx)
  const found = new Set(r.rows.map((x) => x.id))
  const issues = sent.flatMap((m, i) =>
    added.includes(m.toLowerCase()) && !found.has(m.toLowerCase())
      ? [{ path: `mentions.${i}`, code: 'invalid_value' }]
      : [],
  )
  if (issues.length) throw errors.validation(issues)
}
