import { useCallback, useEffect, useState } from 'react'
import { recordsApi } from '../endpoints.ts'
import type { GroupSummary } from './grouping.ts'

interface Summary {
  /** per group value (null when the list is not grouped or the answer is not there yet) */
  groups: GroupSummary[] | null
  /** the whole list's count and sums (null when nothing is summed and the list is not grouped) */
  totals: GroupSummary | null
  error: unknown
  reload(): void
}

/**
 * Group counts/sums and the totals row of a list, in one `GET /records/{object}/groups` call (filter and
 * read scope applied by the server, exactly like the list). Nothing is asked when there is nothing to show.
 */
export function useListSummary(
  object: string,
  filter: string | null,
  group: string | null,
  sums: string[],
): Summary {
  const [groups, setGroups] = useState<GroupSummary[] | null>(null)
  const [totals, setTotals] = useState<GroupSummary | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const sumKey = sums.join(',')

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt forces a reload; sums travel as sumKey
  useEffect(() => {
    setGroups(null)
    setError(null)
    if (!group && !sumKey) {
      setTotals(null)
      return
    }
    const ctl = new AbortController()
    recordsApi
      .groups(
        object,
        { groupBy: group ?? undefined, sum: sumKey ? sumKey.split(',') : [], filter, totals: sumKey !== '' },
        ctl.signal,
      )
      .then((r) => {
        setGroups(group ? r.data.map((g) => ({ key: g.key ?? null, count: g.count, sums: g.sums })) : null)
        setTotals(r.total ? { key: null, count: r.total.count, sums: r.total.sums } : null)
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e)
      })
    return () => ctl.abort()
  }, [object, filter, group, sumKey, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { groups, totals, error, reload }
}
