import { z } from 'zod'

/** Every machine code an error can carry. One closed union: the web app maps each to a message. */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'object_not_found',
  'field_not_found',
  'record_not_found',
  'activity_not_found',
  'conflict',
  'version_conflict',
  'duplicate',
  'duplicate_candidates',
  'confirmation_required',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_json',
  'invalid_utf8',
  'rate_limited',
  'locked',
  'record_merged',
  'merge_expired',
  'merge_undone',
  'merge_conflict',
  'merge_blocked',
  'invalid_filter',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** Codes of single bad fields (the `errors[].code` of a problem). */
export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'too_long',
  'too_short',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_email',
  'invalid_phone',
  'invalid_url',
  'invalid_date',
  'invalid_option',
  'invalid_currency',
  'pattern_mismatch',
  'unknown_field',
  'read_only',
  'not_unique',
  'in_use',
  'not_found',
  'forbidden_field',
  'invalid_name',
  'reserved_name',
  'too_deep',
  'too_large',
  'bad_operator',
  'invalid_value',
  'bad_node',
  'too_many_values',
  'not_a_relation',
  'path_too_deep',
  'unknown_object',
  'not_filterable',
  'missing_value',
  'bad_value',
  'bad_time_zone',
  'invalid_credit_code',
  'cycle',
  'same_record',
  'link_exists',
] as const
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number]

export const fieldErrorSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
})
export type FieldError = z.infer<typeof fieldErrorSchema>

/** RFC 9457 problem details, as every error response body (ARCHITECTURE §7). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
  current: z.unknown().optional(),
  candidates: z.array(z.unknown()).optional(),
  /** duplicate_candidates while the key index is being rebuilt (DedupKeyIndex): `candidates` may miss records */
  keyIndex: z.unknown().optional(),
  /** record_merged: where the record went */
  mergedInto: z.object({ id: z.string(), mergeId: z.string() }).optional(),
  /** merge_conflict: what changed since the merge */
  conflicts: z.array(z.unknown()).optional(),
})
export type Problem = {
  type: string
  title: string
  status: number
  code: ErrorCode
  detail?: string
  requestId?: string
  errors?: FieldError[]
  current?: unknown
  candidates?: unknown[]
  keyIndex?: unknown
  mergedInto?: { id: string; mergeId: string }
  conflicts?: unknown[]
}
