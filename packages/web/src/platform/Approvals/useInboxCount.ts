import { useEffect, useState } from 'react'
import { api } from '../api-client.ts'

/** The most the navigation badge counts; beyond it shows "99+". */
const COUNT_LIMIT = 100
/** Same name as `APPROVALS_CHANGED` of approvals-api.ts (not imported: the shell stays small). */
const CHANGED = 'kemai:approvals-changed'

/**
 * How many approvals wait for my decision (the navigation badge): one small call on load, again after a
 * decision or a new approval notification (`kemai:approvals-changed` on `window`).
 */
export function useInboxCount(): number {
  const [count, setCount] = useState(0)
  useEffect(() => {
    let ctl = new AbortController()
    const load = () => {
      ctl.abort()
      ctl = new AbortController()
      api<{ data: unknown[]; nextCursor: string | null }>('/api/v1/approvals', {
        query: { box: 'inbox', status: 'pending', limit: COUNT_LIMIT },
        signal: ctl.signal,
      })
        .then((p) => setCount(p.nextCursor ? COUNT_LIMIT : p.data.length))
        .catch(() => undefined)
    }
    load()
    window.addEventListener(CHANGED, load)
    return () => {
      ctl.abort()
      window.removeEventListener(CHANGED, load)
    }
  }, [])
  return count
}
