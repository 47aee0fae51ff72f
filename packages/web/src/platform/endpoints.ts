import type { LoginResponse, MeResponse, UserDto } from '@kemai/shared/api/access.api'
import type { objectSchema } from '@kemai/shared/api/metadata.api'
import type {
  batchRequestSchema,
  batchResponseSchema,
  listResponseSchema,
  RecordDto,
  timelineResponseSchema,
} from '@kemai/shared/api/records.api'
import type { SearchResponse } from '@kemai/shared/api/search.api'
import type { groupsResponseSchema } from '@kemai/shared/api/views.api'
import type { FieldOptions } from '@kemai/shared/fields'
import type { Filter } from '@kemai/shared/query/ast'
import type { z } from 'zod'
import { api } from './api-client.ts'

/** Client types come from the shared zod schemas (ARCHITECTURE rule 5), never hand-copied. */
export type ObjectMeta = z.infer<typeof objectSchema>
export type FieldMeta = ObjectMeta['fields'][number]
export type ListResponse = z.infer<typeof listResponseSchema>
export type TimelineResponse = z.infer<typeof timelineResponseSchema>
export type GroupsResponse = z.infer<typeof groupsResponseSchema>
export type BatchRequest = z.input<typeof batchRequestSchema>
export type BatchResponse = z.infer<typeof batchResponseSchema>
export type { RecordDto }

/** The metadata API types options loosely (any field type); this is their documented shape. */
export function optionsOf(field: FieldMeta): FieldOptions {
  return field.options as FieldOptions
}

export const authApi = {
  login: (email: string, password: string) =>
    api<LoginResponse>('/api/v1/auth/login', { method: 'POST', body: { email, password } }),
  logout: () => api<void>('/api/v1/auth/logout', { method: 'POST' }),
  me: (signal?: AbortSignal) => api<MeResponse>('/api/v1/auth/me', { signal }),
  setLocale: (userId: string, locale: string) =>
    api<UserDto>(`/api/v1/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: { locale } }),
  /** a user may change their own name and language without admin rights */
  updateSelf: (userId: string, body: { name?: string }) =>
    api<UserDto>(`/api/v1/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<void>('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
}

export const usersApi = {
  list: (signal?: AbortSignal) => api<{ data: UserDto[] }>('/api/v1/users', { signal }),
}

export const metadataApi = {
  objects: (signal?: AbortSignal) => api<{ data: ObjectMeta[] }>('/api/v1/metadata/objects', { signal }),
}

export interface ListParams {
  /** an AST, or the JSON text of one (as the URL holds it) */
  filter?: Filter | string | null
  sort?: string | null
  limit?: number
  cursor?: string | null
  count?: boolean
}

const seg = encodeURIComponent

export const recordsApi = {
  list: (object: string, p: ListParams, signal?: AbortSignal) =>
    api<ListResponse>(`/api/v1/records/${seg(object)}`, {
      query: {
        filter: !p.filter ? undefined : typeof p.filter === 'string' ? p.filter : JSON.stringify(p.filter),
        sort: p.sort || undefined,
        limit: p.limit,
        cursor: p.cursor ?? undefined,
        count: p.count ? 'true' : undefined,
      },
      signal,
    }),
  get: (object: string, id: string, signal?: AbortSignal) =>
    api<RecordDto>(`/api/v1/records/${seg(object)}/${seg(id)}`, { signal }),
  /** `allowDuplicate`: create even when the server answers 409 duplicate_candidates */
  create: (object: string, data: Record<string, unknown>, opts: { allowDuplicate?: boolean } = {}) =>
    api<RecordDto>(`/api/v1/records/${seg(object)}`, {
      method: 'POST',
      body: data,
      query: { allowDuplicate: opts.allowDuplicate ? 'true' : undefined },
    }),
  update: (object: string, id: string, data: Record<string, unknown>, version?: number) =>
    api<RecordDto>(`/api/v1/records/${seg(object)}/${seg(id)}`, {
      method: 'PATCH',
      body: data,
      headers: version === undefined ? undefined : { 'If-Match': String(version) },
    }),
  /** counts and sums per value of `groupBy`; `totals` adds the whole list's (views.api.ts groupsQuerySchema) */
  groups: (
    object: string,
    p: { groupBy?: string; sum?: string[]; filter?: Filter | string | null; totals?: boolean },
    signal?: AbortSignal,
  ) =>
    api<GroupsResponse>(`/api/v1/records/${seg(object)}/groups`, {
      query: {
        groupBy: p.groupBy,
        sum: p.sum?.length ? p.sum.join(',') : undefined,
        filter: !p.filter ? undefined : typeof p.filter === 'string' ? p.filter : JSON.stringify(p.filter),
        totals: p.totals ? 'true' : undefined,
      },
      signal,
    }),
  /** up to 1000 operations; `partial`: each row succeeds or fails on its own (records.api.ts) */
  batch: (object: string, body: BatchRequest) =>
    api<BatchResponse>(`/api/v1/records/${seg(object)}/batch`, { method: 'POST', body }),
  restore: (object: string, id: string) =>
    api<RecordDto>(`/api/v1/records/${seg(object)}/${seg(id)}/restore`, { method: 'POST' }),
  timeline: (object: string, id: string, signal?: AbortSignal) =>
    api<TimelineResponse>(`/api/v1/records/${seg(object)}/${seg(id)}/timeline`, {
      query: { limit: 50 },
      signal,
    }),
}

export const searchApi = {
  search: (q: string, objects: string[], limit: number, signal?: AbortSignal) =>
    api<SearchResponse>('/api/v1/search', { query: { q, objects: objects.join(','), limit }, signal }),
}

/** A saved view (`/api/v1/views`): filter, sort and columns of a list, private or shared. */
export interface SavedView {
  id: string
  objectName: string
  name: string
  kind: 'list' | 'kanban'
  columns: { field: string; width?: number }[]
  sort: { field: string; desc: boolean }[]
  filter: Filter | null
  groupBy: string | null
  aggregate: { field: string; fn: 'sum' | 'count' }[]
  kanbanField: string | null
  visibility: 'private' | 'shared'
  ownerId: string
  isDefault: boolean
  createdAt: string
  updatedAt: string
}
export type ViewInput = Partial<Omit<SavedView, 'id' | 'ownerId' | 'createdAt' | 'updatedAt'>> & {
  objectName: string
  name: string
}

export const viewsApi = {
  list: (object: string, signal?: AbortSignal) =>
    api<{ data: SavedView[] }>('/api/v1/views', { query: { object }, signal }),
  create: (input: ViewInput) => api<SavedView>('/api/v1/views', { method: 'POST', body: input }),
  update: (id: string, input: Partial<ViewInput>) =>
    api<SavedView>(`/api/v1/views/${seg(id)}`, { method: 'PATCH', body: input }),
  remove: (id: string) => api<void>(`/api/v1/views/${seg(id)}`, { method: 'DELETE' }),
}

/** `a,-b` ⇄ `[{field:'a',desc:false},{field:'b',desc:true}]` */
export function sortToView(sort: string | null): SavedView['sort'] {
  return (sort ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), desc: true } : { field: s, desc: false }))
}
export function sortFromView(sort: SavedView['sort']): string | null {
  return sort.length ? sort.map((s) => (s.desc ? `-${s.field}` : s.field)).join(',') : null
}
