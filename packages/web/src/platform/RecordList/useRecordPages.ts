import { useCallback, useEffect, useRef, useState } from 'react'
import { useMetadata } from '../../app/metadata.tsx'
import { type ObjectMeta, optionsOf, type RecordDto, recordsApi } from '../endpoints.ts'
import { requestTitles } from '../record-titles.ts'

export const FIRST_PAGE = 50
export const NEXT_PAGE = 100

interface Pages {
  rows: RecordDto[]
  total: number | undefined
  hasMore: boolean
  /** the first page is on its way (show the skeleton) */
  loading: boolean
  /** a further page is on its way */
  loadingMore: boolean
  error: unknown
  loadMore(): void
  reload(): void
  /** puts a record the server answered with (an inline edit) in place of its row */
  replace(row: RecordDto): void
}

/**
 * Cursor pagination over `GET /records/{object}` (docs/api.md "Records"): the first page asks for the
 * total too; `filter` is the URL's JSON text, sent as it is. `loadMore` fetches the next page (the virtual list calls it near the bottom). A change of
 * object, filter or sort starts over, and answers to an older query are dropped.
 */
export function useRecordPages(object: ObjectMeta, filter: string | null, sort: string | null): Pages {
  const [rows, setRows] = useState<RecordDto[]>([])
  const [total, setTotal] = useState<number | undefined>(undefined)
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)
  const generation = useRef(0)
  const busy = useRef(false)
  const { byName } = useMetadata()

  const askTitles = useCallback(
    (page: RecordDto[]) => {
      for (const f of object.fields) {
        const target = f.type === 'relation' ? optionsOf(f).target : undefined
        // an object missing from the metadata is one the role may not read: its titles would be a 403
        if (!target || !byName.has(target)) continue
        const ids = new Set<string>()
        for (const r of page) if (typeof r[f.name] === 'string') ids.add(r[f.name] as string)
        if (ids.size) requestTitles(target, byName.get(target)?.titleField ?? 'name', ids)
      }
    },
    [object, byName],
  )

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt forces a reload; askTitles is read at answer time
  useEffect(() => {
    const gen = ++generation.current
    const ctl = new AbortController()
    busy.current = true
    setLoading(true)
    setError(null)
    setRows([])
    setTotal(undefined)
    setCursor(null)
    recordsApi
      .list(object.name, { filter, sort, limit: FIRST_PAGE, count: true }, ctl.signal)
      .then((r) => {
        if (gen !== generation.current) return
        setRows(r.data)
        setTotal(r.total)
        setCursor(r.nextCursor)
        askTitles(r.data)
      })
      .catch((e: unknown) => {
        if (gen === generation.current && !ctl.signal.aborted) setError(e)
      })
      .finally(() => {
        if (gen === generation.current) {
          busy.current = false
          setLoading(false)
        }
      })
    return () => ctl.abort()
  }, [object.name, filter, sort, attempt])

  const loadMore = useCallback(() => {
    if (busy.current || !cursor) return
    const gen = generation.current
    busy.current = true
    setLoadingMore(true)
    recordsApi
      .list(object.name, { filter, sort, limit: NEXT_PAGE, cursor })
      .then((r) => {
        if (gen !== generation.current) return
        setRows((prev) => prev.concat(r.data))
        setCursor(r.nextCursor)
        askTitles(r.data)
      })
      .catch((e: unknown) => {
        if (gen === generation.current) setError(e)
      })
      .finally(() => {
        if (gen === generation.current) {
          busy.current = false
          setLoadingMore(false)
        }
      })
  }, [cursor, object.name, filter, sort, askTitles])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const replace = useCallback(
    (row: RecordDto) => setRows((prev) => prev.map((r) => (r.id === row.id ? row : r))),
    [],
  )
  return { rows, total, hasMore: cursor !== null, loading, loadingMore, error, loadMore, reload, replace }
}
