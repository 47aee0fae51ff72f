import type { ApprovalDetailDto, ApprovalDto } from '@kemai/shared/api/automation.api'
import { api } from '../api-client.ts'

/**
 * Client calls of the approvals API (docs/automation.md "Approvals"). Types come from the shared zod
 * schemas (type-only imports keep zod out of the bundle).
 */

export type Approval = ApprovalDto
export type ApprovalDetail = ApprovalDetailDto
export type ApprovalTask = ApprovalDetail['tasks'][number]
export type ApprovalStatus = Approval['status']
export type ApprovalBox = 'inbox' | 'submitted' | 'all'

export interface ApprovalPage {
  data: Approval[]
  nextCursor: string | null
}
export interface ApprovalListQuery {
  box: ApprovalBox
  status?: ApprovalStatus
  recordId?: string
  limit?: number
  cursor?: string | null
}

const seg = encodeURIComponent

export const approvalsApi = {
  list: (q: ApprovalListQuery, signal?: AbortSignal) =>
    api<ApprovalPage>('/api/v1/approvals', { query: { ...q }, signal }),
  get: (id: string, signal?: AbortSignal) => api<ApprovalDetail>(`/api/v1/approvals/${seg(id)}`, { signal }),
  decide: (id: string, decision: 'approve' | 'reject', comment?: string) =>
    api<ApprovalDetail>(`/api/v1/approvals/${seg(id)}/decide`, {
      method: 'POST',
      body: comment ? { decision, comment } : { decision },
    }),
}

/** Fired on `window` after a decision, so the inbox badge and open lists refresh. */
export const APPROVALS_CHANGED = 'kemai:approvals-changed'
export function announceApprovalsChanged(): void {
  window.dispatchEvent(new Event(APPROVALS_CHANGED))
}
