import type { Approval, ApprovalStatus } from './approvals-api.ts'

type T = (key: string, opts?: Record<string, unknown>) => string

export const APPROVAL_STATUS_COLOR: Record<ApprovalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
}

/**
 * The level a request is at, as "2/3 · 会签" (with the level's name when it has one), or null when the
 * request has no current level (decided).
 * @example levelText({ index: 1, count: 3, mode: 'all', name: null, id: 'l2' }, t) // "2/3 · 会签"
 */
export function levelText(level: Approval['level'], t: T): string | null {
  if (!level) return null
  const pos = `${level.index + 1}/${level.count} · ${t(`approvals.mode.${level.mode}`)}`
  return level.name ? `${level.name} ${pos}` : pos
}

/** The locked fields in words: every field, or their labels in the object's order of the lock. */
export function lockText(lock: Approval['lock'], labelOf: (field: string) => string, t: T): string {
  if (lock === 'all') return t('approvals.lockAll')
  if (lock.length === 0) return t('approvals.lockNone')
  return t('approvals.lockFields', { fields: lock.map(labelOf).join(t('approvals.listSeparator')) })
}
