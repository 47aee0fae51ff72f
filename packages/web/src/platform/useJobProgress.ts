import { useEffect } from 'react'

/** How a kind of long job (an import, an export) is followed. Define it once, outside components. */
export interface JobProgressSource<T extends { status: string }> {
  /** the job's Server-Sent Events stream (`event: progress` with the job as JSON) */
  streamUrl(id: string): string
  /** the job as its GET returns it: the poll, where there is no stream */
  get(id: string): Promise<T>
  /** the job has ended: the stream closes, the poll stops */
  isFinal(status: T['status']): boolean
}

/** While a job runs without a stream, it is asked for again this often (ms). */
export const POLL_MS = 2000

/**
 * Follows a job that has not ended (ARCHITECTURE rule 6): its SSE stream, or a poll every 2 s where
 * EventSource is missing, the stream breaks, or `stream` is false (a browser keeps few connections per
 * server: a list of many jobs streams a few and polls the rest). `id` null: nothing to follow. Every state
 * goes to `onUpdate` (keep it stable: useCallback); it stops at a final status.
 */
export function useJobProgress<T extends { status: string }>(
  source: JobProgressSource<T>,
  id: string | null,
  onUpdate: (job: T) => void,
  stream = true,
): void {
  useEffect(() => {
    if (!id) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = () => {
      timer = setTimeout(() => {
        source
          .get(id)
          .then((r) => {
            if (stopped) return
            onUpdate(r)
            if (!source.isFinal(r.status)) poll()
          })
          .catch(() => !stopped && poll())
      }, POLL_MS)
    }
    let es: EventSource | null = null
    if (stream && typeof EventSource === 'function') {
      es = new EventSource(source.streamUrl(id))
      es.addEventListener('progress', (e) => {
        const r = JSON.parse((e as MessageEvent<string>).data) as T
        onUpdate(r)
        if (source.isFinal(r.status)) es?.close()
      })
      es.onerror = () => {
        es?.close()
        es = null
        if (!stopped) poll()
      }
    } else poll()
    return () => {
      stopped = true
      es?.close()
      if (timer) clearTimeout(timer)
    }
  }, [source, id, onUpdate, stream])
}
