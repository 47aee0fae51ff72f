import type { UserDto } from '@kemai/shared/api/access.api'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { metadataApi, type ObjectMeta, usersApi } from '../platform/endpoints.ts'

interface Metadata {
  objects: ObjectMeta[]
  byName: ReadonlyMap<string, ObjectMeta>
  /** user id → name, for owner and user fields (empty until loaded or when the caller may not list users) */
  userNames: ReadonlyMap<string, string>
  status: 'loading' | 'ready' | 'error'
  error: unknown
  reload(): void
}

const MetadataContext = createContext<Metadata | null>(null)

let prefetched: Promise<{ data: ObjectMeta[] }> | null = null

/**
 * Asks for the metadata at start, alongside `/auth/me`, rather than after it: one round trip less
 * before the first list paints. The provider takes the answer once (a failure is asked again).
 */
export function prefetchMetadata(): void {
  prefetched = metadataApi.objects()
  prefetched.catch(() => {
    // handled when the provider takes it
  })
}

function takePrefetched(): Promise<{ data: ObjectMeta[] }> | null {
  const p = prefetched
  prefetched = null
  return p
}

/** Objects and fields of the workspace (what the caller may read), loaded once per session. */
export function MetadataProvider({ children }: { children: ReactNode }) {
  const [objects, setObjects] = useState<ObjectMeta[]>([])
  const [users, setUsers] = useState<UserDto[]>([])
  const [status, setStatus] = useState<Metadata['status']>('loading')
  const [error, setError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const ctl = new AbortController()
    const early = attempt === 0 ? takePrefetched() : null
    // an early answer from before sign-in (401) does not count: ask again
    const answer = early
      ? early.catch(() => metadataApi.objects(ctl.signal))
      : metadataApi.objects(ctl.signal)
    answer
      .then((r) => {
        if (ctl.signal.aborted) return
        setObjects(r.data.filter((o) => o.isActive))
        setStatus('ready')
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return
        setError(e)
        setStatus('error')
      })
    usersApi
      .list(ctl.signal)
      .then((r) => setUsers(r.data))
      .catch(() => {
        // names are a nicety: without the right to list users, owners show as "—"
      })
    return () => ctl.abort()
  }, [attempt])

  const reload = useCallback(() => {
    // after a metadata change (settings) the page stays on screen while the new metadata loads;
    // only a retry after a failure shows the skeleton again
    setStatus((s) => (s === 'ready' ? s : 'loading'))
    setAttempt((n) => n + 1)
  }, [])
  const value = useMemo<Metadata>(
    () => ({
      objects,
      byName: new Map(objects.map((o) => [o.name, o])),
      userNames: new Map(users.map((u) => [u.id, u.name])),
      status,
      error,
      reload,
    }),
    [objects, users, status, error, reload],
  )
  return <MetadataContext.Provider value={value}>{children}</MetadataContext.Provider>
}

export function useMetadata(): Metadata {
  const m = useContext(MetadataContext)
  if (!m) throw new Error('useMetadata outside MetadataProvider')
  return m
}
