import type {
  createFieldSchema,
  createObjectSchema,
  fieldCountsSchema,
  objectCountsSchema,
  updateFieldSchema,
  updateObjectSchema,
} from '@kemai/shared/api/metadata.api'
import type { z } from 'zod'
import { ApiError, api } from '../../../platform/api-client.ts'
import type { FieldMeta, ObjectMeta } from '../../../platform/endpoints.ts'

/** Calls of the objects / fields / layout settings (types from the shared schemas, type-only). */

export type CreateObjectInput = z.input<typeof createObjectSchema>
export type UpdateObjectInput = z.input<typeof updateObjectSchema>
export type CreateFieldInput = z.input<typeof createFieldSchema>
export type UpdateFieldInput = z.input<typeof updateFieldSchema>
export type ObjectCounts = z.infer<typeof objectCountsSchema>['data']
export type FieldCounts = z.infer<typeof fieldCountsSchema>

const seg = encodeURIComponent
const base = '/api/v1/metadata/objects'

export const metadataAdminApi = {
  /** every object, inactive ones too (admins) */
  objects: (signal?: AbortSignal) => api<{ data: ObjectMeta[] }>(base, { signal }),
  counts: (signal?: AbortSignal) => api<{ data: ObjectCounts }>('/api/v1/metadata/counts', { signal }),
  /** one object's live records and, per field, the records holding a value */
  objectCounts: (object: string, signal?: AbortSignal) =>
    api<FieldCounts>(`${base}/${seg(object)}/counts`, { signal }),
  createObject: (body: CreateObjectInput) => api<ObjectMeta>(base, { method: 'POST', body }),
  updateObject: (object: string, body: UpdateObjectInput) =>
    api<ObjectMeta>(`${base}/${seg(object)}`, { method: 'PATCH', body }),
  deleteObject: (object: string, confirm: boolean) =>
    api<void>(`${base}/${seg(object)}`, {
      method: 'DELETE',
      query: { confirm: confirm ? 'true' : undefined },
    }),
  createField: (object: string, body: CreateFieldInput) =>
    api<FieldMeta>(`${base}/${seg(object)}/fields`, { method: 'POST', body }),
  updateField: (object: string, field: string, body: UpdateFieldInput) =>
    api<FieldMeta>(`${base}/${seg(object)}/fields/${seg(field)}`, { method: 'PATCH', body }),
  deleteField: (object: string, field: string, confirm: boolean) =>
    api<void>(`${base}/${seg(object)}/fields/${seg(field)}`, {
      method: 'DELETE',
      query: { confirm: confirm ? 'true' : undefined },
    }),
}

/**
 * The number of records a delete would destroy, when the server refused it for want of confirmation
 * (409 `confirmation_required`, with `records` in the body); null for any other answer.
 */
export function confirmationCount(e: unknown): number | null {
  if (!(e instanceof ApiError) || e.problem.code !== 'confirmation_required') return null
  const n = (e.problem as { records?: unknown }).records
  return typeof n === 'number' ? n : null
}
