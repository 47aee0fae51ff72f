/**
 * Safe identifiers for new objects and fields, derived from the English label: `Service contract` →
 * `service_contract`. The server has the last word (NAME_PATTERN in packages/shared/src/fields.ts,
 * reserved names); this only proposes a name that will usually pass.
 */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,47}$/
const MAX = 48

/** words written together in English become snake_case; anything else is a separator */
export function toIdentifier(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  let id = words.join('_').replace(/^[0-9_]+/, '')
  if (id.length > MAX) id = id.slice(0, MAX).replace(/_+$/, '')
  return id
}

/** a name that is not taken yet: `task`, `task_2`, `task_3`… (still within 48 characters) */
export function uniqueIdentifier(base: string, taken: ReadonlySet<string>): string {
  if (!base || !taken.has(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `_${n}`
    const id = base.slice(0, MAX - suffix.length) + suffix
    if (!taken.has(id)) return id
  }
}
