import type { TimelineItem } from '@kemai/shared/api/records.api'
import { sql } from 'kysely'

/** What a timeline item of an activity is read from (`a` is the activity); its links come along as JSON. */
export const ACTIVITY_COLUMNS = sql`a.id, a.type, a.subject, a.body, a.data, a.occurred_at as at,
  a.due_at, a.done_at, a.done_by, a.edited_at, a.created_by, a.mentions,
  coalesce((select json_agg(json_build_object('object', l2.object_name, 'id', l2.record_id))
    from activity_link l2 where l2.workspace_id = a.workspace_id and l2.activity_id = a.id), '[]') as links`

const iso = (v: unknown): string | null => (v ? new Date(v as Date | string).toISOString() : null)

/** A row of ACTIVITY_COLUMNS as the API's timeline item. */
export function activityItem(r: Record<string, unknown>): TimelineItem {
  const mentions = (r.mentions as string[] | null) ?? []
  return {
    kind: 'activity',
    id: String(r.id),
    at: iso(r.at) as string,
    actor_id: (r.created_by as string | null) ?? null,
    activity: {
      type: r.type as never,
      subject: (r.subject as string | null) ?? null,
      body: (r.body as string | null) ?? null,
      due_at: iso(r.due_at),
      done_at: iso(r.done_at),
      done_by: (r.done_by as string | null) ?? null,
      edited_at: iso(r.edited_at),
      data: (r.data as Record<string, unknown>) ?? {},
      links: r.links as { object: string; id: string }[],
      ...(mentions.length ? { mentions } : {}),
    },
  }
}
