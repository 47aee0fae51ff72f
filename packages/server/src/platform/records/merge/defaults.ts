/**
 * The default value choice of a merge: per field, the newest non-empty value. "Newest" is when that
 * record's field last changed (its field history), or the record's creation when it never changed; a tie
 * goes to the record listed first.
 */

/** null, '', [], {}: nothing to keep. false and 0 are values. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true
  if (Array.isArray(v)) return v.length === 0
  if (typeof v === 'object') return Object.keys(v as object).length === 0
  return false
}

export interface Candidate {
  id: string
  values: Record<string, unknown>
  /** ms since epoch when the record was created */
  createdAt: number
  /** field → ms since epoch of its last change */
  changedAt: ReadonlyMap<string, number>
}

/** The record whose value of `field` wins by default, or null when no record has one. */
export function defaultChoice(records: readonly Candidate[], field: string): string | null {
  let best: { id: string; at: number } | null = null
  for (const r of records) {
    if (isEmpty(r.values[field])) continue
    const at = r.changedAt.get(field) ?? r.createdAt
    if (best === null || at > best.at) best = { id: r.id, at }
  }
  return best?.id ?? null
}

/** The suggested survivor: the oldest record (it usually carries the longest history); ties by list order. */
export function suggestedSurvivor(records: readonly Candidate[]): string {
  let best = records[0]!
  for (const r of records) if (r.createdAt < best.createdAt) best = r
  return best.id
}
