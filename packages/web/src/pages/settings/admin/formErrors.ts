import type { FormInstance } from 'antd'
import { ApiError } from '../../../platform/api-client.ts'

/** `teamIds.2` → `teamIds`: a list's item error goes under the list's field. */
const rootOf = (path: string) => path.split('.')[0] ?? path

/**
 * Puts the problem's per-field messages (problem+json `errors[]`) under the form's fields, and
 * answers which paths it placed (so the alert above the buttons does not repeat them).
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  fields: readonly string[],
): (path: string) => boolean {
  if (!(error instanceof ApiError)) return () => false
  const byField = new Map<string, string[]>()
  for (const e of error.problem.errors ?? []) {
    const f = rootOf(e.path)
    if (!fields.includes(f)) continue
    byField.set(f, [...(byField.get(f) ?? []), e.message])
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })))
  return (path) => byField.has(rootOf(path))
}
