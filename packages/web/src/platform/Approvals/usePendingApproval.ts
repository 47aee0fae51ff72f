import { useEffect, useState } from 'react'
import { api } from '../api-client.ts'
import type { Approval, ApprovalPage } from './approvals-api.ts'

/**
 * The pending approval request on a record, if any (`box=all&recordId` answers any reader of the
 * record). Kept apart from the banner so the record page's first load carries only this call; a
 * refusal or a failure shows no banner (the record page has its own error display).
 */
export function usePendingApproval(recordId: string): Approval | null {
  const [pending, setPending] = useState<Approval | null>(null)
  useEffect(() => {
    const ctl = new AbortController()
    setPending(null)
    api<ApprovalPage>('/api/v1/approvals', {
      query: { box: 'all', recordId, status: 'pending', limit: 1 },
      signal: ctl.signal,
    })
      .then((page) => setPending(page.data[0] ?? null))
      .catch(() => undefined)
    return () => ctl.abort()
  }, [recordId])
  return pending
}
