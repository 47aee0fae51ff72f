import type { Problem } from '@kemai/shared/errors'
import { type Locale, translate } from '@kemai/shared/i18n/messages'
import { AppError } from '../platform/errors.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

/** The only place errors become application/problem+json (CONVENTIONS rule 6). */
export function toProblem(
  err: unknown,
  locale: Locale,
  requestId: string,
): { body: Problem; status: number; headers: Record<string, string> } {
  const e = err instanceof AppError ? err : new AppError('internal', 500)
  const body: Problem = {
    type: `https://kemai.dev/problems/${e.code}`,
    title: translate(locale, e.code, e.params),
    status: e.status,
    code: e.code,
    requestId,
  }
  if (e.status >= 500) body.detail = STATUS_TITLES[500]
  if (e.issues.length > 0) {
    body.errors = e.issues.map((i) => ({
      path: i.path,
      code: i.code,
      message: translate(locale, `field.${i.code}`, i.params),
    }))
  }
  Object.assign(body, e.extra)
  return { body, status: e.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...e.headers } }
}
