import type { Locale } from '@kemai/shared/i18n/messages'
import type { ObjectMeta } from '../platform/endpoints.ts'
import { labelOf } from '../platform/label.ts'

export interface NavGroup {
  /** module name, or '' for objects of no module (custom objects) */
  module: string
  objects: { name: string; label: string }[]
}

/**
 * The left navigation: objects grouped by the module that declares them, in metadata order, custom
 * objects (no module) last. Everything comes from the metadata API, so a new object shows up here.
 */
export function navGroups(objects: ObjectMeta[], locale: Locale): NavGroup[] {
  const groups = new Map<string, NavGroup>()
  for (const o of objects) {
    // link objects (junctions, relationships) are reached from the records they link
    if (o.isJunction) continue
    const module = o.module ?? ''
    let g = groups.get(module)
    if (!g) {
      g = { module, objects: [] }
      groups.set(module, g)
    }
    g.objects.push({ name: o.name, label: labelOf(o.pluralLabel, locale) })
  }
  return [...groups.values()].sort((a, b) => (a.module === '' ? 1 : b.module === '' ? -1 : 0))
}

/** The object a path belongs to (`/o/person/123` → person). */
export function objectOfPath(pathname: string): string | null {
  const m = /^\/o\/([^/]+)/.exec(pathname)
  return m ? decodeURIComponent(m[1]!) : null
}
