import {
  MERGE_MAX_RECORDS,
  MERGE_MIN_RECORDS,
  type MergePreview,
  type MergeRequest,
  type RelatedCount,
} from '@kemai/shared/api/merge.api'

/** `?ids=a,b,c` → distinct ids, in order (the page checks the count). */
export function idsFromParam(raw: string | null): string[] {
  const out: string[] = []
  for (const s of (raw ?? '').split(',')) {
    const id = s.trim().toLowerCase()
    if (id && !out.includes(id)) out.push(id)
  }
  return out
}

export function countOk(ids: readonly string[]): boolean {
  return ids.length >= MERGE_MIN_RECORDS && ids.length <= MERGE_MAX_RECORDS
}

/** field → record id: the preview's default, the survivor's own value where there is none or it is locked. */
export function initialChoices(p: MergePreview, survivorId: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of p.fields) out[f.name] = f.editable && f.default ? f.default : survivorId
  return out
}

/**
 * A new survivor: locked fields keep the survivor's value, and a field that simply followed the old
 * survivor (no default of its own: the owner, or nobody has a value) follows the new one.
 */
export function withSurvivor(
  p: MergePreview,
  choices: Record<string, string>,
  from: string,
  to: string,
): Record<string, string> {
  const out = { ...choices }
  for (const f of p.fields) if (!f.editable || (f.default === null && out[f.name] === from)) out[f.name] = to
  return out
}

/** The request: only the choices that differ from what the server would pick anyway are needed, but sending all is exact. */
export function requestOf(
  p: MergePreview,
  survivorId: string,
  choices: Record<string, string>,
): MergeRequest {
  const fields: Record<string, string> = {}
  for (const f of p.fields) if (f.editable && choices[f.name]) fields[f.name] = choices[f.name]!
  return { ids: p.records.map((r) => r.id), survivorId, fields, versions: p.versions }
}

/** What moves to the survivor: the related counts of every other record, summed by kind (and relation). */
export function movingCounts(p: MergePreview, survivorId: string): { total: number; items: RelatedCount[] } {
  const byKey = new Map<string, RelatedCount>()
  for (const [id, list] of Object.entries(p.related)) {
    if (id === survivorId) continue
    for (const c of list) {
      const key = `${c.kind}:${c.object ?? ''}:${c.field ?? ''}`
      const prev = byKey.get(key)
      byKey.set(key, prev ? { ...prev, count: prev.count + c.count } : { ...c })
    }
  }
  const items = [...byKey.values()]
  return { total: items.reduce((n, c) => n + c.count, 0), items }
}

/** A, B, C… to tell the records apart in every row. */
export const letterOf = (i: number) => String.fromCharCode(65 + i)
