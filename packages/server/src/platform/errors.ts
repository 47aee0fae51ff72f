import type { ErrorCode, FieldError } from '@kemai/shared/errors'

export interface FieldIssue {
  path: string
  code: string
  /** params for the message template (`field.<code>` in the catalogue) */
  params?: Record<string, unknown>
}

/**
 * The one error type (CONVENTIONS rule 6). Services throw it; only http/problem.ts turns it into
 * application/problem+json, translating `code` and each issue in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly issues: FieldIssue[] = [],
    /** extra body members, e.g. `current` (the record as it is now) on a version conflict */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code)
    this.name = 'AppError'
  }
}

export const errors = {
  badRequest: (issues: FieldIssue[] = [], code: ErrorCode = 'bad_request') =>
    new AppError(code, 400, {}, issues),
  validation: (issues: FieldIssue[]) => new AppError('validation_failed', 400, {}, issues),
  unauthenticated: () => new AppError('unauthenticated', 401),
  invalidCredentials: () => new AppError('invalid_credentials', 401),
  forbidden: (issues: FieldIssue[] = []) => new AppError('forbidden', 403, {}, issues),
  notFound: () => new AppError('not_found', 404),
  objectNotFound: (object: string) => new AppError('object_not_found', 404, { object }),
  fieldNotFound: (field: string) => new AppError('field_not_found', 404, { field }),
  recordNotFound: () => new AppError('record_not_found', 404),
  conflict: (issues: FieldIssue[] = []) => new AppError('conflict', 409, {}, issues),
  versionConflict: (current: unknown) => new AppError('version_conflict', 409, {}, [], { current }),
  confirmationRequired: (detail: Record<string, unknown>) =>
    new AppError('confirmation_required', 409, detail, [], detail),
  payloadTooLarge: (limit: string) => new AppError('payload_too_large', 413, { limit }),
  rateLimited: (seconds: number) =>
    new AppError('rate_limited', 429, { seconds }, [], {}, { 'Retry-After': String(seconds) }),
  invalidFilter: (issues: FieldIssue[]) => new AppError('invalid_filter', 400, {}, issues),
}

export type { FieldError }
