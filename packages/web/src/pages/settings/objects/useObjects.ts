import { useCallback, useEffect, useState } from 'react'
import { useMetadata } from '../../../app/metadata.tsx'
import type { ObjectMeta } from '../../../platform/endpoints.ts'
import { metadataAdminApi, type ObjectCounts } from './api.ts'

export interface AdminObjects {
  objects: ObjectMeta[] | undefined
  counts: ObjectCounts | undefined
  error: unknown
  loading: boolean
  /** reload this page's objects and counts */
  reload(): void
  /**
   * After a change the server confirmed: reload here, and the app's metadata too, so the navigation,
   * lists and forms show the new object or field at once.
   */
  changed(): void
}

/**
 * Every object of the workspace, inactive ones included (the app's metadata keeps only active ones),
 * with its live record count. Counts are a nicety: the page works without them.
 */
export function useAdminObjects(): AdminObjects {
  const metadata = useMetadata()
  const [objects, setObjects] = useState<ObjectMeta[]>()
  const [counts, setCounts] = useState<ObjectCounts>()
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the reload trigger
  useEffect(() => {
    const ctl = new AbortController()
    setLoading(true)
    metadataAdminApi
      .objects(ctl.signal)
      .then((r) => {
        if (ctl.signal.aborted) return
        setObjects(r.data)
        setError(null)
        setLoading(false)
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return
        setError(e)
        setLoading(false)
      })
    metadataAdminApi
      .counts(ctl.signal)
      .then((r) => {
        if (!ctl.signal.aborted) setCounts(r.data)
      })
      .catch(() => {
        // without counts the list shows "—" and the delete dialog asks the server
      })
    return () => ctl.abort()
  }, [attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const { reload: reloadMetadata } = metadata
  const changed = useCallback(() => {
    setAttempt((n) => n + 1)
    reloadMetadata()
  }, [reloadMetadata])
  return { objects, counts, error, loading, reload, changed }
}
