import type { TFunction } from 'i18next'
import { ApiError } from '../api-client.ts'
import { problemText } from '../ProblemAlert.tsx'

/**
 * What the server said when it refused an action, in its own words: the specific messages when it gave
 * some (a 409 `workflow.not_published` says "not published yet" under the generic "conflict" title), else
 * its title. Field paths are left out: these are not form fields.
 */
export function refusalText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.status !== 0) {
    const messages = (error.problem.errors ?? []).map((e) => e.message).filter(Boolean)
    if (messages.length) return [...new Set(messages)].join(' ')
  }
  return problemText(error, t).title
}
