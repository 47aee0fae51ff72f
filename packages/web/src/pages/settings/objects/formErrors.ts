import type { FormInstance } from 'antd'
import { ApiError } from '../../../platform/api-client.ts'

type NamePath = (string | number)[]

/**
 * Where a server error path goes in an editor form: `label.zh-CN` → ['label','zh-CN'],
 * `options.choices.2.value` → ['choices', 2, 'value'] (the option controls are flat), or null when the
 * form has no control for it (the alert shows it instead).
 */
export function formPath(path: string, known: (root: string) => boolean): NamePath | null {
  const parts = path.split('.')
  const rest = parts[0] === 'options' ? parts.slice(1) : parts
  if (!rest.length || !rest[0] || !known(rest[0])) return null
  return rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p))
}

/**
 * Puts each problem+json `errors[]` message under its control; answers which paths it placed, so the
 * alert above the buttons shows only the rest.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  known: (root: string) => boolean,
): (path: string) => boolean {
  if (!(error instanceof ApiError)) return () => false
  const placed = new Set<string>()
  const byName = new Map<string, { name: NamePath; errors: string[] }>()
  for (const e of error.problem.errors ?? []) {
    const name = formPath(e.path, known)
    if (!name) continue
    placed.add(e.path)
    const key = name.join('.')
    const entry = byName.get(key) ?? { name, errors: [] }
    entry.errors.push(e.message)
    byName.set(key, entry)
  }
  form.setFields([...byName.values()])
  return (path) => placed.has(path)
}
