import type { ActivityPatch } from '@kemai/shared/api/activities.api'
import type { ActivityInput, TimelineItem } from '@kemai/shared/api/records.api'
import { api } from '../api-client.ts'
import type { ListResponse, RecordDto, TimelineResponse } from '../endpoints.ts'

const seg = encodeURIComponent
const base = (object: string, id: string) => `/api/v1/records/${seg(object)}/${seg(id)}`

/** The record page's calls beyond plain read/update (routes: server platform/records/routes.ts). */
export const recordPageApi = {
  /** soft delete: the record goes to the recycle bin */
  remove: (object: string, id: string, version?: number) =>
    api<RecordDto>(base(object, id), {
      method: 'DELETE',
      headers: version === undefined ? undefined : { 'If-Match': String(version) },
    }),
  restore: (object: string, id: string) => api<RecordDto>(`${base(object, id)}/restore`, { method: 'POST' }),
  /** the inverse one-to-many list: records of another object whose relation points here */
  related: (
    object: string,
    id: string,
    relation: string,
    p: { limit: number; cursor?: string | null; count?: boolean },
    signal?: AbortSignal,
  ) =>
    api<ListResponse>(`${base(object, id)}/related/${seg(relation)}`, {
      query: {
        limit: p.limit,
        cursor: p.cursor ?? undefined,
        sort: '-updated_at',
        count: p.count ? 'true' : undefined,
      },
      signal,
    }),
  timeline: (
    object: string,
    id: string,
    p: { limit: number; cursor?: string | null; types?: readonly string[]; hideDone?: boolean },
    signal?: AbortSignal,
  ) =>
    api<TimelineResponse>(`${base(object, id)}/timeline`, {
      query: {
        limit: p.limit,
        cursor: p.cursor ?? undefined,
        types: p.types?.length ? p.types.join(',') : undefined,
        hideDone: p.hideDone ? 'true' : undefined,
      },
      signal,
    }),
  addActivity: (object: string, id: string, input: ActivityInput) =>
    api<TimelineItem>(`${base(object, id)}/activities`, { method: 'POST', body: input }),
  /** edit an activity or tick a task done (its author or an admin) */
  updateActivity: (object: string, id: string, activityId: string, patch: ActivityPatch) =>
    api<TimelineItem>(`${base(object, id)}/activities/${seg(activityId)}`, { method: 'PATCH', body: patch }),
  deleteActivity: (object: string, id: string, activityId: string) =>
    api<void>(`${base(object, id)}/activities/${seg(activityId)}`, { method: 'DELETE' }),
}
