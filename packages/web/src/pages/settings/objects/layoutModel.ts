import type { Label, Layout } from '@kemai/shared/fields'

/**
 * The record page layout as the editor changes it: sections in order, each with its fields. Every
 * function returns a new draft. Active fields no section places form the pool; the record page shows
 * them in a last "more" section, so a new field is never invisible (docs/api.md, Metadata).
 */
export type Section = Layout['sections'][number]
export interface Draft {
  sections: Section[]
}
interface LayoutObject {
  layout: Layout | null
  fields: { name: string; isActive: boolean }[]
}

export const MAX_SECTIONS = 30

export function draftOf(object: LayoutObject, defaultLabel: Label): Draft {
  const known = new Set(object.fields.map((f) => f.name))
  if (object.layout)
    return {
      sections: object.layout.sections.map((s) => ({
        key: s.key,
        label: { ...s.label },
        columns: s.columns === 1 ? 1 : 2,
        collapsed: !!s.collapsed,
        fields: s.fields.filter((f) => known.has(f)),
      })),
    }
  return {
    sections: [
      {
        key: 'main',
        label: defaultLabel,
        columns: 2,
        collapsed: false,
        fields: object.fields.filter((f) => f.isActive).map((f) => f.name),
      },
    ],
  }
}

/** Active fields that no section places, in field order. */
export function poolOf(draft: Draft, object: LayoutObject): string[] {
  const placed = new Set(draft.sections.flatMap((s) => s.fields))
  return object.fields.filter((f) => f.isActive && !placed.has(f.name)).map((f) => f.name)
}

/** The section holding a field, or null when it is in the pool. */
export function sectionOf(draft: Draft, field: string): string | null {
  return draft.sections.find((s) => s.fields.includes(field))?.key ?? null
}

/** Puts a field into a section at an index (the end by default), or back in the pool (`to` null). */
export function moveField(draft: Draft, field: string, to: string | null, index?: number): Draft {
  return {
    sections: draft.sections.map((s) => {
      const fields = s.fields.filter((f) => f !== field)
      if (s.key !== to) return fields.length === s.fields.length ? s : { ...s, fields }
      const at = index === undefined ? fields.length : Math.max(0, Math.min(index, fields.length))
      return { ...s, fields: [...fields.slice(0, at), field, ...fields.slice(at)] }
    }),
  }
}

export function addSection(draft: Draft, label: Label): Draft {
  const keys = new Set(draft.sections.map((s) => s.key))
  let n = draft.sections.length + 1
  while (keys.has(`section_${n}`)) n++
  return {
    sections: [...draft.sections, { key: `section_${n}`, label, columns: 2, collapsed: false, fields: [] }],
  }
}

export function updateSection(
  draft: Draft,
  key: string,
  patch: Partial<Omit<Section, 'key' | 'fields'>>,
): Draft {
  return { sections: draft.sections.map((s) => (s.key === key ? { ...s, ...patch } : s)) }
}

/** Removes a section; its fields go back to the pool. */
export function removeSection(draft: Draft, key: string): Draft {
  return { sections: draft.sections.filter((s) => s.key !== key) }
}

export function moveSection(draft: Draft, key: string, delta: -1 | 1): Draft {
  const i = draft.sections.findIndex((s) => s.key === key)
  const j = i + delta
  if (i < 0 || j < 0 || j >= draft.sections.length) return draft
  const sections = [...draft.sections]
  ;[sections[i], sections[j]] = [sections[j]!, sections[i]!]
  return { sections }
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
