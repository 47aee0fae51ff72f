import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react'

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
  /** replace the data after a change the server confirmed (no round trip) */
  setData(update: (old: T | undefined) => T | undefined): void
}

/**
 * One GET with its loading state, its error and a reload; a newer load (or unmount) aborts the older
 * one, so a slow answer never overwrites a newer one.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setState] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const [attempt, setAttempt] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    const ctl = new AbortController()
    setLoading(true)
    setError(null)
    loadRef
      .current(ctl.signal)
      .then((d) => {
        if (ctl.signal.aborted) return
        setState(d)
        setLoading(false)
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return
        setError(e)
        setLoading(false)
      })
    return () => ctl.abort()
  }, [...deps, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const setData = useCallback((update: (old: T | undefined) => T | undefined) => setState(update), [])
  return { data, error, loading, reload, setData }
}
