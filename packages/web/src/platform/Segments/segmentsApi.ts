import type {
  Segment,
  SegmentHistoryEntry,
  SegmentInput,
  SegmentName,
  StaticList,
} from '@kemai/shared/api/segments.api'
import type { Filter } from '@kemai/shared/query/ast'
import { api } from '../api-client.ts'
import type { RecordDto } from '../endpoints.ts'

export { segmentLabel } from '@kemai/shared/api/segments.api'
export type { Segment, SegmentHistoryEntry, SegmentName, StaticList }

export interface MembersPage {
  data: RecordDto[]
  nextCursor: string | null
  total: number
}

const seg = encodeURIComponent

/** Segments and static lists (docs/segments.md), as the server's routes name them. */
export const segmentsApi = {
  list: (object: string, signal?: AbortSignal) =>
    api<{ data: Segment[] }>('/api/v1/segments', { query: { object }, signal }),
  get: (id: string, signal?: AbortSignal) => api<Segment>(`/api/v1/segments/${seg(id)}`, { signal }),
  create: (input: SegmentInput) => api<Segment>('/api/v1/segments', { method: 'POST', body: input }),
  update: (id: string, patch: Partial<Omit<SegmentInput, 'objectName'>>) =>
    api<Segment>(`/api/v1/segments/${seg(id)}`, { method: 'PATCH', body: patch }),
  remove: (id: string) => api<void>(`/api/v1/segments/${seg(id)}`, { method: 'DELETE' }),
  members: (id: string, p: { cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    api<MembersPage>(`/api/v1/segments/${seg(id)}/members`, {
      query: { cursor: p.cursor ?? undefined, limit: p.limit ?? 50 },
      signal,
    }),
  history: (id: string, p: { cursor?: string | null }, signal?: AbortSignal) =>
    api<{ data: SegmentHistoryEntry[]; nextCursor: string | null }>(`/api/v1/segments/${seg(id)}/history`, {
      query: { cursor: p.cursor ?? undefined, limit: 50 },
      signal,
    }),
}

export const listsApi = {
  list: (object: string, signal?: AbortSignal) =>
    api<{ data: StaticList[] }>('/api/v1/lists', { query: { object }, signal }),
  create: (input: { objectName: string; name: SegmentName; description?: string | null }) =>
    api<StaticList>('/api/v1/lists', { method: 'POST', body: input }),
  remove: (id: string) => api<void>(`/api/v1/lists/${seg(id)}`, { method: 'DELETE' }),
  /** a list selection (≤ 1000 ids) or every readable record matching a filter */
  add: (id: string, body: { recordIds: string[] } | { filter: Filter }) =>
    api<{ changed: number; count: number }>(`/api/v1/lists/${seg(id)}/members`, { method: 'POST', body }),
  removeMembers: (id: string, recordIds: string[]) =>
    api<{ changed: number; count: number }>(`/api/v1/lists/${seg(id)}/members/remove`, {
      method: 'POST',
      body: { recordIds },
    }),
}

/**
 * Saves a list's current filter as a segment (the list toolbar's "save as segment"); resolves to the new
 * segment, whose page is `/o/{object}/segments/{id}`.
 */
export function saveFilterAsSegment(
  objectName: string,
  filter: Filter,
  name: SegmentName,
  opts: { description?: string | null; visibility?: 'private' | 'shared' } = {},
): Promise<Segment> {
  return segmentsApi.create({ objectName, filter, name, ...opts })
}

export const segmentPath = (objectName: string, id: string) => `/o/${seg(objectName)}/segments/${seg(id)}`
